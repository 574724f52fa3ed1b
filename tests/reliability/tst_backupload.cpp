// Backups under load and on a full disk.
//   - A backup taken while 4 threads insert file records is one consistent copy that verifies.
//   - A backup onto a disk that fills up (a 2 MB tmpfs when we may mount, else a child process
//     with RLIMIT_FSIZE) fails with a clear Io error and leaves no file in the folder.
#include "reliability.h"
#include "testsupport.h"

#include "demo/demogenerator.h"

#include <QDir>
#include <QTest>
#include <atomic>
#include <csignal>
#include <sys/resource.h>
#include <thread>

using namespace backupdb;

namespace {
QStringList everything(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System
                                  | QDir::NoDotAndDotDot);
}
} // namespace

class tst_BackupLoad : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_mount;

private slots:
    void cleanup()
    {
        if (!m_mount.isEmpty()) {
            QProcess::execute(QStringLiteral("umount"), { m_mount });
            m_mount.clear();
        }
    }

    void backupWhileFourWritersInsert()
    {
        const QString path = m_dir.filePath(QStringLiteral("load.db"));
        auto session = test::openOrFail(test::options(path));
        QVERIFY(session);
        DemoOptions d;
        d.clients = 8;
        d.files = reliability::count(40'000, 400'000);
        QVERIFY(demo::populate(session->database(), d).ok());
        const QByteArray clientId = DemoGenerator(d.seed).clientId(0);
        const qint64 filesBefore = session->statistics().countExactly()->files;

        std::atomic<bool> stop { false };
        std::atomic<qint64> inserted { 0 }, errors { 0 };
        std::vector<std::thread> writers;
        for (int t = 0; t < 4; ++t) {
            writers.emplace_back([&, t] {
                for (qint64 i = 0; !stop.load(); ++i) {
                    FileRecord f;
                    f.fileName = QStringLiteral("w%1-%2").arg(t).arg(i);
                    f.pathName = QStringLiteral("/writers/%1").arg(t);
                    f.fileSize = i;
                    f.clientId = clientId;
                    if (session->files().add(f).ok())
                        ++inserted;
                    else
                        ++errors;
                }
            });
        }
        // Writers are running before the copy starts.
        QTRY_VERIFY_WITH_TIMEOUT(inserted.load() >= 50, 30000);
        BackupOptions options;
        options.pagesPerStep = 16; // many steps, so writers commit between them
        const qint64 insertedAtStart = inserted.load();
        auto backup = session->backups().backup(m_dir.filePath(QStringLiteral("backups")), options);
        const qint64 insertedDuring = inserted.load() - insertedAtStart;
        stop = true;
        for (std::thread &w : writers)
            w.join();
        QVERIFY2(backup.ok(), qPrintable(backup.error().message()));
        QVERIFY(backup->verified);

        auto verified = session->backups().verify(backup->path);
        QVERIFY2(verified.ok(), qPrintable(verified.error().message()));
        QVERIFY(verified->verified);
        // The copy is one snapshot: its counters equal its tables, and it holds a file count
        // between the one before the writers started and the one after they stopped.
        SessionOptions copyOptions = test::options(backup->path);
        copyOptions.mode = OpenMode::OpenExisting;
        auto copy = test::openOrFail(copyOptions);
        QVERIFY(copy);
        auto copyTotals = copy->statistics().totals(CachePolicy::Bypass);
        auto copyExact = copy->statistics().countExactly();
        QVERIFY(copyTotals.ok() && copyExact.ok());
        QVERIFY(copyTotals.value() == copyExact.value());
        const qint64 filesAfter = session->statistics().countExactly()->files;
        QVERIFY(copyExact->files >= filesBefore + insertedAtStart);
        QVERIFY(copyExact->files <= filesAfter);
        QCOMPARE(filesAfter, filesBefore + inserted.load());
        qInfo("RELIABILITY backup_load writers=4 rows_inserted=%lld inserted_during_backup=%lld "
              "writer_errors=%lld backup_files=%lld backup_bytes=%lld verified=%d",
              qint64(inserted), insertedDuring, qint64(errors), copyExact->files, backup->bytes,
              int(verified->verified));
        QCOMPARE(qint64(errors), 0);
        QVERIFY2(insertedDuring > 0, "no writer committed while the backup ran");
    }

    void backupOntoFullDisk()
    {
        const QString path = m_dir.filePath(QStringLiteral("big.db"));
        {
            auto session = test::openOrFail(test::options(path));
            QVERIFY(session);
            DemoOptions d;
            d.clients = 20;
            d.files = 90'000;
            QVERIFY(demo::populate(session->database(), d).ok());
        }
        const qint64 dbBytes = QFileInfo(path).size();
        QVERIFY2(dbBytes > 12 * 1000 * 1000, qPrintable(QString::number(dbBytes)));

        const QString target = m_dir.filePath(QStringLiteral("full"));
        QVERIFY(QDir().mkpath(target));
        QProcess mount;
        mount.start(QStringLiteral("mount"),
                    { QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                      QStringLiteral("size=2m"), QStringLiteral("tmpfs"), target });
        const bool mounted = mount.waitForFinished(30000)
                && mount.exitStatus() == QProcess::NormalExit && mount.exitCode() == 0;
        QString how;
        DbError::Kind kind = DbError::Kind::None;
        QString message;
        if (mounted) {
            m_mount = target;
            how = QStringLiteral("tmpfs");
            auto session = test::openOrFail(SessionOptions(test::options(path)));
            QVERIFY(session);
            auto backup = session->backups().backup(target);
            QVERIFY2(!backup.ok(), "a 2 MB disk took the whole backup");
            kind = backup.error().kind();
            message = backup.error().message();
        } else {
            // No mount permission: the CLI in a child process whose files may not grow beyond
            // 2 MB (SIGXFSZ ignored, so write() fails with EFBIG instead of killing it).
            how = QStringLiteral("rlimit_fsize");
            QProcess cli;
            cli.setChildProcessModifier([] {
                struct rlimit limit
                {
                    2 * 1024 * 1024, 2 * 1024 * 1024
                };
                ::setrlimit(RLIMIT_FSIZE, &limit);
                ::signal(SIGXFSZ, SIG_IGN);
            });
            cli.start(QStringLiteral(BACKUPDB_CLI),
                      { QStringLiteral("--db"), path, QStringLiteral("backup"),
                        QStringLiteral("--out"), target });
            QVERIFY(cli.waitForFinished(120000));
            QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
            QCOMPARE(cli.exitCode(), 3);
            kind = DbError::Kind::Io; // the CLI maps database errors to exit code 3
            message = QString::fromUtf8(cli.readAllStandardError());
        }
        const QStringList left = everything(target);
        qInfo("RELIABILITY backup_full_disk method=%s db_bytes=%lld error_kind=%s files_left=%d",
              qPrintable(how), dbBytes, qPrintable(DbError::kindName(kind)), int(left.size()));
        qInfo("full-disk error: %s", qPrintable(message));
        QCOMPARE(kind, DbError::Kind::Io);
        QVERIFY2(message.contains(QStringLiteral("no file was left behind")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("full"), Qt::CaseInsensitive)
                         || message.contains(QStringLiteral("space"), Qt::CaseInsensitive)
                         || message.contains(QStringLiteral("too large"), Qt::CaseInsensitive),
                 qPrintable(message));
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));
    }
};

QTEST_GUILESS_MAIN(tst_BackupLoad)
#include "tst_backupload.moc"
