// Prometheus text exposition format 0.0.4 (O2, improvement 20): the metrics of a MetricsSnapshot,
// and a checker of the format's rules for tests.
//
// Families (all prefixed backupdb_, base units, counters end in _total; per pool: label pool):
//   pool_connections_{open,active,idle,overflow}, pool_waiting_threads, pool_core_size,
//   pool_max_overflow, pool_utilisation_ratio (active / core size, clamped to 0..1; overflow in
//   use shows in pool_connections_overflow), pool_health_score (0..100),
//   pool_connection_age_average_seconds, pool_housekeeper_running (0/1)         gauges
//   pool_{acquires,exhaustion,acquire_timeouts,connections_created,connections_retired,
//   leaks_detected,handovers}_total                                              counters
//   pool_acquire_seconds, pool_lease_seconds                                     histograms
//   statements_total, slow_queries_total; statement_calls_total{sql},
//   statement_seconds_total{sql}                                                 counters
//   statement_max_seconds{sql}                                                   gauge
//   database_size_bytes, database_wal_bytes, database_free_bytes, clients, files,
//   files_size_bytes, last_backup_timestamp_seconds and last_backup_size_bytes (only once a
//   backup exists), last_backup_verified (0/1), integrity_checked (0/1), integrity_ok (0/1, only
//   once checked), orphaned_files, foreign_key_violations, health_score (0..100)      gauges
//   database_size_{warning,critical}_bytes (the configured thresholds, once set),
//   newest_verified_backup_{timestamp,age}_seconds (once one exists),
//   maintenance_last_run_{timestamp_seconds,success,duration_seconds}{task} (from the
//   maintenance history, once a task has run)                                       gauges
//
// Thread-safety: pure functions; call from any thread.
#pragma once

#include "metricssnapshot.h"

#include <QByteArray>
#include <QStringList>

namespace backupdb {

// The content type that goes with renderPrometheus()'s text.
inline constexpr char kPrometheusContentType[] = "text/plain; version=0.0.4; charset=utf-8";

QByteArray renderPrometheus(const MetricsSnapshot &snapshot);

// Checks text against the rules of the format: # HELP and # TYPE once per family and before its
// samples, a family's samples together, metric and label names valid, label values correctly
// quoted and escaped, values numbers, no series twice, counters named *_total, histogram buckets
// with an le label, cumulative (non-decreasing in le order), ending in le="+Inf" equal to
// _count, with _sum and _count present. Returns one line per problem (empty: valid).
QStringList validatePrometheusText(const QByteArray &text);

// A label value escaped for the format (backslash, double quote and newline).
QByteArray escapePrometheusLabelValue(const QString &value);

} // namespace backupdb
