// backupdb-cli move-to-postgres and the core's move (core/pg/postgresmove.h) on the throw-away
// cluster of the CTest fixture pg_cluster: a 100,000-file demo database and a database written
// the way the original server writes (with the values that are awkward to carry: tabs, new
// lines, backslashes, "\N", NULLs, dates the app cannot read, 64-bit sizes and checksums) arrive
// with the same rows, counters and hashes, compared here independently of the move's own
// verification; a target that holds data is refused and left unchanged; a cancel, a failed
// verification or an orphaned file record leaves the target as it was; a bad connection string gets
// a clear error, and no password reaches any output.
#include "data/clientrepository.h"
#include "data/filerepository.h"
#include "data/timestamps.h"
#include "demo/demogenerator.h"
#include "pg/pgconnectionspec.h"
#include "pg/pgmigrator.h"
#include "pg/postgresmove.h"
#include "pgtestdata.h"
#include "pgtestdatabase.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <libpq-fe.h>

using namespace backupdb;
using namespace backupdb::test;

namespace {

const QString kSecret = QStringLiteral("S3cretPw");

struct CliRun
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

CliRun runCli(const QStringList &arguments)
{
    QProcess p;
    p.setProgram(QStringLiteral(BACKUPDB_CLI));
    p.setArguments(arguments);
    p.start();
    p.waitForFinished(120000);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
             p.readAllStandardError() };
}

// The first difference between a SQLite database and a PostgreSQL one, row by row in ID order,
// each value compared after the README's mapping; empty when they hold the same. Independent
// of the move's own verification (Qt's two drivers read both sides).
QString firstDifference(QSqlDatabase sqlite, QSqlDatabase pg)
{
    struct Table
    {
        QString source;
        QString target;
        QList<char> kinds; // b bytes, t text, i integer, v boolean, d date
    };
    const QList<Table> tables {
        { QStringLiteral("SELECT ID, Name, PublicKey, LastSeen, AESKey FROM clients ORDER BY ID"),
          QStringLiteral("SELECT id, name, publickey, lastseen, lastseen_unparsed, aeskey FROM "
                         "clients ORDER BY id"),
          { 'b', 't', 'b', 'd', 'b' } },
        { QStringLiteral("SELECT ID, FileName, PathName, Verified, FileSize, ModificationDate, "
                         "CRC, ClientID FROM files ORDER BY ID"),
          QStringLiteral("SELECT id, filename, pathname, verified, filesize, modificationdate, "
                         "modificationdate_unparsed, crc, clientid FROM files ORDER BY id"),
          { 'b', 't', 't', 'v', 'i', 'd', 'i', 'b' } },
    };
    for (const Table &t : tables) {
        QSqlQuery s(sqlite);
        QSqlQuery p(pg);
        s.setForwardOnly(true);
        p.setForwardOnly(true);
        if (!s.exec(t.source) || !p.exec(t.target))
            return s.lastError().text() + p.lastError().text();
        qint64 row = 0;
        for (;; ++row) {
            const bool more = s.next();
            if (more != p.next())
                return QStringLiteral("%1: row %2 exists on one side only").arg(t.source).arg(row);
            if (!more)
                break;
            int pc = 0;
            for (int sc = 0; sc < t.kinds.size(); ++sc, ++pc) {
                const QVariant a = s.value(sc);
                const QVariant b = p.value(pc);
                const QString where
                        = QStringLiteral("%1, row %2, column %3: SQLite %4, PostgreSQL %5")
                                  .arg(t.source.section(u' ', -4, -4))
                                  .arg(row)
                                  .arg(sc)
                                  .arg(a.toString(), b.toString());
                bool same = a.isNull() == b.isNull();
                switch (t.kinds[sc]) {
                case 'b':
                    same = same && a.toByteArray() == b.toByteArray();
                    break;
                case 't':
                    same = same && a.toString() == b.toString();
                    break;
                case 'i':
                    same = same && a.toLongLong() == b.toLongLong();
                    break;
                case 'v':
                    same = same && (a.isNull() || (a.toLongLong() != 0) == b.toBool());
                    break;
                case 'd': {
                    const QVariant unparsed = p.value(++pc);
                    const auto parsed = a.isNull() ? std::nullopt : timestamps::parse(a.toString());
                    if (a.isNull())
                        same = b.isNull() && unparsed.isNull();
                    else if (parsed)
                        same = !b.isNull() && unparsed.isNull()
                                && b.toDateTime().toMSecsSinceEpoch()
                                        == parsed->toMSecsSinceEpoch();
                    else
                        same = b.isNull() && unparsed.toString() == a.toString();
                    break;
                }
                }
                if (!same)
                    return where;
            }
        }
    }
    return {};
}

} // namespace

class tst_PgMove : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void movesTheDemoDatabaseVerified();
    void movesTheOriginalServersRowsWithAwkwardValues();
    void triggersCountAgainAfterTheMove();
    void writesDuringTheMoveAreNotInIt();
    void refusesANonEmptyTargetAndChangesNothing();
    void replacesWithYes();
    void refusesAnotherProgramsTables();
    void refusesOrphanedFileRecords();
    void refusesValuesPostgresCannotHold_data();
    void refusesValuesPostgresCannotHold();
    void aRowRefusedByPostgresIsNamedWithoutItsKeys();
    void cancelMidwayLeavesTheTargetAsItWas_data();
    void cancelMidwayLeavesTheTargetAsItWas();
    void verificationFindsADifferenceAndRollsBack_data();
    void verificationFindsADifferenceAndRollsBack();
    void badConnectionStringGivesAClearError_data();
    void badConnectionStringGivesAClearError();
    void passwordNeverAppearsInOutput();
    void cliReportsProgressAndJson();
    void cliCancelsOnSigterm();
    void bothEnginesShowTheSameAfterTheMove();

private:
    // A new database without tables (dropped in cleanup()); empty, with a warning, on failure.
    QString newTarget();
    QString conninfo(const QString &database) const;
    QString uri(const QString &database, const QString &password) const;
    pg::ConnectionSpec spec(const QString &database) const;
    Result<pg::MoveReport> move(const QString &source, const QString &database,
                                pg::MoveOptions options = {}) const;
    // What the target holds: its tables and every row of them (md5 per table), for "unchanged".
    QString fingerprint(const QString &database) const;
    int relations(const QString &database) const;
    QSqlDatabase openPg(const QString &database, const QString &name) const;
    QSqlDatabase openSqlite(const QString &path, const QString &name) const;

    PgTestDatabase m_db;
    QTemporaryDir m_dir;
    QString m_demo; // 120 clients, 100,000 files
    QString m_original; // the original server's layout, awkward values included
};

void tst_PgMove::initTestCase()
{
    QString error;
    QVERIFY2(m_db.start(&error), qPrintable(error));
    QVERIFY(m_dir.isValid());

    m_demo = m_dir.filePath(QStringLiteral("demo.db"));
    {
        auto session = openOrFail(options(m_demo));
        QVERIFY(session);
        DemoOptions demo;
        demo.clients = 120;
        demo.files = 100000;
        QVERIFY(demo::populate(session->database(), demo));
    }

    m_original = m_dir.filePath(QStringLiteral("original.db"));
    writeOriginalDatabase(m_original, 4, 5, 0);
    QVERIFY(!QTest::currentTestFailed());
    {
        QSqlDatabase db = openSqlite(m_original, QStringLiteral("awkward"));
        QVERIFY(db.isOpen());
        QSqlQuery q(db);
        const auto run = [&](const QString &sql, const QVariantList &binds) {
            q.prepare(sql);
            for (const QVariant &b : binds)
                q.addBindValue(b);
            return q.exec();
        };
        const QString client = QStringLiteral("INSERT INTO clients VALUES (?, ?, ?, ?, ?)");
        const QString file = QStringLiteral("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        const QVariant null = QVariant(QMetaType::fromType<QByteArray>());
        QVERIFY2(run(client,
                     { pgClientId(1), QStringLiteral("tab\there\nnew line \\ 'quoted' \\N ünï"),
                       null, QStringLiteral("Fri Jan 10 09:06:40 2025"), null }),
                 qPrintable(q.lastError().text()));
        QVERIFY(run(client,
                    { pgClientId(2), QStringLiteral("\\N"), QByteArray(160, '\t'),
                      QStringLiteral("last tuesday"), pgAesKey(2) }));
        QVERIFY(run(client,
                    { pgClientId(3), QStringLiteral("zone"), QByteArray("\\x00\n"),
                      QStringLiteral("2025-03-01T12:30:45.123+02:00"), QByteArray(1, '\0') }));
        QVERIFY(run(file,
                    { pgFileId(1), QStringLiteral("a\tb"), QStringLiteral("/p\r\n\\"),
                      QVariant(QMetaType::fromType<qlonglong>()),
                      QVariant(QMetaType::fromType<qlonglong>()),
                      QVariant(QMetaType::fromType<QString>()), qlonglong(-5), pgClientId(1) }));
        QVERIFY(run(file,
                    { pgFileId(2), QStringLiteral("\\N"), QStringLiteral(""), 1, qlonglong(1) << 50,
                      QStringLiteral("not a date"), std::numeric_limits<qlonglong>::min(),
                      pgClientId(2) }));
        QVERIFY(run(file,
                    { pgFileId(3), QStringLiteral("big"), QStringLiteral("/x"), 0,
                      (qlonglong(1) << 40) + 7, QStringLiteral("2024-12-31 23:59:59"), 0,
                      pgClientId(3) }));
        QVERIFY(run(file,
                    { pgFileId(4), QStringLiteral("seven"), QStringLiteral("/x"), 7, 1,
                      QStringLiteral("2024-12-31"), 0, pgClientId(3) }));
    }
    closeConnection(QStringLiteral("awkward"));
}

void tst_PgMove::cleanup()
{
    for (const QString &name : QSqlDatabase::connectionNames())
        if (name.startsWith(QLatin1String("check-")))
            closeConnection(name);
    m_db.drop();
}

void tst_PgMove::cleanupTestCase()
{
    m_db.stop();
}

QString tst_PgMove::newTarget()
{
    QString error;
    const QString name = m_db.createEmpty(&error);
    if (name.isEmpty())
        qWarning("%s", qPrintable(error));
    return name;
}

QString tst_PgMove::conninfo(const QString &database) const
{
    return m_db.cluster().conninfo(database);
}

QString tst_PgMove::uri(const QString &database, const QString &password) const
{
    return QStringLiteral("postgresql://%1:%2@/%3?host=%4&port=%5")
            .arg(m_db.cluster().user(), password, database, m_db.cluster().host())
            .arg(m_db.cluster().port());
}

pg::ConnectionSpec tst_PgMove::spec(const QString &database) const
{
    auto parsed = pg::ConnectionSpec::parse(conninfo(database));
    if (!parsed)
        qWarning("%s", qPrintable(parsed.error().message()));
    return parsed.valueOr(pg::ConnectionSpec());
}

Result<pg::MoveReport> tst_PgMove::move(const QString &source, const QString &database,
                                        pg::MoveOptions options) const
{
    options.sqlitePath = source;
    return pg::moveToPostgres(spec(database), options);
}

QSqlDatabase tst_PgMove::openPg(const QString &database, const QString &name) const
{
    return m_db.open(QStringLiteral("check-") + name, QString(), database);
}

QSqlDatabase tst_PgMove::openSqlite(const QString &path, const QString &name) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    if (!db.open())
        qWarning("%s", qPrintable(db.lastError().text()));
    return db;
}

int tst_PgMove::relations(const QString &database) const
{
    int n = -1;
    {
        QSqlDatabase db = openPg(database, QStringLiteral("relations"));
        n = scalar(db,
                   QStringLiteral("SELECT COUNT(*) FROM pg_class WHERE relnamespace = "
                                  "'public'::regnamespace"))
                    .toInt();
    }
    closeConnection(QStringLiteral("check-relations"));
    return n;
}

QString tst_PgMove::fingerprint(const QString &database) const
{
    QStringList parts;
    {
        QSqlDatabase db = openPg(database, QStringLiteral("fingerprint"));
        QSqlQuery tables(db);
        if (!tables.exec(QStringLiteral("SELECT relname FROM pg_class WHERE relnamespace = "
                                        "'public'::regnamespace AND relkind = 'r' ORDER BY 1")))
            parts << tables.lastError().text();
        while (tables.next()) {
            const QString table = tables.value(0).toString();
            // Every column of every row; bdba_audit's own timestamps are part of it.
            parts << table + u'='
                            + scalar(db,
                                     QStringLiteral("SELECT COUNT(*) || ':' || COALESCE(md5("
                                                    "string_agg(t::text, '|' ORDER BY t::text)), "
                                                    "'') FROM %1 t")
                                             .arg(table))
                                      .toString();
        }
    }
    closeConnection(QStringLiteral("check-fingerprint"));
    return parts.join(u' ');
}

void tst_PgMove::movesTheDemoDatabaseVerified()
{
    const QString target = newTarget();
    QVERIFY(!target.isEmpty());
    const QByteArray sourceBefore = fileHash(m_demo);
    QList<pg::MoveProgress> seen;
    pg::MoveOptions options;
    options.progress = [&](const pg::MoveProgress &p) {
        seen << p;
    };
    auto moved = move(m_demo, target, options);
    QVERIFY2(moved, qPrintable(moved.error().message()));

    QCOMPARE(moved->migrationsApplied, pg::latestVersion());
    QCOMPARE(moved->tables.size(), 2);
    QCOMPARE(moved->tables[0].table, QStringLiteral("clients"));
    QCOMPARE(moved->tables[0].targetRows, 120);
    QCOMPARE(moved->tables[1].table, QStringLiteral("files"));
    QCOMPARE(moved->tables[1].targetRows, 100000);
    for (const pg::TableCheck &t : moved->tables) {
        QCOMPARE(t.sourceRows, t.targetRows);
        QCOMPARE(t.sourceSha256.size(), 64);
        QCOMPARE(t.sourceSha256, t.targetSha256);
    }
    QVERIFY(moved->countersVerified);
    QCOMPARE(fileHash(m_demo), sourceBefore); // the move never writes to the SQLite file

    // Progress: once per batch of 5,000 rows at least, rows done rising to the total in each
    // stage, copying first, then verifying.
    qsizetype copying = 0;
    for (qsizetype i = 0; i < seen.size(); ++i) {
        copying += seen[i].stage == pg::MoveProgress::Stage::Copying;
        if (i > 0 && seen[i].stage == seen[i - 1].stage)
            QVERIFY(seen[i].rowsDone >= seen[i - 1].rowsDone);
    }
    QVERIFY(copying >= 100000 / 5000);
    QCOMPARE(seen[copying - 1].rowsDone, 100120);
    QCOMPARE(seen.first().stage, pg::MoveProgress::Stage::Copying);
    QCOMPARE(seen.last().stage, pg::MoveProgress::Stage::Verifying);
    QCOMPARE(seen.last().rowsDone, 100120);
    QCOMPARE(seen.last().rowsTotal, 100120);

    // Checked here without the move's own code: both sides read through Qt's drivers.
    QSqlDatabase pg = openPg(target, QStringLiteral("demo"));
    QSqlDatabase sqlite = openSqlite(m_demo, QStringLiteral("check-demo-sqlite"));
    QCOMPARE(scalar(pg, QStringLiteral("SELECT COUNT(*) FROM files")).toLongLong(),
             scalar(sqlite, QStringLiteral("SELECT COUNT(*) FROM files")).toLongLong());
    QCOMPARE(scalar(pg, QStringLiteral("SELECT SUM(filesize)::text FROM files")).toString(),
             scalar(sqlite, QStringLiteral("SELECT CAST(SUM(FileSize) AS TEXT) FROM files"))
                     .toString());
    const QString difference = firstDifference(sqlite, pg);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    const QString counters = pgCounterMismatch(pg);
    QVERIFY2(counters.isEmpty(), qPrintable(counters));
    QCOMPARE(scalar(pg, QStringLiteral("SELECT files FROM bdba_counters")).toLongLong(), 100000);
    QCOMPARE(scalar(pg, QStringLiteral("SELECT verified FROM bdba_counters")).toLongLong(),
             scalar(sqlite, QStringLiteral("SELECT verified FROM bdba_counters")).toLongLong());
    QCOMPARE(
            scalar(pg, QStringLiteral("SELECT COUNT(*) FROM bdba_client_totals")).toLongLong(),
            scalar(sqlite, QStringLiteral("SELECT COUNT(*) FROM bdba_client_totals")).toLongLong());
}

void tst_PgMove::movesTheOriginalServersRowsWithAwkwardValues()
{
    const QString target = newTarget();
    auto moved = move(m_original, target);
    QVERIFY2(moved, qPrintable(moved.error().message()));
    QCOMPARE(moved->tables[0].targetRows, 4 + 3);
    QCOMPARE(moved->tables[1].targetRows, 4 * 5 + 4);
    QCOMPARE(moved->unparsedDates, 2); // "last tuesday", "not a date"

    QSqlDatabase pg = openPg(target, QStringLiteral("awkward"));
    QSqlDatabase sqlite = openSqlite(m_original, QStringLiteral("check-awkward-sqlite"));
    const QString difference = firstDifference(sqlite, pg);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    // "\N" is a name, not NULL; the unreadable date kept as the server wrote it.
    QCOMPARE(scalar(pg, QStringLiteral("SELECT COUNT(*) FROM clients WHERE name = '\\N'")).toInt(),
             1);
    QCOMPARE(scalar(pg, QStringLiteral("SELECT lastseen_unparsed FROM clients WHERE name = '\\N'"))
                     .toString(),
             QStringLiteral("last tuesday"));
    QCOMPARE(
            scalar(pg, QStringLiteral("SELECT COUNT(*) FROM files WHERE verified IS NULL")).toInt(),
            1);
    QCOMPARE(scalar(pg, QStringLiteral("SELECT verified FROM files WHERE filename = 'seven'"))
                     .toBool(),
             true);
    QCOMPARE(scalar(pg,
                    QStringLiteral("SELECT to_char(lastseen AT TIME ZONE 'UTC', "
                                   "'YYYY-MM-DD HH24:MI:SS.MS') FROM clients WHERE name = 'zone'"))
                     .toString(),
             QStringLiteral("2025-03-01 10:30:45.123"));
    const QString counters = pgCounterMismatch(pg);
    QVERIFY2(counters.isEmpty(), qPrintable(counters));
}

void tst_PgMove::triggersCountAgainAfterTheMove()
{
    const QString target = newTarget();
    QVERIFY(move(m_original, target));
    QSqlDatabase pg = openPg(target, QStringLiteral("triggers"));
    // The counting triggers were off for the copy only.
    QCOMPARE(scalar(pg,
                    QStringLiteral("SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal "
                                   "AND tgenabled <> 'O'"))
                     .toInt(),
             0);
    const qint64 before
            = scalar(pg, QStringLiteral("SELECT files FROM bdba_counters")).toLongLong();
    QCOMPARE(execOrError(pg,
                         QStringLiteral("INSERT INTO files (id, filename, pathname, filesize, "
                                        "clientid) VALUES (%1, 'new', '/n', 10, %2)")
                                 .arg(byteaLiteral(pgFileId(99)), byteaLiteral(pgClientId(1)))),
             QString());
    QCOMPARE(execOrError(pg,
                         QStringLiteral("DELETE FROM clients WHERE id = %1")
                                 .arg(byteaLiteral(pgClientId(3)))),
             QString());
    QCOMPARE(scalar(pg, QStringLiteral("SELECT files FROM bdba_counters")).toLongLong(),
             before + 1 - 2);
    const QString counters = pgCounterMismatch(pg);
    QVERIFY2(counters.isEmpty(), qPrintable(counters));
}

void tst_PgMove::writesDuringTheMoveAreNotInIt()
{
    // The server goes on writing while the move reads: the move holds one snapshot, the one of
    // its first read, for every table.
    const QString source = m_dir.filePath(QStringLiteral("busy.db"));
    QFile::remove(source);
    QVERIFY(QFile::copy(m_demo, source));
    const QString target = newTarget();
    QString written;
    pg::MoveOptions options;
    options.progress = [&](const pg::MoveProgress &p) {
        // After the clients, before the files are read (a statement alone would see its own
        // snapshot whatever the move does).
        if (!written.isEmpty() || p.table != QLatin1String("clients"))
            return;
        QSqlDatabase db = openSqlite(source, QStringLiteral("server"));
        QSqlQuery q(db);
        written = QStringLiteral("written");
        for (const QString &sql :
             { QStringLiteral("INSERT INTO files (ID, FileName, PathName, FileSize, ClientID) "
                              "SELECT randomblob(16), 'late', '/late', 1, ID FROM clients"),
               QStringLiteral("DELETE FROM files WHERE rowid IN (SELECT rowid FROM files "
                              "ORDER BY ID DESC LIMIT 5)"),
               QStringLiteral("DELETE FROM clients WHERE ID = (SELECT MIN(ID) FROM clients)") })
            if (!q.exec(sql))
                written = q.lastError().text();
    };
    auto moved = move(source, target, options);
    closeConnection(QStringLiteral("server"));
    QCOMPARE(written, QStringLiteral("written"));
    QVERIFY2(moved, qPrintable(moved.error().message()));
    QCOMPARE(moved->tables[0].targetRows, 120);
    QCOMPARE(moved->tables[1].targetRows, 100000);
    // The same rows as the demo database the copy was made of.
    QCOMPARE(moved->tables[1].sourceSha256, move(m_demo, newTarget())->tables[1].sourceSha256);
    QSqlDatabase sqlite = openSqlite(source, QStringLiteral("check-busy-sqlite"));
    QCOMPARE(scalar(sqlite, QStringLiteral("SELECT COUNT(*) FROM files")).toLongLong(),
             100000 + 120 - 5);
}

void tst_PgMove::refusesANonEmptyTargetAndChangesNothing()
{
    const QString target = newTarget();
    QVERIFY(move(m_original, target));
    QCOMPARE(execOrError(openPg(target, QStringLiteral("edit")),
                         QStringLiteral("UPDATE clients SET name = 'renamed' WHERE name = 'zone'")),
             QString());
    const QString before = fingerprint(target);
    QVERIFY(before.contains(QLatin1String("clients=7:")));

    auto again = move(m_demo, target);
    QVERIFY(!again);
    QCOMPARE(again.error().kind(), DbError::Kind::Refused);
    QVERIFY2(
            again.error().message().contains(QLatin1String("already holds 7 clients and 24 files")),
            qPrintable(again.error().message()));
    QCOMPARE(fingerprint(target), before);

    // Asked, and the answer is no.
    qint64 asked = -1;
    pg::MoveOptions ask;
    ask.existing = pg::ExistingData::Ask;
    ask.confirmReplace = [&](qint64 clients, qint64 files) {
        asked = clients * 1000 + files;
        return false;
    };
    again = move(m_demo, target, ask);
    QCOMPARE(asked, 7024);
    QVERIFY(!again);
    QCOMPARE(again.error().kind(), DbError::Kind::Refused);
    QVERIFY2(again.error().message().contains(QLatin1String("the answer was no")),
             qPrintable(again.error().message()));
    QCOMPARE(fingerprint(target), before);

    const CliRun cli = runCli({ QStringLiteral("--db"), m_demo, QStringLiteral("move-to-postgres"),
                                QStringLiteral("--to"), conninfo(target) });
    QCOMPARE(cli.code, 4);
    QVERIFY2(cli.err.contains("--yes"), cli.err.constData());
    QCOMPARE(fingerprint(target), before);
}

void tst_PgMove::replacesWithYes()
{
    const QString target = newTarget();
    QVERIFY(move(m_demo, target));
    // Asked, and the answer is yes: the same as --yes.
    const QString second = newTarget();
    QVERIFY(move(m_original, second));
    pg::MoveOptions ask;
    ask.existing = pg::ExistingData::Ask;
    ask.confirmReplace = [](qint64, qint64) {
        return true;
    };
    auto asked = move(m_demo, second, ask);
    QVERIFY2(asked, qPrintable(asked.error().message()));
    QCOMPARE(asked->replacedClients, 7);
    QCOMPARE(asked->tables[1].targetRows, 100000);

    const CliRun cli = runCli({ QStringLiteral("--json"), QStringLiteral("--db"), m_original,
                                QStringLiteral("move-to-postgres"), QStringLiteral("--yes"),
                                QStringLiteral("--to"), conninfo(target) });
    QVERIFY2(cli.code == 0, cli.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(cli.out).object();
    QCOMPARE(o.value(QStringLiteral("replaced_clients")).toInt(), 120);
    QCOMPARE(o.value(QStringLiteral("replaced_files")).toInt(), 100000);
    QCOMPARE(o.value(QStringLiteral("migrations_applied")).toInt(), 0);
    QCOMPARE(o.value(QStringLiteral("files")).toInt(), 24);

    QSqlDatabase pg = openPg(target, QStringLiteral("replaced"));
    QSqlDatabase sqlite = openSqlite(m_original, QStringLiteral("check-replaced-sqlite"));
    const QString difference = firstDifference(sqlite, pg);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    const QString counters = pgCounterMismatch(pg);
    QVERIFY2(counters.isEmpty(), qPrintable(counters));
    // The replacement is in the audit log, with who did it.
    QCOMPARE(scalar(pg,
                    QStringLiteral("SELECT string_agg(table_name || ':' || (details->>'rows'), "
                                   "',' ORDER BY table_name) FROM bdba_audit WHERE action = "
                                   "'TRUNCATE' AND os_user IS NOT NULL"))
                     .toString(),
             QStringLiteral("clients:120,files:100000"));
}

void tst_PgMove::refusesAnotherProgramsTables()
{
    const QString target = newTarget();
    QCOMPARE(execOrError(openPg(target, QStringLiteral("other")),
                         QStringLiteral("CREATE TABLE inventory (item text)")),
             QString());
    const QString before = fingerprint(target);
    pg::MoveOptions options;
    options.existing = pg::ExistingData::Replace; // not even then
    auto moved = move(m_original, target, options);
    QVERIFY(!moved);
    QCOMPARE(moved.error().kind(), DbError::Kind::Refused);
    QVERIFY2(moved.error().message().contains(QLatin1String("(inventory)")),
             qPrintable(moved.error().message()));
    QCOMPARE(fingerprint(target), before);
}

void tst_PgMove::refusesOrphanedFileRecords()
{
    const QString source = m_dir.filePath(QStringLiteral("orphans.db"));
    writeOriginalDatabase(source, 2, 3, 4);
    const QString target = newTarget();
    auto moved = move(source, target);
    QVERIFY(!moved);
    QCOMPARE(moved.error().kind(), DbError::Kind::Refused);
    QVERIFY2(moved.error().message().contains(QLatin1String("4 file records")),
             qPrintable(moved.error().message()));
    QCOMPARE(relations(target), 0);
}

void tst_PgMove::refusesValuesPostgresCannotHold_data()
{
    QTest::addColumn<QString>("update");
    QTest::addColumn<QString>("says");
    QTest::newRow("a size with a fraction")
            << QStringLiteral("UPDATE files SET FileSize = 1.5 WHERE FileName = 'big'")
            << QStringLiteral("FileSize is \"1.5\", not a whole number");
    QTest::newRow("a size beyond 64 bits")
            << QStringLiteral("UPDATE files SET FileSize = 1e300 WHERE FileName = 'big'")
            << QStringLiteral("not a whole number");
    QTest::newRow("a CRC of text")
            << QStringLiteral("UPDATE files SET CRC = 'abc' WHERE FileName = 'big'")
            << QStringLiteral("CRC is \"abc\"");
    QTest::newRow("verified as a word")
            << QStringLiteral("UPDATE files SET Verified = 'yes' WHERE FileName = 'big'")
            << QStringLiteral("Verified is \"yes\", not 0 or 1");
    QTest::newRow("an ID of 15 bytes")
            << QStringLiteral("UPDATE clients SET ID = substr(ID, 1, 15) WHERE Name = 'zone'")
            << QStringLiteral("not 16 bytes");
}

void tst_PgMove::refusesValuesPostgresCannotHold()
{
    QFETCH(QString, update);
    QFETCH(QString, says);
    const QString source = m_dir.filePath(QStringLiteral("refused.db"));
    QFile::remove(source);
    QVERIFY(QFile::copy(m_original, source));
    {
        QSqlDatabase db = openSqlite(source, QStringLiteral("refused"));
        QSqlQuery q(db);
        QVERIFY2(q.exec(update), qPrintable(q.lastError().text()));
        QCOMPARE(q.numRowsAffected(), 1);
    }
    closeConnection(QStringLiteral("refused"));
    const QString target = newTarget();
    auto moved = move(source, target);
    QVERIFY(!moved);
    QVERIFY2(moved.error().message().contains(says), qPrintable(moved.error().message()));
    QCOMPARE(relations(target), 0);
}

void tst_PgMove::aRowRefusedByPostgresIsNamedWithoutItsKeys()
{
    // PostgreSQL's text cannot hold U+0000, SQLite's can: the server refuses the row, and its
    // error quotes the row (keys included) in its CONTEXT, which must not be passed on.
    const QString source = m_dir.filePath(QStringLiteral("nul.db"));
    writeOriginalDatabase(source, 2, 1, 0);
    {
        QSqlDatabase db = openSqlite(source, QStringLiteral("nul"));
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO clients VALUES (?, ?, ?, ?, ?)"));
        q.addBindValue(pgClientId(7));
        q.addBindValue(QString(QStringLiteral("bad") + QChar(0) + QStringLiteral("name")));
        q.addBindValue(pgAesKey(8));
        q.addBindValue(QStringLiteral("2025-01-10T09:06:40Z"));
        q.addBindValue(pgAesKey(7));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }
    closeConnection(QStringLiteral("nul"));
    const QString target = newTarget();
    auto moved = move(source, target);
    QVERIFY(!moved);
    const QString message = moved.error().message();
    QVERIFY2(message.contains(QLatin1String("(COPY clients, line ")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("the target was left as it was")), qPrintable(message));
    for (const quint8 seed : { 7, 8 }) {
        const QString hex = QString::fromLatin1(pgAesKey(seed).toHex());
        QVERIFY2(!message.contains(hex.left(16), Qt::CaseInsensitive), qPrintable(message));
    }
    QCOMPARE(relations(target), 0);
}

void tst_PgMove::cancelMidwayLeavesTheTargetAsItWas_data()
{
    QTest::addColumn<bool>("migrated");
    QTest::newRow("empty database") << false;
    QTest::newRow("database with the schema") << true;
}

void tst_PgMove::cancelMidwayLeavesTheTargetAsItWas()
{
    QFETCH(bool, migrated);
    QString error;
    QString target;
    if (migrated) {
        QVERIFY2(m_db.createMigrated(&error), qPrintable(error));
        target = m_db.name();
    } else {
        target = m_db.createEmpty(&error);
    }
    QVERIFY2(!target.isEmpty(), qPrintable(error));
    const QString before = fingerprint(target);

    std::atomic<bool> cancel { false };
    qint64 doneAtCancel = 0;
    pg::MoveOptions options;
    options.batchRows = 5000;
    options.cancel = &cancel;
    options.progress = [&](const pg::MoveProgress &p) {
        if (!cancel && p.rowsDone >= 30000) {
            doneAtCancel = p.rowsDone;
            cancel = true;
        }
    };
    auto moved = move(m_demo, target, options);
    QVERIFY(!moved);
    QCOMPARE(moved.error().kind(), DbError::Kind::Cancelled);
    QVERIFY(doneAtCancel >= 30000 && doneAtCancel < 100120); // mid-way through the files
    QCOMPARE(fingerprint(target), before);
    if (!migrated)
        QCOMPARE(relations(target), 0);
}

void tst_PgMove::verificationFindsADifferenceAndRollsBack_data()
{
    QTest::addColumn<QString>("tamper");
    QTest::addColumn<QString>("reported");
    QTest::newRow("a file renamed")
            << QStringLiteral("UPDATE files SET filename = filename || '~' WHERE id = (SELECT id "
                              "FROM files ORDER BY id LIMIT 1)")
            << QStringLiteral("files: 24 rows with SHA-256");
    QTest::newRow("a file lost") << QStringLiteral(
            "DELETE FROM files WHERE id = (SELECT id FROM files ORDER BY id DESC LIMIT 1)")
                                 << QStringLiteral("23 rows");
    QTest::newRow("a date moved by a second") << QStringLiteral(
            "UPDATE clients SET lastseen = lastseen + interval '1 second' WHERE lastseen IS NOT "
            "NULL AND id = (SELECT id FROM clients WHERE lastseen IS NOT NULL ORDER BY id LIMIT 1)")
                                              << QStringLiteral("clients: 7 rows");
    QTest::newRow("a counter off")
            << QStringLiteral("UPDATE bdba_counters SET verified = verified + 1")
            << QStringLiteral("bdba_counters.verified");
    QTest::newRow("a client total off") << QStringLiteral(
            "UPDATE bdba_client_totals SET total_size = total_size + 1 WHERE client_id = "
            "(SELECT client_id FROM bdba_client_totals ORDER BY client_id LIMIT 1)")
                                        << QStringLiteral("bdba_client_totals");
}

void tst_PgMove::verificationFindsADifferenceAndRollsBack()
{
    QFETCH(QString, tamper);
    QFETCH(QString, reported);
    const QString target = newTarget();
    QString tampered;
    pg::MoveOptions options;
    options.beforeVerify = [&](PGconn *conn) {
        PGresult *r = PQexec(conn, tamper.toUtf8().constData());
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            tampered = QString::fromUtf8(PQresultErrorMessage(r));
        else
            tampered = QString::fromLatin1(PQcmdTuples(r));
        PQclear(r);
    };
    auto moved = move(m_original, target, options);
    QCOMPARE(tampered, QStringLiteral("1"));
    QVERIFY(!moved);
    QCOMPARE(moved.error().kind(), DbError::Kind::Corrupt);
    QVERIFY2(moved.error().message().contains(reported), qPrintable(moved.error().message()));
    QVERIFY(moved.error().message().contains(QLatin1String("rolled back")));
    QCOMPARE(relations(target), 0);
}

void tst_PgMove::badConnectionStringGivesAClearError_data()
{
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("says");
    QTest::newRow("a file name") << QStringLiteral("server.db") << QStringLiteral("missing \"=\"");
    QTest::newRow("a bad escape in the password")
            << QStringLiteral("postgresql://bdba:%1%zz@localhost/db").arg(kSecret)
            << QStringLiteral("percent-encoded");
    QTest::newRow("an unknown option")
            << QStringLiteral("postgresql://bdba:%1@localhost/db?colour=blue").arg(kSecret)
            << QStringLiteral("colour");
    QTest::newRow("an unterminated quote")
            << QStringLiteral("host=localhost password='%1").arg(kSecret)
            << QStringLiteral("unterminated");
    QTest::newRow("a password option in a bad URI")
            << QStringLiteral("postgresql://localhost/db?password=%1&sslmode=sometimes")
                       .arg(kSecret)
            << QStringLiteral("sslmode");
    QTest::newRow("nothing") << QStringLiteral(" ")
                             << QStringLiteral("no PostgreSQL database given");
}

void tst_PgMove::badConnectionStringGivesAClearError()
{
    QFETCH(QString, to);
    QFETCH(QString, says);
    auto parsed = pg::ConnectionSpec::parse(to);
    const QString message = parsed ? QString() : parsed.error().message();
    if (says == QLatin1String("sslmode")) {
        // libpq checks sslmode's value only when it connects: the error comes from there.
        QVERIFY(parsed);
    } else {
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().kind(), DbError::Kind::InvalidInput);
        QVERIFY2(message.contains(says), qPrintable(message));
        QVERIFY2(message.startsWith(QLatin1String("--to: ")), qPrintable(message));
    }
    QVERIFY2(!message.contains(kSecret), qPrintable(message));

    const CliRun cli = runCli({ QStringLiteral("--db"), m_original,
                                QStringLiteral("move-to-postgres"), QStringLiteral("--to"), to });
    QCOMPARE(cli.code, says == QLatin1String("sslmode") ? 3 : 2);
    QVERIFY2(cli.err.contains(says.toUtf8()), cli.err.constData());
    QVERIFY2(!cli.err.contains(kSecret.toUtf8()) && !cli.out.contains(kSecret.toUtf8()),
             cli.err.constData());
}

void tst_PgMove::passwordNeverAppearsInOutput()
{
    const QString target = newTarget();
    auto parsed = pg::ConnectionSpec::parse(uri(target, kSecret));
    QVERIFY(parsed);
    QVERIFY(parsed->hasPassword());
    QVERIFY2(parsed->redacted().contains(QLatin1String("password=***")),
             qPrintable(parsed->redacted()));
    QVERIFY(!parsed->redacted().contains(kSecret));
    QCOMPARE(parsed->value(QStringLiteral("password")), QString());
    QCOMPARE(parsed->value(QStringLiteral("dbname")), target);

    // The cluster trusts local connections, so the move goes through with the password given.
    for (const bool json : { false, true }) {
        QStringList arguments { QStringLiteral("--db"),
                                m_original,
                                QStringLiteral("move-to-postgres"),
                                QStringLiteral("--yes"),
                                QStringLiteral("--to"),
                                uri(target, kSecret) };
        if (json)
            arguments.prepend(QStringLiteral("--json"));
        const CliRun cli = runCli(arguments);
        QVERIFY2(cli.code == 0, cli.err.constData());
        QVERIFY(cli.err.contains("can be seen by other users"));
        QVERIFY(cli.out.contains("password=***"));
        QVERIFY2(!cli.out.contains(kSecret.toUtf8()), cli.out.constData());
        QVERIFY2(!cli.err.contains(kSecret.toUtf8()), cli.err.constData());
    }
    // A failed connection names the target, not its password.
    const CliRun refused
            = runCli({ QStringLiteral("--db"), m_original, QStringLiteral("move-to-postgres"),
                       QStringLiteral("--to"),
                       conninfo(target) + QStringLiteral(" port=1 password=") + kSecret });
    QCOMPARE(refused.code, 3);
    QVERIFY2(refused.err.contains("cannot connect to PostgreSQL"), refused.err.constData());
    QVERIFY(refused.err.contains("password=***"));
    QVERIFY2(!refused.err.contains(kSecret.toUtf8()), refused.err.constData());
}

void tst_PgMove::cliReportsProgressAndJson()
{
    const QString target = newTarget();
    const CliRun cli = runCli({ QStringLiteral("--db"), m_original, QStringLiteral("--json"),
                                QStringLiteral("move-to-postgres"), QStringLiteral("--to"),
                                conninfo(target) });
    QVERIFY2(cli.code == 0, cli.err.constData());
    QVERIFY2(cli.err.contains("copying files: 31 of 31 rows (100%)"), cli.err.constData());
    QVERIFY(cli.err.contains("verifying files: 31 of 31 rows (100%)"));
    const QJsonObject o = QJsonDocument::fromJson(cli.out).object();
    QCOMPARE(o.value(QStringLiteral("clients")).toInt(), 7);
    QCOMPARE(o.value(QStringLiteral("files")).toInt(), 24);
    QCOMPARE(o.value(QStringLiteral("verified")).toBool(), true);
    QCOMPARE(o.value(QStringLiteral("migrations_applied")).toInt(), pg::latestVersion());
    const QJsonArray tables = o.value(QStringLiteral("tables")).toArray();
    QCOMPARE(tables.size(), 2);
    QCOMPARE(tables[1].toObject().value(QStringLiteral("table")).toString(),
             QStringLiteral("files"));
    QCOMPARE(tables[1].toObject().value(QStringLiteral("sha256")).toString().size(), 64);
    QCOMPARE(scalar(openPg(target, QStringLiteral("cli")),
                    QStringLiteral("SELECT COUNT(*) FROM files"))
                     .toInt(),
             24);
}

void tst_PgMove::cliCancelsOnSigterm()
{
    const QString target = newTarget();
    QProcess cli;
    cli.setProgram(QStringLiteral(BACKUPDB_CLI));
    cli.setArguments({ QStringLiteral("--db"), m_demo, QStringLiteral("move-to-postgres"),
                       QStringLiteral("--to"), conninfo(target) });
    cli.start();
    QVERIFY(cli.waitForStarted());
    // Progress comes a line per tenth when stderr is no terminal: the first is the clients'.
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += cli.readAllStandardError()).contains("copying"), 30000);
    cli.terminate(); // SIGTERM, as systemd or kill sends it
    QVERIFY(cli.waitForFinished(30000));
    err += cli.readAllStandardError();
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QVERIFY2(cli.exitCode() == 3, err.constData());
    QVERIFY2(err.contains("move cancelled; the target was left as it was"), err.constData());
    QCOMPARE(relations(target), 0);
}

// After the move the same commands and the same pages read the same on both engines: the CLI's
// stats (from the trigger-kept counters on each side), and the repositories' pages that the
// GUI's tables show, by ID both ways and filtered by name (case-insensitive on both).
void tst_PgMove::bothEnginesShowTheSameAfterTheMove()
{
    const QString target = newTarget();
    QVERIFY(!target.isEmpty());
    QVERIFY(move(m_demo, target));
    const CliRun fromSqlite = runCli({ QStringLiteral("--db"), m_demo, QStringLiteral("--json"),
                                       QStringLiteral("stats") });
    const CliRun fromPostgres = runCli({ QStringLiteral("--db"), conninfo(target),
                                         QStringLiteral("--json"), QStringLiteral("stats") });
    QCOMPARE(fromSqlite.code, 0);
    QVERIFY2(fromPostgres.code == 0, fromPostgres.err.constData());
    const QJsonObject a = QJsonDocument::fromJson(fromSqlite.out).object();
    const QJsonObject b = QJsonDocument::fromJson(fromPostgres.out).object();
    QCOMPARE(a.value(QStringLiteral("files")).toInteger(), 100000);
    QCOMPARE(b, a);
    // check: the same verdict and figures from both engines' own checks.
    const CliRun checkSqlite = runCli({ QStringLiteral("--db"), m_demo, QStringLiteral("--json"),
                                        QStringLiteral("check") });
    const CliRun checkPostgres = runCli({ QStringLiteral("--db"), conninfo(target),
                                          QStringLiteral("--json"), QStringLiteral("check") });
    QVERIFY2(checkPostgres.code == checkSqlite.code, checkPostgres.err.constData());
    const QJsonObject c = QJsonDocument::fromJson(checkSqlite.out).object();
    const QJsonObject d = QJsonDocument::fromJson(checkPostgres.out).object();
    for (const char *key : { "integrity", "foreign_key_violations", "orphaned_files",
                             "malformed_ids", "counters_exact" })
        QVERIFY2(d.value(QLatin1String(key)) == c.value(QLatin1String(key)), key);
    QCOMPARE(d.value(QStringLiteral("integrity")).toString(), QStringLiteral("ok"));

    auto sqlite = openOrFail(options(m_demo));
    QVERIFY(sqlite);
    SessionOptions pgOptions = options(conninfo(target));
    auto pg = Session::open(pgOptions);
    QVERIFY2(pg, pg ? "" : qPrintable(pg.error().message()));
    for (SortOrder order : { SortOrder::Ascending, SortOrder::Descending }) {
        FileQuery q;
        q.sortColumn = QStringLiteral("ID");
        q.order = order;
        q.limit = 500;
        auto left = sqlite->files().page(q);
        auto right = pg.value()->files().page(q);
        QVERIFY(left && right);
        QCOMPARE(right->rows.size(), left->rows.size());
        for (qsizetype i = 0; i < left->rows.size(); ++i) {
            const FileRecord &x = left->rows[i], &y = right->rows[i];
            QCOMPARE(y.id, x.id);
            QCOMPARE(y.fileName, x.fileName);
            QCOMPARE(y.clientId, x.clientId);
            QCOMPARE(y.fileSize, x.fileSize);
            QCOMPARE(y.verified, x.verified);
        }
        // The second page continues where the first ended, on both.
        q.after = left->next;
        auto leftNext = sqlite->files().page(q);
        q.after = right->next;
        auto rightNext = pg.value()->files().page(q);
        QVERIFY(leftNext && rightNext && !leftNext->rows.isEmpty());
        QCOMPARE(rightNext->rows.first().id, leftNext->rows.first().id);
    }
    FileQuery named;
    named.nameContains = QStringLiteral("PDF");
    QCOMPARE(pg.value()->files().count(named).value(), sqlite->files().count(named).value());
    ClientQuery clients;
    clients.sortColumn = QStringLiteral("Name");
    clients.limit = 1000;
    auto leftClients = sqlite->clients().page(clients);
    auto rightClients = pg.value()->clients().page(clients);
    QVERIFY(leftClients && rightClients);
    QCOMPARE(rightClients->rows.size(), leftClients->rows.size());
    for (qsizetype i = 0; i < leftClients->rows.size(); ++i) {
        QCOMPARE(rightClients->rows[i].name, leftClients->rows[i].name);
        QCOMPARE(rightClients->rows[i].fileCount, leftClients->rows[i].fileCount);
        QCOMPARE(rightClients->rows[i].totalSizeBytes, leftClients->rows[i].totalSizeBytes);
    }
}

QTEST_GUILESS_MAIN(tst_PgMove)
#include "tst_pgmove.moc"
