// A lease: exclusive use of one pooled connection (see connectionpool.h for how the pool hands
// connections between threads).
// Thread-safety: use a lease only in the thread that acquired it (moving the lease object is
// fine, using it elsewhere is not); never keep a QSqlQuery past the lease.
#pragma once

#include "../common/error.h"
#include "poolconfig.h"
#include "engine.h"
#include "statementcache.h"

#include <QSqlDatabase>
#include <QString>

namespace backupdb {

class ConnectionPool;
struct PooledConnection;

// Exclusive use of one pooled connection until destroyed or release()d. Move-only.
class ConnectionLease
{
public:
    ConnectionLease() = default;
    ConnectionLease(ConnectionLease &&other) noexcept;
    ConnectionLease &operator=(ConnectionLease &&other) noexcept;
    ConnectionLease(const ConnectionLease &) = delete;
    ConnectionLease &operator=(const ConnectionLease &) = delete;
    ~ConnectionLease();

    bool isValid() const { return m_connection != nullptr; }
    QSqlDatabase database() const;
    NativeHandle handle() const;
    const Engine &engine() const;
    StatementCache &statements();
    StatementGuard &guard();
    // Nesting depth of Transaction guards on this connection (0 = autocommit).
    int &transactionDepth();
    // A native prepared statement of this connection for sql, prepared once and reused (hot
    // paths). Reset it after use; it stays valid while the connection lives.
    NativeStatement *nativeStatement(const QString &sql, DbError *error);
    QString connectionName() const;
    AccessMode access() const;
    void release();

private:
    friend class ConnectionPool;
    ConnectionLease(ConnectionPool *pool, PooledConnection *connection)
        : m_pool(pool)
        , m_connection(connection)
    { }
    ConnectionPool *m_pool = nullptr;
    PooledConnection *m_connection = nullptr;
};

} // namespace backupdb
