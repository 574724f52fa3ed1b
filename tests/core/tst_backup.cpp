// Online backup, verification and retention (M3, improvement 5): a backup verifies, is private
// (0600), has a sidecar and is listed; a backup taken while four threads keep writing is one
// consistent snapshot; a cancelled or failed backup leaves no file; retention keeps exactly what
// the policy says. Restoring and verifying backup files: tst_restore.
#include "db/sqlitenative.h"
#include "demo/demogenerator.h"
#include "maintenancefixture.h"
#include "nativeconnection.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <atomic>
#include <sqlite3.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace backupdb;

namespace {

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

bool writeJson(const QString &path, const QJsonObject &o)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(QJsonDocument(o).toJson()) > 0;
}

} // namespace

class tst_Backup : public QObject
{
    Q_OBJECT

private slots:
    void backupVerifiesAndIsListed();
    void backupWhileWritingIsOneSnapshot();
    void cancelledBackupLeavesNothing_data();
    void cancelledBackupLeavesNothing();
    void unwritableFolderFails_data();
    void unwritableFolderFails();
    void retentionKeepsWhatThePolicySays_data();
    void retentionKeepsWhatThePolicySays();
    void retentionAfterBackup();

private:
    const test::MaintenanceFixture m_fixture;
};

void tst_Backup::backupVerifiesAndIsListed()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("server.db")), 10, 400);
    QVERIFY(session);
    const QString folder = dir.filePath(QStringLiteral("backups"));

    QList<double> progress;
    auto made = session->backups().backup(folder, {}, [&](double f) { progress.append(f); });
    QVERIFY2(made, qPrintable(made.error().message()));
    QVERIFY(made->verified);
    QCOMPARE(made->verifyMessage, QStringLiteral("ok"));
    QVERIFY(QFileInfo::exists(made->path));
    QCOMPARE(QFileInfo(made->path).absolutePath(), QDir(folder).absolutePath());
    QVERIFY(BackupService::isBackupName(QFileInfo(made->path).fileName()));
    QCOMPARE(made->bytes, QFileInfo(made->path).size());
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last(), 1.0);

    struct stat st
    {
    };
    QCOMPARE(::stat(QFile::encodeName(made->path).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, mode_t(0600));

    const QString sidecar = made->path + QStringLiteral(".json");
    QVERIFY(QFileInfo::exists(sidecar));
    const QJsonObject json = readJson(sidecar);
    QCOMPARE(json.value(QStringLiteral("verified")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("integrity")).toString(), QStringLiteral("ok"));
    QCOMPARE(qint64(json.value(QStringLiteral("bytes")).toDouble()), made->bytes);
    QCOMPARE(QDateTime::fromString(json.value(QStringLiteral("created_at")).toString(),
                                   Qt::ISODateWithMs),
             made->createdAt);

    // Only the backup and its sidecar: no temporary file stays behind.
    QStringList expected { QFileInfo(made->path).fileName(), QFileInfo(sidecar).fileName() };
    QStringList actual = test::entriesIn(folder);
    expected.sort();
    actual.sort();
    QCOMPARE(actual, expected);

    auto listed = session->backups().list(folder);
    QVERIFY(listed);
    QCOMPARE(listed->size(), 1);
    QCOMPARE(listed->first().path, made->path);
    QVERIFY(listed->first().verified);
    QCOMPARE(listed->first().createdAt, made->createdAt);
    auto newest = session->backups().newest(folder);
    QVERIFY(newest);
    QCOMPARE(newest->path, made->path);

    // The copy holds the same rows.
    test::NativeConnection copy(made->path);
    QVERIFY(copy.isOpen());
    QCOMPARE(copy.integer(QStringLiteral("SELECT COUNT(*) FROM files")),
             test::countFiles(*session));
    QCOMPARE(copy.integer(QStringLiteral("SELECT COUNT(*) FROM clients")), 10);

    // An audit row records it.
    const QList<AuditEntry> audit = test::auditEntries(*session, QStringLiteral("backup"));
    QCOMPARE(audit.size(), 1);
    const QJsonObject details = test::detailsOf(audit.first());
    QCOMPARE(details.value(QStringLiteral("path")).toString(), made->path);
    QCOMPARE(details.value(QStringLiteral("verified")).toBool(), true);
    QCOMPARE(audit.first().osUser, AuditLog::osUser());
}

void tst_Backup::backupWhileWritingIsOneSnapshot()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("busy.db")), 20, 4000);
    QVERIFY(session);
    const qint64 before = test::countFiles(*session);
    QCOMPARE(before, 4000);
    QList<QByteArray> clients;
    for (int i = 0; i < 20; ++i)
        clients.append(DemoGenerator().clientId(i));

    constexpr int kWriters = 4;
    std::atomic<bool> stop { false };
    std::atomic<qint64> written { 0 };
    std::atomic<qint64> failed { 0 };
    std::vector<QString> firstError(kWriters);
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
        writers.emplace_back([&, w] {
            const DemoGenerator gen(1000 + w);
            for (qint64 i = 0; !stop.load(); ++i) {
                FileRecord f = gen.file(i, clients.at(int((i + w) % clients.size())));
                if (w % 2 == 0) {
                    auto added = session->files().add(f);
                    if (added) {
                        ++written;
                    } else {
                        if (firstError[w].isEmpty())
                            firstError[w] = added.error().message();
                        ++failed;
                    }
                } else {
                    auto added = session->bulk().insertFiles({ f });
                    if (added && added->inserted == 1) {
                        ++written;
                    } else {
                        if (firstError[w].isEmpty())
                            firstError[w] = added ? QStringLiteral("not inserted")
                                                  : added.error().message();
                        ++failed;
                    }
                }
            }
        });
    }
    const auto joinAll = qScopeGuard([&] {
        stop = true;
        for (std::thread &t : writers)
            t.join();
    });
    // The writers are running before the backup starts...
    QTRY_VERIFY_WITH_TIMEOUT(written.load() >= 40, 20000);

    BackupOptions options;
    options.pagesPerStep = 4; // many steps, so the copy overlaps the writes
    qint64 writtenAtStart = -1;
    bool sawMore = false;
    // Committed before the backup began, so surely in its snapshot. (The count at the first
    // progress call is no bound: a writer may commit between the snapshot and that call.)
    const qint64 writtenBefore = written.load();
    auto made = session->backups().backup(
            dir.filePath(QStringLiteral("backups")), options, [&](double) {
                // ...and go on while it copies: the first step waits until they have written more.
                if (writtenAtStart < 0) {
                    writtenAtStart = written.load();
                    QDeadlineTimer deadline(20000);
                    while (written.load() < writtenAtStart + 40 && !deadline.hasExpired())
                        std::this_thread::yield();
                    sawMore = written.load() >= writtenAtStart + 40;
                }
            });
    stop = true;
    for (std::thread &t : writers)
        t.join();
    writers.clear();

    QVERIFY2(made, qPrintable(made.error().message()));
    QVERIFY(made->verified);
    QVERIFY2(sawMore, "the writers made no progress while the backup was running");
    for (int w = 0; w < kWriters; ++w)
        QVERIFY2(firstError[w].isEmpty(),
                 qPrintable(QStringLiteral("writer %1: %2").arg(w).arg(firstError[w])));
    QCOMPARE(failed.load(), 0);
    QCOMPARE(test::countFiles(*session), before + written.load());

    // One snapshot: the counters of the copy agree with its tables, globally and per client.
    test::NativeConnection copy(made->path);
    QVERIFY(copy.isOpen());
    const qint64 copied = copy.integer(QStringLiteral("SELECT COUNT(*) FROM files"));
    QCOMPARE(copy.integer(QStringLiteral("SELECT files FROM bdba_counters WHERE id = 1")), copied);
    QCOMPARE(copy.integer(QStringLiteral("SELECT total_size FROM bdba_counters WHERE id = 1")),
             copy.integer(QStringLiteral("SELECT COALESCE(SUM(FileSize), 0) FROM files")));
    QCOMPARE(copy.rows(QStringLiteral("SELECT client_id, files, total_size, verified FROM "
                                      "bdba_client_totals ORDER BY client_id")),
             copy.rows(QStringLiteral("SELECT ClientID, COUNT(*), COALESCE(SUM(FileSize), 0), "
                                      "COALESCE(SUM(Verified != 0), 0) "
                                      "FROM files GROUP BY ClientID ORDER BY ClientID")));
    QCOMPARE(copy.rows(QStringLiteral("PRAGMA integrity_check")),
             QStringList { QStringLiteral("ok") });
    // The snapshot was taken when the backup began: the rows written during it are not in it.
    QVERIFY2(copied >= before + writtenBefore,
             qPrintable(QStringLiteral("copy %1, at the start %2")
                                .arg(copied)
                                .arg(before + writtenBefore)));
    QVERIFY2(
            copied < before + written.load(),
            qPrintable(QStringLiteral("copy %1, now %2").arg(copied).arg(before + written.load())));
}

void tst_Backup::cancelledBackupLeavesNothing_data()
{
    QTest::addColumn<int>(
            "cancelAtCall"); // the progress call that sets the flag; -1 = the last one
    QTest::newRow("first step") << 1;
    QTest::newRow("a middle step") << 10;
    QTest::newRow("last step, before verification") << -1;
}

void tst_Backup::cancelledBackupLeavesNothing()
{
    QFETCH(int, cancelAtCall);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("cancel.db")), 20, 3000);
    QVERIFY(session);
    const QString folder = dir.filePath(QStringLiteral("backups"));
    QVERIFY(QDir().mkpath(folder));

    BackupOptions options;
    options.pagesPerStep = 1;
    CancelFlag cancel { false };
    int calls = 0;
    double lastFraction = 0;
    auto made = session->backups().backup(
            folder, options,
            [&](double f) {
                ++calls;
                lastFraction = f;
                if (calls == cancelAtCall || (cancelAtCall < 0 && f >= 0.9))
                    cancel = true;
            },
            &cancel);
    QVERIFY(cancel.load());
    QVERIFY(!made);
    QCOMPARE(made.error().kind(), DbError::Kind::Cancelled);
    if (cancelAtCall > 0)
        QCOMPARE(calls, cancelAtCall); // stopped at once, not after the copy
    QVERIFY(lastFraction < 1.0);
    QCOMPARE(test::entriesIn(folder), QStringList());
    auto listed = session->backups().list(folder);
    QVERIFY(listed);
    QVERIFY(listed->isEmpty());
    QVERIFY(test::auditEntries(*session, QStringLiteral("backup")).isEmpty());
}

void tst_Backup::unwritableFolderFails_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("folder under a regular file") << QStringLiteral("under-file");
    QTest::newRow("the folder is a regular file") << QStringLiteral("is-file");
    QTest::newRow("folder in /proc") << QStringLiteral("proc");
    QTest::newRow("read-only folder (chmod 0500)") << QStringLiteral("chmod");
}

void tst_Backup::unwritableFolderFails()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("server.db")), 3, 30);
    QVERIFY(session);
    const QString outer = dir.filePath(QStringLiteral("outer"));
    QVERIFY(QDir().mkpath(outer));
    const QString blocker = QDir(outer).filePath(QStringLiteral("blocker"));
    {
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a folder");
    }
    QString folder;
    QString watched = outer; // nothing new may appear here
    if (kind == QLatin1String("under-file")) {
        folder = blocker + QStringLiteral("/sub");
    } else if (kind == QLatin1String("is-file")) {
        folder = blocker;
    } else if (kind == QLatin1String("proc")) {
        folder = QStringLiteral("/proc/self/bdba-backups-%1")
                         .arg(QCoreApplication::applicationPid());
        watched.clear();
    } else {
        folder = QDir(outer).filePath(QStringLiteral("readonly"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        watched = folder;
        // root ignores permissions: then this row proves nothing.
        QFile probe(QDir(folder).filePath(QStringLiteral("probe")));
        if (probe.open(QIODevice::WriteOnly)) {
            probe.remove();
            QFile::setPermissions(folder,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                          | QFileDevice::ExeOwner);
            QSKIP("running as root: chmod 0500 does not stop writes (the other rows cover this)");
        }
    }
    const QStringList before = watched.isEmpty() ? QStringList() : test::entriesIn(watched);

    auto made = session->backups().backup(folder);
    QVERIFY(!made);
    QVERIFY(made.error().kind() == DbError::Kind::Io
            || made.error().kind() == DbError::Kind::CannotOpen
            || made.error().kind() == DbError::Kind::ReadOnly);
    QVERIFY2(made.error().message().contains(folder), qPrintable(made.error().message()));
    if (!watched.isEmpty())
        QCOMPARE(test::entriesIn(watched), before);
    QVERIFY(!QFileInfo::exists(folder) || kind == QLatin1String("is-file")
            || kind == QLatin1String("chmod"));
    QCOMPARE(QFileInfo(blocker).size(), qint64(12));
    if (kind == QLatin1String("chmod"))
        QFile::setPermissions(
                folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

void tst_Backup::retentionKeepsWhatThePolicySays_data()
{
    QTest::addColumn<int>("keepLast");
    QTest::addColumn<int>("keepDays");
    QTest::addColumn<QList<bool>>("verified"); // newest first
    QTest::addColumn<QList<int>>("kept"); // indexes, newest first
    // Five backups, aged 0, 10, 20, 30 and 40 days (newest first).
    const QList<bool> allVerified { true, true, true, true, true };
    QTest::newRow("no rule: all kept") << 0 << 0 << allVerified << QList<int> { 0, 1, 2, 3, 4 };
    QTest::newRow("keep last 2") << 2 << 0 << allVerified << QList<int> { 0, 1 };
    QTest::newRow("keep last 1") << 1 << 0 << allVerified << QList<int> { 0 };
    QTest::newRow("keep last 9") << 9 << 0 << allVerified << QList<int> { 0, 1, 2, 3, 4 };
    QTest::newRow("keep 15 days") << 0 << 15 << allVerified << QList<int> { 0, 1 };
    QTest::newRow("keep 25 days") << 0 << 25 << allVerified << QList<int> { 0, 1, 2 };
    QTest::newRow("keep last 3 or 15 days") << 3 << 15 << allVerified << QList<int> { 0, 1, 2 };
    QTest::newRow("keep last 1 or 25 days") << 1 << 25 << allVerified << QList<int> { 0, 1, 2 };
    QTest::newRow("keep last 1, newest unverified")
            << 1 << 0 << QList<bool> { false, false, true, true, true } << QList<int> { 0, 2 };
    QTest::newRow("keep 5 days, newest unverified")
            << 0 << 5 << QList<bool> { false, true, true, true, true } << QList<int> { 0, 1 };
    QTest::newRow("keep 1 day, none verified")
            << 0 << 1 << QList<bool> { false, false, false, false, false } << QList<int> { 0 };
}

void tst_Backup::retentionKeepsWhatThePolicySays()
{
    QFETCH(int, keepLast);
    QFETCH(int, keepDays);
    QFETCH(QList<bool>, verified);
    QFETCH(QList<int>, kept);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("server.db")), 2, 10);
    QVERIFY(session);
    const QString folder = dir.filePath(QStringLiteral("backups"));
    for (int i = 0; i < 5; ++i) {
        auto made = session->backups().backup(folder);
        QVERIFY2(made, qPrintable(made.error().message()));
    }
    auto listed = session->backups().list(folder);
    QVERIFY(listed);
    QCOMPARE(listed->size(), 5);
    QStringList paths;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < 5; ++i) {
        const QString sidecar = listed->at(i).path + QStringLiteral(".json");
        QJsonObject o = readJson(sidecar);
        QVERIFY(!o.isEmpty());
        o.insert(QStringLiteral("created_at"),
                 now.addDays(-10 * i).addSecs(-60).toString(Qt::ISODateWithMs));
        o.insert(QStringLiteral("verified"), verified.at(i));
        QVERIFY(writeJson(sidecar, o));
        paths.append(listed->at(i).path);
    }
    auto relisted = session->backups().list(folder);
    QVERIFY(relisted);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(relisted->at(i).path, paths.at(i));

    RetentionPolicy policy;
    policy.keepLast = keepLast;
    policy.keepDays = keepDays;
    auto removed = session->backups().applyRetention(folder, policy);
    QVERIFY2(removed, qPrintable(removed.error().message()));

    QStringList expectedKept, expectedRemoved;
    for (int i = 0; i < 5; ++i)
        (kept.contains(i) ? expectedKept : expectedRemoved).append(paths.at(i));
    QStringList actuallyRemoved = removed.value();
    actuallyRemoved.sort();
    expectedRemoved.sort();
    QCOMPARE(actuallyRemoved, expectedRemoved);
    QStringList remaining;
    auto after = session->backups().list(folder);
    QVERIFY(after);
    for (const BackupInfo &b : after.value())
        remaining.append(b.path);
    QCOMPARE(remaining, expectedKept);
    for (const QString &p : expectedRemoved) {
        QVERIFY(!QFileInfo::exists(p));
        QVERIFY(!QFileInfo::exists(p + QStringLiteral(".json")));
    }
    QCOMPARE(test::entriesIn(folder).size(), 2 * expectedKept.size());

    QCOMPARE(test::auditEntries(*session, QStringLiteral("backup-retention")).size(),
             expectedRemoved.isEmpty() ? 0 : 1);
}

void tst_Backup::retentionAfterBackup()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("server.db")), 2, 10);
    QVERIFY(session);
    const QString folder = dir.filePath(QStringLiteral("backups"));
    BackupOptions options;
    options.retention.keepLast = 2;
    QString last;
    for (int i = 0; i < 4; ++i) {
        auto made = session->backups().backup(folder, options);
        QVERIFY2(made, qPrintable(made.error().message()));
        last = made->path;
    }
    auto listed = session->backups().list(folder);
    QVERIFY(listed);
    QCOMPARE(listed->size(), 2);
    QCOMPARE(listed->first().path, last);
}

QTEST_GUILESS_MAIN(tst_Backup)
#include "tst_backup.moc"
