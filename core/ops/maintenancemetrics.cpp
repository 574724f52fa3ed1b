#include "maintenancemetrics.h"

#include "../common/logging.h"
#include "../session.h"

namespace backupdb {

void addMaintenanceMetrics(MetricsSnapshot &snapshot, Session &session,
                           const QString &backupFolder, const SizeThresholds &thresholds)
{
    snapshot.takenAt = QDateTime::currentDateTimeUtc();
    snapshot.sizeWarningBytes = thresholds.warningBytes;
    snapshot.sizeCriticalBytes = thresholds.criticalBytes;
    if (auto runs = session.maintenanceHistory().lastOfEachTask()) {
        for (const MaintenanceRun &run : runs.value())
            snapshot.maintenance << MaintenanceTaskMetrics {
                run.task, run.startedAt, run.succeeded(),
                double(run.startedAt.msecsTo(run.finishedAt)) / 1000.0
            };
    } else {
        qCWarning(lcIntegrity).noquote()
                << "metrics: cannot read the maintenance history:" << runs.error().message();
    }
    if (auto backups = session.backups().list(backupFolder)) {
        for (const BackupInfo &b : backups.value()) { // newest first
            if (b.verified) {
                snapshot.hasVerifiedBackup = true;
                snapshot.newestVerifiedBackupAt = b.createdAt.toUTC();
                break;
            }
        }
    }
}

} // namespace backupdb
