// Everything the Prometheus exporter publishes, gathered in one value (by HealthService) so that
// rendering is a pure function. Thread-safety: value type.
#pragma once

#include "../db/poolmetrics.h"

#include <QDateTime>
#include <QList>

namespace backupdb {

struct StatementMetrics
{
    QString sql; // exported as a label: normalised, at most 200 characters
    qint64 calls = 0;
    double totalSeconds = 0;
    double maxSeconds = 0;
};

// The last run of one maintenance task, from the maintenance history (issue 14).
struct MaintenanceTaskMetrics
{
    QString task; // exported as label task
    QDateTime lastRunAt; // UTC, when it started
    bool lastSucceeded = false; // result "ok"
    double lastDurationSeconds = 0;
};

struct MetricsSnapshot
{
    QList<PoolMetrics> pools; // label pool="writer" / "reader"
    QList<HealthScore> poolHealth; // same order as pools
    QList<StatementMetrics> statements; // the slowest 20 by total time
    qint64 statementsTotal = 0;
    qint64 slowQueriesTotal = 0;

    qint64 databaseBytes = 0;
    qint64 walBytes = 0;
    qint64 freeBytes = 0;

    qint64 clients = 0;
    qint64 files = 0;
    qint64 fileBytes = 0;

    bool hasBackup = false;
    QDateTime lastBackupAt; // UTC
    bool lastBackupVerified = false;
    qint64 lastBackupBytes = 0;

    bool integrityChecked = false;
    bool integrityOk = true;
    qint64 orphanedFiles = 0;
    qint64 foreignKeyViolations = 0;

    int healthScore = 100;

    // Filled by addMaintenanceMetrics() (maintenancemetrics.h); not exported while empty/unset.
    QList<MaintenanceTaskMetrics> maintenance;
    QDateTime takenAt; // UTC; the reference for ages
    bool hasVerifiedBackup = false;
    QDateTime newestVerifiedBackupAt; // UTC
    qint64 sizeWarningBytes = 0; // 0: thresholds not exported
    qint64 sizeCriticalBytes = 0;
};

} // namespace backupdb
