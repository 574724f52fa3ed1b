// Pool under load: 8 threads acquire and release a pooled connection over and over, 10 % of
// the leases throw inside, a few are held past the leak threshold, while a sampler watches the
// number of open connections. Afterwards: nothing leased, every connection idle, the acquire
// count exact, the leak logged, and the test finished (no deadlock) within its CTest timeout.
#include "reliability.h"
#include "testsupport.h"

#include <QTest>
#include <atomic>
#include <stdexcept>
#include <thread>

using namespace backupdb;

class tst_PoolLoad : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void acquireReleaseUnderLoad()
    {
        const QString path = m_dir.filePath(QStringLiteral("pool.db"));
        QVERIFY(test::openOrFail(test::options(path)) != nullptr); // creates the schema

        constexpr int threads = 8;
        const qint64 perThread = reliability::count(100'000, 1'000'000);
        const qint64 cycles = threads * perThread;

        PoolConfig config;
        config.databasePath = path;
        config.name = QStringLiteral("load");
        config.coreSize = 4;
        config.maxOverflow = 4;
        config.acquireTimeout = Milliseconds(30000);
        config.leakThreshold = Milliseconds(40);
        config.housekeepingInterval = Milliseconds(20);
        config.idleTimeout = Milliseconds(50); // overflow connections come and go
        config.busyTimeout = Milliseconds(1000);

        auto catcher = std::make_unique<test::MessageCatcher>(); // swallows while alive
        ConnectionPool pool(config);
        QVERIFY(!pool.start());
        const qint64 acquiresAtStart = pool.metrics().acquires;
        const int limit = config.coreSize + config.maxOverflow;

        std::atomic<bool> stop { false };
        std::atomic<int> maxOpen { 0 }, maxActive { 0 };
        std::atomic<qint64> samples { 0 }, overLimit { 0 };
        std::thread sampler([&] {
            while (!stop.load()) {
                const PoolMetrics m = pool.metrics();
                if (m.size > maxOpen)
                    maxOpen = m.size;
                if (m.active > maxActive)
                    maxActive = m.active;
                if (m.size > limit)
                    ++overLimit;
                ++samples;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        });

        std::atomic<qint64> throws { 0 }, caught { 0 }, failures { 0 }, held { 0 }, queries { 0 };
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                for (qint64 i = 0; i < perThread; ++i) {
                    try {
                        auto lease = pool.acquire();
                        if (!lease) {
                            ++failures;
                            continue;
                        }
                        if (!lease->handle())
                            ++failures;
                        if (i % 1000 == 0) { // now and then, really use the connection
                            QSqlQuery q(lease->database());
                            if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))
                                || !q.next())
                                ++failures;
                            ++queries;
                        }
                        // A few leases outlive the leak threshold (two per thread).
                        if (i == perThread / 3 || i == 2 * perThread / 3) {
                            ++held;
                            std::this_thread::sleep_for(config.leakThreshold * 3);
                        }
                        if ((i * 7 + t) % 10 == 0) {
                            ++throws;
                            throw std::runtime_error("failure inside the lease");
                        }
                    } catch (const std::runtime_error &) {
                        ++caught;
                    }
                }
            });
        }
        for (std::thread &w : workers)
            w.join();
        // Let housekeeping run once more so that the sampler also sees the pool settle.
        pool.runHousekeeping();
        stop = true;
        sampler.join();

        const PoolMetrics m = pool.metrics();
        const int leaksLogged = catcher->count(QStringLiteral("possible connection leak"));
        catcher.reset();
        qInfo("RELIABILITY pool_load cycles=%lld throws=%lld leaks_logged=%d leaks_detected=%lld "
              "max_open=%d max_active=%d samples=%lld acquires=%lld start_acquires=%lld "
              "handovers=%lld created=%lld",
              cycles, qint64(throws), leaksLogged, m.leaksDetected, int(maxOpen), int(maxActive),
              qint64(samples), m.acquires, acquiresAtStart, m.handovers, m.created);

        QCOMPARE(qint64(failures), 0);
        QCOMPARE(qint64(caught), qint64(throws));
        QCOMPARE(qint64(throws), cycles / 10);
        QCOMPARE(qint64(overLimit), 0);
        QVERIFY(maxOpen <= limit);
        QVERIFY(qint64(samples) > 0);
        QCOMPARE(m.active, 0);
        QCOMPARE(m.waiting, 0);
        QCOMPARE(m.idle, m.size);
        QVERIFY(m.size >= config.coreSize);
        QCOMPARE(m.acquires, acquiresAtStart + cycles);
        QCOMPARE(m.timeouts, 0);
        QVERIFY2(m.leaksDetected >= 1, "a lease held past the threshold was not detected");
        QVERIFY2(leaksLogged >= 1, "no leak was logged");
        QCOMPARE(qint64(leaksLogged), m.leaksDetected);
        QVERIFY(pool.leaks().isEmpty()); // nothing is held now
        pool.shutdown();
        QCOMPARE(pool.metrics().size, 0);
    }
};

QTEST_GUILESS_MAIN(tst_PoolLoad)
#include "tst_poolload.moc"
