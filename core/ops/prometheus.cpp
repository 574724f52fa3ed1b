#include "prometheus.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace backupdb {

namespace {

using Labels = QList<std::pair<QByteArray, QString>>;

QByteArray formatValue(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    // Whole numbers as integers ("1736510400", not "1.7365104e+09"); others as the shortest text
    // that reads back as the same double, in positional notation unless the exponent is below -4
    // (as Prometheus' own clients write bucket bounds: "0.0001", "5e-06").
    if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0)
        return QByteArray::number(qint64(value));
    char buffer[64];
    const auto scientific
            = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const char *e = std::find(buffer, scientific.ptr, 'e');
    const int exponent = e == scientific.ptr ? 0 : std::atoi(e + 1);
    if (exponent < -4)
        return QByteArray(buffer, scientific.ptr - buffer);
    const auto fixed
            = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    return QByteArray(buffer, fixed.ptr - buffer);
}

QByteArray escapeHelp(const QString &text)
{
    QByteArray out;
    for (const char c : text.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

class Writer
{
public:
    void family(const char *name, const char *type, const char *help)
    {
        m_out += "# HELP ";
        m_out += name;
        m_out += ' ';
        m_out += escapeHelp(QString::fromUtf8(help));
        m_out += "\n# TYPE ";
        m_out += name;
        m_out += ' ';
        m_out += type;
        m_out += '\n';
    }

    void sample(const QByteArray &name, const Labels &labels, double value)
    {
        m_out += name;
        if (!labels.isEmpty()) {
            m_out += '{';
            for (qsizetype i = 0; i < labels.size(); ++i) {
                if (i > 0)
                    m_out += ',';
                m_out += labels[i].first;
                m_out += "=\"";
                m_out += escapePrometheusLabelValue(labels[i].second);
                m_out += '"';
            }
            m_out += '}';
        }
        m_out += ' ';
        m_out += formatValue(value);
        m_out += '\n';
    }

    QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
};

// One label value per pool, unique even if two pools share a name.
QStringList poolLabels(const QList<PoolMetrics> &pools)
{
    QStringList labels;
    for (qsizetype i = 0; i < pools.size(); ++i) {
        QString label
                = pools[i].name.isEmpty() ? QStringLiteral("pool%1").arg(i + 1) : pools[i].name;
        const QString base = label;
        for (int n = 2; labels.contains(label); ++n)
            label = base + QLatin1Char('_') + QString::number(n);
        labels << label;
    }
    return labels;
}

void writeHistogram(Writer &w, const QByteArray &name, const QString &pool, const LatencySummary &s)
{
    // The format requires cumulative buckets ending in +Inf == _count. The recorder's summary is
    // consistent, but a bad scrape would make Prometheus drop every metric of it, so the text is
    // kept valid whatever it is given.
    const qint64 count = std::max<qint64>(0, s.count);
    qint64 running = 0;
    const qsizetype n = std::min(s.bucketBounds.size(), s.cumulativeCounts.size());
    for (qsizetype i = 0; i < n; ++i) {
        const double bound = s.bucketBounds[i];
        if (std::isinf(bound) || std::isnan(bound))
            continue;
        running = std::clamp<qint64>(s.cumulativeCounts[i], running, count);
        w.sample(name + "_bucket",
                 { { "pool", pool }, { "le", QString::fromLatin1(formatValue(bound)) } },
                 double(running));
    }
    w.sample(name + "_bucket", { { "pool", pool }, { "le", QStringLiteral("+Inf") } },
             double(count));
    w.sample(name + "_sum", { { "pool", pool } }, s.sumSeconds);
    w.sample(name + "_count", { { "pool", pool } }, double(count));
}

} // namespace

QByteArray escapePrometheusLabelValue(const QString &value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray renderPrometheus(const MetricsSnapshot &m)
{
    Writer w;
    const QStringList pools = poolLabels(m.pools);

    auto poolFamily = [&](const char *name, const char *type, const char *help, auto value) {
        if (m.pools.isEmpty())
            return;
        w.family(name, type, help);
        for (qsizetype i = 0; i < m.pools.size(); ++i)
            w.sample(name, { { "pool", pools[i] } }, double(value(i)));
    };
    auto pool = [&](qsizetype i) -> const PoolMetrics & {
        return m.pools[i];
    };

    poolFamily("backupdb_pool_connections_open", "gauge", "Open connections of the pool.",
               [&](qsizetype i) { return pool(i).size; });
    poolFamily("backupdb_pool_connections_active", "gauge", "Connections leased now.",
               [&](qsizetype i) { return pool(i).active; });
    poolFamily("backupdb_pool_connections_idle", "gauge", "Open connections not leased.",
               [&](qsizetype i) { return pool(i).idle; });
    poolFamily("backupdb_pool_connections_overflow", "gauge",
               "Open connections beyond the core size.",
               [&](qsizetype i) { return pool(i).overflow; });
    poolFamily("backupdb_pool_waiting_threads", "gauge", "Threads waiting for a connection.",
               [&](qsizetype i) { return pool(i).waiting; });
    poolFamily("backupdb_pool_core_size", "gauge", "Connections the pool keeps open.",
               [&](qsizetype i) { return pool(i).coreSize; });
    poolFamily("backupdb_pool_max_overflow", "gauge",
               "Connections the pool may open beyond the core size.",
               [&](qsizetype i) { return pool(i).maxOverflow; });
    poolFamily("backupdb_pool_utilisation_ratio", "gauge",
               "Leased connections per core connection, clamped to 0..1.", [&](qsizetype i) {
                   return std::clamp(pool(i).utilisationPercent / 100.0, 0.0, 1.0);
               });
    poolFamily("backupdb_pool_health_score", "gauge", "Health score of the pool, 0..100.",
               [&](qsizetype i) {
                   return i < m.poolHealth.size() ? m.poolHealth[i].score
                                                  : computeHealth(pool(i)).score;
               });
    poolFamily("backupdb_pool_connection_age_average_seconds", "gauge",
               "Average age of the open connections.",
               [&](qsizetype i) { return pool(i).averageAgeSeconds; });
    poolFamily("backupdb_pool_housekeeper_running", "gauge", "1 if the housekeeping thread runs.",
               [&](qsizetype i) { return pool(i).housekeeperRunning ? 1 : 0; });

    poolFamily("backupdb_pool_acquires_total", "counter", "Connections handed out.",
               [&](qsizetype i) { return pool(i).acquires; });
    poolFamily("backupdb_pool_exhaustion_total", "counter",
               "Acquires that found no free connection and had to wait.",
               [&](qsizetype i) { return pool(i).exhaustionEvents; });
    poolFamily("backupdb_pool_acquire_timeouts_total", "counter",
               "Acquires that gave up after the acquire timeout.",
               [&](qsizetype i) { return pool(i).timeouts; });
    poolFamily("backupdb_pool_connections_created_total", "counter", "Connections opened.",
               [&](qsizetype i) { return pool(i).created; });
    poolFamily("backupdb_pool_connections_retired_total", "counter", "Connections closed.",
               [&](qsizetype i) { return pool(i).retired; });
    poolFamily("backupdb_pool_leaks_detected_total", "counter",
               "Leases held longer than the leak threshold.",
               [&](qsizetype i) { return pool(i).leaksDetected; });
    poolFamily("backupdb_pool_handovers_total", "counter", "Connections that changed threads.",
               [&](qsizetype i) { return pool(i).handovers; });

    if (!m.pools.isEmpty()) {
        w.family("backupdb_pool_acquire_seconds", "histogram", "Time to acquire a connection.");
        for (qsizetype i = 0; i < m.pools.size(); ++i)
            writeHistogram(w, "backupdb_pool_acquire_seconds", pools[i], m.pools[i].acquireTime);
        w.family("backupdb_pool_lease_seconds", "histogram", "Time a connection was leased.");
        for (qsizetype i = 0; i < m.pools.size(); ++i)
            writeHistogram(w, "backupdb_pool_lease_seconds", pools[i], m.pools[i].leaseTime);
    }

    w.family("backupdb_statements_total", "counter", "Statements executed.");
    w.sample("backupdb_statements_total", {}, double(m.statementsTotal));
    w.family("backupdb_slow_queries_total", "counter",
             "Statements slower than the slow-query threshold.");
    w.sample("backupdb_slow_queries_total", {}, double(m.slowQueriesTotal));

    // One series per statement text: the same normalised text twice would be a duplicate series.
    QList<StatementMetrics> statements;
    for (const StatementMetrics &s : m.statements) {
        auto same = std::find_if(statements.begin(), statements.end(),
                                 [&](const StatementMetrics &t) { return t.sql == s.sql; });
        if (same == statements.end()) {
            statements << s;
        } else {
            same->calls += s.calls;
            same->totalSeconds += s.totalSeconds;
            same->maxSeconds = std::max(same->maxSeconds, s.maxSeconds);
        }
    }
    if (!statements.isEmpty()) {
        w.family("backupdb_statement_calls_total", "counter", "Executions of the statement.");
        for (const StatementMetrics &s : statements)
            w.sample("backupdb_statement_calls_total", { { "sql", s.sql } }, double(s.calls));
        w.family("backupdb_statement_seconds_total", "counter", "Time spent in the statement.");
        for (const StatementMetrics &s : statements)
            w.sample("backupdb_statement_seconds_total", { { "sql", s.sql } }, s.totalSeconds);
        w.family("backupdb_statement_max_seconds", "gauge", "Longest execution of the statement.");
        for (const StatementMetrics &s : statements)
            w.sample("backupdb_statement_max_seconds", { { "sql", s.sql } }, s.maxSeconds);
    }

    auto gauge = [&](const char *name, const char *help, double value) {
        w.family(name, "gauge", help);
        w.sample(name, {}, value);
    };
    gauge("backupdb_database_size_bytes", "Size of the database file.", double(m.databaseBytes));
    gauge("backupdb_database_wal_bytes", "Size of the write-ahead log.", double(m.walBytes));
    gauge("backupdb_database_free_bytes", "Bytes of free pages in the database file.",
          double(m.freeBytes));
    gauge("backupdb_clients", "Registered clients.", double(m.clients));
    gauge("backupdb_files", "Backed-up file records.", double(m.files));
    gauge("backupdb_files_size_bytes", "Total size of the backed-up files.", double(m.fileBytes));
    if (m.hasBackup) {
        gauge("backupdb_last_backup_timestamp_seconds", "Time of the last backup, Unix seconds.",
              double(m.lastBackupAt.toMSecsSinceEpoch()) / 1000.0);
        gauge("backupdb_last_backup_size_bytes", "Size of the last backup.",
              double(m.lastBackupBytes));
    }
    gauge("backupdb_last_backup_verified", "1 if the last backup passed verification.",
          m.hasBackup && m.lastBackupVerified ? 1 : 0);
    gauge("backupdb_integrity_checked", "1 once an integrity check has run.",
          m.integrityChecked ? 1 : 0);
    if (m.integrityChecked)
        gauge("backupdb_integrity_ok", "1 if the last integrity check found no problem.",
              m.integrityOk ? 1 : 0);
    gauge("backupdb_orphaned_files", "File records whose client does not exist.",
          double(m.orphanedFiles));
    gauge("backupdb_foreign_key_violations", "Rows reported by foreign_key_check.",
          double(m.foreignKeyViolations));
    gauge("backupdb_health_score", "Overall health score, 0..100.", m.healthScore);

    if (m.sizeWarningBytes > 0) {
        gauge("backupdb_database_size_warning_bytes",
              "Configured database size that raises a warning.", double(m.sizeWarningBytes));
        gauge("backupdb_database_size_critical_bytes",
              "Configured database size that is critical.", double(m.sizeCriticalBytes));
    }
    if (m.hasVerifiedBackup) {
        gauge("backupdb_newest_verified_backup_timestamp_seconds",
              "Time the newest verified backup was made, Unix seconds.",
              double(m.newestVerifiedBackupAt.toMSecsSinceEpoch()) / 1000.0);
        if (m.takenAt.isValid())
            gauge("backupdb_newest_verified_backup_age_seconds",
                  "Age of the newest verified backup.",
                  std::max(0.0, double(m.newestVerifiedBackupAt.msecsTo(m.takenAt)) / 1000.0));
    }
    if (!m.maintenance.isEmpty()) {
        const auto taskFamily = [&](const char *name, const char *help, auto value) {
            w.family(name, "gauge", help);
            for (const MaintenanceTaskMetrics &t : m.maintenance)
                w.sample(name, { { "task", t.task } }, value(t));
        };
        taskFamily("backupdb_maintenance_last_run_timestamp_seconds",
                   "Start of the last run of the maintenance task, Unix seconds.",
                   [](const MaintenanceTaskMetrics &t) {
                       return double(t.lastRunAt.toMSecsSinceEpoch()) / 1000.0;
                   });
        taskFamily("backupdb_maintenance_last_run_success",
                   "1 if the last run of the maintenance task succeeded (a skipped run did not).",
                   [](const MaintenanceTaskMetrics &t) { return t.lastSucceeded ? 1.0 : 0.0; });
        taskFamily("backupdb_maintenance_last_run_duration_seconds",
                   "Duration of the last run of the maintenance task.",
                   [](const MaintenanceTaskMetrics &t) { return t.lastDurationSeconds; });
    }
    return w.take();
}

} // namespace backupdb
