// Transactions (C7; fixes 10, 17): the RAII guard commits only on commit(), rolls back on an
// early return or an exception; nesting is real (SAVEPOINTs on the same connection), also on a
// connection that is already inside a transaction; a lease returned inside an open transaction
// is rolled back by the pool.
#include "data/transaction.h"
#include "db/sqlitenative.h"
#include "testsupport.h"

#include <QTest>
#include <sqlite3.h>
#include <stdexcept>

using namespace backupdb;

class tst_Transaction : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Session> m_session;

    Database &db() { return m_session->database(); }

    ConnectionLease writer()
    {
        auto lease = db().writer().acquire();
        if (!lease) {
            qWarning("%s", qPrintable(lease.error().message()));
            return {};
        }
        return std::move(lease.value());
    }

    DbError insert(ConnectionLease &lease, int x)
    {
        auto r = db().execute(lease, QStringLiteral("INSERT INTO tx_rows (x) VALUES (?)"), { x });
        return r ? DbError() : r.error();
    }

    // The rows as another connection sees them (committed data only).
    QList<int> committedRows()
    {
        QList<int> rows;
        auto lease = db().readers().acquire();
        if (!lease)
            return { -1 };
        const DbError e
                = db().forEachRow(lease.value(), QStringLiteral("SELECT x FROM tx_rows ORDER BY x"),
                                  {}, [&](const QSqlQuery &q) { rows.append(q.value(0).toInt()); });
        return e ? QList<int> { -2 } : rows;
    }

    // The rows as the lease itself sees them (including its uncommitted writes).
    QList<int> rowsOn(ConnectionLease &lease)
    {
        QList<int> rows;
        const DbError e
                = db().forEachRow(lease, QStringLiteral("SELECT x FROM tx_rows ORDER BY x"), {},
                                  [&](const QSqlQuery &q) { rows.append(q.value(0).toInt()); });
        return e ? QList<int> { -2 } : rows;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        SessionOptions options = test::options(m_dir.filePath(QStringLiteral("tx.db")));
        options.pool.busyTimeout = Milliseconds(50);
        options.query.retry.maxAttempts = 1; // beginFailsWhenLocked wants to see Busy at once
        m_session = test::openOrFail(options);
        QVERIFY(m_session);
        auto lease = writer();
        QVERIFY(lease.isValid());
        auto created = db().execute(lease,
                                    QStringLiteral("CREATE TABLE tx_rows (x INTEGER PRIMARY KEY)"));
        QVERIFY2(created.ok(), qPrintable(created.error().message()));
    }

    void cleanupTestCase() { m_session.reset(); }

    void init()
    {
        auto lease = writer();
        QVERIFY(lease.isValid());
        QVERIFY(db().execute(lease, QStringLiteral("DELETE FROM tx_rows")).ok());
        QVERIFY(committedRows().isEmpty());
    }

    void endsAsTheScopeSays_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<QList<int>>("expected");

        QTest::newRow("commit") << QStringLiteral("commit") << QList<int> { 1, 2 };
        QTest::newRow("early return") << QStringLiteral("return") << QList<int> {};
        QTest::newRow("exception") << QStringLiteral("throw") << QList<int> {};
        QTest::newRow("explicit rollback") << QStringLiteral("rollback") << QList<int> {};
        QTest::newRow("deferred commit") << QStringLiteral("deferred") << QList<int> { 1, 2 };
    }

    void endsAsTheScopeSays()
    {
        QFETCH(QString, how);
        QFETCH(QList<int>, expected);

        auto lease = writer();
        QVERIFY(lease.isValid());
        bool caught = false;
        const auto work = [&]() -> DbError {
            Transaction tx(lease,
                           how == QLatin1String("deferred") ? TransactionMode::Deferred
                                                            : TransactionMode::Immediate);
            if (tx.error())
                return tx.error();
            if (tx.depth() != 1 || !tx.isActive() || !sqlite::inTransaction(sqlite::native(lease.handle())))
                return DbError(DbError::Kind::Internal, QStringLiteral("not in a transaction"));
            if (DbError e = insert(lease, 1))
                return e;
            if (DbError e = insert(lease, 2))
                return e;
            if (how == QLatin1String("return"))
                return DbError(DbError::Kind::NotFound, QStringLiteral("early return"));
            if (how == QLatin1String("throw"))
                throw std::runtime_error("thrown inside the transaction");
            if (how == QLatin1String("rollback")) {
                tx.rollback();
                return tx.isActive()
                        ? DbError(DbError::Kind::Internal, QStringLiteral("still active"))
                        : DbError();
            }
            return tx.commit();
        };
        DbError result;
        try {
            result = work();
        } catch (const std::runtime_error &) {
            caught = true;
        }
        QCOMPARE(caught, how == QLatin1String("throw"));
        if (how == QLatin1String("return"))
            QCOMPARE(result.kind(), DbError::Kind::NotFound);
        else
            QVERIFY2(!result, qPrintable(result.message()));

        QVERIFY(!sqlite::inTransaction(sqlite::native(lease.handle())));
        QCOMPARE(lease.transactionDepth(), 0);
        QCOMPARE(rowsOn(lease), expected);
        QCOMPARE(committedRows(), expected);

        // The connection is fine for the next transaction.
        Transaction next(lease);
        QVERIFY(!next.error());
        QCOMPARE(next.depth(), 1);
        QVERIFY(!insert(lease, 10));
        QVERIFY(!next.commit());
        QCOMPARE(committedRows(), expected + QList<int> { 10 });
    }

    void commitTwiceIsAnError()
    {
        auto lease = writer();
        Transaction tx(lease);
        QVERIFY(!tx.error());
        QVERIFY(!insert(lease, 1));
        QVERIFY(!tx.commit());
        QVERIFY(!tx.isActive());
        const DbError again = tx.commit();
        QVERIFY(again.isError());
        QCOMPARE(committedRows(), QList<int> { 1 });
    }

    // Outer inserts 1, middle inserts 2, inner inserts 3, then middle inserts 4 and outer 5 after
    // the inner ended. Each level commits or rolls back as the row says.
    void nestedLevels_data()
    {
        QTest::addColumn<int>("levels");
        QTest::addColumn<bool>("commitOuter");
        QTest::addColumn<bool>("commitMiddle");
        QTest::addColumn<bool>("commitInner");
        QTest::addColumn<QList<int>>("expected");

        QTest::newRow("2 levels: inner rolls back, outer commits")
                << 2 << true << false << false << QList<int> { 1, 5 };
        QTest::newRow("2 levels: both commit")
                << 2 << true << true << false << QList<int> { 1, 2, 4, 5 };
        QTest::newRow("2 levels: inner commits, outer rolls back")
                << 2 << false << true << false << QList<int> {};
        QTest::newRow("3 levels: all commit")
                << 3 << true << true << true << QList<int> { 1, 2, 3, 4, 5 };
        QTest::newRow("3 levels: inner rolls back")
                << 3 << true << true << false << QList<int> { 1, 2, 4, 5 };
        QTest::newRow("3 levels: middle rolls back")
                << 3 << true << false << true << QList<int> { 1, 5 };
        QTest::newRow("3 levels: outer rolls back") << 3 << false << true << true << QList<int> {};
        QTest::newRow("3 levels: only outer commits")
                << 3 << true << false << false << QList<int> { 1, 5 };
    }

    void nestedLevels()
    {
        QFETCH(int, levels);
        QFETCH(bool, commitOuter);
        QFETCH(bool, commitMiddle);
        QFETCH(bool, commitInner);
        QFETCH(QList<int>, expected);

        auto lease = writer();
        QVERIFY(lease.isValid());
        {
            Transaction outer(lease);
            QVERIFY(!outer.error());
            QCOMPARE(outer.depth(), 1);
            QVERIFY(!insert(lease, 1));
            {
                Transaction middle(lease);
                QVERIFY2(!middle.error(), qPrintable(middle.error().message()));
                QCOMPARE(middle.depth(), 2);
                QCOMPARE(lease.transactionDepth(), 2);
                QVERIFY(!insert(lease, 2));
                if (levels == 3) {
                    {
                        Transaction inner(lease);
                        QVERIFY2(!inner.error(), qPrintable(inner.error().message()));
                        QCOMPARE(inner.depth(), 3);
                        QVERIFY(!insert(lease, 3));
                        QCOMPARE(rowsOn(lease), (QList<int> { 1, 2, 3 }));
                        if (commitInner)
                            QVERIFY(!inner.commit());
                    }
                    QCOMPARE(lease.transactionDepth(), 2);
                    QCOMPARE(rowsOn(lease),
                             commitInner ? (QList<int> { 1, 2, 3 }) : (QList<int> { 1, 2 }));
                }
                QVERIFY(!insert(lease, 4));
                if (commitMiddle)
                    QVERIFY(!middle.commit());
            }
            QCOMPARE(lease.transactionDepth(), 1);
            QVERIFY(sqlite::inTransaction(sqlite::native(lease.handle())));
            QVERIFY(!insert(lease, 5));
            // Nothing is visible to other connections before the outermost commit.
            QCOMPARE(committedRows(), QList<int> {});
            if (commitOuter)
                QVERIFY(!outer.commit());
        }
        QCOMPARE(lease.transactionDepth(), 0);
        QVERIFY(!sqlite::inTransaction(sqlite::native(lease.handle())));
        QCOMPARE(committedRows(), expected);
    }

    void innerRollbackWithAnOpenCursor()
    {
        auto lease = writer();
        QVERIFY(!insert(lease, 1));
        Transaction outer(lease);
        QVERIFY(!outer.error());
        {
            Transaction inner(lease);
            QVERIFY(!inner.error());
            QVERIFY(!insert(lease, 2));
            QVERIFY(!insert(lease, 3));
            // A query still positioned on a row when the savepoint is rolled back.
            auto cursor = db().exec(lease, QStringLiteral("SELECT x FROM tx_rows ORDER BY x"));
            QVERIFY(cursor.ok());
            QVERIFY(cursor.value()->next());
            QVERIFY(cursor.value()->isActive());
        }
        QCOMPARE(rowsOn(lease), QList<int> { 1 });
        QVERIFY(!insert(lease, 4));
        QVERIFY(!outer.commit());
        QCOMPARE(committedRows(), (QList<int> { 1, 4 }));
    }

    // A transaction someone opened by hand on the connection: the guard nests inside it as a
    // savepoint and leaves the outer transaction to its owner.
    void insideAForeignTransaction_data()
    {
        QTest::addColumn<bool>("commitGuard");
        QTest::addColumn<bool>("commitOuter");
        QTest::addColumn<QList<int>>("expected");

        QTest::newRow("guard commits, outer commits") << true << true << QList<int> { 1, 2, 3 };
        QTest::newRow("guard rolls back, outer commits") << false << true << QList<int> { 1, 3 };
        QTest::newRow("guard commits, outer rolls back") << true << false << QList<int> {};
    }

    void insideAForeignTransaction()
    {
        QFETCH(bool, commitGuard);
        QFETCH(bool, commitOuter);
        QFETCH(QList<int>, expected);

        auto lease = writer();
        QVERIFY(!sqlite::exec(sqlite::native(lease.handle()), QStringLiteral("BEGIN IMMEDIATE")));
        QVERIFY(!insert(lease, 1));
        {
            Transaction tx(lease);
            QVERIFY2(!tx.error(), qPrintable(tx.error().message()));
            QCOMPARE(tx.depth(), 1);
            QVERIFY(!insert(lease, 2));
            if (commitGuard)
                QVERIFY(!tx.commit());
        }
        // The hand-made transaction is still open, with its own row.
        QVERIFY(sqlite::inTransaction(sqlite::native(lease.handle())));
        QCOMPARE(lease.transactionDepth(), 0);
        QVERIFY(!insert(lease, 3));
        QCOMPARE(rowsOn(lease), commitGuard ? (QList<int> { 1, 2, 3 }) : (QList<int> { 1, 3 }));
        QCOMPARE(committedRows(), QList<int> {});
        QVERIFY(!sqlite::exec(sqlite::native(lease.handle()),
                              commitOuter ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK")));
        QCOMPARE(committedRows(), expected);
    }

    void leaseReturnedInsideATransactionIsRolledBack_data()
    {
        QTest::addColumn<bool>("withGuard"); // a savepoint open too, with the depth a guard keeps
        QTest::newRow("BEGIN by hand") << false;
        QTest::newRow("savepoint open as well") << true;
    }

    void leaseReturnedInsideATransactionIsRolledBack()
    {
        QFETCH(bool, withGuard);
        test::MessageCatcher catcher;
        {
            auto acquired = db().writer().acquire();
            QVERIFY(acquired.ok());
            ConnectionLease lease = std::move(acquired.value());
            QVERIFY(!sqlite::exec(sqlite::native(lease.handle()), QStringLiteral("BEGIN")));
            QVERIFY(!insert(lease, 7));
            if (withGuard) {
                // What a guard's bookkeeping looks like while it is open (a savepoint, depth 2).
                QVERIFY(!sqlite::exec(sqlite::native(lease.handle()), QStringLiteral("SAVEPOINT by_hand")));
                QVERIFY(!insert(lease, 8));
                lease.transactionDepth() = 2;
            }
            QCOMPARE(rowsOn(lease), withGuard ? (QList<int> { 7, 8 }) : (QList<int> { 7 }));
            lease.release();
            QVERIFY(!lease.isValid());
        }
        QCOMPARE(catcher.count(QStringLiteral("returned inside a transaction")), 1);
        QCOMPARE(committedRows(), QList<int> {});

        auto again = writer(); // the writer lane has one connection: the same one
        QVERIFY(again.isValid());
        QVERIFY(!sqlite::inTransaction(sqlite::native(again.handle())));
        QCOMPARE(again.transactionDepth(), 0);
        QCOMPARE(rowsOn(again), QList<int> {});
        Transaction tx(again);
        QVERIFY(!tx.error());
        QCOMPARE(tx.depth(), 1);
        QVERIFY(!insert(again, 9));
        QVERIFY(!tx.commit());
        QCOMPARE(committedRows(), QList<int> { 9 });
    }

    // COMMIT itself fails (a deferred foreign key is still violated): commit() reports it and
    // the whole transaction is rolled back, not left open on the connection.
    void failedCommitRollsBack()
    {
        auto lease = writer();
        {
            Transaction tx(lease);
            QVERIFY(!tx.error());
            QVERIFY(!insert(lease, 1));
            QVERIFY(!sqlite::exec(sqlite::native(lease.handle()),
                                  QStringLiteral("PRAGMA defer_foreign_keys = ON")));
            auto orphan = db().execute(
                    lease,
                    QStringLiteral("INSERT INTO files (ID, FileName, PathName, ClientID) "
                                   "VALUES (randomblob(16), 'a.txt', '/a.txt', randomblob(16))"));
            QVERIFY2(orphan.ok(), qPrintable(orphan.error().message()));
            const DbError committed = tx.commit();
            QVERIFY(committed.isError());
            QCOMPARE(committed.kind(), DbError::Kind::Constraint);
            QVERIFY(!tx.isActive());
        }
        QVERIFY(!sqlite::inTransaction(sqlite::native(lease.handle())));
        QCOMPARE(lease.transactionDepth(), 0);
        QCOMPARE(committedRows(), QList<int> {});
        auto files = db().scalar(lease, QStringLiteral("SELECT COUNT(*) FROM files"));
        QVERIFY(files.ok());
        QCOMPARE(files->toInt(), 0);
    }

    // BEGIN IMMEDIATE fails while another connection holds the write lock: the guard reports it,
    // is not active, and its destructor does not touch the connection.
    void beginFailsWhenLocked()
    {
        auto other = sqlite::openNative(db().path(), SQLITE_OPEN_READWRITE, Milliseconds(0));
        QVERIFY(other.ok());
        const auto closer = qScopeGuard([&] { sqlite::closeNative(other.value()); });
        QVERIFY(!sqlite::exec(other.value(), QStringLiteral("BEGIN IMMEDIATE")));

        auto lease = writer();
        {
            Transaction tx(lease);
            QVERIFY(tx.error().isError());
            QCOMPARE(tx.error().kind(), DbError::Kind::Busy);
            QVERIFY(!tx.isActive());
            QVERIFY(tx.commit().isError());
        }
        QCOMPARE(lease.transactionDepth(), 0);
        QVERIFY(!sqlite::inTransaction(sqlite::native(lease.handle())));
        QVERIFY(!sqlite::exec(other.value(), QStringLiteral("ROLLBACK")));

        Transaction tx(lease);
        QVERIFY(!tx.error());
        QVERIFY(!insert(lease, 1));
        QVERIFY(!tx.commit());
        QCOMPARE(committedRows(), QList<int> { 1 });
    }
};

QTEST_GUILESS_MAIN(tst_Transaction)
#include "tst_transaction.moc"
