// Size and upkeep figures of a PostgreSQL database, and the server's sessions, for the
// dashboard: the database's size (pg_database_size), each table's (heap, indexes, TOAST), its
// live and dead tuples and last (auto)vacuum and (auto)analyze from pg_stat_user_tables, and a
// bloat estimate; the sessions of pg_stat_activity by state, and those of this application.
//
// pg_stat_user_tables is the cumulative statistics system: a backend reports its changes when
// it goes idle (at most once a second) or ends, so a delete shows in n_dead_tup shortly after
// its transaction, not at once.
//
// Thread-safety: the functions run on the thread that owns the connection.
#pragma once

#include "../common/error.h"
#include "../maintenance/sizemonitor.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QSqlDatabase>

namespace backupdb::pg {

struct PgTableSize
{
    QString table;
    qint64 totalBytes = 0; // pg_total_relation_size: heap + indexes + TOAST
    qint64 heapBytes = 0; // pg_table_size: heap + TOAST + free space and visibility maps
    qint64 indexBytes = 0; // pg_indexes_size
    qint64 liveTuples = 0; // n_live_tup (an estimate of the statistics system)
    qint64 deadTuples = 0; // n_dead_tup: rows deleted or updated away, not yet vacuumed
    // heapBytes * dead / (live + dead): the space dead rows hold, the part VACUUM can reuse. An
    // estimate, not pgstattuple's exact count (which reads the whole table).
    qint64 bloatBytesEstimate = 0;
    qint64 modificationsSinceAnalyze = 0; // n_mod_since_analyze
    QDateTime lastVacuum, lastAutovacuum, lastAnalyze, lastAutoanalyze; // invalid: never
    qint64 vacuumCount = 0, autovacuumCount = 0, analyzeCount = 0, autoanalyzeCount = 0;

    double deadFraction() const
    {
        const qint64 all = liveTuples + deadTuples;
        return all > 0 ? double(deadTuples) / double(all) : 0.0;
    }
};

struct PgSizeThresholds
{
    qint64 warningBytes = 500LL * 1000 * 1000;
    qint64 criticalBytes = 1000LL * 1000 * 1000;
    double deadFractionWarning = 0.2; // a table with more dead rows than this wants a VACUUM
    qint64 minDeadTuples = 1000; // ... when it has at least this many
};

struct PgSizeReport
{
    using Level = SizeReport::Level; // the same levels as the SQLite size monitor's
    QString database;
    qint64 databaseBytes = 0; // pg_database_size
    qint64 tablesBytes = 0; // sum of the tables' totalBytes
    qint64 deadTuples = 0; // sum over the tables
    qint64 bloatBytesEstimate = 0; // sum over the tables
    QList<PgTableSize> tables; // largest first
    QStringList needVacuum; // tables past the dead-row thresholds
    Level level = Level::Ok;
    QString message;
    QDateTime measuredAt;

    const PgTableSize *table(const QString &name) const;
    static QString levelName(Level level) { return SizeReport::levelName(level); }
};

// The figures of the connection's database (the tables of its current schema).
Result<PgSizeReport> sizeReport(const QSqlDatabase &db, const PgSizeThresholds &thresholds = {});

struct PgSession
{
    int pid = 0;
    QString database;
    QString user;
    QString applicationName;
    QString clientAddress; // empty for a Unix socket
    QString state; // active, idle, idle in transaction, ... (empty for background workers)
    QString waitEventType, waitEvent;
    QDateTime backendStart, transactionStart, queryStart, stateChange;
    bool isOwn = false; // the connection that asked
};

struct PgSessionReport
{
    int ownPid = 0; // pg_backend_pid() of the connection that asked
    QString applicationName; // the one counted as this application's
    int total = 0; // client backends of this database
    QMap<QString, int> countByState; // of those
    int waiting = 0; // of those, waiting for a lock
    int thisApplication = 0; // of those, with applicationName
    QList<PgSession> sessions; // this application's (the asking one among them)
    QDateTime measuredAt;
};

// The client sessions of the connection's database. applicationName: the application_name that
// counts as this application's (empty: the asking connection's own).
Result<PgSessionReport> sessionReport(const QSqlDatabase &db, const QString &applicationName = {});

} // namespace backupdb::pg
