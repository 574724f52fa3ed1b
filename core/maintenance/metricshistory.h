// The dashboard's pool-health history (G2): samples kept in bdba_metrics_history so that the
// charts are not empty after a restart. One row per sample; old rows are pruned by age.
// Thread-safety: all members may be called from any thread.
#pragma once

#include "../data/database.h"

#include <QDateTime>
#include <optional>

namespace backupdb {

struct MetricsSample
{
    QDateTime at; // UTC
    double utilisationPercent = 0;
    int active = 0;
    int idle = 0;
    int waiting = 0;
    double acquireP95Ms = 0;
    std::optional<double> queriesPerSecond; // none: no earlier sample to take a difference from
    int health = 100;

    bool operator==(const MetricsSample &other) const = default;
};

class MetricsHistory
{
public:
    static constexpr int kMaxLoad = 100000;

    explicit MetricsHistory(Database &database)
        : m_db(database)
    { }

    DbError append(const MetricsSample &sample);
    // The newest count samples, oldest first (count 1..kMaxLoad).
    Result<QList<MetricsSample>> last(int count);
    // Deletes the samples older than keepDays days (bounded batches); returns how many.
    Result<qint64> prune(int keepDays);
    Result<qint64> count();

private:
    Database &m_db;
};

} // namespace backupdb
