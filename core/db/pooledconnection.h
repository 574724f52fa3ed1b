// One connection of a ConnectionPool and its per-connection state. Internal to core/db: only the
// pool's and the lease's .cpp files include it.
// Thread-safety: no locking of its own. The pool changes its bookkeeping under the pool's mutex,
// or outside it only while the connection is marked inUse (nobody else touches it then); db,
// handle, the caches and transactionDepth belong to the thread holding the lease.
#pragma once

#include "clock.h"
#include "poolconfig.h"
#include "engine.h"
#include "statementcache.h"

#include <QSqlDatabase>
#include <QString>
#include <memory>
#include <source_location>

class QThread;

namespace backupdb {

struct PooledConnection
{
    explicit PooledConnection(int statementCacheSize)
        : statements(statementCacheSize)
    { }

    QString name;
    QSqlDatabase db;
    NativeHandle handle = nullptr; // the engine's connection behind db
    AccessMode access = AccessMode::ReadWrite;
    bool inUse = false;
    bool parked = false; // driver belongs to no thread
    QThread *owner = nullptr; // thread of the driver while not parked
    bool parkRequested = false; // a waiting thread wants this idle connection
    bool retireRequested = false;
    bool leakReported = false;
    int transactionDepth = 0;
    Nanoseconds createdAt {}, retireAt {}, idleSince {}, leasedAt {};
    std::source_location leasedFrom;
    StatementCache statements;
    StatementGuard guard;
    // What the engine keeps for this connection and releases with it (PostgreSQL: the watch
    // that interrupts its statements, pginterrupt.h); released before guard.
    std::shared_ptr<void> engineState;
    // Native prepared statements of hot paths (finalized before the connection closes).
    NativeStatementCache nativeStatements;
};

// "file:line (function)": where a lease was taken, for the pool's warnings and leak reports.
inline QString describe(const std::source_location &where)
{
    return QStringLiteral("%1:%2 (%3)")
            .arg(QString::fromUtf8(where.file_name()))
            .arg(where.line())
            .arg(QString::fromUtf8(where.function_name()));
}

} // namespace backupdb
