#include "querystats.h"

#include "../common/logging.h"

#include <algorithm>

namespace backupdb {

namespace {
// Counts of a statement from zero, under its text.
StatementStats pendingOf(const QString &sql)
{
    StatementStats s;
    s.sql = sql;
    return s;
}
} // namespace

QueryStats::QueryStats(Milliseconds slowThreshold)
    : m_slowThreshold(slowThreshold)
{ }

void QueryStats::record(const QString &sql, Nanoseconds duration)
{
    const double ms = double(duration.count()) / 1e6;
    std::lock_guard lock(m_mutex);
    ++m_total;
    if (!m_lastEntry || sql.constData() != m_lastSql.constData()
        || sql.size() != m_lastSql.size()) {
        auto it = m_entries.find(sql);
        if (it == m_entries.end()) {
            it = m_entries.insert(sql, Entry()); // may move the other entries
            it->all.sql = it->pending.sql = sql;
        }
        m_lastSql = it.key();
        m_lastEntry = &it.value();
    }
    Entry &entry = *m_lastEntry;
    for (StatementStats *s : { &entry.all, &entry.pending }) {
        ++s->calls;
        s->totalMs += ms;
        s->maxMs = std::max(s->maxMs, ms);
    }
    if (duration >= m_slowThreshold) {
        ++m_slowTotal;
        SlowQuery slow { QDateTime::currentDateTimeUtc(), ms, sql };
        qCInfo(lcQuery).noquote() << QStringLiteral("slow query (%1 ms): %2")
                                             .arg(ms, 0, 'f', 1)
                                             .arg(sql.simplified());
        m_recentSlow.append(slow);
        if (m_recentSlow.size() > 200)
            m_recentSlow.removeFirst();
        if (m_pendingSlow.size() < 1000)
            m_pendingSlow.append(slow);
    }
}

void QueryStats::setSlowThreshold(Milliseconds threshold)
{
    std::lock_guard lock(m_mutex);
    m_slowThreshold = threshold;
}

Milliseconds QueryStats::slowThreshold() const
{
    std::lock_guard lock(m_mutex);
    return m_slowThreshold;
}

QList<StatementStats> QueryStats::statements() const
{
    std::lock_guard lock(m_mutex);
    QList<StatementStats> list;
    list.reserve(m_entries.size());
    for (const Entry &e : m_entries)
        list.append(e.all);
    std::sort(list.begin(), list.end(),
              [](const auto &a, const auto &b) { return a.totalMs > b.totalMs; });
    return list;
}

QList<SlowQuery> QueryStats::recentSlow() const
{
    std::lock_guard lock(m_mutex);
    return m_recentSlow;
}

qint64 QueryStats::totalStatements() const
{
    std::lock_guard lock(m_mutex);
    return m_total;
}

qint64 QueryStats::slowTotal() const
{
    std::lock_guard lock(m_mutex);
    return m_slowTotal;
}

void QueryStats::discardPending()
{
    std::lock_guard lock(m_mutex);
    for (Entry &e : m_entries)
        e.pending = pendingOf(e.all.sql);
    m_pendingSlow.clear();
}

void QueryStats::takePending(QList<StatementStats> *statements, QList<SlowQuery> *slow)
{
    std::lock_guard lock(m_mutex);
    statements->clear();
    for (Entry &e : m_entries) {
        if (e.pending.calls > 0)
            statements->append(std::exchange(e.pending, pendingOf(e.all.sql)));
    }
    *slow = std::move(m_pendingSlow);
    m_pendingSlow.clear();
}

} // namespace backupdb
