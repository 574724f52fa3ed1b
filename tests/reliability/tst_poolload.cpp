// Pool under load: 8 threads acquire and release a pooled connection over and over, 10 % of
// the leases throw inside, a few are held past the leak threshold, while a sampler watches the
// number of open connections. Afterwards: nothing leased, every connection idle, the acquire
// count exact, the leak logged, and the test finished (no deadlock) within its CTest timeout.
#include "poolwatch.h"
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

        const PoolConfig config
                = reliability::loadConfig(path, QStringLiteral("load"), 4, 4, Milliseconds(1000));

        auto catcher = std::make_unique<test::MessageCatcher>(); // swallows while alive
        ConnectionPool pool(config);
        QVERIFY(!pool.start());
        const qint64 acquiresAtStart = pool.metrics().acquires;
        const int limit = config.coreSize + config.maxOverflow;

        reliability::PoolSampler sampler(pool, limit);

        std::atomic<qint64> throws { 0 }, failures { 0 }, held { 0 }, queries { 0 };
        const qint64 caught = reliability::runLoad(threads, perThread, [&](int t, qint64 i) {
            auto lease = pool.acquire();
            if (!lease) {
                ++failures;
                return;
            }
            if (!lease->handle())
                ++failures;
            if (i % 1000 == 0) { // now and then, really use the connection
                QSqlQuery q(lease->database());
                if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !q.next())
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
        });
        // Let housekeeping run once more so that the sampler also sees the pool settle.
        pool.runHousekeeping();
        sampler.stop();

        const PoolMetrics m = pool.metrics();
        const int leaksLogged = catcher->count(QStringLiteral("possible connection leak"));
        catcher.reset();
        qInfo("RELIABILITY pool_load cycles=%lld throws=%lld leaks_logged=%d leaks_detected=%lld "
              "max_open=%d max_active=%d samples=%lld acquires=%lld start_acquires=%lld "
              "handovers=%lld created=%lld",
              cycles, qint64(throws), leaksLogged, m.leaksDetected, int(sampler.maxOpen),
              int(sampler.maxActive), qint64(sampler.samples), m.acquires, acquiresAtStart,
              m.handovers, m.created);

        QCOMPARE(qint64(failures), 0);
        QCOMPARE(caught, qint64(throws));
        QCOMPARE(qint64(throws), cycles / 10);
        QVERIFY(sampler.maxActive <= limit);
        const QString settled = reliability::checkSettled(m, config, sampler,
                                                          acquiresAtStart + cycles, leaksLogged);
        QVERIFY2(settled.isEmpty(), qPrintable(settled));
        QVERIFY(pool.leaks().isEmpty()); // nothing is held now
        pool.shutdown();
        QCOMPARE(pool.metrics().size, 0);
    }
};

QTEST_GUILESS_MAIN(tst_PoolLoad)
#include "tst_poolload.moc"
