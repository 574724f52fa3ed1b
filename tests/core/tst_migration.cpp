// Migrations (M5): a server database in the original layout is upgraded with every row kept and
// the server's own objects untouched; a failing migration is rolled back and the pre-migration
// backup restored; opening twice changes nothing; the backup goes to the configured folder; a new
// database is created. Files that must be refused: tst_refusedfiles.
#include "db/sqlitenative.h"
#include "nativeconnection.h"
#include "schema/migrator.h"
#include "db/sqliteschema.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTest>
#include <sqlite3.h>

using namespace backupdb;

namespace {

// A native read-only connection for looking at a file from outside the product.
class Inspect
{
public:
    explicit Inspect(const QString &path)
    {
        auto opened = sqlite::openNative(path, SQLITE_OPEN_READONLY, Milliseconds(2000));
        if (opened)
            m_handle = opened.value();
        else
            m_error = opened.error().message();
    }
    ~Inspect() { sqlite::closeNative(m_handle); }
    Q_DISABLE_COPY_MOVE(Inspect)

    bool ok() const { return m_handle != nullptr; }
    QString error() const { return m_error; }
    sqlite3 *handle() const { return m_handle; }

    // SHA-256 over every column (type and bytes) of every row, in rowid order.
    QByteArray rowsHash(const QString &table) const
    {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        auto stmt = sqlite::Statement::prepare(
                m_handle, QStringLiteral("SELECT * FROM \"%1\" ORDER BY rowid").arg(table));
        if (!stmt)
            return "error: " + stmt.error().message().toUtf8();
        int rc;
        while ((rc = stmt->step()) == SQLITE_ROW) {
            const int n = sqlite3_column_count(stmt->get());
            for (int i = 0; i < n; ++i) {
                const int type = sqlite3_column_type(stmt->get(), i);
                hash.addData(QByteArray::number(type) + ':');
                const auto *data = static_cast<const char *>(sqlite3_column_blob(stmt->get(), i));
                hash.addData(QByteArray(data, sqlite3_column_bytes(stmt->get(), i)));
                hash.addData("|");
            }
            hash.addData("\n");
        }
        if (rc != SQLITE_DONE)
            return "error: " + QByteArray::number(rc);
        return hash.result().toHex();
    }

    qint64 integer(const QString &sql) const
    {
        auto v = sqlite::queryInt(m_handle, sql);
        return v ? v.value() : -1;
    }
    QString text(const QString &sql) const
    {
        auto v = sqlite::queryText(m_handle, sql);
        return v ? v.value() : QStringLiteral("error: ") + v.error().message();
    }

    // "type name tbl_name: sql" of every schema object, by name.
    QStringList schemaObjects() const
    {
        QStringList out;
        auto stmt = sqlite::Statement::prepare(
                m_handle,
                QStringLiteral("SELECT type, name, tbl_name, COALESCE(sql, '') "
                               "FROM sqlite_master ORDER BY name"));
        if (!stmt)
            return { QStringLiteral("error") };
        while (stmt->step() == SQLITE_ROW) {
            QStringList parts;
            for (int i = 0; i < 4; ++i)
                parts.append(QString::fromUtf8(
                        reinterpret_cast<const char *>(sqlite3_column_text(stmt->get(), i))));
            out.append(parts.join(u' '));
        }
        return out;
    }

    int version() const
    {
        auto v = Migrator::currentVersion(sqlite::neutral(m_handle));
        return v ? v.value() : -1;
    }

private:
    sqlite3 *m_handle = nullptr;
    QString m_error;
};

QStringList backupsIn(const QString &folder)
{
    return QDir(folder).entryList({ QStringLiteral("*.bak") }, QDir::Files, QDir::Name);
}

const QString kServerObjects = QStringLiteral(R"(
CREATE INDEX idx_files_client ON files(ClientID);
CREATE INDEX idx_files_client_id ON files (ClientID);
CREATE TABLE database_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL,
                                  applied_at TEXT NOT NULL, rollback_sql TEXT);
INSERT INTO database_migrations VALUES (1, 'initial', '2025-01-10 12:00:00', NULL);
INSERT INTO database_migrations VALUES (2, 'file categories', '2025-03-01 08:00:00',
                                        'ALTER TABLE files DROP COLUMN FileCategory');
ALTER TABLE files ADD COLUMN FileCategory TEXT;
UPDATE files SET FileCategory = 'document' WHERE rowid % 2 = 0;
CREATE VIEW client_file_summary AS
    SELECT c.Name AS name, COUNT(f.ID) AS files, SUM(f.FileSize) AS bytes
    FROM clients c LEFT JOIN files f ON f.ClientID = c.ID GROUP BY c.ID;
)");

// The server's schema objects (not the product's and not SQLite's own).
QStringList serverObjects(const QStringList &all)
{
    QStringList out;
    for (const QString &o : all) {
        const QString name = o.section(u' ', 1, 1);
        if (!name.startsWith(QLatin1String("bdba_")) && !name.startsWith(QLatin1String("sqlite_")))
            out.append(o);
    }
    return out;
}

} // namespace

class tst_Migration : public QObject
{
    Q_OBJECT

private slots:
    void upgradesServerDatabaseKeepingEveryRow_data();
    void upgradesServerDatabaseKeepingEveryRow();
    void failedMigrationIsRolledBackAndRestored_data();
    void failedMigrationIsRolledBackAndRestored();
    void openingTwiceIsIdempotent();
    void backupGoesToTheConfiguredFolder();
    void createsNewDatabase();
};

void tst_Migration::upgradesServerDatabaseKeepingEveryRow_data()
{
    QTest::addColumn<QString>("preSchema"); // run before the original CREATE statements
    QTest::addColumn<QString>("extra"); // run after the rows are written
    QTest::addColumn<QStringList>("noteNeedles"); // each must appear in a note
    QTest::addColumn<bool>("expectForeignKey");

    QTest::newRow("original layout") << QString() << QString() << QStringList() << true;
    QTest::newRow("server's own objects") << QString() << kServerObjects
                                          << QStringList { QStringLiteral("idx_files_client_id"),
                                                           QStringLiteral("idx_files_client") }
                                          << true;
    QTest::newRow("server's partial and NOCASE indexes")
            << QString()
            << QStringLiteral(
                       "CREATE INDEX idx_files_unverified ON files(Verified) WHERE Verified = 0; "
                       "CREATE INDEX idx_files_name_nocase ON files(FileName COLLATE NOCASE); "
                       "CREATE INDEX idx_clients_lastseen ON clients(LastSeen); "
                       "CREATE TABLE database_migrations (version INTEGER PRIMARY KEY, description "
                       "TEXT NOT NULL, "
                       "applied_at TEXT NOT NULL, rollback_sql TEXT);")
            << QStringList() << true;
    QTest::newRow("files without foreign key") << QStringLiteral(
            "CREATE TABLE files (ID BLOB(16) PRIMARY KEY, FileName VARCHAR(255) NOT NULL, "
            "PathName VARCHAR(255) NOT NULL, Verified BOOLEAN DEFAULT 0, FileSize INTEGER, "
            "ModificationDate TEXT, CRC INTEGER, ClientID BLOB(16) NOT NULL)")
                                               << QString()
                                               << QStringList { QStringLiteral("foreign key") }
                                               << false;
}

void tst_Migration::upgradesServerDatabaseKeepingEveryRow()
{
    QFETCH(QString, preSchema);
    QFETCH(QString, extra);
    QFETCH(QStringList, noteNeedles);
    QFETCH(bool, expectForeignKey);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.db"));
    if (!preSchema.isEmpty()) {
        auto opened = sqlite::openNative(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                         Milliseconds(2000));
        QVERIFY(opened.ok());
        const DbError e = sqlite::exec(opened.value(), preSchema);
        sqlite::closeNative(opened.value());
        QVERIFY2(!e, qPrintable(e.message()));
    }
    test::writeOriginalDatabase(path, 6, 5, 4);
    if (QTest::currentTestFailed())
        return;
    if (!extra.isEmpty())
        test::execNative(path, extra);
    if (QTest::currentTestFailed())
        return;

    QByteArray clientsBefore, filesBefore, serverMigrationsBefore;
    QStringList serverBefore;
    {
        Inspect before(path);
        QVERIFY2(before.ok(), qPrintable(before.error()));
        QCOMPARE(before.integer(QStringLiteral("SELECT COUNT(*) FROM clients")), 6);
        QCOMPARE(before.integer(QStringLiteral("SELECT COUNT(*) FROM files")), 6 * 5 + 4);
        clientsBefore = before.rowsHash(QStringLiteral("clients"));
        filesBefore = before.rowsHash(QStringLiteral("files"));
        serverBefore = serverObjects(before.schemaObjects());
        if (!extra.isEmpty())
            serverMigrationsBefore = before.rowsHash(QStringLiteral("database_migrations"));
        QCOMPARE(before.version(), 0);
    }
    QVERIFY(!clientsBefore.startsWith("error"));
    QVERIFY(!filesBefore.startsWith("error"));

    MigrationOutcome outcome;
    {
        auto session = test::openOrFail(test::options(path));
        QVERIFY(session);
        outcome = session->migration();
        // The data is readable through the product as well.
        auto count = session->database().read([&](ConnectionLease &lease) {
            return session->database().scalar(lease, QStringLiteral("SELECT COUNT(*) FROM files"));
        });
        QVERIFY2(count.ok(), qPrintable(count.error().message()));
        QCOMPARE(count->toLongLong(), 6 * 5 + 4);
    }

    const int latest = Migrator().latestVersion();
    QVERIFY(latest >= 1);
    QCOMPARE(outcome.fromVersion, 0);
    QCOMPARE(outcome.toVersion, latest);
    QCOMPARE(outcome.applied.size(), Migrator::standardMigrations().size());

    Inspect after(path);
    QVERIFY2(after.ok(), qPrintable(after.error()));
    QCOMPARE(after.version(), latest);
    QCOMPARE(after.rowsHash(QStringLiteral("clients")), clientsBefore);
    QCOMPARE(after.rowsHash(QStringLiteral("files")), filesBefore);
    // The orphans are kept: cleaning them is the operator's decision (M2), not the migration's.
    QCOMPARE(after.integer(QStringLiteral(
                     "SELECT COUNT(*) FROM files WHERE ClientID NOT IN (SELECT ID FROM clients)")),
             4);

    // The server's tables, index, view and migration table are exactly as they were.
    QCOMPARE(serverObjects(after.schemaObjects()), serverBefore);
    if (!extra.isEmpty()) {
        QCOMPARE(after.rowsHash(QStringLiteral("database_migrations")), serverMigrationsBefore);
        if (extra == kServerObjects)
            QCOMPARE(after.integer(QStringLiteral("SELECT COUNT(*) FROM client_file_summary")), 6);
    }

    // Every index of SPEC §2 exists (the server's own where it had one).
    const QList<QPair<QString, QStringList>> wanted {
        { QStringLiteral("clients"), { QStringLiteral("Name") } },
        { QStringLiteral("clients"), { QStringLiteral("LastSeen") } },
        { QStringLiteral("files"), { QStringLiteral("ClientID") } },
        { QStringLiteral("files"), { QStringLiteral("FileName") } },
        { QStringLiteral("files"), { QStringLiteral("ClientID"), QStringLiteral("FileName") } },
        { QStringLiteral("files"), { QStringLiteral("Verified") } },
        { QStringLiteral("files"), { QStringLiteral("ModificationDate") } },
        { QStringLiteral("files"), { QStringLiteral("FileSize") } },
    };
    for (const auto &[table, columns] : wanted) {
        auto list = schema::indexes(after.handle(), table);
        QVERIFY(list.ok());
        QStringList covering;
        for (const IndexInfo &index : list.value())
            if (index.covers(columns))
                covering.append(index.name);
        const QString what
                = QStringLiteral("%1(%2): %3").arg(table, columns.join(u','), covering.join(u' '));
        QVERIFY2(!covering.isEmpty(), qPrintable(what));
        // We never add one where a full index on the same columns exists already.
        QVERIFY2(covering.size() == 1 || !covering.filter(QStringLiteral("bdba_")).size(),
                 qPrintable(what));
    }
    if (qstrcmp(QTest::currentDataTag(), "server's own objects") == 0) {
        auto files = schema::indexes(after.handle(), QStringLiteral("files"));
        QVERIFY(files.ok());
        for (const IndexInfo &index : files.value())
            QVERIFY2(!(index.covers({ QStringLiteral("ClientID") })
                       && index.name.startsWith(QLatin1String("bdba_"))),
                     qPrintable(index.name));
    }
    if (qstrcmp(QTest::currentDataTag(), "server's partial and NOCASE indexes") == 0) {
        // Neither serves every lookup, so ours exist beside them; the server's LastSeen one is
        // used.
        QCOMPARE(after.integer(
                         QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                                        "('bdba_idx_files_verified', 'bdba_idx_files_filename')")),
                 2);
        QCOMPARE(after.integer(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = "
                                              "'bdba_idx_clients_lastseen'")),
                 0);
    }
    if (extra.isEmpty() && preSchema.isEmpty()) {
        // The original layout: clients(Name) is served by its UNIQUE constraint's index, the
        // other seven are ours.
        QCOMPARE(after.integer(
                         QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' "
                                        "AND tbl_name IN ('clients', 'files') AND name LIKE "
                                        "'bdba!_idx!_%' ESCAPE '!'")),
                 7);
    }
    auto redundant = schema::redundantIndexes(
            after.handle(), { QStringLiteral("clients"), QStringLiteral("files") });
    QVERIFY(redundant.ok());
    for (const RedundantIndex &r :
         redundant.value()) // only the server's duplicates, never one we made
        QVERIFY2(!r.redundant.startsWith(QLatin1String("bdba_"))
                         && !r.kept.startsWith(QLatin1String("bdba_")),
                 qPrintable(r.redundant + QLatin1String(" / ") + r.kept));

    auto fk = schema::filesHaveClientForeignKey(after.handle());
    QVERIFY(fk.ok());
    QCOMPARE(fk.value(), expectForeignKey);

    // Notes: the redundant server index is reported (and kept); nothing else is claimed.
    const QString notes = outcome.notes.join(u'\n');
    for (const QString &needle : noteNeedles)
        QVERIFY2(notes.contains(needle, Qt::CaseInsensitive), qPrintable(notes));
    QVERIFY2(!notes.contains(QLatin1String("bdba_")), qPrintable(notes));
    if (noteNeedles.isEmpty())
        QVERIFY2(outcome.notes.isEmpty(), qPrintable(notes));

    // The pre-migration backup exists beside the database and holds the original rows.
    QVERIFY(!outcome.backupPath.isEmpty());
    QVERIFY(QFileInfo::exists(outcome.backupPath));
    QCOMPARE(QFileInfo(outcome.backupPath).absolutePath(), QFileInfo(path).absolutePath());
    QCOMPARE(backupsIn(dir.path()).size(), 1);
    Inspect backup(outcome.backupPath);
    QVERIFY2(backup.ok(), qPrintable(backup.error()));
    QCOMPARE(backup.version(), 0);
    QCOMPARE(backup.rowsHash(QStringLiteral("clients")), clientsBefore);
    QCOMPARE(backup.rowsHash(QStringLiteral("files")), filesBefore);
    QCOMPARE(serverObjects(backup.schemaObjects()), serverBefore);
    QCOMPARE(backup.text(QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
}

void tst_Migration::failedMigrationIsRolledBackAndRestored_data()
{
    QTest::addColumn<bool>("migratedFirst"); // the file is at the latest standard version already
    QTest::addColumn<bool>("failInStep"); // the failure comes from the step, not the script

    QTest::newRow("from the server's layout, script fails") << false << false;
    QTest::newRow("from the server's layout, step fails") << false << true;
    QTest::newRow("from the current version, script fails") << true << false;
    QTest::newRow("from the current version, step fails") << true << true;
}

void tst_Migration::failedMigrationIsRolledBackAndRestored()
{
    QFETCH(bool, migratedFirst);
    QFETCH(bool, failInStep);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.db"));
    test::writeOriginalDatabase(path, 4, 3, 2);
    if (QTest::currentTestFailed())
        return;
    if (migratedFirst) {
        auto session = test::openOrFail(test::options(path)); // also switches the file to WAL
        QVERIFY(session);
        QVERIFY(QFile::remove(session->migration().backupPath));
    }

    QByteArray clientsBefore, filesBefore;
    QStringList schemaBefore;
    int versionBefore = -1;
    {
        Inspect before(path);
        QVERIFY(before.ok());
        clientsBefore = before.rowsHash(QStringLiteral("clients"));
        filesBefore = before.rowsHash(QStringLiteral("files"));
        schemaBefore = before.schemaObjects();
        versionBefore = before.version();
    }
    QCOMPARE(versionBefore, migratedFirst ? Migrator().latestVersion() : 0);

    Migration failing;
    failing.version = 99;
    failing.description = QStringLiteral("half-done test migration");
    failing.sql = QStringLiteral("CREATE TABLE bdba_half_done (x INTEGER); "
                                 "INSERT INTO bdba_half_done VALUES (1), (2); "
                                 "DELETE FROM files; ");
    if (failInStep) {
        failing.step = [](NativeHandle handle) {
            return sqlite::exec(
                    sqlite::native(handle),
                    QStringLiteral("INSERT INTO bdba_table_that_does_not_exist VALUES (1)"));
        };
    } else {
        failing.sql += QStringLiteral(
                "INSERT INTO bdba_table_that_does_not_exist SELECT x FROM bdba_half_done;");
    }
    QList<Migration> migrations = Migrator::standardMigrations();
    migrations.append(failing);
    const Migrator migrator(migrations);
    QCOMPARE(migrator.latestVersion(), 99);

    auto outcome = migrator.migrate(path);
    QVERIFY(!outcome.ok());
    const DbError &error = outcome.error();
    QCOMPARE(error.kind(), DbError::Kind::MigrationFailed);
    QVERIFY2(error.message().contains(QLatin1String("migration 99")), qPrintable(error.message()));
    QVERIFY2(error.message().contains(QLatin1String("bdba_table_that_does_not_exist")),
             qPrintable(error.message()));
    QVERIFY2(error.message().contains(QLatin1String("restored")), qPrintable(error.message()));
    QVERIFY2(!error.message().contains(QLatin1String("failed too")), qPrintable(error.message()));
    // The backup it restored from is kept, for the operator.
    QCOMPARE(backupsIn(dir.path()).size(), 1);

    {
        Inspect after(path);
        QVERIFY(after.ok());
        QCOMPARE(after.version(), versionBefore);
        auto half = schema::hasTable(after.handle(), QStringLiteral("bdba_half_done"));
        QVERIFY(half.ok());
        QVERIFY(!half.value());
        QCOMPARE(after.schemaObjects(), schemaBefore);
        QCOMPARE(after.rowsHash(QStringLiteral("clients")), clientsBefore);
        QCOMPARE(after.rowsHash(QStringLiteral("files")), filesBefore);
        QCOMPARE(after.text(QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    }

    // The restored file is a good database: the standard migrations still bring it up to date.
    auto session = test::openOrFail(test::options(path));
    QVERIFY(session);
    QCOMPARE(session->migration().toVersion, Migrator().latestVersion());
}

void tst_Migration::openingTwiceIsIdempotent()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("twice.db"));
    test::writeOriginalDatabase(path, 5, 4, 1);
    if (QTest::currentTestFailed())
        return;
    {
        auto first = test::openOrFail(test::options(path));
        QVERIFY(first);
        QCOMPARE(first->migration().fromVersion, 0);
        QVERIFY(!first->migration().backupPath.isEmpty());
    }
    const QStringList backups = backupsIn(dir.path());
    QCOMPARE(backups.size(), 1);

    QStringList schemaBefore;
    QByteArray clientsBefore, filesBefore, versionsBefore;
    {
        Inspect before(path);
        QVERIFY(before.ok());
        schemaBefore = before.schemaObjects();
        clientsBefore = before.rowsHash(QStringLiteral("clients"));
        filesBefore = before.rowsHash(QStringLiteral("files"));
        versionsBefore = before.rowsHash(QStringLiteral("bdba_schema_version"));
    }

    for (int round = 0; round < 2; ++round) {
        auto again = test::openOrFail(test::options(path));
        QVERIFY(again);
        const MigrationOutcome &m = again->migration();
        QCOMPARE(m.fromVersion, Migrator().latestVersion());
        QCOMPARE(m.toVersion, Migrator().latestVersion());
        QVERIFY(m.applied.isEmpty());
        QVERIFY(m.backupPath.isEmpty());
        auto pending = Migrator().pendingCount(path);
        QVERIFY(pending.ok());
        QCOMPARE(pending.value(), 0);
    }

    QCOMPARE(backupsIn(dir.path()), backups);
    Inspect after(path);
    QVERIFY(after.ok());
    QCOMPARE(after.schemaObjects(), schemaBefore);
    QCOMPARE(after.rowsHash(QStringLiteral("clients")), clientsBefore);
    QCOMPARE(after.rowsHash(QStringLiteral("files")), filesBefore);
    QCOMPARE(after.rowsHash(QStringLiteral("bdba_schema_version")), versionsBefore);
}

void tst_Migration::backupGoesToTheConfiguredFolder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.db"));
    test::writeOriginalDatabase(path, 2, 2, 0);
    if (QTest::currentTestFailed())
        return;
    const QString folder = dir.filePath(QStringLiteral("backups/before-migrations"));
    SessionOptions options = test::options(path);
    options.migrationBackupFolder = folder;
    auto session = test::openOrFail(options);
    QVERIFY(session);
    const QString backup = session->migration().backupPath;
    QCOMPARE(QFileInfo(backup).absolutePath(), QFileInfo(folder).absoluteFilePath());
    QVERIFY(QFileInfo::exists(backup));
    QVERIFY(backupsIn(dir.path()).isEmpty());
    Inspect copy(backup);
    QVERIFY(copy.ok());
    QCOMPARE(copy.integer(QStringLiteral("SELECT COUNT(*) FROM files")), 4);
}

void tst_Migration::createsNewDatabase()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("new.db"));
    {
        auto session = test::openOrFail(test::options(path));
        QVERIFY(session);
        QCOMPARE(session->migration().fromVersion, 0);
        QCOMPARE(session->migration().toVersion, Migrator().latestVersion());
        QVERIFY(session->migration().backupPath.isEmpty()); // nothing to back up
        QVERIFY2(session->migration().notes.isEmpty(),
                 qPrintable(session->migration().notes.join(u'\n')));
        QCOMPARE(session->database().writer().journalMode(), QStringLiteral("wal"));
    }
    QVERIFY(backupsIn(dir.path()).isEmpty());
    Inspect after(path);
    QVERIFY(after.ok());
    QCOMPARE(after.version(), Migrator().latestVersion());
    auto fk = schema::filesHaveClientForeignKey(after.handle());
    QVERIFY(fk.ok() && fk.value());
}

QTEST_GUILESS_MAIN(tst_Migration)
#include "tst_migration.moc"
