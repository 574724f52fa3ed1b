// The connection pool (C1-C5): bounds, waiting, timeouts, overflow retirement, lifetimes with an
// injected clock, housekeeping shutdown, leak log, health score, per-connection configuration.
#include "db/connectionpool.h"
#include "db/sqlitenative.h"
#include "testsupport.h"

#include <QSqlDriver>
#include <QTest>
#include <QThread>
#include <future>
#include <stdexcept>

using namespace backupdb;

class tst_Pool : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;

    PoolConfig config(int core, int overflow) const
    {
        PoolConfig c;
        c.databasePath = m_path;
        c.name = QStringLiteral("test");
        c.coreSize = core;
        c.maxOverflow = overflow;
        c.acquireTimeout = Milliseconds(300);
        c.housekeepingInterval = Milliseconds(0);
        c.lifetimeJitter = 0;
        c.cacheSizeKiB = 1024;
        return c;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("pool.db"));
        auto session = test::openOrFail(test::options(m_path)); // creates the schema
        QVERIFY(session);
    }

    void exhaustionTimesOutWithClearErrorAndCountsWaiters()
    {
        ConnectionPool pool(config(1, 0));
        QVERIFY(!pool.start());
        auto held = pool.acquire();
        QVERIFY(held.ok());

        auto waiter = std::async(std::launch::async, [&pool] { return pool.acquire(); });
        QTRY_COMPARE(pool.metrics().waiting, 1);
        auto outcome = waiter.get();
        QVERIFY(!outcome.ok());
        QCOMPARE(outcome.error().kind(), DbError::Kind::PoolTimeout);
        QVERIFY2(outcome.error().message().contains(QLatin1String("within 300 ms")),
                 qPrintable(outcome.error().message()));
        const PoolMetrics m = pool.metrics();
        QCOMPARE(m.waiting, 0);
        QCOMPARE(m.timeouts, 1);
        QVERIFY(m.exhaustionEvents >= 1);
        QCOMPARE(m.size, 1);
    }

    void waiterGetsReleasedConnection()
    {
        PoolConfig c = config(1, 0);
        c.acquireTimeout = Milliseconds(5000);
        ConnectionPool pool(c);
        QVERIFY(!pool.start());
        auto held = pool.acquire();
        QVERIFY(held.ok());
        auto waiter = std::async(std::launch::async, [&pool] {
            auto lease = pool.acquire();
            // The connection changed threads: it must now belong to this one.
            return lease.ok() && lease->database().driver()->thread() == QThread::currentThread();
        });
        QTRY_COMPARE(pool.metrics().waiting, 1);
        held.value().release();
        QVERIFY(waiter.get());
        QCOMPARE(pool.metrics().timeouts, 0);
        QVERIFY(pool.metrics().handovers >= 1);
    }

    void overflowIsBoundedAndRetiredWhenIdle()
    {
        ManualClock clock;
        PoolConfig c = config(2, 2);
        c.idleTimeout = Milliseconds(1000);
        ConnectionPool pool(c, clock);
        QVERIFY(!pool.start());
        QCOMPARE(pool.metrics().size, 2);

        // Four threads each hold a lease at once: two core, two overflow.
        std::promise<void> releaseAll;
        std::shared_future<void> go(releaseAll.get_future());
        std::atomic<int> holding { 0 };
        std::vector<std::future<bool>> holders;
        for (int i = 0; i < 4; ++i) {
            holders.push_back(std::async(std::launch::async, [&] {
                auto lease = pool.acquire();
                if (!lease)
                    return false;
                ++holding;
                go.wait();
                return true;
            }));
        }
        QTRY_COMPARE(holding.load(), 4);
        QCOMPARE(pool.metrics().size, 4);
        QCOMPARE(pool.metrics().overflow, 2);
        // A fifth borrower finds the bound reached.
        auto fifth = pool.acquire();
        QVERIFY(!fifth.ok());
        QCOMPARE(fifth.error().kind(), DbError::Kind::PoolTimeout);
        QCOMPARE(pool.metrics().size, 4);
        releaseAll.set_value();
        for (auto &h : holders)
            QVERIFY(h.get());
        QCOMPARE(pool.metrics().active, 0);

        pool.runHousekeeping(); // not idle long enough yet
        QCOMPARE(pool.metrics().size, 4);
        clock.advance(Milliseconds(1500));
        pool.runHousekeeping();
        const PoolMetrics m = pool.metrics();
        QCOMPARE(m.size, 2);
        QCOMPARE(m.overflow, 0);
        QCOMPARE(m.retired, 2);
    }

    void throwingLeasesAreAllReturned()
    {
        ConnectionPool pool(config(2, 1));
        QVERIFY(!pool.start());
        int caught = 0;
        for (int i = 0; i < 1000; ++i) {
            try {
                auto lease = pool.acquire();
                QVERIFY(lease.ok());
                if (sqlite::queryInt(sqlite::native(lease->handle()), QStringLiteral("SELECT 1")).valueOr(0) == 1)
                    throw std::runtime_error("work failed");
            } catch (const std::runtime_error &) {
                ++caught;
            }
        }
        QCOMPARE(caught, 1000);
        const PoolMetrics m = pool.metrics();
        QCOMPARE(m.active, 0);
        QCOMPARE(m.idle, m.size);
        QVERIFY(m.size <= 3);
        QCOMPARE(m.acquires, 1000 + 2); // + the core connections opened by start()
    }

    void maxLifetimeRetiresWithInjectedClock()
    {
        ManualClock clock;
        PoolConfig c = config(1, 0);
        c.maxLifetime = Milliseconds(10000);
        ConnectionPool pool(c, clock);
        QVERIFY(!pool.start());
        QString first;
        {
            auto lease = pool.acquire();
            QVERIFY(lease.ok());
            first = lease->connectionName();
        }
        clock.advance(Milliseconds(5000));
        {
            auto lease = pool.acquire();
            QCOMPARE(lease->connectionName(), first); // still young
        }
        clock.advance(Milliseconds(6000));
        {
            auto lease = pool.acquire();
            QVERIFY(lease.ok());
            QVERIFY(lease->connectionName() != first);
        }
        QCOMPARE(pool.metrics().retired, 1);
        QCOMPARE(pool.metrics().size, 1);
    }

    void lifetimeJitterSpreadsRetirement()
    {
        ManualClock clock;
        PoolConfig c = config(8, 0);
        c.maxLifetime = Milliseconds(10000);
        c.lifetimeJitter = 0.5;
        ConnectionPool pool(c, clock);
        QVERIFY(!pool.start());
        clock.advance(Milliseconds(7500)); // past the earliest possible, before the latest
        pool.runHousekeeping();
        const int retired = int(pool.metrics().retired);
        // With 8 connections and jitter in [0, 50 %], retiring none or all is (1/2)^8-unlikely.
        QVERIFY2(retired > 0 && retired < 8, qPrintable(QString::number(retired)));
    }

    void housekeepingStopsOnShutdown()
    {
        PoolConfig c = config(1, 0);
        c.housekeepingInterval = Milliseconds(10);
        ConnectionPool pool(c);
        QVERIFY(!pool.start());
        QVERIFY(pool.isHousekeeperRunning());
        QVERIFY(pool.metrics().housekeeperRunning);
        pool.shutdown();
        QVERIFY(!pool.isHousekeeperRunning());
        QVERIFY(!pool.acquire().ok()); // closed for business
    }

    void leakIsLoggedWithWhereItWasTaken()
    {
        ManualClock clock;
        PoolConfig c = config(1, 0);
        c.leakThreshold = Milliseconds(1000);
        ConnectionPool pool(c, clock);
        QVERIFY(!pool.start());
        test::MessageCatcher catcher;
        const int line = __LINE__ + 1; // the line of the acquire
        auto lease = pool.acquire();
        QVERIFY(lease.ok());
        pool.runHousekeeping();
        QCOMPARE(catcher.count(QStringLiteral("possible connection leak")), 0);
        clock.advance(Milliseconds(2000));
        pool.runHousekeeping();
        pool.runHousekeeping(); // reported once, not on every pass
        QCOMPARE(catcher.count(QStringLiteral("possible connection leak")), 1);
        QCOMPARE(catcher.count(QStringLiteral("tst_pool.cpp:%1").arg(line)), 1);
        QCOMPARE(pool.leaks().size(), 1);
        QCOMPARE(pool.metrics().leaksDetected, 1);
    }

    void healthScore_data()
    {
        QTest::addColumn<double>("utilisation");
        QTest::addColumn<int>("exhaustion");
        QTest::addColumn<int>("timeouts");
        QTest::addColumn<int>("overflow");
        QTest::addColumn<double>("age");
        QTest::addColumn<bool>("housekeeper");
        QTest::addColumn<int>("score");
        QTest::addColumn<int>("warnings");
        QTest::newRow("healthy") << 20.0 << 0 << 0 << 0 << 10.0 << true << 100 << 0;
        QTest::newRow("75% is not yet high") << 75.0 << 0 << 0 << 0 << 10.0 << true << 100 << 0;
        QTest::newRow("high utilisation") << 80.0 << 0 << 0 << 0 << 10.0 << true << 85 << 1;
        QTest::newRow("critical utilisation") << 95.0 << 0 << 0 << 0 << 10.0 << true << 70 << 1;
        QTest::newRow("two exhaustions") << 50.0 << 2 << 0 << 0 << 10.0 << true << 90 << 1;
        QTest::newRow("exhaustion capped at 30")
                << 50.0 << 100 << 0 << 0 << 10.0 << true << 70 << 1;
        QTest::newRow("one timeout") << 50.0 << 1 << 1 << 0 << 10.0 << true << 85 << 2;
        QTest::newRow("overflow open") << 110.0 << 0 << 0 << 1 << 10.0 << true << 65 << 2;
        QTest::newRow("old connections") << 10.0 << 0 << 0 << 0 << 4000.0 << true << 90 << 1;
        QTest::newRow("no housekeeper") << 10.0 << 0 << 0 << 0 << 10.0 << false << 80 << 1;
        QTest::newRow("everything wrong clamps at 0")
                << 100.0 << 50 << 50 << 4 << 9000.0 << false << 0 << 6;
    }

    void healthScore()
    {
        QFETCH(double, utilisation);
        QFETCH(int, exhaustion);
        QFETCH(int, timeouts);
        QFETCH(int, overflow);
        QFETCH(double, age);
        QFETCH(bool, housekeeper);
        QFETCH(int, score);
        QFETCH(int, warnings);
        PoolMetrics m;
        m.utilisationPercent = utilisation;
        m.exhaustionEvents = exhaustion;
        m.timeouts = timeouts;
        m.overflow = overflow;
        m.averageAgeSeconds = age;
        m.maxLifetimeSeconds = 1800;
        m.housekeeperRunning = housekeeper;
        const HealthScore h = computeHealth(m);
        QCOMPARE(h.score, score);
        QCOMPARE(h.warnings.size(), warnings);
    }

    void everyConnectionHasForeignKeysAndWal()
    {
        auto session = test::openOrFail(test::options(m_path));
        QVERIFY(session);
        for (ConnectionPool *pool :
             { &session->database().readers(), &session->database().writer() }) {
            std::vector<ConnectionLease> leases;
            const int n = pool->config().coreSize + pool->config().maxOverflow;
            for (int i = 0; i < n; ++i) {
                auto lease = pool->acquire();
                QVERIFY(lease.ok());
                QCOMPARE(sqlite::queryInt(sqlite::native(lease->handle()), QStringLiteral("PRAGMA foreign_keys"))
                                 .valueOr(-1),
                         1);
                QCOMPARE(sqlite::queryText(sqlite::native(lease->handle()), QStringLiteral("PRAGMA journal_mode"))
                                 .valueOr({}),
                         QStringLiteral("wal"));
                QCOMPARE(sqlite::queryInt(sqlite::native(lease->handle()), QStringLiteral("PRAGMA synchronous"))
                                 .valueOr(-1),
                         1);
                leases.push_back(std::move(lease.value()));
            }
            QCOMPARE(pool->metrics().active, n);
        }
        QCOMPARE(session->database().writer().journalMode(), QStringLiteral("wal"));
    }

    void readersCannotWrite()
    {
        auto session = test::openOrFail(test::options(m_path));
        QVERIFY(session);
        auto lease = session->database().readers().acquire();
        QVERIFY(lease.ok());
        const DbError e = sqlite::exec(sqlite::native(lease->handle()), QStringLiteral("DELETE FROM clients"));
        QCOMPARE(e.kind(), DbError::Kind::ReadOnly);
    }

    void metricsDistributions()
    {
        ConnectionPool pool(config(2, 0));
        QVERIFY(!pool.start());
        for (int i = 0; i < 200; ++i)
            QVERIFY(pool.acquire().ok());
        const PoolMetrics m = pool.metrics();
        QCOMPARE(m.acquireTime.count, 202);
        QCOMPARE(m.leaseTime.count, 202);
        QVERIFY(m.acquireTime.p50Ms <= m.acquireTime.p95Ms);
        QVERIFY(m.acquireTime.p95Ms <= m.acquireTime.p99Ms);
        QVERIFY(m.acquireTime.p99Ms <= m.acquireTime.maxMs);
        QCOMPARE(m.acquireTime.cumulativeCounts.last(), 202);
        QCOMPARE(m.created, 2);
        QCOMPARE(m.utilisationPercent, 0.0);
    }

    void threadAffinityKeepsTheSameConnection()
    {
        ConnectionPool pool(config(2, 0));
        QVERIFY(!pool.start());
        QString name;
        {
            auto lease = pool.acquire();
            name = lease->connectionName();
        }
        const qint64 handovers = pool.metrics().handovers;
        for (int i = 0; i < 100; ++i) {
            auto lease = pool.acquire();
            QCOMPARE(lease->connectionName(), name);
        }
        QCOMPARE(pool.metrics().handovers, handovers); // no thread change on the fast path
    }

    void badPathFailsAtStart()
    {
        PoolConfig c = config(1, 0);
        c.databasePath = m_dir.filePath(QStringLiteral("missing/folder/x.db"));
        ConnectionPool pool(c);
        const DbError e = pool.start();
        QVERIFY(e.isError());
        QCOMPARE(e.kind(), DbError::Kind::CannotOpen);
    }

    void invalidConfigurationIsRefused_data()
    {
        QTest::addColumn<int>("core");
        QTest::addColumn<int>("overflow");
        QTest::addColumn<int>("lifetime");
        QTest::newRow("zero core") << 0 << 1 << 1000;
        QTest::newRow("negative overflow") << 1 << -1 << 1000;
        QTest::newRow("zero lifetime") << 1 << 1 << 0;
    }

    void invalidConfigurationIsRefused()
    {
        QFETCH(int, core);
        QFETCH(int, overflow);
        QFETCH(int, lifetime);
        ConnectionPool pool(config(2, 1));
        QVERIFY(!pool.start());
        PoolConfig bad = config(core, overflow);
        bad.maxLifetime = Milliseconds(lifetime);
        const DbError e = pool.reconfigure(bad);
        QCOMPARE(e.kind(), DbError::Kind::InvalidInput);
        QCOMPARE(pool.config().coreSize, 2); // old value kept
        QCOMPARE(pool.config().maxOverflow, 1);
    }
};

QTEST_GUILESS_MAIN(tst_Pool)
#include "tst_pool.moc"
