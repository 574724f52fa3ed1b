// The two statement caches of one pooled connection: Qt prepared queries (StatementCache) and
// the engine's native statements for hot paths (NativeStatementCache).
// Thread-safety: none of their own. A cache belongs to its pooled connection and is used only
// by the thread that holds that connection's lease (the pool clears it while no lease exists).
#pragma once

#include "../common/error.h"
#include "nativestatement.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <memory>

namespace backupdb {

// Prepared statements kept on one connection (improvement 12). Valid during one lease only.
class StatementCache
{
public:
    explicit StatementCache(int capacity)
        : m_capacity(capacity)
    { }
    // A prepared query for sql on db, reused when the same sql comes again.
    QSqlQuery *prepare(const QSqlDatabase &db, const QString &sql, bool *ok);
    void clear()
    {
        m_used.clear();
        m_finishEverything = false;
        m_queries.clear();
        m_order.clear();
        m_failed.reset();
    }
    void finishAll();
    int size() const { return int(m_queries.size()); }

private:
    int m_capacity;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_queries;
    QStringList m_order;
    std::shared_ptr<QSqlQuery> m_failed; // the last failed prepare, for its lastError()
    QList<QSqlQuery *> m_used; // handed out since the last finishAll()
    bool m_finishEverything = false;
};

// Native prepared statements of hot paths on one connection, prepared once and reused while the
// connection lives. clear() finalizes them: the pool does so before the connection closes.
class NativeStatementCache
{
public:
    // The statement for sql on handle (prepared on first use); nullptr and *error on failure.
    NativeStatement *statement(const Engine &engine, NativeHandle handle, const QString &sql,
                               DbError *error)
    {
        // The last one handed out, found again without hashing when the same string comes back
        // (a hot path's static SQL text): same characters at the same address.
        if (m_last && sql.constData() == m_lastSql.constData() && sql.size() == m_lastSql.size())
            return m_last;
        return find(engine, handle, sql, error);
    }
    void clear()
    {
        m_last = nullptr;
        m_lastSql.clear();
        m_statements.clear();
    }

private:
    NativeStatement *find(const Engine &engine, NativeHandle handle, const QString &sql,
                          DbError *error);

    QHash<QString, std::shared_ptr<NativeStatement>> m_statements;
    QString m_lastSql;
    NativeStatement *m_last = nullptr;
};

} // namespace backupdb
