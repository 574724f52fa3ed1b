// Statistics (C9; fixes 4, 6, 18). Totals come from counters that triggers keep exact
// (bdba_counters, bdba_client_totals), so reading them is O(1) whatever the table size; on top,
// a TTL cache that every write through the Database invalidates (its write generation), safe
// across threads. countExactly() scans, for checks and as the benchmark's baseline.
// Thread-safety: all members may be called from any thread.
#pragma once

#include "database.h"

#include <optional>

namespace backupdb {

struct DatabaseTotals
{
    qint64 clients = 0;
    qint64 files = 0;
    qint64 totalSizeBytes = 0;
    qint64 sizedFiles = 0; // files with a size: AVG's denominator
    qint64 verifiedFiles = 0;
    double averageSizeBytes() const
    {
        return sizedFiles ? double(totalSizeBytes) / double(sizedFiles) : 0.0;
    }
    bool operator==(const DatabaseTotals &) const = default;
};

// What the data looks like, read in O(1): the counters and the newest audit row of a row change.
// Every insert moves a counter and every UPDATE or DELETE of clients and files, by any program,
// writes an audit row (resources/sql/0004_audit.sql), so an unchanged data part means no change a
// check or a table would show. Measurements keep the stamp they were based on. The newest
// maintenance run (a check or backup of the service) is part of it too, for the views of them.
struct ContentStamp
{
    DatabaseTotals totals;
    qint64 lastAuditId = 0; // of a row change (maintenance actions left out)
    qint64 lastMaintenanceId = 0;
    bool sameData(const ContentStamp &other) const
    {
        return totals == other.totals && lastAuditId == other.lastAuditId;
    }
    bool operator==(const ContentStamp &) const = default;
};

struct ClientTotals
{
    QByteArray clientId;
    qint64 files = 0;
    qint64 totalSizeBytes = 0;
    qint64 verifiedFiles = 0;
};

enum class CachePolicy { UseCache, Bypass };

class StatisticsService
{
public:
    explicit StatisticsService(Database &database, Milliseconds ttl = Milliseconds(30000),
                               const Clock &clock = SteadyClock::instance());

    Result<DatabaseTotals> totals(CachePolicy policy = CachePolicy::UseCache);
    Result<QList<ClientTotals>> perClient();
    // Never cached: to notice other processes' writes.
    Result<ContentStamp> stamp();
    Result<DatabaseTotals> countExactly(); // scans both tables
    DbError recount(); // rewrites the counters from a scan (repair after foreign writers)
    void invalidate();
    void setTtl(Milliseconds ttl);
    qint64 cacheHits() const { return m_hits.load(); }
    qint64 cacheMisses() const { return m_misses.load(); }

private:
    Database &m_db;
    const Clock &m_clock;
    mutable std::mutex m_mutex;
    Milliseconds m_ttl;
    std::optional<DatabaseTotals> m_cached;
    Nanoseconds m_fetchedAt {};
    quint64 m_generation = 0;
    std::atomic<qint64> m_hits { 0 }, m_misses { 0 };
};

} // namespace backupdb
