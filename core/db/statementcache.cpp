#include "statementcache.h"

namespace backupdb {

QSqlQuery *StatementCache::prepare(const QSqlDatabase &db, const QString &sql, bool *ok)
{
    if (auto it = m_queries.constFind(sql); it != m_queries.constEnd()) {
        (*it)->finish();
        *ok = true;
        m_used.append(it->get());
        return it->get();
    }
    auto query = std::make_shared<QSqlQuery>(db);
    query->setForwardOnly(true);
    *ok = query->prepare(sql);
    if (m_capacity > 0 && m_queries.size() >= m_capacity && !m_order.isEmpty()) {
        m_used.clear(); // an evicted query may be among them: finish all of them instead
        m_finishEverything = true;
        m_queries.remove(m_order.takeFirst());
    }
    m_used.append(query.get());
    // A failed prepare is kept too: the caller reads its lastError() during this lease.
    m_queries.insert(sql, query);
    m_order.append(sql);
    if (!*ok) {
        m_queries.remove(sql);
        m_order.removeLast();
        // The failed query this one replaces is destroyed now: it must not stay in m_used for
        // finishAll() (a retried write whose prepare fails again, as PostgreSQL's does while
        // another session holds a lock on the table, would leave it dangling there).
        if (m_failed)
            m_used.removeOne(m_failed.get());
        m_failed = query;
    }
    return query.get();
}

void StatementCache::finishAll()
{
    // Only the queries used since the last call can be active: finishing those is enough and
    // keeps the release of a lease cheap.
    if (m_finishEverything) {
        for (auto &query : m_queries)
            query->finish();
        m_finishEverything = false;
    } else {
        for (QSqlQuery *query : std::as_const(m_used))
            query->finish();
    }
    m_used.clear();
    m_failed.reset();
}

// ---------------------------------------------------------------------------------------------

NativeStatement *NativeStatementCache::find(const Engine &engine, NativeHandle handle,
                                            const QString &sql, DbError *error)
{
    if (auto it = m_statements.constFind(sql); it != m_statements.constEnd()) {
        m_lastSql = it.key();
        m_last = it->get();
        return m_last;
    }
    auto prepared = NativeStatement::prepare(engine, handle, sql);
    if (!prepared) {
        *error = prepared.error();
        return nullptr;
    }
    if (m_statements.size() >= 32)
        m_statements.clear();
    auto statement = std::make_shared<NativeStatement>(std::move(prepared.value()));
    m_statements.insert(sql, statement);
    m_lastSql = sql;
    m_last = statement.get();
    return m_last;
}

} // namespace backupdb
