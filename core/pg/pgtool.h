// Running PostgreSQL's command-line tools (pg_dump, pg_restore) for core/pg: where they are,
// and one run of one of them with its --verbose lines, cancel and time limit, and its failure
// as a DbError. Internal to core/pg.
// Thread-safety: any thread (a run blocks the calling one; cancel may be set from any thread).
#pragma once

#include "../common/error.h"

#include <QProcessEnvironment>
#include <QStringList>
#include <atomic>
#include <chrono>
#include <functional>

namespace backupdb::pg {

// The program's path (empty if not found): binDir, else PATH, else the newest
// /usr/lib/postgresql/<version>/bin.
QString findPgTool(const QString &name, const QString &binDir = {});

// One run of pg_dump or pg_restore.
struct ToolRun
{
    bool started = false;
    bool cancelled = false;
    bool timedOut = false;
    bool crashed = false;
    int exitCode = -1;
    QStringList errorLines; // the tool's "error:" lines (or its last lines)

    bool ok() const { return started && !cancelled && !timedOut && !crashed && exitCode == 0; }
};

// Runs program until it ends, cancel is set (it is killed; a cancel set while it was ending
// counts too) or timeout passes (0: none). onLine gets each line of its standard error;
// secret (a password) is masked in every line kept or passed on. Its standard output goes to
// standardOutputFile (empty: discarded).
ToolRun runTool(const QString &program, const QStringList &arguments,
                const QProcessEnvironment &environment, const QString &secret,
                const std::function<void(const QString &line)> &onLine,
                std::chrono::milliseconds timeout, const std::atomic<bool> *cancel,
                const QString &standardOutputFile = {});

// A run's failure: Cancelled, Timeout, CannotOpen when the tool could not connect, else Io.
DbError toolError(const QString &tool, const ToolRun &run, std::chrono::milliseconds timeout);

} // namespace backupdb::pg
