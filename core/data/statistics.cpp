#include "statistics.h"

#include "transaction.h"

#include "../db/nativestatement.h"


namespace backupdb {

namespace {
// Columns 0..4: clients, files, total size, sized files, verified files.
DatabaseTotals totalsFrom(const QSqlQuery &q)
{
    return { q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
             q.value(3).toLongLong(), q.value(4).toLongLong() };
}
} // namespace

StatisticsService::StatisticsService(Database &database, Milliseconds ttl, const Clock &clock)
    : m_db(database)
    , m_clock(clock)
    , m_ttl(ttl)
{ }

Result<DatabaseTotals> StatisticsService::totals(CachePolicy policy)
{
    if (policy == CachePolicy::UseCache) {
        const quint64 generation = m_db.writeGeneration();
        std::lock_guard lock(m_mutex);
        if (m_cached && m_generation == generation && m_clock.now() - m_fetchedAt < m_ttl) {
            m_hits.fetch_add(1, std::memory_order_relaxed);
            return *m_cached;
        }
    }
    m_misses.fetch_add(1, std::memory_order_relaxed);
    const quint64 generation
            = m_db.writeGeneration(); // before reading: a racing write re-invalidates
    auto read = m_db.read([&](ConnectionLease &lease) -> Result<DatabaseTotals> {
        DatabaseTotals t;
        bool found = false;
        if (DbError e = m_db.forEachRow(
                    lease,
                    QStringLiteral("SELECT clients, files, total_size, sized_files, verified "
                                   "FROM bdba_counters WHERE id = 1"),
                    {}, [&](const QSqlQuery &q) {
                        found = true;
                        t = totalsFrom(q);
                    }))
            return e;
        if (!found)
            return DbError(DbError::Kind::Corrupt,
                           QStringLiteral("the statistics counters are missing"));
        return t;
    });
    if (read) {
        std::lock_guard lock(m_mutex);
        m_cached = read.value();
        m_fetchedAt = m_clock.now();
        m_generation = generation;
    }
    return read;
}

Result<ContentStamp> StatisticsService::stamp()
{
    // Read natively, not through Database::forEachRow: the stamp is this program's bookkeeping
    // (the GUI polls it), not a statement for the query statistics, which would then be written
    // back into the database at every close. The newest row change walks back from the newest
    // audit row (a MAX with a WHERE would scan the table).
    return m_db.read([&](ConnectionLease &lease) -> Result<ContentStamp> {
        auto stmt = NativeStatement::prepare(
                lease.engine(), lease.handle(),
                QStringLiteral("SELECT clients, files, total_size, sized_files, verified, "
                               "COALESCE((SELECT id FROM bdba_audit WHERE table_name IS NOT NULL "
                               "ORDER BY id DESC LIMIT 1), 0), "
                               "(SELECT COALESCE(MAX(id), 0) FROM bdba_maintenance_history) "
                               "FROM bdba_counters WHERE id = 1"));
        if (!stmt)
            return stmt.error();
        const NativeStep step = stmt->step();
        if (step == NativeStep::Done)
            return DbError(DbError::Kind::Corrupt,
                           QStringLiteral("the statistics counters are missing"));
        if (step != NativeStep::Row)
            return lease.engine().lastError(lease.handle(), QStringLiteral("reading the counters"));
        const NativeRow row = stmt->row();
        ContentStamp st;
        st.totals = { row.int64(0), row.int64(1), row.int64(2), row.int64(3), row.int64(4) };
        st.lastAuditId = row.int64(5);
        st.lastMaintenanceId = row.int64(6);
        return st;
    });
}

Result<QList<ClientTotals>> StatisticsService::perClient()
{
    return m_db.read([&](ConnectionLease &lease) -> Result<QList<ClientTotals>> {
        QList<ClientTotals> list;
        if (DbError e = m_db.forEachRow(
                    lease,
                    QStringLiteral(
                            "SELECT client_id, files, total_size, verified FROM bdba_client_totals "
                            "ORDER BY total_size DESC"),
                    {}, [&](const QSqlQuery &q) {
                        list.append({ q.value(0).toByteArray(), q.value(1).toLongLong(),
                                      q.value(2).toLongLong(), q.value(3).toLongLong() });
                    }))
            return e;
        return list;
    });
}

Result<DatabaseTotals> StatisticsService::countExactly()
{
    return m_db.read([&](ConnectionLease &lease) -> Result<DatabaseTotals> {
        DatabaseTotals t;
        if (DbError e = m_db.forEachRow(
                    lease,
                    QStringLiteral("SELECT (SELECT COUNT(*) FROM clients), COUNT(*), "
                                   "COALESCE(SUM(FileSize), 0), "
                                   "COUNT(FileSize), COALESCE(%1, 0) FROM files")
                            .arg(m_db.engine().dialect().countTrue.arg(
                                    QStringLiteral("Verified"))),
                    {}, [&](const QSqlQuery &q) {
                        t = totalsFrom(q);
                    }))
            return e;
        return t;
    });
}

DbError StatisticsService::recount()
{
    const DbError error = m_db.write([&](ConnectionLease &lease) -> DbError {
        Transaction tx(lease);
        if (tx.error())
            return tx.error();
        const QStringList statements {
            // INSERT OR REPLACE: the counter row itself may be missing.
            QStringLiteral(
                    "INSERT OR REPLACE INTO bdba_counters (id, clients, files, total_size, "
                    "sized_files, verified) SELECT 1, (SELECT COUNT(*) FROM clients), COUNT(*), "
                    "COALESCE(SUM(FileSize), 0), COUNT(FileSize), COALESCE(SUM(Verified != 0), 0) "
                    "FROM files"),
            QStringLiteral("DELETE FROM bdba_client_totals"),
            QStringLiteral(
                    "INSERT INTO bdba_client_totals (client_id, files, total_size, verified) "
                    "SELECT ClientID, COUNT(*), COALESCE(SUM(FileSize), 0), COALESCE(SUM(Verified "
                    "!= 0), 0) "
                    "FROM files GROUP BY ClientID"),
        };
        for (const QString &sql : statements)
            if (auto r = m_db.execute(lease, sql); !r)
                return r.error();
        return tx.commit();
    });
    invalidate();
    return error;
}

void StatisticsService::invalidate()
{
    std::lock_guard lock(m_mutex);
    m_cached.reset();
}

void StatisticsService::setTtl(Milliseconds ttl)
{
    std::lock_guard lock(m_mutex);
    m_ttl = ttl;
}

} // namespace backupdb
