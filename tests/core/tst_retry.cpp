// Retry (C10; improvements 3, 6): writes retry on SQLITE_BUSY with a bounded budget, both in
// withRetry on its own and against a real lock held by another connection.
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

ClientRecord newClient(const QString &name)
{
    ClientRecord c;
    c.name = name;
    c.lastSeen = QStringLiteral("2025-01-10T12:00:00Z");
    return c;
}

// Holds the write lock of path from another connection on its own thread: BEGIN IMMEDIATE and an
// insert, until released (after holdFor, or when release() is called), then commits.
class LockHolder
{
public:
    LockHolder(const QString &path, std::chrono::milliseconds holdFor)
    {
        std::promise<QString> locked;
        auto lockedFuture = locked.get_future();
        m_thread = std::thread([this, path, holdFor, locked = std::move(locked),
                                released = m_release.get_future()]() mutable {
            auto opened = sqlite::openNative(path, SQLITE_OPEN_READWRITE, Milliseconds(0));
            if (!opened) {
                locked.set_value(opened.error().message());
                return;
            }
            sqlite3 *h = opened.value();
            DbError e = sqlite::exec(
                    h,
                    QStringLiteral(
                            "BEGIN IMMEDIATE; INSERT INTO clients (ID, Name, LastSeen) "
                            "VALUES (randomblob(16), 'held by another process', '2025-01-10')"));
            locked.set_value(e ? e.message() : QString());
            if (!e) {
                if (holdFor.count() > 0)
                    released.wait_for(
                            holdFor); // the helper holds the lock this long, then releases
                else
                    released.wait();
                m_commitError = sqlite::exec(h, QStringLiteral("COMMIT"));
            }
            sqlite::closeNative(h);
        });
        m_lockError = lockedFuture.get();
    }
    ~LockHolder()
    {
        release();
        if (m_thread.joinable())
            m_thread.join();
    }
    Q_DISABLE_COPY_MOVE(LockHolder)

    QString lockError() const { return m_lockError; }
    void release()
    {
        if (!m_released) {
            m_released = true;
            m_release.set_value();
        }
    }
    DbError commitError()
    {
        release();
        if (m_thread.joinable())
            m_thread.join();
        return m_commitError;
    }

private:
    std::promise<void> m_release;
    bool m_released = false;
    std::thread m_thread;
    QString m_lockError;
    DbError m_commitError;
};

} // namespace

class tst_Retry : public QObject
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

    // --- withRetry on its own ------------------------------------------------------------

    void withRetryBoundsAttempts_data()
    {
        QTest::addColumn<int>("failures"); // errors returned before success
        QTest::addColumn<DbError::Kind>("failureKind");
        QTest::addColumn<int>("maxAttempts");
        QTest::addColumn<int>("expectedCalls");
        QTest::addColumn<DbError::Kind>("expectedKind");

        using K = DbError::Kind;
        QTest::newRow("success at once") << 0 << K::Busy << 5 << 1 << K::None;
        QTest::newRow("busy twice, then success") << 2 << K::Busy << 5 << 3 << K::None;
        QTest::newRow("busy until the last attempt") << 4 << K::Busy << 5 << 5 << K::None;
        QTest::newRow("busy past the attempts") << 100 << K::Busy << 5 << 5 << K::Busy;
        QTest::newRow("one attempt only") << 100 << K::Busy << 1 << 1 << K::Busy;
        QTest::newRow("constraint is not retried")
                << 100 << K::Constraint << 5 << 1 << K::Constraint;
        QTest::newRow("timeout is not retried") << 100 << K::Timeout << 5 << 1 << K::Timeout;
        QTest::newRow("sql error is not retried") << 100 << K::Sql << 5 << 1 << K::Sql;
    }

    void withRetryBoundsAttempts()
    {
        QFETCH(int, failures);
        QFETCH(DbError::Kind, failureKind);
        QFETCH(int, maxAttempts);
        QFETCH(int, expectedCalls);
        QFETCH(DbError::Kind, expectedKind);

        RetryPolicy policy;
        policy.maxAttempts = maxAttempts;
        policy.initialDelay = Milliseconds(1);
        policy.maxDelay = Milliseconds(2);
        policy.maxTotal = Milliseconds(60000);

        // The DbError form and the Result<T> form.
        int calls = 0;
        const DbError error = withRetry(policy, [&]() -> DbError {
            return ++calls <= failures
                    ? DbError(failureKind, QStringLiteral("attempt %1").arg(calls), {}, 5)
                    : DbError();
        });
        QCOMPARE(calls, expectedCalls);
        QCOMPARE(error.kind(), expectedKind);

        int resultCalls = 0;
        const Result<int> result = withRetry(policy, [&]() -> Result<int> {
            if (++resultCalls <= failures)
                return DbError(failureKind, QStringLiteral("attempt %1").arg(resultCalls), {}, 5);
            return 42;
        });
        QCOMPARE(resultCalls, expectedCalls);
        QCOMPARE(result.error().kind(), expectedKind);
        if (expectedKind == DbError::Kind::None)
            QCOMPARE(result.value(), 42);

        if (expectedKind == DbError::Kind::Busy) {
            // The final error says that it gave up, how often it tried, and the last cause.
            QVERIFY2(error.message().contains(
                             QStringLiteral("gave up after %1 attempts").arg(maxAttempts)),
                     qPrintable(error.message()));
            QVERIFY2(error.message().contains(QStringLiteral("attempt %1").arg(maxAttempts)),
                     qPrintable(error.message()));
            QCOMPARE(error.nativeCode(), 5);
        } else if (expectedKind != DbError::Kind::None) {
            QCOMPARE(error.message(), QStringLiteral("attempt 1")); // returned as it was
        }
    }

    void withRetryIsBoundedInTime()
    {
        RetryPolicy policy;
        policy.maxAttempts = 1000000;
        policy.initialDelay = Milliseconds(5);
        policy.maxDelay = Milliseconds(20);
        policy.maxTotal = Milliseconds(150);

        int calls = 0;
        QElapsedTimer timer;
        timer.start();
        const DbError error = withRetry(policy, [&] {
            ++calls;
            return DbError(DbError::Kind::Busy, QStringLiteral("locked"));
        });
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(error.kind(), DbError::Kind::Busy);
        QVERIFY2(error.message().contains(QLatin1String("gave up")), qPrintable(error.message()));
        QVERIFY(calls > 1);
        QVERIFY(calls < 1000000);
        QVERIFY2(elapsed >= 150, qPrintable(QString::number(elapsed)));
        QVERIFY2(elapsed < 5000, qPrintable(QString::number(elapsed)));
    }

    // --- a real lock held by another connection ------------------------------------------

    void writeRetriesWhileAnotherConnectionHoldsTheLock_data()
    {
        QTest::addColumn<int>("holdMs"); // 0: until the write has given up
        QTest::addColumn<bool>("succeeds");
        QTest::newRow("released after 300 ms: the write gets through") << 300 << true;
        QTest::newRow("held past the retry budget: gives up") << 0 << false;
    }

    void writeRetriesWhileAnotherConnectionHoldsTheLock()
    {
        QFETCH(int, holdMs);
        QFETCH(bool, succeeds);

        SessionOptions options = freshOptions();
        if (succeeds) {
            options.query.retry.maxAttempts = 1000;
            options.query.retry.initialDelay = Milliseconds(10);
            options.query.retry.maxDelay = Milliseconds(50);
            options.query.retry.maxTotal = Milliseconds(20000);
        } else {
            options.query.retry.maxAttempts = 4;
            options.query.retry.initialDelay = Milliseconds(10);
            options.query.retry.maxDelay = Milliseconds(20);
            options.query.retry.maxTotal = Milliseconds(300);
        }
        auto session = test::openOrFail(options);
        QVERIFY(session);

        std::optional<Result<ClientRecord>> added;
        {
            QElapsedTimer
                    timer; // started before the lock is taken: the lock is held >= holdMs of it
            timer.start();
            LockHolder holder(session->path(), std::chrono::milliseconds(holdMs));
            QVERIFY2(holder.lockError().isEmpty(), qPrintable(holder.lockError()));
            added.emplace(session->clients().add(
                    newClient(QStringLiteral("written through the session"))));
            if (succeeds) // it waited for the other connection to let go
                QVERIFY2(timer.elapsed() >= holdMs - 10,
                         qPrintable(QString::number(timer.elapsed())));
            QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
            const DbError committed = holder.commitError();
            QVERIFY2(!committed, qPrintable(committed.message()));
        }

        QCOMPARE(added->ok(), succeeds);
        if (!succeeds) {
            QCOMPARE(added->error().kind(), DbError::Kind::Busy);
            QVERIFY2(added->error().message().contains(QLatin1String("gave up")),
                     qPrintable(added->error().message()));
            QVERIFY2(added->error().message().contains(QLatin1String("locked")),
                     qPrintable(added->error().message()));
        }
        QCOMPARE(count(*session, QStringLiteral("SELECT COUNT(*) FROM clients WHERE Name = ?"),
                       { QStringLiteral("held by another process") }),
                 1);
        QCOMPARE(count(*session, QStringLiteral("SELECT COUNT(*) FROM clients WHERE Name = ?"),
                       { QStringLiteral("written through the session") }),
                 succeeds ? 1 : 0);
        // The counters kept by triggers agree: the failed attempts left nothing behind.
        QCOMPARE(count(*session, QStringLiteral("SELECT clients FROM bdba_counters")),
                 succeeds ? 2 : 1);

        // Once the lock is gone, writes work again at once.
        QVERIFY(session->clients().add(newClient(QStringLiteral("afterwards"))).ok());
    }

    // A transaction in the write lambda is retried as a whole: a failed attempt leaves nothing.
    void retriedTransactionWritesOnce()
    {
        SessionOptions options = freshOptions();
        options.query.retry.maxAttempts = 1000;
        options.query.retry.maxTotal = Milliseconds(20000);
        auto session = test::openOrFail(options);
        QVERIFY(session);
        Database &db = session->database();
        QVERIFY(db.write([&](ConnectionLease &lease) -> DbError {
                      auto r = db.execute(lease,
                                          QStringLiteral("CREATE TABLE retried (x INTEGER)"));
                      return r ? DbError() : r.error();
                  }).kind()
                == DbError::Kind::None);

        int attempts = 0;
        DbError outcome;
        {
            LockHolder holder(session->path(), std::chrono::milliseconds(300));
            QVERIFY2(holder.lockError().isEmpty(), qPrintable(holder.lockError()));
            outcome = db.write([&](ConnectionLease &lease) -> DbError {
                ++attempts;
                Transaction tx(lease,
                               TransactionMode::Deferred); // the lock is wanted at the first write
                if (tx.error())
                    return tx.error();
                auto r = db.execute(lease, QStringLiteral("INSERT INTO retried VALUES (1)"));
                if (!r)
                    return r.error();
                return tx.commit();
            });
        }
        QVERIFY2(!outcome, qPrintable(outcome.message()));
        QVERIFY(attempts > 1);
        QCOMPARE(count(*session, QStringLiteral("SELECT COUNT(*) FROM retried")), 1);
    }
};

QTEST_GUILESS_MAIN(tst_Retry)
#include "tst_retry.moc"
