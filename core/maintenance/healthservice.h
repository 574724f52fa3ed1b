// One health report (M7, improvement 16): pool metrics and scores, the last integrity check,
// sizes against thresholds, backup state, the slowest statements, and the warnings of all of
// them, with one overall score. The same data, as a MetricsSnapshot, feeds the Prometheus
// exporter.
//
// Overall score: the lower of the two pools' scores (see poolmetrics.h), then minus
//   40 if SQLite's integrity check found problems, 15 if foreign keys are violated or IDs are
//   malformed, 10 if orphaned file records exist; 10 for size warning, 25 for critical;
//   15 if there is no backup, 10 if the newest is older than maxBackupAge, 10 if it is not
//   verified; clamped to 0..100.
// Thread-safety: all members may be called from any thread.
#pragma once

#include "../data/statistics.h"
#include "../ops/metricssnapshot.h"
#include "backupservice.h"
#include "integritychecker.h"
#include "sizemonitor.h"

namespace backupdb {

struct HealthOptions
{
    QString backupFolder;
    SizeThresholds thresholds;
    int maxBackupAgeHours = 26;
    // The integrity figures from IntegrityChecker::current() (re-measured when the data
    // changed) rather than the last report as it is.
    bool recheckStale = true;
};

struct HealthReport
{
    int score = 100;
    QStringList warnings;
    PoolMetrics writer, readers;
    HealthScore writerHealth, readersHealth;
    std::optional<IntegrityReport> integrity;
    SizeReport size;
    std::optional<BackupInfo> lastBackup;
    QList<StatementStats> slowest; // top 10 by total time
    qint64 slowQueries = 0;
    DatabaseTotals totals;
    QString journalMode;
    QDateTime at;
};

class HealthService
{
public:
    HealthService(Database &database, StatisticsService &statistics, IntegrityChecker &integrity,
                  SizeMonitor &size, BackupService &backups)
        : m_db(database), m_statistics(statistics), m_integrity(integrity), m_size(size), m_backups(backups)
    {
    }

    Result<HealthReport> report(const HealthOptions &options);
    static MetricsSnapshot snapshot(const HealthReport &report, const QueryStats &stats);

private:
    Database &m_db;
    StatisticsService &m_statistics;
    IntegrityChecker &m_integrity;
    SizeMonitor &m_size;
    BackupService &m_backups;
};

} // namespace backupdb
