// The crash-safety runs of tst_crashsafety (SQLite) and tst_pgreliability (PostgreSQL):
// backupdb_importer bulk-imports in one transaction and is killed with SIGKILL at random
// moments; after each kill the database opens through Session::open, its full integrity check
// is clean with exact counters, the trigger-kept totals equal COUNT(*), and it holds none or all
// of the killed import. Engine-neutral: the location is an SQLite path or a libpq conninfo.
// Include it only where BACKUPDB_IMPORTER is defined (tests/reliability/CMakeLists.txt).
#pragma once

#include "reliability.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <functional>
#include <thread>

namespace backupdb::reliability {

struct CrashState
{
    qint64 files = -1; // COUNT(*) of files
    QString problem; // empty when everything checked out
};

inline SessionOptions crashCheckOptions(const QString &location)
{
    SessionOptions o = test::options(location);
    o.mode = OpenMode::OpenExisting;
    o.quickCheckOnOpen = false;
    o.query.queryTimeout = Milliseconds(0);
    return o;
}

inline CrashState inspectAfterCrash(const QString &location)
{
    CrashState s;
    auto opened = Session::open(crashCheckOptions(location));
    if (!opened) {
        s.problem = QStringLiteral("open: ") + opened.error().message();
        return s;
    }
    Session &session = *opened.value();
    auto report = session.integrity().check(IntegrityReport::Depth::Full);
    if (!report) {
        s.problem = QStringLiteral("integrity check: ") + report.error().message();
        return s;
    }
    if (report->integrity() != QLatin1String("ok") || !report->countersExact) {
        s.problem = QStringLiteral("integrity: %1, counters exact: %2")
                            .arg(report->integrity())
                            .arg(report->countersExact);
        return s;
    }
    auto totals = session.statistics().totals(CachePolicy::Bypass);
    auto exact = session.statistics().countExactly();
    if (!totals || !exact) {
        s.problem = QStringLiteral("statistics failed");
        return s;
    }
    if (!(totals.value() == exact.value())) {
        s.problem = QStringLiteral("counters say %1 files, COUNT(*) says %2")
                            .arg(totals->files)
                            .arg(exact->files);
        return s;
    }
    s.files = exact->files;
    return s;
}

// One import of n files (DemoGenerator(seed)) into location that runs to the end: proves the
// helper works and how long an import takes (*ms, at least 1). Empty, or what went wrong.
inline QString timeImport(const QString &location, qint64 n, qint64 *ms)
{
    QProcess p;
    p.start(QStringLiteral(BACKUPDB_IMPORTER),
            { location, QString::number(n), QStringLiteral("999") });
    if (!waitForLine(p, "importing"))
        return QStringLiteral("the importer did not start: ")
                + QString::fromUtf8(p.readAllStandardError());
    QElapsedTimer t;
    t.start();
    if (!p.waitForFinished(600000))
        return QStringLiteral("the import did not finish");
    *ms = std::max<qint64>(t.elapsed(), 1);
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("the import failed: ") + QString::fromUtf8(p.readAllStandardError());
    return QString();
}

struct ImportKills
{
    int kills = 0;
    int beforeImportEvery = 5; // every Nth kill lands while the importer opens and builds its batch
    int beforeImportMaxMs = 200;
    // Called after each kill before the check; returns a problem or empty (PostgreSQL: waits
    // until the server ended the killed client's session, and with it its transaction).
    std::function<QString()> afterKill;

    int survived = 0, midImport = 0, beforeImport = 0, completed = 0, rolledBack = 0;
    qint64 files = 0; // COUNT(*) after the last kill
};

// Kills run.kills imports of n files into location (which holds run.files files, checked
// first), each at a random moment within importMs of its start, and checks the database after
// each. Empty when every kill left it whole, else the first problem.
inline QString killImports(const QString &location, qint64 n, qint64 importMs, ImportKills &run)
{
    CrashState before = inspectAfterCrash(location);
    if (!before.problem.isEmpty())
        return QStringLiteral("before the first kill: ") + before.problem;
    if (before.files != run.files)
        return QStringLiteral("%1 files before the first kill, expected %2")
                .arg(before.files)
                .arg(run.files);
    for (int k = 0; k < run.kills; ++k) {
        QProcess p;
        p.start(QStringLiteral(BACKUPDB_IMPORTER),
                { location, QString::number(n), QString::number(1000 + k) });
        if (!p.waitForStarted())
            return QStringLiteral("the importer did not start");
        qint64 delay = 0;
        if (k % run.beforeImportEvery == run.beforeImportEvery - 1) {
            delay = QRandomGenerator::global()->bounded(run.beforeImportMaxMs);
            ++run.beforeImport;
        } else {
            if (!waitForLine(p, "importing", 600000))
                return QStringLiteral("kill %1: the importer did not reach its import").arg(k + 1);
            delay = QRandomGenerator::global()->bounded(importMs);
            ++run.midImport;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(delay)); // the random moment
        p.kill(); // SIGKILL
        if (!p.waitForFinished(60000))
            return QStringLiteral("kill %1: the importer did not end").arg(k + 1);
        if (run.afterKill)
            if (const QString problem = run.afterKill(); !problem.isEmpty())
                return QStringLiteral("after kill %1: %2").arg(k + 1).arg(problem);

        const CrashState after = inspectAfterCrash(location);
        if (!after.problem.isEmpty())
            return QStringLiteral("after kill %1 (%2 ms): %3")
                    .arg(k + 1)
                    .arg(delay)
                    .arg(after.problem);
        if (after.files != before.files && after.files != before.files + n)
            return QStringLiteral("after kill %1: %2 files, expected %3 or %4")
                    .arg(k + 1)
                    .arg(after.files)
                    .arg(before.files)
                    .arg(before.files + n);
        ++(after.files == before.files ? run.rolledBack : run.completed);
        before = after;
        run.files = after.files;
        ++run.survived;
    }
    return QString();
}

// The RELIABILITY line of a kill run (README, "Reliability"): name is the suite's.
inline void logKills(const char *name, qint64 n, qint64 importMs, const ImportKills &run)
{
    qInfo("RELIABILITY %s kills=%d kills_survived=%d rows_per_import=%lld import_ms=%lld "
          "killed_mid_import=%d killed_before_import=%d rolled_back=%d completed=%d "
          "final_files=%lld",
          name, run.kills, run.survived, n, importMs, run.midImport, run.beforeImport,
          run.rolledBack, run.completed, run.files);
}

} // namespace backupdb::reliability
