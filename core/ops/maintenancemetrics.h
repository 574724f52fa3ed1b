// The maintenance part of the metrics (issue 14): the last run of each task from the maintenance
// history, the newest verified backup and the size thresholds, added to a MetricsSnapshot so that
// the alerting rules (packaging/prometheus) can tell "no verified backup for 26 h" and "check
// failed" from the exporter alone.
// Thread-safety: call from any thread (it reads through the session's pools).
#pragma once

#include "metricssnapshot.h"

namespace backupdb {

class Session;
struct SizeThresholds;

// Adds what it can read; a part that cannot be read is left out (and logged), never guessed.
void addMaintenanceMetrics(MetricsSnapshot &snapshot, Session &session,
                           const QString &backupFolder, const SizeThresholds &thresholds);

} // namespace backupdb
