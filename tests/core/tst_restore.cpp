// Restoring and verifying backup files (M3, improvement 5): restore refuses a damaged file
// without touching the database and brings back the old rows from a good one, keeping a verified
// safety backup; verify() tells a non-database from a backup and leaves no side files. Taking
// backups and retention: tst_backup.
#include "db/sqlitenative.h"
#include "demo/demogenerator.h"
#include "maintenancefixture.h"
#include "nativeconnection.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTest>
#include <sqlite3.h>

using namespace backupdb;

namespace {

// Overwrites count pages from the middle of a database file with garbage.
bool damageMiddlePages(const QString &path, int count)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite))
        return false;
    const qint64 pageSize = 4096;
    const qint64 pages = f.size() / pageSize;
    if (pages < count + 4)
        return false;
    const qint64 first = pages / 2;
    if (!f.seek(first * pageSize))
        return false;
    QByteArray garbage(int(pageSize * count), '\xA5');
    for (int i = 0; i < garbage.size(); i += 7)
        garbage[i] = char(i * 31);
    return f.write(garbage) == garbage.size();
}

} // namespace

class tst_Restore : public QObject
{
    Q_OBJECT

private slots:
    void restoreRefusesBadFile_data();
    void restoreRefusesBadFile();
    void restoreBringsBackOldRows();
    void verifyRejectsNonBackups_data();
    void verifyRejectsNonBackups();
    void verifyLeavesNoSideFiles();
    void restoreKeepsTheHistoryAfterTheBackup();
    void backupsOfAnotherDatabaseAreNotThisOnes();

private:
    const test::MaintenanceFixture m_fixture;
};

void tst_Restore::restoreRefusesBadFile_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("middle pages overwritten") << QStringLiteral("pages");
    QTest::newRow("truncated to half") << QStringLiteral("truncate");
    QTest::newRow("not SQLite") << QStringLiteral("text");
    QTest::newRow("empty file") << QStringLiteral("empty");
    QTest::newRow("SQLite without the server's tables") << QStringLiteral("other-db");
}

void tst_Restore::restoreRefusesBadFile()
{
    QFETCH(QString, damage);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("live.db"));
    auto session = m_fixture.demoSession(path, 20, 3000);
    QVERIFY(session);
    const QString folder = dir.filePath(QStringLiteral("backups"));
    auto made = session->backups().backup(folder);
    QVERIFY2(made, qPrintable(made.error().message()));

    const QString bad = dir.filePath(QStringLiteral("bad-backup-20250101-000000-000.sqlite"));
    if (damage == QLatin1String("pages")) {
        QVERIFY(QFile::copy(made->path, bad));
        QFile::setPermissions(bad, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY(damageMiddlePages(bad, 3));
    } else if (damage == QLatin1String("truncate")) {
        QVERIFY(QFile::copy(made->path, bad));
        QFile::setPermissions(bad, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY(QFile::resize(bad, QFileInfo(made->path).size() / 2));
    } else if (damage == QLatin1String("text")) {
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("this is not a database\n").repeated(400));
    } else if (damage == QLatin1String("empty")) {
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
    } else {
        test::NativeConnection other(bad, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        QVERIFY(other.isOpen());
        QVERIFY(!sqlite::exec(other.handle(),
                              QStringLiteral("CREATE TABLE t(x); INSERT INTO t VALUES (1)")));
    }

    const QByteArray hashBefore = test::fileHash(path);
    const qint64 filesBefore = test::countFiles(*session);
    const QString safety = dir.filePath(QStringLiteral("safety"));
    auto restored = session->backups().restore(bad, safety);
    QVERIFY(!restored);
    QVERIFY2(restored.error().message().contains(QStringLiteral("refusing")),
             qPrintable(restored.error().message()));
    QCOMPARE(test::fileHash(path), hashBefore);
    QCOMPARE(test::countFiles(*session), filesBefore);
    QVERIFY(!QFileInfo::exists(safety) || test::entriesIn(safety).isEmpty());
    QVERIFY(test::auditEntries(*session, QStringLiteral("restore")).isEmpty());
}

void tst_Restore::restoreBringsBackOldRows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("live.db"));
    auto session = m_fixture.demoSession(path, 10, 500);
    QVERIFY(session);
    auto made = session->backups().backup(dir.filePath(QStringLiteral("backups")));
    QVERIFY2(made, qPrintable(made.error().message()));

    // Rows added after the backup.
    ClientRecord late;
    late.name = QStringLiteral("added-after-the-backup");
    late.lastSeen = QStringLiteral("2025-01-10 12:00:00");
    auto added = session->clients().add(late);
    QVERIFY2(added, qPrintable(added.error().message()));
    for (int i = 0; i < 25; ++i) {
        auto f = session->files().add(DemoGenerator(555).file(i, added->id));
        QVERIFY2(f, qPrintable(f.error().message()));
    }
    QCOMPARE(test::countFiles(*session), 525);
    QCOMPARE(session->statistics().totals()->files, 525);

    const QString safetyFolder = dir.filePath(QStringLiteral("safety"));
    auto restored = session->backups().restore(made->path, safetyFolder);
    QVERIFY2(restored, qPrintable(restored.error().message()));

    // The added rows are gone, through the session's own connections...
    QCOMPARE(test::countFiles(*session), 500);
    auto gone = session->clients().get(added->id);
    QVERIFY(gone);
    QVERIFY(!gone->has_value());
    auto totals = session->statistics().totals();
    QVERIFY(totals);
    QCOMPARE(totals->files, 500);
    QCOMPARE(totals->clients, 10);
    // ...and for another program.
    {
        test::NativeConnection other(path);
        QVERIFY(other.isOpen());
        QCOMPARE(other.integer(QStringLiteral("SELECT COUNT(*) FROM files")), 500);
        QCOMPARE(other.integer(QStringLiteral(
                         "SELECT COUNT(*) FROM clients WHERE Name = 'added-after-the-backup'")),
                 0);
        // Still a WAL database (the backup itself is a rollback-journal file).
        QCOMPARE(sqlite::queryText(other.handle(), QStringLiteral("PRAGMA journal_mode"))
                         .valueOr({}),
                 QStringLiteral("wal"));
    }
    {
        test::NativeConnection backupFile(made->path);
        QCOMPARE(sqlite::queryText(backupFile.handle(), QStringLiteral("PRAGMA journal_mode"))
                         .valueOr({}),
                 QStringLiteral("delete"));
    }

    // The state before the restore is kept in a verified safety backup.
    QVERIFY(QFileInfo::exists(restored->path));
    QCOMPARE(QFileInfo(restored->path).absolutePath(), QDir(safetyFolder).absolutePath());
    QVERIFY(restored->verified);
    {
        test::NativeConnection safety(restored->path);
        QVERIFY(safety.isOpen());
        QCOMPARE(safety.integer(QStringLiteral("SELECT COUNT(*) FROM files")), 525);
        QCOMPARE(safety.integer(QStringLiteral(
                         "SELECT COUNT(*) FROM clients WHERE Name = 'added-after-the-backup'")),
                 1);
    }
    const QList<AuditEntry> audit = test::auditEntries(*session, QStringLiteral("restore"));
    QCOMPARE(audit.size(), 1);
    const QJsonObject details = test::detailsOf(audit.first());
    QCOMPARE(details.value(QStringLiteral("safety_backup")).toString(), restored->path);

    // Writes go on after a restore.
    auto again = session->files().add(DemoGenerator(556).file(1, DemoGenerator().clientId(0)));
    QVERIFY2(again, qPrintable(again.error().message()));
    QCOMPARE(test::countFiles(*session), 501);
}

// A clean-up of files, a maintenance run and a second backup after the first backup; then the
// first one is restored. The rows come back, and the record of what was done since stays.
void tst_Restore::restoreKeepsTheHistoryAfterTheBackup()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("live.db"));
    auto session = m_fixture.demoSession(path, 4, 200);
    QVERIFY(session);
    const QString id = session->backups().databaseId();
    QCOMPARE(id.size(), 32);
    const QString folder = dir.filePath(QStringLiteral("backups"));
    auto first = session->backups().backup(folder);
    QVERIFY2(first, qPrintable(first.error().message()));
    QCOMPARE(first->databaseId, id);
    QCOMPARE(first->files, 200);
    QCOMPARE(first->clients, 4);

    auto files = session->files().listForClient(DemoGenerator().clientId(0));
    QVERIFY(files && files->size() >= 5);
    for (int i = 0; i < 5; ++i) {
        auto removed = session->files().remove(files->at(i).clientId, files->at(i).id);
        QVERIFY2(removed && removed.value(), "delete");
    }
    {
        // The server deletes one too: its audit row has no user.
        test::NativeConnection server(path, SQLITE_OPEN_READWRITE);
        QVERIFY(!server.exec(QStringLiteral("DELETE FROM files WHERE rowid = (SELECT MAX(rowid) FROM files)")));
    }
    MaintenanceRun run;
    run.task = QStringLiteral("quick_check");
    run.startedAt = run.finishedAt = QDateTime::currentDateTimeUtc();
    run.trigger = MaintenanceRun::Trigger::Manual;
    auto recorded = session->maintenanceHistory().record(run);
    QVERIFY2(recorded, qPrintable(recorded.error().message()));
    QVERIFY(session->backups().backup(folder));
    QCOMPARE(test::auditEntries(*session, QStringLiteral("DELETE")).size(), 6);

    auto safety = session->backups().restore(first->path, dir.filePath(QStringLiteral("safety")));
    QVERIFY2(safety, qPrintable(safety.error().message()));
    QCOMPARE(test::countFiles(*session), 200); // the rows are back...
    // ...and what happened since is still on record, once each: the 6 deletes, the three
    // backups (first, second, the restore's safety backup), the maintenance run, the restore.
    QCOMPARE(test::auditEntries(*session, QStringLiteral("DELETE")).size(), 6);
    QCOMPARE(test::auditEntries(*session, QStringLiteral("backup")).size(), 3);
    const QList<AuditEntry> restores = test::auditEntries(*session, QStringLiteral("restore"));
    QCOMPARE(restores.size(), 1);
    QVERIFY(test::detailsOf(restores.first()).value(QStringLiteral("audit_entries_carried")).toInt() >= 9);
    auto runs = session->maintenanceHistory().recent(10);
    QVERIFY(runs);
    QCOMPARE(runs->size(), 1);
    QCOMPARE(runs->first().task, QStringLiteral("quick_check"));
    // Each carried row keeps its user: ours for our deletes, none for the server's (the carried
    // rows were not stamped as ours on the way).
    int serverRows = 0;
    for (const AuditEntry &e : test::auditEntries(*session, QStringLiteral("DELETE")))
        serverRows += e.osUser.isEmpty() ? 1 : 0;
    QCOMPARE(serverRows, 1);
    QCOMPARE(session->backups().databaseId(), id);
    {
        test::NativeConnection other(path, SQLITE_OPEN_READONLY);
        QCOMPARE(sqlite::queryText(other.handle(), QStringLiteral("SELECT database_id FROM bdba_identity"))
                         .valueOr({}),
                 id);
    }
}

// Two databases, one backup folder: each sees only its own backups; another database's backup
// is restored only when that is asked for in so many words, and never touched by retention.
void tst_Restore::backupsOfAnotherDatabaseAreNotThisOnes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(QStringLiteral("backups"));
    auto demo = m_fixture.demoSession(dir.filePath(QStringLiteral("demo.db")), 3, 90);
    auto big = m_fixture.demoSession(dir.filePath(QStringLiteral("big.db")), 5, 300);
    QVERIFY(demo && big);
    QVERIFY(demo->backups().databaseId() != big->backups().databaseId());
    QList<BackupInfo> made;
    for (int i = 0; i < 3; ++i) {
        auto b = demo->backups().backup(folder);
        QVERIFY2(b, qPrintable(b.error().message()));
        made.append(b.value());
    }

    auto own = big->backups().list(folder);
    QVERIFY(own);
    QVERIFY(own->isEmpty());
    QVERIFY(!big->backups().newest(folder));
    auto all = big->backups().list(folder, BackupScope::All);
    QVERIFY(all);
    QCOMPARE(all->size(), 3);
    for (const BackupInfo &b : all.value()) {
        QCOMPARE(b.origin, BackupInfo::Origin::OtherDatabase);
        QCOMPARE(b.databasePath, QFileInfo(dir.filePath(QStringLiteral("demo.db"))).absoluteFilePath());
        QCOMPARE(b.files, 90);
    }
    QCOMPARE(demo->backups().list(folder)->size(), 3);
    QCOMPARE(demo->backups().newest(folder)->path, made.last().path);

    // Retention of big keeps nothing of its own (it has none) and leaves demo's alone.
    auto removed = big->backups().applyRetention(folder, { 1, 0 });
    QVERIFY(removed);
    QVERIFY(removed->isEmpty());
    QCOMPARE(demo->backups().list(folder)->size(), 3);

    // Restoring demo's backup over big: refused, nothing changed...
    const QByteArray before = test::fileHash(dir.filePath(QStringLiteral("big.db")));
    auto refused = big->backups().restore(made.first().path, dir.filePath(QStringLiteral("safety")));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), DbError::Kind::Refused);
    QVERIFY(refused.error().message().contains(QStringLiteral("another database")));
    QCOMPARE(test::countFiles(*big), 300);
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("safety"))));
    QCOMPARE(test::fileHash(dir.filePath(QStringLiteral("big.db"))), before);
    // ...unless chosen explicitly; big keeps its identity.
    const QString bigId = big->backups().databaseId();
    RestoreOptions anyway;
    anyway.allowOtherDatabase = true;
    auto restored = big->backups().restore(made.first().path, dir.filePath(QStringLiteral("safety")),
                                           nullptr, anyway);
    QVERIFY2(restored, qPrintable(restored.error().message()));
    QCOMPARE(test::countFiles(*big), 90);
    QCOMPARE(big->backups().databaseId(), bigId);
    QCOMPARE(big->backups().list(folder)->size(), 0);
    QCOMPARE(big->backups().list(dir.filePath(QStringLiteral("safety")))->size(), 1);
}

void tst_Restore::verifyRejectsNonBackups_data()
{
    QTest::addColumn<QString>("content");
    QTest::newRow("text file") << QStringLiteral("text");
    QTest::newRow("empty file") << QStringLiteral("empty");
    QTest::newRow("truncated backup") << QStringLiteral("truncate");
    QTest::newRow("header only") << QStringLiteral("header");
    QTest::newRow("SQLite without the server's tables") << QStringLiteral("other-db");
}

void tst_Restore::verifyRejectsNonBackups()
{
    QFETCH(QString, content);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("server.db")), 10, 2000);
    QVERIFY(session);
    auto made = session->backups().backup(dir.filePath(QStringLiteral("backups")));
    QVERIFY2(made, qPrintable(made.error().message()));
    auto good = session->backups().verify(made->path);
    QVERIFY(good);
    QVERIFY(good->verified);
    QCOMPARE(good->verifyMessage, QStringLiteral("ok"));

    const QString file = dir.filePath(QStringLiteral("candidate.sqlite"));
    if (content == QLatin1String("text")) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello, I am a text file\n");
    } else if (content == QLatin1String("empty")) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
    } else if (content == QLatin1String("truncate") || content == QLatin1String("header")) {
        QVERIFY(QFile::copy(made->path, file));
        QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY(QFile::resize(file, content == QLatin1String("header") ? 100 : made->bytes / 3));
    } else {
        test::NativeConnection other(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        QVERIFY(other.isOpen());
        QVERIFY(!sqlite::exec(
                other.handle(),
                QStringLiteral("CREATE TABLE clients(x); INSERT INTO clients VALUES (1)")));
    }
    auto checked = session->backups().verify(file);
    QVERIFY2(checked, qPrintable(checked.error().message()));
    QVERIFY(!checked->verified);
    QVERIFY(!checked->verifyMessage.isEmpty());
    QVERIFY(checked->verifyMessage != QLatin1String("ok"));

    auto missing = session->backups().verify(dir.filePath(QStringLiteral("no-such-file.sqlite")));
    QVERIFY(!missing);
    QVERIFY(missing.error().message().contains(QStringLiteral("does not exist")));
}

void tst_Restore::verifyLeavesNoSideFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A WAL-mode database file (as a copy of a server's live file would be).
    const QString file = dir.filePath(QStringLiteral("server-copy.sqlite"));
    {
        test::NativeConnection writer(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        QVERIFY(writer.isOpen());
        QVERIFY(!sqlite::exec(writer.handle(), QStringLiteral("PRAGMA journal_mode = WAL")));
        QVERIFY(!sqlite::exec(writer.handle(), test::originalServerSchema()));
    }
    QCOMPARE(test::entriesIn(dir.path()), QStringList { QStringLiteral("server-copy.sqlite") });
    auto session = test::openOrFail(test::options(dir.filePath(QStringLiteral("live.db"))));
    QVERIFY(session);
    auto checked = session->backups().verify(file);
    QVERIFY2(checked, qPrintable(checked.error().message()));
    QVERIFY(checked->verified);
    QVERIFY(!QFileInfo::exists(file + QStringLiteral("-wal")));
    QVERIFY(!QFileInfo::exists(file + QStringLiteral("-shm")));
}

QTEST_GUILESS_MAIN(tst_Restore)
#include "tst_restore.moc"
