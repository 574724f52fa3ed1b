#include "lease.h"

#include "connectionpool.h"
#include "pooledconnection.h"

namespace backupdb {

ConnectionLease::ConnectionLease(ConnectionLease &&other) noexcept
    : m_pool(std::exchange(other.m_pool, nullptr))
    , m_connection(std::exchange(other.m_connection, nullptr))
{ }

ConnectionLease &ConnectionLease::operator=(ConnectionLease &&other) noexcept
{
    if (this != &other) {
        release();
        m_pool = std::exchange(other.m_pool, nullptr);
        m_connection = std::exchange(other.m_connection, nullptr);
    }
    return *this;
}

ConnectionLease::~ConnectionLease()
{
    release();
}

QSqlDatabase ConnectionLease::database() const
{
    return m_connection ? m_connection->db : QSqlDatabase();
}

NativeHandle ConnectionLease::handle() const
{
    return m_connection ? m_connection->handle : nullptr;
}

const Engine &ConnectionLease::engine() const
{
    Q_ASSERT(m_pool);
    return m_pool->engine();
}

StatementCache &ConnectionLease::statements()
{
    Q_ASSERT(m_connection);
    return m_connection->statements;
}

StatementGuard &ConnectionLease::guard()
{
    Q_ASSERT(m_connection);
    return m_connection->guard;
}

int &ConnectionLease::transactionDepth()
{
    Q_ASSERT(m_connection);
    return m_connection->transactionDepth;
}

NativeStatement *ConnectionLease::nativeStatement(const QString &sql, DbError *error)
{
    Q_ASSERT(m_connection);
    return m_connection->nativeStatements.statement(engine(), m_connection->handle, sql,
                                                    error);
}

QString ConnectionLease::connectionName() const
{
    return m_connection ? m_connection->name : QString();
}

AccessMode ConnectionLease::access() const
{
    return m_connection ? m_connection->access : AccessMode::ReadOnly;
}

void ConnectionLease::release()
{
    if (m_connection) {
        m_pool->release(std::exchange(m_connection, nullptr));
        m_pool = nullptr;
    }
}

} // namespace backupdb
