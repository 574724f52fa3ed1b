// Per-statement statistics (count, total, max time) and the slow-query log (C10, improvements
// 3 and 14). Recorded in memory on every statement; flush() writes them to bdba_query_stats and
// bdba_slow_queries through the writer lane.
// Thread-safety: all members may be called from any thread.
#pragma once

#include "../db/clock.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <mutex>

namespace backupdb {

struct StatementStats
{
    QString sql;
    qint64 calls = 0;
    double totalMs = 0;
    double maxMs = 0;
};

struct SlowQuery
{
    QDateTime at;
    double durationMs = 0;
    QString sql;
};

class QueryStats
{
public:
    explicit QueryStats(Milliseconds slowThreshold = Milliseconds(100));

    void record(const QString &sql, Nanoseconds duration);
    void setSlowThreshold(Milliseconds threshold);
    Milliseconds slowThreshold() const;

    QList<StatementStats> statements() const; // slowest total first
    QList<SlowQuery> recentSlow() const; // newest last, at most 200
    qint64 totalStatements() const;
    qint64 slowTotal() const; // slow statements since start
    // Forgets what was not yet flushed (a command refused on bad input leaves no trace).
    void discardPending();
    // Takes what was recorded since the last take (for flushing to the database).
    void takePending(QList<StatementStats> *statements, QList<SlowQuery> *slow);

private:
    mutable std::mutex m_mutex;
    Milliseconds m_slowThreshold;
    struct Entry
    {
        StatementStats all; // since start
        StatementStats pending; // since the last takePending()
    };
    QHash<QString, Entry> m_entries; // one lookup per statement: the hot path is short
    // The entry of the last statement recorded, found again without hashing when the same
    // string comes back (same characters at the same address); reset when m_entries grows.
    QString m_lastSql;
    Entry *m_lastEntry = nullptr;
    QList<SlowQuery> m_recentSlow;
    QList<SlowQuery> m_pendingSlow;
    qint64 m_total = 0;
    qint64 m_slowTotal = 0;
};

} // namespace backupdb
