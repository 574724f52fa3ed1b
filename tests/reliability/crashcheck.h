// What the crash-safety suites (tst_crashsafety on SQLite, tst_pgreliability on PostgreSQL)
// check after each kill: the database opens through Session::open, its full integrity check is
// clean with exact counters, and the trigger-kept totals equal COUNT(*). Engine-neutral: the
// location is an SQLite path or a libpq conninfo.
#pragma once

#include "testsupport.h"

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

} // namespace backupdb::reliability
