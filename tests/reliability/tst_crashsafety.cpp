// Crash safety: a child process (backupdb_importer) bulk-inserts N files in one transaction and
// is killed with SIGKILL at a random moment, again and again. After every kill the database
// opens, passes a full integrity_check, holds either none or all of that import, and its
// statistics counters equal COUNT(*).
#include "crashcheck.h"
#include "reliability.h"
#include "testsupport.h"

#include "demo/demogenerator.h"

#include <QFile>
#include <QTest>

using namespace backupdb;

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
        qint64 importMs = 0;
        const QString failed = reliability::timeImport(timing, n, &importMs);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        const reliability::CrashState timed = reliability::inspectAfterCrash(timing);
        QVERIFY2(timed.problem.isEmpty(), qPrintable(timed.problem));
        QCOMPARE(timed.files, n);

        reliability::ImportKills run;
        run.kills = kills;
        const QString problem = reliability::killImports(path, n, importMs, run);
        reliability::logKills("crash_safety", n, importMs, run);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(run.survived, kills);
        QVERIFY2(run.rolledBack > 0, "no kill landed inside an import");
    }
};

QTEST_GUILESS_MAIN(tst_CrashSafety)
#include "tst_crashsafety.moc"
