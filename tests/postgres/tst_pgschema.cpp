// The PostgreSQL schema (resources/sql/postgres) on the throw-away cluster of the CTest fixture
// pg_cluster, a fresh database per test: migrations run once and in order and record the last
// one; the server's types map as the README says (16-byte IDs, timestamptz with the text kept
// when unparsed, boolean, bigint, the 8 indexes); long statements fit the query statistics; each
// database has its own identity; amcheck finds the indexes sound.
#include "pgmigrations.h"
#include "pgtestdata.h"
#include "pgtestdatabase.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace backupdb;
using namespace backupdb::test;

class tst_PgSchema : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void migrationsAreNumberedInOrder();
    void schemaVersionHoldsLastMigration();
    void reapplyingAMigrationIsRefused_data();
    void reapplyingAMigrationIsRefused();
    void runnerIsANoOpOnACurrentSchema();
    void migrationOutOfOrderIsRefused();
    void scriptFailingLateIsReportedAndRolledBack();
    void columnTypes_data();
    void columnTypes();
    void indexes_data();
    void indexes();
    void idLengthIsChecked_data();
    void idLengthIsChecked();
    void datesKeepTheirUnparsedText_data();
    void datesKeepTheirUnparsedText();
    void queryStatsTakeLongStatements();
    void identityIsRandomPerDatabase();
    void amcheckFindsTheIndexesSound();

private:
    PgTestDatabase m_db;
};

void tst_PgSchema::initTestCase()
{
    QString error;
    QVERIFY2(m_db.start(&error), qPrintable(error));
}

void tst_PgSchema::init()
{
    QString error;
    QVERIFY2(m_db.createMigrated(&error), qPrintable(error));
}

void tst_PgSchema::cleanup()
{
    m_db.drop();
}

void tst_PgSchema::cleanupTestCase()
{
    m_db.stop();
}

// --- migrations --------------------------------------------------------------------------

void tst_PgSchema::migrationsAreNumberedInOrder()
{
    const QList<test::PgMigration> migrations = test::pgMigrations();
    for (int i = 0; i < migrations.size(); ++i) {
        const test::PgMigration &m = migrations[i];
        QCOMPARE(m.version, i + 1);
        // Each one guards itself (and records itself) before it changes anything.
        const QString guard = QStringLiteral("bdba_begin_migration(%1,").arg(m.version);
        QVERIFY2(m.sql.contains(guard), qPrintable(m.fileName + QStringLiteral(" lacks ") + guard));
    }
}

void tst_PgSchema::schemaVersionHoldsLastMigration()
{
    QSqlDatabase db = m_db.main();
    const int last = test::pgMigrations().last().version;
    QCOMPARE(test::pgSchemaVersion(db), last);
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM bdba_schema_version")).toInt(), last);
    QCOMPARE(scalar(db,
                    QStringLiteral("SELECT COUNT(*) FROM bdba_schema_version WHERE "
                                   "description = '' OR applied_at IS NULL"))
                     .toInt(),
             0);
}

void tst_PgSchema::reapplyingAMigrationIsRefused_data()
{
    QTest::addColumn<int>("index");
    const QList<test::PgMigration> migrations = test::pgMigrations();
    for (int i = 0; i < migrations.size(); ++i)
        QTest::newRow(qPrintable(migrations[i].fileName)) << i;
}

void tst_PgSchema::reapplyingAMigrationIsRefused()
{
    QFETCH(int, index);
    QSqlDatabase db = m_db.main();
    QVERIFY(pgSeed(db));
    const QString before = pgCounterMismatch(db);
    QVERIFY2(before.isEmpty(), qPrintable(before));
    const test::PgMigration m = test::pgMigrations().at(index);
    const test::PgScriptResult again = test::execPgScript(db, m.sql);
    QVERIFY2(!again.ok, "a migration applied a second time was accepted");
    QVERIFY2(again.message.contains(
                     QStringLiteral("migration %1 is already applied").arg(m.version)),
             qPrintable(again.message));
    // Refused as a whole: nothing recorded, nothing reset.
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM bdba_schema_version")).toInt(),
             test::pgMigrations().size());
    QCOMPARE(scalar(db, QStringLiteral("SELECT files FROM bdba_counters")).toInt(), 12);
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM bdba_identity")).toInt(), 1);
}

void tst_PgSchema::runnerIsANoOpOnACurrentSchema()
{
    QSqlDatabase db = m_db.main();
    const QVariant identity = scalar(db, QStringLiteral("SELECT database_id FROM bdba_identity"));
    int applied = -1;
    const test::PgScriptResult outcome = test::applyPendingPgMigrations(db, &applied);
    QVERIFY2(outcome.ok, qPrintable(outcome.message));
    QCOMPARE(applied, 0);
    QCOMPARE(scalar(db, QStringLiteral("SELECT database_id FROM bdba_identity")), identity);
}

void tst_PgSchema::migrationOutOfOrderIsRefused()
{
    QString error;
    const QString name = m_db.createEmpty(&error);
    QVERIFY2(!name.isEmpty(), qPrintable(error));
    const QString connection = QStringLiteral("outoforder");
    // After the block below: its handles must be gone first.
    const auto closer = qScopeGuard([&] { test::closeConnection(connection); });
    {
        QSqlDatabase db = m_db.open(connection, PgTestDatabase::osUser(), name);
        QVERIFY(db.isOpen());
        const QList<test::PgMigration> migrations = test::pgMigrations();
        QVERIFY(migrations.size() >= 3);
        // Before migration 1 nothing can be applied; after it, not migration 3 without 2.
        test::PgScriptResult early = test::execPgScript(db, migrations[2].sql);
        QVERIFY(!early.ok);
        QVERIFY(test::execPgScript(db, migrations[0].sql).ok);
        early = test::execPgScript(db, migrations[2].sql);
        QVERIFY(!early.ok);
        QVERIFY2(early.message.contains(QStringLiteral("migration 3 needs schema version 2")),
                 qPrintable(early.message));
        QCOMPARE(test::pgSchemaVersion(db), 1);
        QVERIFY(scalar(db, QStringLiteral("SELECT to_regclass('bdba_query_stats') IS NULL"))
                        .toBool());
    }
}

// What the runner relies on (QSqlQuery::exec of the same script returns true).
void tst_PgSchema::scriptFailingLateIsReportedAndRolledBack()
{
    QSqlDatabase db = m_db.main();
    const PgScriptResult outcome = execPgScript(
            db,
            QStringLiteral("CREATE TABLE bdba_probe (x integer); INSERT INTO bdba_probe VALUES "
                           "(1); SELECT no_such_function();"));
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.sqlState, QStringLiteral("42883")); // undefined_function
    QVERIFY2(outcome.message.contains(QStringLiteral("no_such_function")),
             qPrintable(outcome.message));
    QVERIFY(scalar(db, QStringLiteral("SELECT to_regclass('bdba_probe') IS NULL")).toBool());
    // The connection is usable afterwards (no transaction left open).
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM bdba_schema_version")).toInt(),
             pgMigrations().size());
}

// --- the schema --------------------------------------------------------------------------

void tst_PgSchema::columnTypes_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("nullable");
    const QString bytea = QStringLiteral("bytea");
    const QString text = QStringLiteral("text");
    const QString tz = QStringLiteral("timestamp with time zone");
    const QString bigint = QStringLiteral("bigint");
    struct Row
    {
        const char *table;
        const char *column;
        QString type;
        bool nullable;
    };
    const Row rows[] = {
        { "clients", "id", bytea, false },
        { "clients", "name", text, false },
        { "clients", "publickey", bytea, true },
        { "clients", "lastseen", tz, true },
        { "clients", "lastseen_unparsed", text, true },
        { "clients", "aeskey", bytea, true },
        { "files", "id", bytea, false },
        { "files", "filename", text, false },
        { "files", "pathname", text, false },
        { "files", "verified", QStringLiteral("boolean"), true },
        { "files", "filesize", bigint, true },
        { "files", "modificationdate", tz, true },
        { "files", "modificationdate_unparsed", text, true },
        { "files", "crc", bigint, true },
        { "files", "clientid", bytea, false },
        { "bdba_counters", "total_size", bigint, false },
        { "bdba_client_totals", "client_id", bytea, false },
        { "bdba_audit", "at", tz, false },
        { "bdba_audit", "os_user", text, true },
        { "bdba_audit", "details", QStringLiteral("jsonb"), true },
        { "bdba_query_stats", "last_at", tz, false },
        { "bdba_slow_queries", "at", tz, false },
        { "bdba_metrics_history", "at", tz, false },
        { "bdba_maintenance_history", "details", QStringLiteral("jsonb"), false },
        { "bdba_identity", "database_id", text, false },
        { "bdba_schema_version", "applied_at", tz, false },
    };
    for (const Row &r : rows)
        QTest::addRow("%s.%s", r.table, r.column)
                << QString::fromLatin1(r.table) << QString::fromLatin1(r.column) << r.type
                << r.nullable;
}

void tst_PgSchema::columnTypes()
{
    QFETCH(QString, table);
    QFETCH(QString, column);
    QFETCH(QString, type);
    QFETCH(bool, nullable);
    QSqlQuery q(m_db.main());
    q.prepare(QStringLiteral("SELECT data_type, is_nullable FROM information_schema.columns "
                             "WHERE table_schema = current_schema() AND table_name = ? AND "
                             "column_name = ?"));
    q.addBindValue(table);
    q.addBindValue(column);
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    QVERIFY2(q.next(), "no such column");
    QCOMPARE(q.value(0).toString(), type);
    QCOMPARE(q.value(1).toString() == QLatin1String("YES"), nullable);
}

void tst_PgSchema::indexes_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("columns");
    QTest::newRow("clients(name), UNIQUE") << "clients"
                                           << "name";
    QTest::newRow("clients(lastseen)") << "clients"
                                       << "lastseen";
    QTest::newRow("files(clientid)") << "files"
                                     << "clientid";
    QTest::newRow("files(filename)") << "files"
                                     << "filename";
    QTest::newRow("files(clientid, filename)") << "files"
                                               << "clientid, filename";
    QTest::newRow("files(verified)") << "files"
                                     << "verified";
    QTest::newRow("files(modificationdate)") << "files"
                                             << "modificationdate";
    QTest::newRow("files(filesize)") << "files"
                                     << "filesize";
    QTest::newRow("clients(id), the key") << "clients"
                                          << "id";
    QTest::newRow("files(id), the key") << "files"
                                        << "id";
}

void tst_PgSchema::indexes()
{
    QFETCH(QString, table);
    QFETCH(QString, columns);
    QSqlQuery q(m_db.main());
    // A full B-tree index on exactly these columns, in this order.
    q.prepare(QStringLiteral(
            "SELECT COUNT(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
            "JOIN pg_am am ON am.oid = (SELECT relam FROM pg_class WHERE oid = i.indexrelid) "
            "WHERE t.relname = ? AND am.amname = 'btree' AND i.indpred IS NULL AND "
            "(SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(i.indkey) WITH "
            "ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = "
            "k.attnum) = ?"));
    q.addBindValue(table);
    q.addBindValue(columns);
    QVERIFY2(q.exec() && q.next(), qPrintable(q.lastError().text()));
    QCOMPARE(q.value(0).toInt(), 1);
}

void tst_PgSchema::idLengthIsChecked_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<int>("length");
    QTest::addColumn<bool>("accepted");
    for (const char *table : { "clients", "files" }) {
        for (int length : { 0, 15, 16, 17, 32 })
            QTest::addRow("%s, %d bytes", table, length)
                    << QString::fromLatin1(table) << length << (length == 16);
    }
}

void tst_PgSchema::idLengthIsChecked()
{
    QFETCH(QString, table);
    QFETCH(int, length);
    QFETCH(bool, accepted);
    QSqlDatabase db = m_db.main();
    QVERIFY(pgSeed(db));
    const QByteArray id(length, '\x7e');
    QSqlQuery q(db);
    if (table == QLatin1String("clients")) {
        q.prepare(QStringLiteral(
                "INSERT INTO clients (id, name, lastseen) VALUES (?, 'new', now())"));
        q.addBindValue(id);
    } else {
        q.prepare(QStringLiteral("INSERT INTO files (id, filename, pathname, clientid) "
                                 "VALUES (?, 'f', '/p', ?)"));
        q.addBindValue(id);
        q.addBindValue(pgClientId(1));
    }
    const bool ok = q.exec();
    QVERIFY2(ok == accepted, qPrintable(q.lastError().text()));
    if (!accepted) {
        QCOMPARE(q.lastError().nativeErrorCode(), QStringLiteral("23514")); // check_violation
        QVERIFY2(q.lastError().text().contains(table + QStringLiteral("_id_16_bytes")),
                 qPrintable(q.lastError().text()));
    } else {
        // Read back as the same 16 raw bytes.
        QSqlQuery back(db);
        back.prepare(QStringLiteral("SELECT id FROM %1 WHERE id = ?").arg(table));
        back.addBindValue(id);
        QVERIFY(back.exec() && back.next());
        QCOMPARE(back.value(0).toByteArray(), id);
    }
    const QString mismatch = pgCounterMismatch(db);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void tst_PgSchema::datesKeepTheirUnparsedText_data()
{
    QTest::addColumn<QString>("lastSeen"); // SQL expression
    QTest::addColumn<QString>("unparsed"); // SQL expression
    QTest::addColumn<bool>("accepted");
    QTest::newRow("a date") << "'2025-01-10T12:00:00Z'"
                            << "NULL" << true;
    QTest::newRow("text the move could not read") << "NULL"
                                                  << "'yesterday-ish'" << true;
    QTest::newRow("neither (LastSeen is NOT NULL)") << "NULL"
                                                    << "NULL" << false;
    QTest::newRow("both") << "'2025-01-10T12:00:00Z'"
                          << "'2025-01-10'" << false;
}

void tst_PgSchema::datesKeepTheirUnparsedText()
{
    QFETCH(QString, lastSeen);
    QFETCH(QString, unparsed);
    QFETCH(bool, accepted);
    QSqlDatabase db = m_db.main();
    const QString insert = QStringLiteral("INSERT INTO clients (id, name, lastseen, "
                                          "lastseen_unparsed) VALUES (%1, 'c', %2, %3)")
                                   .arg(byteaLiteral(pgClientId(9)), lastSeen, unparsed);
    QSqlQuery q(db);
    QCOMPARE(q.exec(insert), accepted);
    if (!accepted) {
        QCOMPARE(q.lastError().nativeErrorCode(), QStringLiteral("23514"));
        return;
    }
    // The same rule for a file's ModificationDate, which may be NULL altogether.
    QVERIFY2(q.exec(QStringLiteral("INSERT INTO files (id, filename, pathname, modificationdate, "
                                   "modificationdate_unparsed, clientid) VALUES (%1, 'f', '/p', "
                                   "%2, %3, %4)")
                            .arg(byteaLiteral(pgFileId(9)), lastSeen, unparsed,
                                 byteaLiteral(pgClientId(9)))),
             qPrintable(q.lastError().text()));
    QVERIFY(!q.exec(QStringLiteral("UPDATE files SET modificationdate = now(), "
                                   "modificationdate_unparsed = 'x'")));
    QCOMPARE(q.lastError().nativeErrorCode(), QStringLiteral("23514"));
    // A deleted client's audit row shows the date either way.
    QVERIFY(q.exec(QStringLiteral("DELETE FROM clients")));
    const QString shown = scalar(db,
                                 QStringLiteral("SELECT details->>'LastSeen' FROM bdba_audit "
                                                "WHERE table_name = 'clients'"))
                                  .toString();
    QCOMPARE(shown,
             unparsed == QLatin1String("NULL") ? QStringLiteral("2025-01-10T12:00:00.000000Z")
                                               : QStringLiteral("yesterday-ish"));
}

// --- the other tables --------------------------------------------------------------------

void tst_PgSchema::queryStatsTakeLongStatements()
{
    QSqlDatabase db = m_db.main();
    // 20,000 characters that do not compress: as a B-tree key it would be refused.
    QString sql = QStringLiteral("SELECT 1 /*");
    QRandomGenerator random(7);
    while (sql.size() < 20000)
        sql += QString::number(random.generate64(), 36);
    sql += QStringLiteral("*/");
    QSqlQuery q(db);
    q.prepare(
            QStringLiteral("INSERT INTO bdba_query_stats (sql, calls, total_ms, max_ms, last_at) "
                           "VALUES (?, 1, ?, ?, now()) ON CONFLICT ((md5(sql))) DO UPDATE SET "
                           "calls = bdba_query_stats.calls + 1, total_ms = "
                           "bdba_query_stats.total_ms + EXCLUDED.total_ms, max_ms = "
                           "GREATEST(bdba_query_stats.max_ms, EXCLUDED.max_ms), last_at = now()"));
    for (double ms : { 2.5, 4.0 }) {
        q.addBindValue(sql);
        q.addBindValue(ms);
        q.addBindValue(ms);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }
    QCOMPARE(scalar(db, QStringLiteral("SELECT calls FROM bdba_query_stats")).toInt(), 2);
    QCOMPARE(scalar(db, QStringLiteral("SELECT total_ms FROM bdba_query_stats")).toDouble(), 6.5);
    QCOMPARE(scalar(db, QStringLiteral("SELECT length(sql) FROM bdba_query_stats")).toInt(),
             int(sql.size()));
}

void tst_PgSchema::identityIsRandomPerDatabase()
{
    QSqlDatabase db = m_db.main();
    const QString mine
            = scalar(db, QStringLiteral("SELECT database_id FROM bdba_identity")).toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$")).match(mine).hasMatch(),
             qPrintable(mine));
    QVERIFY(!QSqlQuery(db).exec(QStringLiteral("INSERT INTO bdba_identity (id, database_id) "
                                               "VALUES (2, '00000000000000000000000000000000')")));

    QString error;
    const QString name = m_db.createEmpty(&error);
    QVERIFY2(!name.isEmpty(), qPrintable(error));
    const QString connection = QStringLiteral("second");
    // After the block below: its handles must be gone first.
    const auto closer = qScopeGuard([&] { test::closeConnection(connection); });
    QString other;
    {
        QSqlDatabase second = m_db.open(connection, PgTestDatabase::osUser(), name);
        QVERIFY(second.isOpen());
        int applied = 0;
        QVERIFY(test::applyPendingPgMigrations(second, &applied).ok);
        other = scalar(second, QStringLiteral("SELECT database_id FROM bdba_identity")).toString();
    }
    QCOMPARE(other.size(), 32);
    QVERIFY(other != mine);
}

// amcheck (postgresql-contrib): the B-tree indexes of the server's tables after writes of every
// kind, checked with their parent-child relations and against the table (heapallindexed).
void tst_PgSchema::amcheckFindsTheIndexesSound()
{
    QSqlDatabase db = m_db.main();
    QVERIFY2(scalar(db,
                    QStringLiteral("SELECT COUNT(*) FROM pg_available_extensions WHERE name = "
                                   "'amcheck'"))
                             .toInt()
                     == 1,
             "amcheck is not installed (Debian: postgresql-contrib)");
    QString error = execOrError(db, QStringLiteral("CREATE EXTENSION amcheck"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(pgSeed(db));
    error = execOrError(db,
                        QStringLiteral("UPDATE files SET filesize = filesize + 1, filename = "
                                       "filename || 'x' WHERE verified"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = execOrError(db, QStringLiteral("DELETE FROM clients WHERE name = 'client-2'"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QSqlQuery q(db);
    QVERIFY2(q.exec(QStringLiteral(
                     "SELECT c.relname, bt_index_parent_check(c.oid, true) IS NULL FROM pg_index i "
                     "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = "
                     "i.indrelid WHERE t.relname IN ('clients', 'files', 'bdba_client_totals')")),
             qPrintable(q.lastError().text()));
    int checked = 0;
    while (q.next())
        ++checked;
    QVERIFY2(!q.lastError().isValid(), qPrintable(q.lastError().text()));
    // 2 keys + the 8 indexes (name's UNIQUE among them) + the totals' key + the 2 row keys.
    QCOMPARE(checked, 13);
}
QTEST_GUILESS_MAIN(tst_PgSchema)
#include "tst_pgschema.moc"
