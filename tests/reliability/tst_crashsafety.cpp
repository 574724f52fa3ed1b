// Crash safety: a child process (backupdb_importer) bulk-inserts N files in one transaction and
// is killed with SIGKILL at a random moment, again and again. After every kill the database
// opens, passes a full integrity_check, holds either none or all of that import, and its
// statistics counters equal COUNT(*).
#include "crashcheck.h"
#include "reliability.h"
#include "testsupport.h"

#include "demo/demogenerator.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>
#include <thread>

using namespace backupdb;

namespace {
using State = reliability::CrashState;

State inspect(const QString &path)
{
    return reliability::inspectAfterCrash(path);
}
} // namespace

class tst_CrashSafety : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void killedImportIsAllOrNothing()
    {
        const QString path = m_dir.filePath(QStringLiteral("crash.db"));
        {
            auto session = test::openOrFail(test::options(path));
            QVERIFY(session);
            DemoOptions d;
            d.clients = 1;
            d.seed = 1; // the importer's client is DemoGenerator(1).clientId(0)
            auto r = demo::populate(session->database(), d);
            QVERIFY2(r.ok(), qPrintable(r.error().message()));
        }
        const qint64 n = reliability::count(200'000, 1'000'000);
        const int kills = int(reliability::count(20, 20));

        // One import that runs to the end, on a copy: proves the helper works and times it, and
        // keeps the crash database small (a full integrity_check per kill reads all of it).
        const QString timing = m_dir.filePath(QStringLiteral("timing.db"));
        QVERIFY(QFile::copy(path, timing));
        QProcess first;
        first.start(QStringLiteral(BACKUPDB_IMPORTER),
                    { timing, QString::number(n), QStringLiteral("999") });
        QVERIFY(reliability::waitForLine(first, "importing"));
        QElapsedTimer importTime;
        importTime.start();
        QVERIFY(first.waitForFinished(600000));
        const qint64 importMs = std::max<qint64>(importTime.elapsed(), 1);
        QVERIFY2(first.exitCode() == 0, first.readAllStandardError().constData());
        const State timed = inspect(timing);
        QVERIFY2(timed.problem.isEmpty(), qPrintable(timed.problem));
        QCOMPARE(timed.files, n);
        State before = inspect(path);
        QVERIFY2(before.problem.isEmpty(), qPrintable(before.problem));
        QCOMPARE(before.files, 0);

        int survived = 0, midImport = 0, beforeImport = 0, completed = 0, rolledBack = 0;
        for (int k = 0; k < kills; ++k) {
            QProcess p;
            p.start(QStringLiteral(BACKUPDB_IMPORTER),
                    { path, QString::number(n), QString::number(1000 + k) });
            QVERIFY(p.waitForStarted());
            qint64 delay = 0;
            if (k % 5 == 4) {
                // While the importer opens the session and builds its batch.
                delay = QRandomGenerator::global()->bounded(200);
                ++beforeImport;
            } else {
                QVERIFY(reliability::waitForLine(p, "importing", 600000));
                delay = QRandomGenerator::global()->bounded(importMs);
                ++midImport;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(delay)); // the random moment
            p.kill(); // SIGKILL
            QVERIFY(p.waitForFinished(60000));

            const State after = inspect(path);
            QVERIFY2(after.problem.isEmpty(),
                     qPrintable(QStringLiteral("after kill %1 (%2 ms): %3")
                                        .arg(k + 1)
                                        .arg(delay)
                                        .arg(after.problem)));
            QVERIFY2(after.files == before.files || after.files == before.files + n,
                     qPrintable(QStringLiteral("after kill %1: %2 files, expected %3 or %4")
                                        .arg(k + 1)
                                        .arg(after.files)
                                        .arg(before.files)
                                        .arg(before.files + n)));
            if (after.files == before.files)
                ++rolledBack;
            else
                ++completed;
            before = after;
            ++survived;
        }
        qInfo("RELIABILITY crash_safety kills=%d kills_survived=%d rows_per_import=%lld "
              "import_ms=%lld killed_mid_import=%d killed_before_import=%d rolled_back=%d "
              "completed=%d final_files=%lld",
              kills, survived, n, importMs, midImport, beforeImport, rolledBack, completed,
              before.files);
        QCOMPARE(survived, kills);
        QVERIFY2(rolledBack > 0, "no kill landed inside an import");
    }
};

QTEST_GUILESS_MAIN(tst_CrashSafety)
#include "tst_crashsafety.moc"
