// Size and upkeep (M4; fix 9, improvement 13): database, WAL and free-page sizes against
// thresholds (warning 500 MB, critical 1000 MB by default), WAL checkpoint, VACUUM and
// incremental vacuum, and the rule that decides when a quiet period allows a vacuum.
// Thread-safety: all members may be called from any thread.
#pragma once

#include "../data/database.h"
#include "auditlog.h"

namespace backupdb {

struct SizeThresholds
{
    qint64 warningBytes = 500LL * 1000 * 1000;
    qint64 criticalBytes = 1000LL * 1000 * 1000;
};

struct SizeReport
{
    enum class Level { Ok, Warning, Critical };
    qint64 databaseBytes = 0; // page_count * page_size
    qint64 walBytes = 0;
    qint64 freeBytes = 0; // freelist pages * page_size: what VACUUM would give back
    qint64 pageSize = 0;
    QString autoVacuum; // none, full, incremental
    Level level = Level::Ok;
    QString message;
    static QString levelName(Level level);
};

struct CheckpointResult
{
    bool busy = false; // a reader kept part of the WAL
    int walFrames = 0;
    int checkpointedFrames = 0;
    // False where the engine keeps no log of its own beside the database to checkpoint
    // (PostgreSQL checkpoints its WAL itself); the frame counts then mean nothing.
    bool applicable = true;
};

struct VacuumPolicy
{
    double minFreeFraction = 0.2; // vacuum only when at least this share of the file is free
    qint64 minFreeBytes = 16LL * 1024 * 1024;
    Milliseconds quietFor { 5 * 60 * 1000 }; // and nothing was leased for this long
};

class SizeMonitor
{
public:
    SizeMonitor(Database &database, AuditLog &audit)
        : m_db(database)
        , m_audit(audit)
    { }

    Result<SizeReport> report(const SizeThresholds &thresholds = {});
    Result<CheckpointResult> checkpoint();
    // VACUUM (or incremental_vacuum when auto_vacuum is incremental); returns bytes given back.
    Result<qint64> vacuum(const CancelFlag *cancel = nullptr);

    // Whether a scheduled vacuum should run now: enough free space, and quiet for long enough.
    static bool shouldVacuum(const SizeReport &size, const VacuumPolicy &policy,
                             Milliseconds quietFor);

private:
    Database &m_db;
    AuditLog &m_audit;
};

} // namespace backupdb
