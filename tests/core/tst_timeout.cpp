// Timeouts and query statistics (C10; improvements 9, 14): a query timeout really interrupts a
// running statement and leaves the connection usable; a CancelFlag stops a statement; slow
// queries and per-statement statistics reach their tables.
#include "data/retry.h"
#include "data/transaction.h"
#include "db/sqlitenative.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QTest>
#include <future>
#include <sqlite3.h>
#include <thread>

using namespace backupdb;

Q_DECLARE_METATYPE(backupdb::DbError::Kind)

namespace {

const QString kEndlessCount
        = QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                         "SELECT count(*) FROM c");
const QString kEndlessRows
        = QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                         "SELECT x FROM c");

ClientRecord newClient(const QString &name)
{
    ClientRecord c;
    c.name = name;
    c.lastSeen = QStringLiteral("2025-01-10T12:00:00Z");
    return c;
}

} // namespace

class tst_Timeout : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_databases = 0;

    SessionOptions freshOptions()
    {
        SessionOptions o
                = test::options(m_dir.filePath(QStringLiteral("db%1.db").arg(++m_databases)));
        o.pool.busyTimeout = Milliseconds(50);
        return o;
    }

    static qint64 count(Session &session, const QString &sql, const QVariantList &binds = {})
    {
        auto v = session.database().read([&](ConnectionLease &lease) {
            return session.database().scalar(lease, sql, binds);
        });
        return v ? v->toLongLong() : -1;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // --- query timeout and cancellation ------------------------------------------------

    void longQueryIsInterruptedAtItsTimeout_data()
    {
        QTest::addColumn<bool>("duringRows"); // the interrupt lands in next(), not in exec()
        QTest::newRow("aggregate: interrupted in exec()") << false;
        QTest::newRow("endless rows: interrupted while iterating") << true;
    }

    void longQueryIsInterruptedAtItsTimeout()
    {
        QFETCH(bool, duringRows);
        SessionOptions options = freshOptions();
        options.query.queryTimeout = Milliseconds(200);
        auto session = test::openOrFail(options);
        QVERIFY(session);
        Database &db = session->database();

        for (bool onWriter : { false, true }) {
            QElapsedTimer timer;
            qint64 rows = 0;
            QVariant afterwards;
            DbError failed;
            const auto work = [&](ConnectionLease &lease) -> DbError {
                timer.start();
                if (duringRows) {
                    failed = db.forEachRow(lease, kEndlessRows, {},
                                           [&](const QSqlQuery &) { ++rows; });
                } else {
                    auto r = db.scalar(lease, kEndlessCount);
                    failed = r ? DbError() : r.error();
                }
                // The same connection answers the next statement.
                auto next = db.scalar(lease, QStringLiteral("SELECT 6 * 7"));
                if (!next)
                    return next.error();
                afterwards = next.value();
                return DbError();
            };
            auto lease = onWriter ? db.writer().acquire() : db.readers().acquire();
            QVERIFY(lease.ok());
            const DbError e = work(lease.value());
            const qint64 elapsed = timer.elapsed();
            QVERIFY2(!e, qPrintable(e.message()));
            QCOMPARE(failed.kind(), DbError::Kind::Timeout);
            QVERIFY2(failed.message().contains(QLatin1String("200 ms")),
                     qPrintable(failed.message()));
            QVERIFY2(elapsed < 5000, qPrintable(QString::number(elapsed)));
            QVERIFY2(elapsed >= 150, qPrintable(QString::number(elapsed)));
            QCOMPARE(afterwards.toInt(), 42);
            if (duringRows)
                QVERIFY(rows > 0);
        }
        // Another lease after the timeout is not hit by a stale deadline.
        QVERIFY(session->clients().add(newClient(QStringLiteral("after the timeout"))).ok());
    }

    // The deadline of a finished statement does not stay armed for what comes next on the lease:
    // a raw statement after it (a Transaction's COMMIT, a bulk insert's loop) would otherwise be
    // interrupted once that old deadline has passed.
    void deadlineDoesNotOutliveTheStatement_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("after scalar()") << QStringLiteral("scalar");
        QTest::newRow("after execute()") << QStringLiteral("execute");
        QTest::newRow("after a failed statement") << QStringLiteral("failed");
    }

    void deadlineDoesNotOutliveTheStatement()
    {
        QFETCH(QString, how);
        SessionOptions options = freshOptions();
        options.query.queryTimeout = Milliseconds(1); // passed long before the raw statement ends
        auto session = test::openOrFail(options);
        QVERIFY(session);
        Database &db = session->database();
        auto lease = db.writer().acquire();
        QVERIFY(lease.ok());
        // Statements too short to reach the progress handler, so the 1 ms cannot hit them.
        if (how == QLatin1String("scalar")) {
            auto quick = db.scalar(lease.value(), QStringLiteral("SELECT 1"));
            QVERIFY2(quick.ok(), qPrintable(quick.error().message()));
        } else if (how == QLatin1String("execute")) {
            auto quick = db.execute(lease.value(),
                                    QStringLiteral("DELETE FROM bdba_slow_queries WHERE 0"));
            QVERIFY2(quick.ok(), qPrintable(quick.error().message()));
        } else {
            auto quick = db.scalar(lease.value(),
                                   QStringLiteral("SELECT abs(-9223372036854775807 - 1)"));
            QVERIFY(!quick.ok());
            QCOMPARE(quick.error().kind(), DbError::Kind::Sql);
        }
        // A raw statement on the same handle with many VM steps.
        auto raw = sqlite::queryInt(
                sqlite::native(lease->handle()),
                QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                               "FROM c WHERE x < 100000) SELECT count(*) FROM c"));
        QVERIFY2(raw.ok(), qPrintable(raw.error().message()));
        QCOMPARE(raw.value(), 100000);
    }

    void cancelFlagStopsAStatement_data()
    {
        QTest::addColumn<bool>("duringRows");
        QTest::newRow("from another thread during exec()") << false;
        QTest::newRow("from the row callback") << true;
    }

    void cancelFlagStopsAStatement()
    {
        QFETCH(bool, duringRows);
        SessionOptions options = freshOptions();
        options.query.queryTimeout = Milliseconds(0); // no timeout: only the flag can stop it
        auto session = test::openOrFail(options);
        QVERIFY(session);
        Database &db = session->database();

        CancelFlag cancel { false };
        qint64 rows = 0;
        QElapsedTimer timer;
        timer.start();
        DbError error;
        std::thread canceller;
        const DbError usable = db.read([&](ConnectionLease &lease) -> DbError {
            if (duringRows) {
                error = db.forEachRow(
                        lease, kEndlessRows, {},
                        [&](const QSqlQuery &) {
                            if (++rows == 5000)
                                cancel.store(true);
                        },
                        &cancel);
            } else {
                // The helper waits 100 ms, then asks to stop.
                canceller = std::thread([&cancel] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
                    cancel.store(true);
                });
                auto r = db.exec(lease, kEndlessCount, {}, &cancel);
                error = r ? DbError() : r.error();
            }
            auto next = db.scalar(lease, QStringLiteral("SELECT 2"));
            return next ? DbError() : next.error();
        });
        if (canceller.joinable())
            canceller.join();
        QVERIFY2(!usable, qPrintable(usable.message()));
        QCOMPARE(error.kind(), DbError::Kind::Cancelled);
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        if (duringRows)
            QVERIFY(rows >= 5000);
    }

    // --- slow queries and statement statistics -----------------------------------------

    void slowQueryIsRecordedWithItsSql()
    {
        SessionOptions options = freshOptions();
        options.query.slowThreshold = Milliseconds(1);
        auto session = test::openOrFail(options);
        QVERIFY(session);
        Database &db = session->database();
        QVERIFY(!db.flushQueryStats());

        const QString slowSql
                = QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                                 "WHERE x < 300000) SELECT count(*) FROM c");
        auto value = db.read([&](ConnectionLease &lease) { return db.scalar(lease, slowSql); });
        QVERIFY2(value.ok(), qPrintable(value.error().message()));
        QCOMPARE(value->toLongLong(), 300000);

        bool inMemory = false;
        for (const SlowQuery &q : db.queryStats().recentSlow())
            inMemory |= q.sql == slowSql && q.durationMs >= 1;
        QVERIFY(inMemory);

        QVERIFY(!db.flushQueryStats());
        QCOMPARE(count(*session,
                       QStringLiteral("SELECT COUNT(*) FROM bdba_slow_queries WHERE sql = ? AND "
                                      "duration_ms >= 1"),
                       { slowSql }),
                 1);
        QCOMPARE(count(*session, QStringLiteral("SELECT calls FROM bdba_query_stats WHERE sql = ?"),
                       { slowSql }),
                 1);
        QCOMPARE(count(*session,
                       QStringLiteral("SELECT max_ms >= 1 AND total_ms >= max_ms FROM "
                                      "bdba_query_stats WHERE sql = ?"),
                       { slowSql }),
                 1);
        // A second flush does not write the same slow query again.
        QVERIFY(!db.flushQueryStats());
        QCOMPARE(count(*session,
                       QStringLiteral("SELECT COUNT(*) FROM bdba_slow_queries WHERE sql = ?"),
                       { slowSql }),
                 1);
    }

    void quickQueryIsNotSlow()
    {
        SessionOptions options = freshOptions();
        options.query.slowThreshold = Milliseconds(10000);
        auto session = test::openOrFail(options);
        QVERIFY(session);
        Database &db = session->database();
        const QString sql = QStringLiteral("SELECT 'quick'");
        QVERIFY(db.read([&](ConnectionLease &lease) { return db.scalar(lease, sql); }).ok());
        QVERIFY(!db.flushQueryStats());
        QCOMPARE(count(*session,
                       QStringLiteral("SELECT COUNT(*) FROM bdba_slow_queries WHERE sql = ?"),
                       { sql }),
                 0);
        QCOMPARE(count(*session, QStringLiteral("SELECT calls FROM bdba_query_stats WHERE sql = ?"),
                       { sql }),
                 1);
    }

    void statementStatisticsCountCalls_data()
    {
        QTest::addColumn<int>("firstBatch");
        QTest::addColumn<int>("secondBatch");
        QTest::newRow("one call") << 1 << 0;
        QTest::newRow("five calls") << 5 << 0;
        QTest::newRow("across two flushes") << 3 << 4;
    }

    void statementStatisticsCountCalls()
    {
        QFETCH(int, firstBatch);
        QFETCH(int, secondBatch);
        auto session = test::openOrFail(freshOptions());
        QVERIFY(session);
        Database &db = session->database();
        const QString sql = QStringLiteral("SELECT ? + 1");

        const auto run = [&](int n) {
            for (int i = 0; i < n; ++i) {
                auto v = db.read(
                        [&](ConnectionLease &lease) { return db.scalar(lease, sql, { i }); });
                QVERIFY(v.ok());
                QCOMPARE(v->toInt(), i + 1);
            }
        };
        const auto callsInMemory = [&] {
            for (const StatementStats &s : db.queryStats().statements())
                if (s.sql == sql)
                    return s.calls;
            return qint64(0);
        };
        const qint64 totalBefore = db.queryStats().totalStatements();
        run(firstBatch);
        QCOMPARE(callsInMemory(), firstBatch);
        QVERIFY(db.queryStats().totalStatements() >= totalBefore + firstBatch);
        QVERIFY(!db.flushQueryStats());
        QCOMPARE(count(*session, QStringLiteral("SELECT calls FROM bdba_query_stats WHERE sql = ?"),
                       { sql }),
                 firstBatch);

        run(secondBatch);
        QCOMPARE(callsInMemory(), firstBatch + secondBatch);
        QVERIFY(!db.flushQueryStats());
        QCOMPARE(count(*session, QStringLiteral("SELECT calls FROM bdba_query_stats WHERE sql = ?"),
                       { sql }),
                 firstBatch + secondBatch);
        // Flushing with nothing new adds nothing.
        QVERIFY(!db.flushQueryStats());
        QCOMPARE(count(*session, QStringLiteral("SELECT calls FROM bdba_query_stats WHERE sql = ?"),
                       { sql }),
                 firstBatch + secondBatch);
    }

    // Statistics survive the session: the destructor flushes what was not yet written.
    void statisticsAreFlushedOnClose()
    {
        const SessionOptions options = freshOptions();
        const QString sql = QStringLiteral("SELECT 'flushed on close'");
        {
            auto session = test::openOrFail(options);
            QVERIFY(session);
            Database &db = session->database();
            QVERIFY(db.read([&](ConnectionLease &lease) { return db.scalar(lease, sql); }).ok());
        }
        auto session = test::openOrFail(options);
        QVERIFY(session);
        QCOMPARE(count(*session, QStringLiteral("SELECT calls FROM bdba_query_stats WHERE sql = ?"),
                       { sql }),
                 1);
    }
};

QTEST_GUILESS_MAIN(tst_Timeout)
#include "tst_timeout.moc"
