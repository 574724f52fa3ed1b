// The triggers of the PostgreSQL schema on the throw-away cluster of the CTest fixture
// pg_cluster, a fresh database per test: the counters equal the real aggregates after inserts,
// deletes, updates, upserts, cascades, TRUNCATE and two writers at once (one made to wait for
// the other's row lock); the audit records deletes and updates, by whom, never an AES key.
#include "pgtestdata.h"
#include "pgtestdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <atomic>
#include <memory>

using namespace backupdb;
using namespace backupdb::test;

class tst_PgTriggers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void countersEqualAggregates_data();
    void countersEqualAggregates();
    void blockedWriterAddsToTheCommittedCounters_data();
    void blockedWriterAddsToTheCommittedCounters();
    void concurrentWritersKeepCountersExact_data();
    void concurrentWritersKeepCountersExact();
    void auditRecordsWithoutTheKey_data();
    void auditRecordsWithoutTheKey();

private:
    PgTestDatabase m_db;
};

void tst_PgTriggers::initTestCase()
{
    QString error;
    QVERIFY2(m_db.start(&error), qPrintable(error));
}

void tst_PgTriggers::init()
{
    QString error;
    QVERIFY2(m_db.createMigrated(&error), qPrintable(error));
}

void tst_PgTriggers::cleanup()
{
    m_db.drop();
}

void tst_PgTriggers::cleanupTestCase()
{
    m_db.stop();
}

// --- counters ----------------------------------------------------------------------------

void tst_PgTriggers::countersEqualAggregates_data()
{
    QTest::addColumn<QStringList>("statements");
    const QString c1 = byteaLiteral(pgClientId(1));
    const QString c2 = byteaLiteral(pgClientId(2));
    const QString c4 = byteaLiteral(pgClientId(4));
    const QString f1 = byteaLiteral(pgFileId(1));
    const QString f2 = byteaLiteral(pgFileId(2));
    const QString f50 = byteaLiteral(pgFileId(50));
    const QString newClient
            = QStringLiteral(
                      "INSERT INTO clients (id, name, lastseen) VALUES (%1, 'client-4', now())")
                      .arg(c4);

    QTest::newRow("seed only") << QStringList();
    QTest::newRow("inserts, NULL size and verified") << QStringList {
        QStringLiteral("INSERT INTO files (id, filename, pathname, verified, "
                       "filesize, clientid) VALUES (%1, 'a', '/a', NULL, NULL, "
                       "%2), (%3, 'b', '/b', true, 7, %2)")
                .arg(f50, c2, byteaLiteral(pgFileId(51)))
    };
    QTest::newRow("a new client's first file") << QStringList {
        newClient,
        QStringLiteral("INSERT INTO files (id, filename, pathname, verified, "
                       "filesize, clientid) VALUES (%1, 'n', '/n', true, 5, %2)")
                .arg(f50, c4)
    };
    QTest::newRow("deletes") << QStringList { QStringLiteral(
            "DELETE FROM files WHERE filesize > 6000000") };
    QTest::newRow("a client's last file deleted")
            << QStringList { QStringLiteral("DELETE FROM files WHERE clientid = %1").arg(c1) };
    QTest::newRow("update size, to and from NULL") << QStringList {
        QStringLiteral("UPDATE files SET filesize = NULL WHERE id = %1").arg(f1),
        QStringLiteral("UPDATE files SET filesize = 42 WHERE filesize IS NULL"),
        QStringLiteral("UPDATE files SET filesize = filesize * 2 WHERE id <> %1").arg(f2)
    };
    QTest::newRow("update verified, NULL to true and back") << QStringList {
        QStringLiteral("UPDATE files SET verified = true WHERE verified IS NULL"),
        QStringLiteral("UPDATE files SET verified = NULL WHERE id = %1").arg(f1),
        QStringLiteral("UPDATE files SET verified = NOT verified")
    };
    QTest::newRow("move files to another client") << QStringList {
        QStringLiteral("UPDATE files SET clientid = %1 WHERE clientid = %2").arg(c1, c2), newClient,
        QStringLiteral("UPDATE files SET clientid = %1, filesize = 1, verified "
                       "= true WHERE id = %2")
                .arg(c4, f1)
    };
    QTest::newRow("update that changes nothing counted")
            << QStringList { QStringLiteral("UPDATE files SET filename = filename || '.bak', "
                                            "filesize = filesize, verified = verified") };
    QTest::newRow("upsert that replaces (other client, size, verified)") << QStringList {
        newClient,
        QStringLiteral("INSERT INTO files (id, filename, pathname, verified, "
                       "filesize, clientid) VALUES (%1, 'r', '/r', true, 99, %2), "
                       "(%3, 'new', '/new', false, 3, %2) "
                       "ON CONFLICT (id) DO UPDATE SET filename = EXCLUDED.filename, "
                       "verified = EXCLUDED.verified, filesize = EXCLUDED.filesize, "
                       "clientid = EXCLUDED.clientid")
                .arg(f1, c4, f50)
    };
    QTest::newRow("upsert that does nothing")
            << QStringList { QStringLiteral("INSERT INTO files (id, filename, pathname, filesize, "
                                            "clientid) VALUES (%1, 'x', '/x', 5, %2) ON CONFLICT "
                                            "DO NOTHING")
                                     .arg(f1, c2) };
    QTest::newRow("client upsert (the server re-saves clients)")
            << QStringList { QStringLiteral("INSERT INTO clients (id, name, lastseen) VALUES "
                                            "(%1, 'client-1', now()) ON CONFLICT (id) DO UPDATE "
                                            "SET lastseen = EXCLUDED.lastseen")
                                     .arg(c1),
                             newClient };
    QTest::newRow("client delete cascades")
            << QStringList { QStringLiteral("DELETE FROM clients WHERE id = %1").arg(c2) };
    QTest::newRow("TRUNCATE files")
            << QStringList { QStringLiteral("TRUNCATE files"),
                             QStringLiteral("INSERT INTO files (id, filename, pathname, filesize, "
                                            "verified, clientid) VALUES (%1, 'after', '/after', 8, "
                                            "true, %2)")
                                     .arg(f50, c1) };
    QTest::newRow("TRUNCATE clients CASCADE")
            << QStringList { QStringLiteral("TRUNCATE clients CASCADE"), newClient };
    QTest::newRow("rolled back") << QStringList { QStringLiteral("BEGIN"),
                                                  QStringLiteral("DELETE FROM files"),
                                                  QStringLiteral("UPDATE files SET filesize = 0"),
                                                  QStringLiteral("ROLLBACK") };
}

void tst_PgTriggers::countersEqualAggregates()
{
    QFETCH(QStringList, statements);
    QSqlDatabase db = m_db.main();
    QVERIFY(pgSeed(db));
    const qint64 seededFiles
            = scalar(db, QStringLiteral("SELECT files FROM bdba_counters")).toLongLong();
    QCOMPARE(seededFiles, 12);
    for (const QString &statement : statements) {
        const QString error = execOrError(db, statement);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    const QString mismatch = pgCounterMismatch(db);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    // No row for a client without files, as in SQLite.
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM bdba_client_totals WHERE files = 0"))
                     .toInt(),
             0);
}

void tst_PgTriggers::blockedWriterAddsToTheCommittedCounters_data()
{
    QTest::addColumn<QString>("isolation");
    QTest::addColumn<int>("serializationFailures");
    // READ COMMITTED: the second writer waits for the row lock, then adds to the committed row.
    QTest::newRow("read committed") << "READ COMMITTED" << 0;
    // REPEATABLE READ: it cannot see the committed row, fails with 40001 and is retried.
    QTest::newRow("repeatable read") << "REPEATABLE READ" << 1;
    QTest::newRow("serializable") << "SERIALIZABLE" << 1;
}

// Two transactions interleaved on purpose: A holds the counter row, B is seen waiting for it
// (pg_stat_activity), A commits, B finishes. Both files are counted.
void tst_PgTriggers::blockedWriterAddsToTheCommittedCounters()
{
    QFETCH(QString, isolation);
    QFETCH(int, serializationFailures);
    QSqlDatabase db = m_db.main();
    QVERIFY(pgSeed(db));

    QSemaphore aHoldsTheRow;
    QSemaphore aMayCommit;
    QSemaphore bMayStart;
    std::atomic<int> bPid { 0 };
    std::atomic<int> failures { 0 };
    QString aError;
    QString bError;
    // Not prepared: a prepared statement's DEALLOCATE would fail inside the aborted transaction.
    auto insertFile = [](QSqlDatabase conn, int file, qint64 size) {
        QSqlQuery q(conn);
        const bool ok
                = q.exec(QStringLiteral("INSERT INTO files (id, filename, pathname, verified, "
                                        "filesize, clientid) VALUES (%1, 'w', '/w', true, "
                                        "%2, %3)")
                                 .arg(byteaLiteral(pgFileId(file)))
                                 .arg(size)
                                 .arg(byteaLiteral(pgClientId(1))));
        return ok ? QString() : q.lastError().nativeErrorCode() + u' ' + q.lastError().text();
    };

    std::unique_ptr<QThread> a(QThread::create([&] {
        const QString name = QStringLiteral("writer-a");
        {
            QSqlDatabase conn = m_db.open(name);
            aError = execOrError(conn, QStringLiteral("BEGIN ISOLATION LEVEL %1").arg(isolation));
            if (aError.isEmpty())
                aError = insertFile(conn, 100, 1000);
            aHoldsTheRow.release();
            aMayCommit.acquire();
            if (aError.isEmpty())
                aError = execOrError(conn, QStringLiteral("COMMIT"));
        }
        test::closeConnection(name);
    }));
    std::unique_ptr<QThread> b(QThread::create([&] {
        const QString name = QStringLiteral("writer-b");
        {
            QSqlDatabase conn = m_db.open(name);
            bPid = scalar(conn, QStringLiteral("SELECT pg_backend_pid()")).toInt();
            bMayStart.acquire();
            for (int attempt = 0; attempt < 5; ++attempt) {
                bError = execOrError(conn,
                                     QStringLiteral("BEGIN ISOLATION LEVEL %1").arg(isolation));
                if (!bError.isEmpty())
                    break;
                bError = insertFile(conn, 101, 500);
                if (bError.startsWith(QLatin1String("40001"))) {
                    ++failures;
                    execOrError(conn, QStringLiteral("ROLLBACK"));
                    continue;
                }
                if (bError.isEmpty())
                    bError = execOrError(conn, QStringLiteral("COMMIT"));
                break;
            }
        }
        test::closeConnection(name);
    }));
    a->start();
    QVERIFY(aHoldsTheRow.tryAcquire(1, 30000));
    b->start();
    QTRY_VERIFY_WITH_TIMEOUT(bPid.load() != 0, 30000);
    bMayStart.release();
    QSqlQuery waiting(db);
    waiting.prepare(QStringLiteral("SELECT wait_event_type FROM pg_stat_activity WHERE pid = ?"));
    waiting.addBindValue(bPid.load());
    QTRY_VERIFY_WITH_TIMEOUT(waiting.exec() && waiting.next()
                                     && waiting.value(0).toString() == QLatin1String("Lock"),
                             30000);
    aMayCommit.release();
    QVERIFY(a->wait(30000));
    QVERIFY(b->wait(30000));
    QVERIFY2(aError.isEmpty(), qPrintable(aError));
    QVERIFY2(bError.isEmpty(), qPrintable(bError));
    QCOMPARE(failures.load(), serializationFailures);
    QCOMPARE(scalar(db, QStringLiteral("SELECT files FROM bdba_counters")).toLongLong(), 14);
    QCOMPARE(scalar(db,
                    QStringLiteral("SELECT total_size - (SELECT SUM(filesize) FROM files WHERE "
                                   "filename <> 'w') FROM bdba_counters"))
                     .toLongLong(),
             1500);
    const QString mismatch = pgCounterMismatch(db);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void tst_PgTriggers::concurrentWritersKeepCountersExact_data()
{
    QTest::addColumn<QString>("isolation");
    QTest::addColumn<int>("transactions");
    QTest::newRow("read committed, 2 x 150") << "READ COMMITTED" << 150;
    QTest::newRow("repeatable read with retries, 2 x 100") << "REPEATABLE READ" << 100;
}

// Two writers at full speed, each on its own files but the same clients (and so the same rows
// of bdba_client_totals): inserts, size, verified and client changes, deletes. A transaction
// refused for serialization or a deadlock is retried, as a real writer must.
void tst_PgTriggers::concurrentWritersKeepCountersExact()
{
    QFETCH(QString, isolation);
    QFETCH(int, transactions);
    QSqlDatabase db = m_db.main();
    QVERIFY(pgSeed(db));

    struct Writer
    {
        QString error;
        int committed = 0;
        int retried = 0;
    };
    Writer writers[2];
    auto work = [&](int index) {
        Writer &w = writers[index];
        const QString name = QStringLiteral("stress-%1").arg(index);
        {
            QSqlDatabase conn = m_db.open(name);
            QRandomGenerator random(quint32(1000 + index));
            QList<int> mine;
            int next = 1000 * (index + 1);
            for (int t = 0; t < transactions && w.error.isEmpty(); ++t) {
                QStringList statements;
                QList<int> added;
                for (int i = 0; i < 3; ++i) {
                    const int file = next + int(added.size());
                    added << file;
                    statements << QStringLiteral("INSERT INTO files (id, filename, pathname, "
                                                 "verified, filesize, clientid) VALUES (%1, 'w', "
                                                 "'/w', %2, %3, %4)")
                                          .arg(byteaLiteral(pgFileId(file)),
                                               random.bounded(2) ? QStringLiteral("true")
                                                                 : QStringLiteral("false"))
                                          .arg(random.bounded(100000))
                                          .arg(byteaLiteral(pgClientId(1 + random.bounded(3))));
                }
                QList<int> removed;
                if (!mine.isEmpty()) {
                    const int some = mine[random.bounded(int(mine.size()))];
                    statements << QStringLiteral("UPDATE files SET filesize = %1, verified = NOT "
                                                 "verified, clientid = %2 WHERE id = %3")
                                          .arg(random.bounded(100000))
                                          .arg(byteaLiteral(pgClientId(1 + random.bounded(3))),
                                               byteaLiteral(pgFileId(some)));
                    const int gone = mine[random.bounded(int(mine.size()))];
                    statements << QStringLiteral("DELETE FROM files WHERE id = %1")
                                          .arg(byteaLiteral(pgFileId(gone)));
                    removed << gone;
                }
                for (int attempt = 0;; ++attempt) {
                    QString error = execOrError(
                            conn, QStringLiteral("BEGIN ISOLATION LEVEL %1").arg(isolation));
                    QString state;
                    for (const QString &s : std::as_const(statements)) {
                        if (!error.isEmpty())
                            break;
                        QSqlQuery q(conn);
                        if (!q.exec(s)) {
                            state = q.lastError().nativeErrorCode();
                            error = s + u' ' + q.lastError().text();
                        }
                    }
                    if (error.isEmpty())
                        error = execOrError(conn, QStringLiteral("COMMIT"));
                    if (error.isEmpty()) {
                        ++w.committed;
                        break;
                    }
                    execOrError(conn, QStringLiteral("ROLLBACK"));
                    if ((state == QLatin1String("40001") || state == QLatin1String("40P01"))
                        && attempt < 1000) {
                        // A writer that retried at once would find the other one holding the
                        // counter row again and lose every time: back off a random while.
                        ++w.retried;
                        QThread::usleep(random.bounded(200, 300 + 100 * qMin(attempt, 20)));
                        continue;
                    }
                    w.error = error;
                    break;
                }
                next += int(added.size());
                mine += added;
                for (int gone : removed)
                    mine.removeAll(gone);
            }
        }
        test::closeConnection(name);
    };
    std::unique_ptr<QThread> first(QThread::create(work, 0));
    std::unique_ptr<QThread> second(QThread::create(work, 1));
    first->start();
    second->start();
    QVERIFY(first->wait(120000));
    QVERIFY(second->wait(120000));
    for (const Writer &w : writers) {
        QVERIFY2(w.error.isEmpty(), qPrintable(w.error));
        QCOMPARE(w.committed, transactions);
    }
    qInfo("%s: %d and %d retried transactions", qPrintable(isolation), writers[0].retried,
          writers[1].retried);
    QVERIFY(scalar(db, QStringLiteral("SELECT files FROM bdba_counters")).toLongLong() > 12);
    const QString mismatch = pgCounterMismatch(db);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

// --- audit -------------------------------------------------------------------------------

void tst_PgTriggers::auditRecordsWithoutTheKey_data()
{
    QTest::addColumn<QString>("statement");
    QTest::addColumn<bool>("ourConnection");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("table");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("detailsKey");
    QTest::addColumn<QString>("detailsValue"); // the JSON of details->detailsKey
    const QString c1 = byteaLiteral(pgClientId(1));
    const QString f1 = byteaLiteral(pgFileId(1));
    const QString newKey = byteaLiteral(pgAesKey(200));
    // client 1 owns files 3, 6, 9, 12 (1 + f % 3 == 1).
    QTest::newRow("AES key changed")
            << QStringLiteral("UPDATE clients SET aeskey = %1 WHERE id = %2").arg(newKey, c1)
            << true << "UPDATE"
            << "clients" << 1 << "AESKey"
            << "\"changed\"";
    QTest::newRow("AES key changed by another program")
            << QStringLiteral("UPDATE clients SET aeskey = %1 WHERE id = %2").arg(newKey, c1)
            << false << "UPDATE"
            << "clients" << 1 << "AESKey"
            << "\"changed\"";
    QTest::newRow("client delete: its row")
            << QStringLiteral("DELETE FROM clients WHERE id = %1").arg(c1) << true << "DELETE"
            << "clients" << 1 << "AESKey"
            << "32";
    QTest::newRow("client delete: the cascade")
            << QStringLiteral("DELETE FROM clients WHERE id = %1").arg(c1) << true << "DELETE"
            << "files" << 4 << "ClientID"
            << QStringLiteral("\"%1\"").arg(QString::fromLatin1(pgClientId(1).toHex().toUpper()));
    QTest::newRow("file size update")
            << QStringLiteral("UPDATE files SET filesize = 5 WHERE id = %1").arg(f1) << true
            << "UPDATE"
            << "files" << 1 << "FileSize"
            << "[1000003, 5]";
    QTest::newRow("file verified update")
            << QStringLiteral("UPDATE files SET verified = true WHERE id = %1").arg(f1) << true
            << "UPDATE"
            << "files" << 1 << "Verified"
            << "[false, true]";
    QTest::newRow("file delete") << QStringLiteral("DELETE FROM files WHERE id = %1").arg(f1)
                                 << false << "DELETE"
                                 << "files" << 1 << "FileSize"
                                 << "1000003";
    QTest::newRow("file upsert is an update")
            << QStringLiteral("INSERT INTO files (id, filename, pathname, clientid) VALUES (%1, "
                              "'up', '/up', %2) ON CONFLICT (id) DO UPDATE SET filename = "
                              "EXCLUDED.filename")
                       .arg(f1, c1)
            << true << "UPDATE"
            << "files" << 1 << "FileName"
            << "[\"file-1\", \"up\"]";
    QTest::newRow("TRUNCATE clients")
            << QStringLiteral("TRUNCATE clients CASCADE") << true << "TRUNCATE"
            << "clients" << 1 << "rows"
            << "3";
    QTest::newRow("TRUNCATE files (by the cascade)")
            << QStringLiteral("TRUNCATE clients CASCADE") << true << "TRUNCATE"
            << "files" << 1 << "rows"
            << "12";
}

void tst_PgTriggers::auditRecordsWithoutTheKey()
{
    QFETCH(QString, statement);
    QFETCH(bool, ourConnection);
    QFETCH(QString, action);
    QFETCH(QString, table);
    QFETCH(int, rows);
    QFETCH(QString, detailsKey);
    QFETCH(QString, detailsValue);
    QSqlDatabase db = m_db.main();
    QVERIFY(pgSeed(db));
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM bdba_audit")).toInt(), 0);

    const QString other = QStringLiteral("other-program");
    // After the block below: its handles must be gone first.
    const auto closer = qScopeGuard([&] { test::closeConnection(other); });
    {
        QSqlDatabase writer = ourConnection ? db : m_db.open(other, QString());
        QVERIFY(writer.isOpen());
        const QString error = execOrError(writer, statement);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT os_user, db_user, row_id, details FROM bdba_audit "
                             "WHERE action = ? AND table_name = ? ORDER BY id"));
    q.addBindValue(action);
    q.addBindValue(table);
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    int found = 0;
    while (q.next()) {
        ++found;
        if (ourConnection)
            QCOMPARE(q.value(0).toString(), PgTestDatabase::osUser());
        else
            QVERIFY(q.value(0).isNull());
        QCOMPARE(q.value(1).toString(), m_db.cluster().user());
        if (action != QLatin1String("TRUNCATE")) {
            const QString rowId = q.value(2).toString();
            QCOMPARE(rowId.size(), 32);
            QCOMPARE(rowId, rowId.toUpper());
        }
        const QJsonObject details = QJsonDocument::fromJson(q.value(3).toByteArray()).object();
        QVERIFY2(details.contains(detailsKey), q.value(3).toByteArray().constData());
        const QJsonValue value = details.value(detailsKey);
        const QByteArray json = value.isArray()
                ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                : QJsonDocument(QJsonArray { value })
                          .toJson(QJsonDocument::Compact)
                          .mid(1)
                          .chopped(1);
        QCOMPARE(QString::fromUtf8(json).remove(u' '), detailsValue.remove(u' '));
    }
    QCOMPARE(found, rows);

    // No AES key anywhere in the log: the raw text of every row, in hex of either case.
    const QString everything
            = scalar(db,
                     QStringLiteral(
                             "SELECT COALESCE(string_agg(concat_ws('|', id, at, os_user, db_user, "
                             "action, "
                             "table_name, row_id, details::text), E'\\n'), '') FROM bdba_audit"))
                      .toString();
    QVERIFY(!everything.isEmpty());
    for (int seedKey : { 1, 2, 3, 200 }) {
        const QString hex = QString::fromLatin1(pgAesKey(quint8(seedKey)).toHex());
        QVERIFY2(!everything.contains(hex, Qt::CaseInsensitive), qPrintable(everything));
        // Any 16-hex-digit window of it, too.
        for (int i = 0; i + 16 <= hex.size(); i += 8)
            QVERIFY2(!everything.contains(hex.mid(i, 16), Qt::CaseInsensitive),
                     qPrintable(everything));
    }
}
QTEST_GUILESS_MAIN(tst_PgTriggers)
#include "tst_pgtriggers.moc"
