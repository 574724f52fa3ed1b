// The PostgreSQL maintenance of core/pg on the throw-away cluster of the CTest fixture
// pg_cluster, a fresh database per test: SQLSTATEs map to the core's error kinds (from a table
// and from the server's own errors); the integrity check finds planted orphans once and a
// malformed ID, nothing on a clean database, and says when amcheck could not run; size figures
// and dead tuples after deletes; the sessions list holds the test's connections; a statement
// timeout and a cancel from another thread stop pg_sleep; backup → verify → change → restore
// gives back the dump's rows, and a truncated dump fails verification.
#include "pgtestdata.h"
#include "pgtestdatabase.h"

#include "pg/pgbackup.h"
#include "pg/pgconnection.h"
#include "pg/pgdeadline.h"
#include "pg/pgerrors.h"
#include "pg/pgintegrity.h"
#include "pg/pgsize.h"
#include "pg/pgtool.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <future>

using namespace backupdb;
using namespace backupdb::pg;
using namespace backupdb::test;
using Kind = DbError::Kind;

Q_DECLARE_METATYPE(backupdb::DbError::Kind)

class tst_PgMaintenance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void sqlStateKinds_data();
    void sqlStateKinds();
    void serverErrorKinds_data();
    void serverErrorKinds();
    void errorsCarryNoRowData();
    void lockNotAvailableIsBusy();
    void connectionFailureIsCannotOpen();
    void passwordStaysOutOfTheToolsArguments();

    void integrityCleanDatabaseHasNoFindings();
    void integrityCountsOrphansOnce();
    void integrityFindsMalformedId();
    void amcheckSkippedWithoutTheRight();

    void sizeFiguresArePlausible();
    void deadTuplesAfterDeletes();
    void sessionsListTheTestsConnections();

    void statementTimeoutCancelsTheStatement();
    void cancelFromAnotherThread();

    void backupVerifyRestoreGivesTheDumpsRows();
    void truncatedDumpFailsVerification();
    void cancelledBackupLeavesNoFile();
    void backupIsOneSnapshotWhileTheServerWrites();
    void verifyComparesTheRecordedCounts();
    void verifyByARoleThatMayCreateDatabases();
    void passwordIsNotOnPgDumpsCommandLine();
    void toolsAreFoundBesidePath();

private:
    QString conninfo(const QString &database = {}) const;
    bool insertFiles(int from, int count);

    PgTestDatabase m_db;
};

void tst_PgMaintenance::initTestCase()
{
    QString error;
    QVERIFY2(m_db.start(&error), qPrintable(error));
}

void tst_PgMaintenance::init()
{
    QString error;
    QVERIFY2(m_db.createMigrated(&error), qPrintable(error));
}

void tst_PgMaintenance::cleanup()
{
    m_db.drop();
}

void tst_PgMaintenance::cleanupTestCase()
{
    m_db.stop();
}

QString tst_PgMaintenance::conninfo(const QString &database) const
{
    const PgCluster &c = m_db.cluster();
    return QStringLiteral("host=%1 port=%2 user=%3 dbname=%4 application_name=tst_pgmaintenance")
            .arg(c.host())
            .arg(c.port())
            .arg(c.user(), database.isEmpty() ? m_db.name() : database);
}

// count files from `from` on, of client 1..3 in turn, 1000 bytes each.
bool tst_PgMaintenance::insertFiles(int from, int count)
{
    const QString error = execOrError(
            m_db.main(),
            QStringLiteral("INSERT INTO files (id, filename, pathname, verified, filesize, "
                           "clientid) SELECT '\\xf1'::bytea || int8send(n) || "
                           "'\\x00000000000000'::bytea, 'bulk-' || n, '/bulk/' || n, n %% 2 = 0, "
                           "1000, (SELECT id FROM clients ORDER BY id OFFSET (n %% 3) LIMIT 1) "
                           "FROM generate_series(%1, %2) AS n")
                    .replace(QLatin1String("%%"), QLatin1String("%"))
                    .arg(from)
                    .arg(from + count - 1));
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return error.isEmpty();
}

// --- errors ------------------------------------------------------------------------------

void tst_PgMaintenance::sqlStateKinds_data()
{
    QTest::addColumn<QString>("sqlState");
    QTest::addColumn<QString>("message");
    QTest::addColumn<Kind>("kind");

    QTest::newRow("unique") << "23505"
                            << "duplicate key value" << Kind::Constraint;
    QTest::newRow("foreign key") << "23503"
                                 << "violates foreign key" << Kind::Constraint;
    QTest::newRow("check") << "23514"
                           << "violates check constraint" << Kind::Constraint;
    QTest::newRow("not null") << "23502"
                              << "null value" << Kind::Constraint;
    QTest::newRow("serialization") << "40001"
                                   << "could not serialize" << Kind::Busy;
    QTest::newRow("deadlock") << "40P01"
                              << "deadlock detected" << Kind::Busy;
    QTest::newRow("lock not available") << "55P03"
                                        << "could not obtain lock" << Kind::Busy;
    QTest::newRow("timeout") << "57014"
                             << "canceling statement due to statement timeout" << Kind::Timeout;
    QTest::newRow("cancel") << "57014"
                            << "canceling statement due to user request" << Kind::Cancelled;
    QTest::newRow("connection failure") << "08006"
                                        << "connection failure" << Kind::CannotOpen;
    QTest::newRow("cannot connect") << "08001"
                                    << "could not connect" << Kind::CannotOpen;
    QTest::newRow("authentication") << "28P01"
                                    << "password authentication failed" << Kind::CannotOpen;
    QTest::newRow("no database") << "3D000"
                                 << "database does not exist" << Kind::CannotOpen;
    QTest::newRow("shutdown") << "57P01"
                              << "terminating connection" << Kind::CannotOpen;
    QTest::newRow("read only") << "25006"
                               << "read-only transaction" << Kind::ReadOnly;
    QTest::newRow("data corrupted") << "XX001"
                                    << "invalid page" << Kind::Corrupt;
    QTest::newRow("index corrupted") << "XX002"
                                     << "index is corrupt" << Kind::Corrupt;
    QTest::newRow("bad input") << "22P02"
                               << "invalid input syntax" << Kind::InvalidInput;
    QTest::newRow("disk full") << "53100"
                               << "could not extend file" << Kind::Io;
    QTest::newRow("undefined table") << "42P01"
                                     << "relation does not exist" << Kind::Sql;
    QTest::newRow("raise") << "P0001"
                           << "migration refused" << Kind::Sql;
    QTest::newRow("no code") << ""
                             << "something" << Kind::Sql;
}

void tst_PgMaintenance::sqlStateKinds()
{
    QFETCH(QString, sqlState);
    QFETCH(QString, message);
    QFETCH(Kind, kind);
    const DbError error = fromSqlState(sqlState, message);
    QVERIFY(error.isError());
    QCOMPARE(error.kind(), kind);
    // The native code is kept, and comes back as the same SQLSTATE.
    QCOMPARE(sqlStateOf(error), sqlState);
    QCOMPARE(unpackSqlState(packSqlState(sqlState)), sqlState);
    QVERIFY(error.message().contains(message));
    if (!sqlState.isEmpty())
        QVERIFY(error.message().contains(sqlState));
}

void tst_PgMaintenance::serverErrorKinds_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("sqlState");
    QTest::addColumn<Kind>("kind");

    const QString newFile = QStringLiteral(
            "INSERT INTO files (id, filename, pathname, clientid) VALUES (%1, 'x', '/x', %2)");
    QTest::newRow("unique")
            << QStringLiteral("INSERT INTO clients (id, name, lastseen) VALUES (%1, 'client-1', "
                              "now())")
                       .arg(byteaLiteral(pgClientId(99)))
            << "23505" << Kind::Constraint;
    QTest::newRow("foreign key") << newFile.arg(byteaLiteral(pgFileId(99)),
                                                byteaLiteral(pgClientId(98)))
                                 << "23503" << Kind::Constraint;
    QTest::newRow("check") << newFile.arg(byteaLiteral(QByteArray("abc")),
                                          byteaLiteral(pgClientId(1)))
                           << "23514" << Kind::Constraint;
    QTest::newRow("division by zero")
            << QStringLiteral("SELECT 1 / 0") << "22012" << Kind::InvalidInput;
    QTest::newRow("undefined table")
            << QStringLiteral("SELECT * FROM no_such_table") << "42P01" << Kind::Sql;
}

void tst_PgMaintenance::serverErrorKinds()
{
    QFETCH(QString, sql);
    QFETCH(QString, sqlState);
    QFETCH(Kind, kind);
    QVERIFY(pgSeed(m_db.main()));
    QSqlQuery q(m_db.main());
    QVERIFY2(!q.exec(sql), qPrintable(sql));
    const DbError error = fromSqlError(q.lastError(), QStringLiteral("test"));
    QCOMPARE(sqlStateOf(error), sqlState);
    QCOMPARE(error.kind(), kind);
    QVERIFY(error.message().startsWith(QLatin1String("test: [") + sqlState));
}

// The server's DETAIL can quote the whole failing row ("Failing row contains (...)"), a client's
// AES key among it: a DbError keeps the primary message (and a hint), never the row.
void tst_PgMaintenance::errorsCarryNoRowData()
{
    const QByteArray key = pgAesKey(77);
    QSqlQuery q(m_db.main());
    QVERIFY(!q.exec(QStringLiteral("INSERT INTO clients (id, name, lastseen, aeskey) VALUES "
                                   "(%1, 'short', now(), %2)")
                            .arg(byteaLiteral(QByteArray("\x01\x02", 2)), byteaLiteral(key))));
    // The key's first bytes as the server quotes them (QPSQL reads bytea escaped: \255\264...).
    QString quoted;
    for (int i = 0; i < 3; ++i)
        quoted += QStringLiteral("\\%1").arg(quint8(key[i]), 3, 8, QLatin1Char('0'));
    QVERIFY2(q.lastError().databaseText().contains(QLatin1String("Failing row contains"))
                     && q.lastError().databaseText().contains(quoted),
             qPrintable(q.lastError().databaseText() + QLatin1String(" / ") + quoted));
    const DbError error = fromSqlError(q.lastError());
    QCOMPARE(error.kind(), Kind::Constraint);
    QVERIFY2(error.message().contains(QLatin1String("clients_id_16_bytes")),
             qPrintable(error.message()));
    QVERIFY2(!error.message().contains(quoted), qPrintable(error.message()));
    QVERIFY2(!error.message().contains(QLatin1String("DETAIL")), qPrintable(error.message()));
    QCOMPARE(error.message(),
             QStringLiteral("[23514] new row for relation \"clients\" violates check constraint "
                            "\"clients_id_16_bytes\""));
}

void tst_PgMaintenance::lockNotAvailableIsBusy()
{
    QVERIFY(pgSeed(m_db.main()));
    const QString name = QStringLiteral("pg-locker");
    auto close = qScopeGuard([&] { closeConnection(name); });
    QSqlDatabase locker = m_db.open(name);
    QVERIFY(locker.isOpen());
    QVERIFY(locker.transaction());
    QString error = execOrError(locker,
                                QStringLiteral("SELECT * FROM clients WHERE name = "
                                               "'client-1' FOR UPDATE"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QSqlQuery q(m_db.main());
    QVERIFY(!q.exec(
            QStringLiteral("SELECT * FROM clients WHERE name = 'client-1' FOR UPDATE NOWAIT")));
    const DbError busy = fromSqlError(q.lastError());
    QCOMPARE(sqlStateOf(busy), QStringLiteral("55P03"));
    QCOMPARE(busy.kind(), Kind::Busy);
    QVERIFY(isRetryableSqlState(sqlStateOf(busy)));
    QVERIFY(locker.rollback());
}

void tst_PgMaintenance::connectionFailureIsCannotOpen()
{
    const QString name = QStringLiteral("pg-nowhere");
    auto close = qScopeGuard([&] { closeConnection(name); });
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(m_db.cluster().host());
    db.setPort(m_db.cluster().port());
    db.setUserName(m_db.cluster().user());
    db.setDatabaseName(QStringLiteral("bdba_no_such_database"));
    QVERIFY(!db.open());
    const DbError error = fromSqlError(db.lastError());
    QCOMPARE(error.kind(), Kind::CannotOpen);
    QVERIFY2(error.message().contains(QLatin1String("bdba_no_such_database")),
             qPrintable(error.message()));
}

void tst_PgMaintenance::passwordStaysOutOfTheToolsArguments()
{
    const QString secret = QStringLiteral("s3cr'et pass");
    const QString info = QStringLiteral("host=/tmp/x port=5432 user=admin password='s3cr\\'et "
                                        "pass' dbname=source");
    auto tool = toolConnection(info, QStringLiteral("target"));
    QVERIFY2(tool.ok(), qPrintable(tool.error().message()));
    QVERIFY(!tool->conninfo.contains(QLatin1String("s3cr")));
    QVERIFY(tool->conninfo.contains(QLatin1String("dbname='target'")));
    QCOMPARE(tool->environment.value(QStringLiteral("PGPASSWORD")), secret);
    // What it gives the tool is a conninfo libpq reads back to the same parameters.
    auto parsed = parseConninfo(tool->conninfo);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->value(QStringLiteral("user")), QStringLiteral("admin"));
    QCOMPARE(parsed->value(QStringLiteral("host")), QStringLiteral("/tmp/x"));
    QVERIFY(!parsed->contains(QStringLiteral("password")));
    QVERIFY(!redactedConninfo(info).contains(QLatin1String("s3cr")));
    QVERIFY(redactedConninfo(info).contains(QLatin1String("***")));
    QCOMPARE(parseConninfo(QStringLiteral("host=x nonsense")).error().kind(), Kind::InvalidInput);
}

// --- integrity ---------------------------------------------------------------------------

void tst_PgMaintenance::integrityCleanDatabaseHasNoFindings()
{
    QVERIFY(pgSeed(m_db.main()));
    PgIntegrityOptions options;
    options.depth = PgIntegrityReport::Depth::Full;
    double last = -1;
    auto report = checkIntegrity(m_db.main(), options, [&](double f) { last = f; });
    QVERIFY2(report.ok(), qPrintable(report.error().message()));
    QVERIFY2(report->findings.isEmpty(),
             qPrintable(report->findings.isEmpty() ? QString() : report->findings.first().message));
    QVERIFY(report->ok());
    QCOMPARE(report->orphanedFiles, 0);
    QCOMPARE(report->malformedIds, 0);
    QVERIFY(report->countersExact);
    // As the cluster's superuser, amcheck is installed and every B-tree index checked.
    QCOMPARE(report->amcheck, PgIntegrityReport::Amcheck::Checked);
    QVERIFY2(report->indexesChecked >= 11, qPrintable(QString::number(report->indexesChecked)));
    QCOMPARE(last, 1.0);
}

void tst_PgMaintenance::integrityCountsOrphansOnce()
{
    QVERIFY(pgSeed(m_db.main()));
    // The foreign key's triggers off for this session (a superuser can): client-2 goes, its
    // four files (1, 4, 7, 10) stay, as the SQLite server's orphans did.
    QString error
            = execOrError(m_db.main(), QStringLiteral("SET session_replication_role = replica"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = execOrError(m_db.main(), QStringLiteral("DELETE FROM clients WHERE name = 'client-2'"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = execOrError(m_db.main(), QStringLiteral("RESET session_replication_role"));
    QVERIFY2(error.isEmpty(), qPrintable(error));

    auto report = checkIntegrity(m_db.main());
    QVERIFY2(report.ok(), qPrintable(report.error().message()));
    QVERIFY(!report->ok());
    const QList<PgIntegrityFinding> orphans = report->findingsOf(QStringLiteral("orphaned_files"));
    QCOMPARE(orphans.size(), 1);
    QCOMPARE(orphans.first().count, 4);
    QCOMPARE(report->orphanedFiles, 4);
    QList<QByteArray> expected { pgFileId(1), pgFileId(4), pgFileId(7), pgFileId(10) };
    QList<QByteArray> found = orphans.first().sampleIds;
    std::sort(expected.begin(), expected.end());
    std::sort(found.begin(), found.end());
    QCOMPARE(found, expected);
    // Not a second time as a foreign-key finding.
    QVERIFY(report->findingsOf(QStringLiteral("foreign_key")).isEmpty());
    QCOMPARE(report->foreignKeyViolations, 0);
    QCOMPARE(report->malformedIds, 0);
}

void tst_PgMaintenance::integrityFindsMalformedId()
{
    QVERIFY(pgSeed(m_db.main()));
    // A database whose CHECK was dropped and put back NOT VALID, with a 3-byte ID in between.
    const QByteArray shortId("\x01\x02\x03", 3);
    for (const QString &sql :
         { QStringLiteral("ALTER TABLE files DROP CONSTRAINT files_id_16_bytes"),
           QStringLiteral("INSERT INTO files (id, filename, pathname, clientid) VALUES (%1, "
                          "'short', '/short', %2)")
                   .arg(byteaLiteral(shortId), byteaLiteral(pgClientId(1))),
           QStringLiteral("ALTER TABLE files ADD CONSTRAINT files_id_16_bytes CHECK "
                          "(octet_length(id) = 16) NOT VALID") }) {
        const QString error = execOrError(m_db.main(), sql);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    auto report = checkIntegrity(m_db.main());
    QVERIFY2(report.ok(), qPrintable(report.error().message()));
    const QList<PgIntegrityFinding> malformed = report->findingsOf(QStringLiteral("malformed_id"));
    QCOMPARE(malformed.size(), 1);
    QCOMPARE(malformed.first().table, QStringLiteral("files"));
    QCOMPARE(malformed.first().count, 1);
    QCOMPARE(malformed.first().sampleIds, QList<QByteArray> { shortId });
    QCOMPARE(report->malformedIds, 1);
    QCOMPARE(report->findingsOf(QStringLiteral("constraint_not_validated")).size(), 1);
    QVERIFY(report->findingsOf(QStringLiteral("orphaned_files")).isEmpty());
    QVERIFY(!report->ok());
}

void tst_PgMaintenance::amcheckSkippedWithoutTheRight()
{
    QVERIFY(pgSeed(m_db.main()));
    const QString role
            = QStringLiteral("bdba_tst_plain_%1").arg(QCoreApplication::applicationPid());
    const QString connection = QStringLiteral("pg-plain");
    QString error = execOrError(m_db.main(), QStringLiteral("CREATE ROLE %1 LOGIN").arg(role));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto dropRole = qScopeGuard([&] {
        closeConnection(connection);
        execOrError(m_db.main(), QStringLiteral("DROP OWNED BY %1").arg(role));
        execOrError(m_db.main(), QStringLiteral("DROP ROLE %1").arg(role));
    });
    error = execOrError(
            m_db.main(),
            QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1").arg(role));
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QSqlDatabase plain = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
    plain.setHostName(m_db.cluster().host());
    plain.setPort(m_db.cluster().port());
    plain.setUserName(role);
    plain.setDatabaseName(m_db.name());
    QVERIFY2(plain.open(), qPrintable(plain.lastError().text()));

    auto report = checkIntegrity(plain);
    QVERIFY2(report.ok(), qPrintable(report.error().message()));
    QCOMPARE(report->amcheck, PgIntegrityReport::Amcheck::Skipped);
    QVERIFY2(report->amcheckSkippedBecause.contains(QLatin1String("42501")),
             qPrintable(report->amcheckSkippedBecause));
    QCOMPARE(report->findingsOf(QStringLiteral("amcheck_skipped")).size(), 1);
    QCOMPARE(report->indexesChecked, 0);
    // Skipped is said, but it is not damage: the data itself is clean.
    QVERIFY(report->ok());
    QCOMPARE(scalar(m_db.main(),
                    QStringLiteral("SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'"))
                     .toInt(),
             0);
}

// --- size and sessions -------------------------------------------------------------------

void tst_PgMaintenance::sizeFiguresArePlausible()
{
    QVERIFY(pgSeed(m_db.main()));
    QVERIFY(insertFiles(1000, 3000));
    auto report = sizeReport(m_db.main());
    QVERIFY2(report.ok(), qPrintable(report.error().message()));
    QCOMPARE(report->database, m_db.name());
    const PgTableSize *files = report->table(QStringLiteral("files"));
    const PgTableSize *clients = report->table(QStringLiteral("clients"));
    QVERIFY(files && clients);
    QVERIFY(report->table(QStringLiteral("bdba_audit")));
    // 3,000 rows of ~100 bytes and 7 indexes besides the key.
    QVERIFY2(files->heapBytes > 200 * 1000, qPrintable(QString::number(files->heapBytes)));
    QVERIFY(files->indexBytes > files->heapBytes / 4);
    QCOMPARE(files->totalBytes, files->heapBytes + files->indexBytes);
    QVERIFY(files->totalBytes > clients->totalBytes);
    QVERIFY(report->tablesBytes >= files->totalBytes + clients->totalBytes);
    QVERIFY(report->databaseBytes > report->tablesBytes);
    for (int i = 1; i < report->tables.size(); ++i)
        QVERIFY(report->tables[i - 1].totalBytes >= report->tables[i].totalBytes);
    QCOMPARE(report->level, PgSizeReport::Level::Ok);

    PgSizeThresholds small;
    small.warningBytes = report->databaseBytes / 2;
    small.criticalBytes = report->databaseBytes * 2;
    auto warned = sizeReport(m_db.main(), small);
    QVERIFY(warned.ok());
    QCOMPARE(warned->level, PgSizeReport::Level::Warning);
    small.criticalBytes = small.warningBytes;
    QCOMPARE(sizeReport(m_db.main(), small)->level, PgSizeReport::Level::Critical);
    small.criticalBytes = 1;
    QCOMPARE(sizeReport(m_db.main(), small).error().kind(), Kind::InvalidInput);
}

void tst_PgMaintenance::deadTuplesAfterDeletes()
{
    QVERIFY(pgSeed(m_db.main()));
    // No autovacuum on this table: it would take the dead rows away before they are read.
    QString error = execOrError(m_db.main(),
                                QStringLiteral("ALTER TABLE files SET (autovacuum_enabled = off)"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(insertFiles(1000, 3000));
    {
        // Another session deletes and ends: a backend reports its statistics when it exits.
        const QString name = QStringLiteral("pg-deleter");
        {
            QSqlDatabase other = m_db.open(name);
            QVERIFY(other.isOpen());
            error = execOrError(other,
                                QStringLiteral("DELETE FROM files WHERE filename LIKE 'bulk-%' "
                                               "AND substr(filename, 6)::int < 3000"));
        }
        closeConnection(name);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    auto dead = [&] {
        auto r = sizeReport(m_db.main());
        return r.ok() && r->table(QStringLiteral("files"))
                ? r->table(QStringLiteral("files"))->deadTuples
                : qint64(-1);
    };
    QTRY_VERIFY_WITH_TIMEOUT(dead() >= 2000, 20000);
    auto report = sizeReport(m_db.main());
    QVERIFY(report.ok());
    const PgTableSize *files = report->table(QStringLiteral("files"));
    QVERIFY(files->bloatBytesEstimate > 0);
    QVERIFY(files->bloatBytesEstimate <= files->heapBytes);
    QVERIFY(report->deadTuples >= files->deadTuples);
    QVERIFY(report->needVacuum.contains(QStringLiteral("files")));
    QCOMPARE(report->level, PgSizeReport::Level::Warning);
    QVERIFY(!files->lastVacuum.isValid());

    error = execOrError(m_db.main(), QStringLiteral("VACUUM files"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(dead() == 0, 20000);
    report = sizeReport(m_db.main());
    QVERIFY(report.ok());
    QVERIFY(report->table(QStringLiteral("files"))->lastVacuum.isValid());
    QVERIFY(report->table(QStringLiteral("files"))->vacuumCount >= 1);
    QVERIFY(!report->needVacuum.contains(QStringLiteral("files")));
}

void tst_PgMaintenance::sessionsListTheTestsConnections()
{
    const QString name = QStringLiteral("pg-idle");
    auto close = qScopeGuard([&] { closeConnection(name); });
    QSqlDatabase idle = m_db.open(name);
    QVERIFY(idle.isOpen());
    const int idlePid = scalar(idle, QStringLiteral("SELECT pg_backend_pid()")).toInt();
    const int ownPid = scalar(m_db.main(), QStringLiteral("SELECT pg_backend_pid()")).toInt();
    QVERIFY(idlePid > 0 && ownPid > 0 && idlePid != ownPid);

    auto report = sessionReport(m_db.main());
    QVERIFY2(report.ok(), qPrintable(report.error().message()));
    QCOMPARE(report->ownPid, ownPid);
    QCOMPARE(report->applicationName, QStringLiteral("tst_pgschema")); // PgCluster's name
    QVERIFY(report->total >= 2);
    QVERIFY(report->countByState.value(QStringLiteral("active")) >= 1);
    QVERIFY(report->countByState.value(QStringLiteral("idle")) >= 1);
    QVERIFY(report->thisApplication >= 2);
    bool sawOwn = false, sawIdle = false;
    for (const PgSession &s : report->sessions) {
        if (s.pid == ownPid) {
            sawOwn = true;
            QVERIFY(s.isOwn);
            QCOMPARE(s.state, QStringLiteral("active"));
            QCOMPARE(s.database, m_db.name());
            QVERIFY(s.backendStart.isValid());
        } else if (s.pid == idlePid) {
            sawIdle = true;
            QVERIFY(!s.isOwn);
            QCOMPARE(s.state, QStringLiteral("idle"));
        }
    }
    QVERIFY(sawOwn);
    QVERIFY(sawIdle);
    // Another application's name counts none of them as this application's.
    auto other = sessionReport(m_db.main(), QStringLiteral("not-this-application"));
    QVERIFY(other.ok());
    QCOMPARE(other->thisApplication, 0);
    QCOMPARE(other->total, report->total);
}

// --- statement deadline ------------------------------------------------------------------

void tst_PgMaintenance::statementTimeoutCancelsTheStatement()
{
    QSqlDatabase db = m_db.main();
    const QString before = scalar(db, QStringLiteral("SHOW statement_timeout")).toString();
    {
        PgDeadline deadline(db, std::chrono::milliseconds(200));
        QVERIFY2(!deadline.error(), qPrintable(deadline.error().message()));
        QSqlQuery q(db);
        const DbError error = deadline.exec(q, QStringLiteral("SELECT pg_sleep(10)"));
        QCOMPARE(error.kind(), Kind::Timeout);
        QCOMPARE(sqlStateOf(error), QStringLiteral("57014"));
        // The connection goes on; the next statement is under the same deadline.
        QVERIFY(!deadline.exec(q, QStringLiteral("SELECT 1")));
        QCOMPARE(scalar(db, QStringLiteral("SHOW statement_timeout")).toString(),
                 QStringLiteral("200ms"));
    }
    // Put back afterwards.
    QCOMPARE(scalar(db, QStringLiteral("SHOW statement_timeout")).toString(), before);
}

void tst_PgMaintenance::cancelFromAnotherThread()
{
    QSqlDatabase db = m_db.main();
    const int pid = scalar(db, QStringLiteral("SELECT pg_backend_pid()")).toInt();
    PgDeadline deadline(db, std::chrono::milliseconds(0));
    QVERIFY2(!deadline.error(), qPrintable(deadline.error().message()));

    // The other thread cancels once the server runs the sleep (it watches pg_stat_activity on
    // a connection of its own).
    std::atomic<bool> sent { false };
    QString cancelError;
    std::unique_ptr<QThread> canceller(QThread::create([&] {
        const QString name = QStringLiteral("pg-canceller");
        {
            QSqlDatabase watch = m_db.open(name);
            QSqlQuery q(watch);
            for (int i = 0; i < 2000; ++i) {
                q.prepare(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND "
                                         "state = 'active' AND query LIKE '%pg_sleep%'"));
                q.addBindValue(pid);
                if (q.exec() && q.next() && q.value(0).toInt() == 1)
                    break;
                QThread::msleep(5);
            }
            sent = deadline.cancel(&cancelError);
        }
        closeConnection(name);
    }));
    canceller->start();
    QSqlQuery q(db);
    const DbError error = deadline.exec(q, QStringLiteral("SELECT pg_sleep(10)"));
    canceller->wait();
    QVERIFY2(sent, qPrintable(cancelError));
    QCOMPARE(error.kind(), Kind::Cancelled);
    // The server stopped it (not a refusal before it started).
    QCOMPARE(sqlStateOf(error), QStringLiteral("57014"));
    QVERIFY(deadline.isCancelRequested());
    // Once cancelled, nothing more starts under this deadline; the connection itself works.
    const DbError next = deadline.exec(q, QStringLiteral("SELECT 1"));
    QCOMPARE(next.kind(), Kind::Cancelled);
    QCOMPARE(sqlStateOf(next), QString());
    QCOMPARE(scalar(db, QStringLiteral("SELECT 41 + 1")).toInt(), 42);
}

// --- backup ------------------------------------------------------------------------------

void tst_PgMaintenance::backupVerifyRestoreGivesTheDumpsRows()
{
    QSqlDatabase db = m_db.main();
    QVERIFY(pgSeed(db));
    QString error = execOrError(db,
                                QStringLiteral("UPDATE files SET verified = true WHERE "
                                               "filename = 'file-2'"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const qint64 audit = scalar(db, QStringLiteral("SELECT count(*) FROM bdba_audit")).toLongLong();
    QVERIFY(audit >= 1);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("backup.dump"));

    QList<double> steps;
    auto backup = backupDatabase(db, conninfo(), file, {}, [&](double f) { steps << f; });
    QVERIFY2(backup.ok(), qPrintable(backup.error().message()));
    QCOMPARE(backup->rowCounts.value(QStringLiteral("clients")), 3);
    QCOMPARE(backup->rowCounts.value(QStringLiteral("files")), 12);
    QCOMPARE(backup->rowCounts.value(QStringLiteral("bdba_audit")), audit);
    QCOMPARE(backup->rowCounts.value(QStringLiteral("bdba_counters")), 1);
    QCOMPARE(backup->database, m_db.name());
    QVERIFY(QFileInfo(file).size() > 0);
    QCOMPARE(backup->bytes, QFileInfo(file).size());
    QCOMPARE(QFileInfo(file).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    QVERIFY(!QFileInfo::exists(file + QLatin1String(".partial")));
    QVERIFY(!steps.isEmpty());
    QCOMPARE(steps.last(), 1.0);
    auto recorded = readBackupInfo(file);
    QVERIFY2(recorded.ok(), qPrintable(recorded.error().message()));
    QCOMPARE(recorded->rowCounts, backup->rowCounts);

    auto verdict = verifyBackup(db, conninfo(), file);
    QVERIFY2(verdict.ok(), qPrintable(verdict.error().message()));
    QVERIFY2(verdict->ok, qPrintable(verdict->message));
    QCOMPARE(verdict->restored, backup->rowCounts);
    QVERIFY(readBackupInfo(file)->verified);
    QCOMPARE(scalar(db,
                    QStringLiteral("SELECT count(*) FROM pg_database WHERE datname LIKE "
                                   "'bdba_verify_%'"))
                     .toInt(),
             0);

    // The database changes after the backup: a client goes (with its files), one comes.
    for (const QString &sql :
         { QStringLiteral("DELETE FROM clients WHERE name = 'client-1'"),
           QStringLiteral("INSERT INTO clients (id, name, lastseen) VALUES (%1, 'late', now())")
                   .arg(byteaLiteral(pgClientId(50))),
           QStringLiteral("UPDATE files SET filename = 'renamed' WHERE filename = 'file-1'") }) {
        error = execOrError(db, sql);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    QVERIFY(scalar(db, QStringLiteral("SELECT count(*) FROM files")).toInt() != 12);

    auto restored = restoreBackup(conninfo(), file);
    QVERIFY2(restored.ok(), qPrintable(restored.error().message()));
    QVERIFY2(restored->mismatches.isEmpty(), qPrintable(restored->mismatches.join(u';')));
    QCOMPARE(restored->rowCounts, backup->rowCounts);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM clients")).toInt(), 3);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM files")).toInt(), 12);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM clients WHERE name = 'late'")).toInt(),
             0);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM files WHERE filename = 'file-1'"))
                     .toInt(),
             1);
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM bdba_audit")).toLongLong(), audit);
    // The triggers came back with the tables: the counters follow a new write.
    const QString mismatch = pgCounterMismatch(db);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    error = execOrError(db, QStringLiteral("DELETE FROM clients WHERE name = 'client-3'"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(scalar(db, QStringLiteral("SELECT clients FROM bdba_counters")).toInt(), 2);
}

void tst_PgMaintenance::truncatedDumpFailsVerification()
{
    QSqlDatabase db = m_db.main();
    QVERIFY(pgSeed(db));
    QVERIFY(insertFiles(1000, 2000));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("whole.dump"));
    auto backup = backupDatabase(db, conninfo(), file);
    QVERIFY2(backup.ok(), qPrintable(backup.error().message()));

    // The same dump cut in half, with its record.
    const QString cut = dir.filePath(QStringLiteral("cut.dump"));
    QVERIFY(QFile::copy(file, cut));
    QVERIFY(QFile::copy(file + QLatin1String(".json"), cut + QLatin1String(".json")));
    QVERIFY(QFile::resize(cut, QFileInfo(file).size() / 2));

    auto verdict = verifyBackup(db, conninfo(), cut);
    QVERIFY2(verdict.ok(), qPrintable(verdict.error().message()));
    QVERIFY(!verdict->ok);
    QVERIFY2(verdict->message.contains(QLatin1String("does not restore"))
                     && verdict->message.contains(QLatin1String("pg_restore")),
             qPrintable(verdict->message));
    auto recorded = readBackupInfo(cut);
    QVERIFY(recorded.ok());
    QVERIFY(!recorded->verified);
    QCOMPARE(recorded->verifyMessage, verdict->message);
    QCOMPARE(scalar(db,
                    QStringLiteral("SELECT count(*) FROM pg_database WHERE datname LIKE "
                                   "'bdba_verify_%'"))
                     .toInt(),
             0);
    // A restore of it changes nothing (one transaction).
    auto restored = restoreBackup(conninfo(), cut);
    QVERIFY(!restored.ok());
    QVERIFY2(restored.error().message().contains(QLatin1String("nothing was changed")),
             qPrintable(restored.error().message()));
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM files")).toInt(), 2012);
}

// pg_dump held at its table locks. A thread of its own (it owns its connections) holds an
// ACCESS EXCLUSIVE lock on a table of another schema (outside the counted ones, so the counts
// taken before the dump do not wait for it), waits until pg_dump waits for that lock, runs
// whileBlocked on its locking connection's thread, and lets the lock go.
class DumpBlocker
{
public:
    using Action = std::function<QString()>; // empty: done

    DumpBlocker(const PgTestDatabase &db, Action whileBlocked)
        : m_db(db)
        , m_action(std::move(whileBlocked))
    {
        m_error = execOrError(db.main(), QStringLiteral("CREATE SCHEMA elsewhere"));
        if (m_error.isEmpty())
            m_error = execOrError(db.main(), QStringLiteral("CREATE TABLE elsewhere.t (n int)"));
        if (!m_error.isEmpty())
            return;
        std::future<QString> locked = m_locked.get_future();
        m_thread.reset(QThread::create([this] { run(); }));
        m_thread->start();
        m_error = locked.get();
    }
    ~DumpBlocker() { finish(); }

    // Empty once the lock is held.
    QString error() const { return m_error; }
    // Waits for the thread; what it found (empty: pg_dump was seen waiting, the action ran).
    QString finish()
    {
        if (m_thread) {
            m_thread->wait();
            m_thread.reset();
        }
        return m_outcome;
    }

private:
    void run()
    {
        const QString lockName = QStringLiteral("pg-dump-blocker");
        const QString watchName = QStringLiteral("pg-dump-watch");
        {
            QSqlDatabase locker = m_db.open(lockName);
            if (!locker.isOpen() || !locker.transaction()) {
                m_locked.set_value(QStringLiteral("no locking connection"));
            } else {
                const QString error = execOrError(
                        locker, QStringLiteral("LOCK TABLE elsewhere.t IN ACCESS EXCLUSIVE MODE"));
                m_locked.set_value(error);
                if (error.isEmpty()) {
                    m_outcome = waitForBlockedDump(watchName)
                            ? m_action()
                            : QStringLiteral("pg_dump was never seen waiting for the lock");
                }
                locker.rollback();
            }
        }
        closeConnection(lockName);
    }

    bool waitForBlockedDump(const QString &name)
    {
        bool blocked = false;
        {
            QSqlDatabase watch = m_db.open(name);
            QSqlQuery q(watch);
            for (int i = 0; i < 4000 && !blocked; ++i) {
                blocked = q.exec(QStringLiteral(
                                  "SELECT count(*) FROM pg_stat_activity WHERE application_name "
                                  "= 'tst_pgmaintenance' AND wait_event_type = 'Lock'"))
                        && q.next() && q.value(0).toInt() > 0;
                if (!blocked)
                    QThread::msleep(5);
            }
        }
        closeConnection(name);
        return blocked;
    }

    const PgTestDatabase &m_db;
    Action m_action;
    std::promise<QString> m_locked;
    std::unique_ptr<QThread> m_thread;
    QString m_error;
    QString m_outcome = QStringLiteral("not run");
};

void tst_PgMaintenance::cancelledBackupLeavesNoFile()
{
    QSqlDatabase db = m_db.main();
    QVERIFY(pgSeed(db));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("cancelled.dump"));

    // Cancelled from another thread while pg_dump waits: the tool is killed.
    std::atomic<bool> cancel { false };
    {
        DumpBlocker blocker(m_db, [&] {
            cancel = true;
            return QString();
        });
        QVERIFY2(blocker.error().isEmpty(), qPrintable(blocker.error()));
        auto backup = backupDatabase(db, conninfo(), file, {}, {}, &cancel);
        const QString outcome = blocker.finish();
        QVERIFY2(outcome.isEmpty(), qPrintable(outcome));
        QCOMPARE(backup.error().kind(), Kind::Cancelled);
    }
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY(!QFileInfo::exists(file + QLatin1String(".partial")));
    QVERIFY(!QFileInfo::exists(file + QLatin1String(".json")));
    // The connection is out of the snapshot's transaction and usable (in a transaction, now()
    // would be its start, not this statement's).
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM clients")).toInt(), 3);
    QVERIFY(scalar(db, QStringLiteral("SELECT now() = statement_timestamp()")).toBool());
    QVERIFY(execOrError(db, QStringLiteral("DROP SCHEMA elsewhere CASCADE")).isEmpty());

    // The same with the tool's time limit instead of a cancel: the lock is let go only after
    // pg_dump was killed.
    PgToolOptions limited;
    limited.timeout = std::chrono::milliseconds(300);
    std::atomic<bool> killed { false };
    {
        DumpBlocker blocker(m_db, [&] {
            // Held until the backup gave up (it waits for the lock until then).
            while (!killed.load())
                QThread::msleep(5);
            return QString();
        });
        QVERIFY2(blocker.error().isEmpty(), qPrintable(blocker.error()));
        auto timedOut = backupDatabase(db, conninfo(), file, limited);
        killed = true;
        const QString outcome = blocker.finish();
        QVERIFY2(outcome.isEmpty(), qPrintable(outcome));
        QCOMPARE(timedOut.error().kind(), Kind::Timeout);
    }
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY(!QFileInfo::exists(file + QLatin1String(".partial")));
}

void tst_PgMaintenance::backupIsOneSnapshotWhileTheServerWrites()
{
    QSqlDatabase db = m_db.main();
    QVERIFY(pgSeed(db));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("online.dump"));

    // While pg_dump waits, the server writes 50 files (and commits) before the lock goes: the
    // dump and its counts are both of the moment before.
    Result<PgBackupInfo> backup = DbError(Kind::Internal, QStringLiteral("not run"));
    {
        DumpBlocker blocker(m_db, [&] {
            const QString name = QStringLiteral("pg-writer");
            QString error;
            {
                QSqlDatabase server = m_db.open(name, QString());
                error = execOrError(
                        server,
                        QStringLiteral("INSERT INTO files (id, filename, pathname, clientid) "
                                       "SELECT '\\xf2'::bytea || int8send(n) || "
                                       "'\\x00000000000000'::bytea, 'late-' || n, '/late', %1 "
                                       "FROM generate_series(1, 50) AS n")
                                .arg(byteaLiteral(pgClientId(1))));
            }
            closeConnection(name);
            return error;
        });
        QVERIFY2(blocker.error().isEmpty(), qPrintable(blocker.error()));
        backup = backupDatabase(db, conninfo(), file);
        const QString outcome = blocker.finish();
        QVERIFY2(outcome.isEmpty(), qPrintable(outcome));
    }
    QVERIFY2(backup.ok(), qPrintable(backup.error().message()));
    QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM files")).toInt(), 62);
    QCOMPARE(backup->rowCounts.value(QStringLiteral("files")), 12);
    auto verdict = verifyBackup(db, conninfo(), file);
    QVERIFY2(verdict.ok(), qPrintable(verdict.error().message()));
    QVERIFY2(verdict->ok, qPrintable(verdict->message));
    QCOMPARE(verdict->restored.value(QStringLiteral("files")), 12);
}

void tst_PgMaintenance::verifyComparesTheRecordedCounts()
{
    QSqlDatabase db = m_db.main();
    QVERIFY(pgSeed(db));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("counted.dump"));
    auto backup = backupDatabase(db, conninfo(), file);
    QVERIFY2(backup.ok(), qPrintable(backup.error().message()));
    // A record that says 13 files for a dump that holds 12.
    QFile sidecar(file + QLatin1String(".json"));
    QVERIFY(sidecar.open(QIODevice::ReadOnly));
    QByteArray json = sidecar.readAll();
    sidecar.close();
    QVERIFY(json.contains("\"files\": 12"));
    json.replace("\"files\": 12", "\"files\": 13");
    QVERIFY(sidecar.open(QIODevice::WriteOnly | QIODevice::Truncate));
    sidecar.write(json);
    sidecar.close();

    auto verdict = verifyBackup(db, conninfo(), file);
    QVERIFY2(verdict.ok(), qPrintable(verdict.error().message()));
    QVERIFY(!verdict->ok);
    QCOMPARE(verdict->mismatches,
             QStringList { QStringLiteral("files: 13 row(s) in the dump's record, 12 restored") });
    QVERIFY(verdict->message.contains(verdict->mismatches.first()));
}

// A role with CREATEDB, not a superuser, verifies a dump that holds amcheck (the integrity
// check installs it): the scratch restore leaves the extension out, which only a superuser may
// create, and the rows are all there.
void tst_PgMaintenance::verifyByARoleThatMayCreateDatabases()
{
    QSqlDatabase db = m_db.main();
    QVERIFY(pgSeed(db));
    QString error = execOrError(db, QStringLiteral("CREATE EXTENSION amcheck"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("with-amcheck.dump"));
    auto backup = backupDatabase(db, conninfo(), file);
    QVERIFY2(backup.ok(), qPrintable(backup.error().message()));
    QProcess list;
    list.start(findPgTool(QStringLiteral("pg_restore")), { QStringLiteral("--list"), file });
    QVERIFY(list.waitForFinished(30000));
    QVERIFY(list.readAllStandardOutput().contains("EXTENSION - amcheck"));

    const QString role
            = QStringLiteral("bdba_tst_verifier_%1").arg(QCoreApplication::applicationPid());
    const QString connection = QStringLiteral("pg-verifier");
    error = execOrError(db, QStringLiteral("CREATE ROLE %1 LOGIN CREATEDB").arg(role));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto dropRole = qScopeGuard([&] {
        closeConnection(connection);
        execOrError(m_db.main(), QStringLiteral("DROP ROLE %1").arg(role));
    });
    {
        QSqlDatabase verifier = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        verifier.setHostName(m_db.cluster().host());
        verifier.setPort(m_db.cluster().port());
        verifier.setUserName(role);
        verifier.setDatabaseName(m_db.name());
        QVERIFY2(verifier.open(), qPrintable(verifier.lastError().text()));
        QString asRole = conninfo();
        asRole.replace(QStringLiteral("user=") + m_db.cluster().user(),
                       QStringLiteral("user=") + role);
        QVERIFY(asRole.contains(role));
        auto verdict = verifyBackup(verifier, asRole, file);
        QVERIFY2(verdict.ok(), qPrintable(verdict.error().message()));
        QVERIFY2(verdict->ok, qPrintable(verdict->message));
        QCOMPARE(verdict->restored, backup->rowCounts);
    }
    QCOMPARE(scalar(db,
                    QStringLiteral("SELECT count(*) FROM pg_database WHERE datname LIKE "
                                   "'bdba_verify_%'"))
                     .toInt(),
             0);
}

// The conninfo given holds a password (the cluster trusts its socket, so the server never asks
// for it): the running pg_dump has it in its environment, not among its arguments.
void tst_PgMaintenance::passwordIsNotOnPgDumpsCommandLine()
{
    QSqlDatabase db = m_db.main();
    QVERIFY(pgSeed(db));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("secret.dump"));
    const QByteArray secret = "pw-7f3a9c-not-for-ps";
    Result<PgBackupInfo> backup = DbError(Kind::Internal, QStringLiteral("not run"));
    {
        DumpBlocker blocker(m_db, [&]() -> QString {
            // The pg_dump that writes our file, among the processes.
            const QByteArray marker = QFile::encodeName(file + QLatin1String(".partial"));
            const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
            for (const QString &pid : pids) {
                QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
                if (!cmdline.open(QIODevice::ReadOnly))
                    continue;
                const QByteArray arguments = cmdline.readAll();
                if (!arguments.contains(marker) || !arguments.contains("pg_dump"))
                    continue;
                if (arguments.contains(secret))
                    return QStringLiteral("the password is on pg_dump's command line");
                QFile environ(QStringLiteral("/proc/%1/environ").arg(pid));
                if (!environ.open(QIODevice::ReadOnly))
                    return QStringLiteral("cannot read pg_dump's environment");
                return environ.readAll().split('\0').contains("PGPASSWORD=" + secret)
                        ? QString()
                        : QStringLiteral("the password is not in pg_dump's environment");
            }
            return QStringLiteral("no pg_dump process writes %1").arg(file);
        });
        QVERIFY2(blocker.error().isEmpty(), qPrintable(blocker.error()));
        backup = backupDatabase(
                db, conninfo() + QLatin1String(" password=") + QString::fromLatin1(secret), file);
        const QString outcome = blocker.finish();
        QVERIFY2(outcome.isEmpty(), qPrintable(outcome));
    }
    QVERIFY2(backup.ok(), qPrintable(backup.error().message()));
    QFile sidecar(file + QLatin1String(".json"));
    QVERIFY(sidecar.open(QIODevice::ReadOnly));
    QVERIFY(!sidecar.readAll().contains(secret));
}

void tst_PgMaintenance::toolsAreFoundBesidePath()
{
    const QByteArray path = qgetenv("PATH");
    auto restore = qScopeGuard([&] { qputenv("PATH", path); });
    // Not on PATH: the newest of Debian's versioned folders.
    qputenv("PATH", "/nonexistent");
    const QString pgDump = findPgTool(QStringLiteral("pg_dump"));
    QVERIFY2(pgDump.startsWith(QLatin1String("/usr/lib/postgresql/"))
                     && pgDump.endsWith(QLatin1String("/bin/pg_dump")),
             qPrintable(pgDump));
    QVERIFY(QFileInfo(pgDump).isExecutable());
    QCOMPARE(findPgTool(QStringLiteral("no_such_pg_tool")), QString());
    restore.dismiss();
    qputenv("PATH", path);

    // A folder named that lacks it: a clear error, no file.
    QVERIFY(pgSeed(m_db.main()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    PgToolOptions options;
    options.binDir = dir.path();
    const QString file = dir.filePath(QStringLiteral("none.dump"));
    auto backup = backupDatabase(m_db.main(), conninfo(), file, options);
    QCOMPARE(backup.error().kind(), Kind::Io);
    QVERIFY2(backup.error().message().contains(QLatin1String("pg_dump not found")),
             qPrintable(backup.error().message()));
    QVERIFY(!QFileInfo::exists(file));
}

QTEST_GUILESS_MAIN(tst_PgMaintenance)
#include "tst_pgmaintenance.moc"
