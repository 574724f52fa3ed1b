// Settings of one connection pool. Plain value; see ConnectionPool for what each one governs.
#pragma once

#include "clock.h"

#include <QString>

namespace backupdb {

enum class AccessMode { ReadWrite, ReadOnly };

struct PoolConfig
{
    QString databasePath;
    QString name = QStringLiteral("pool"); // prefix of the Qt connection names, for logs
    AccessMode access = AccessMode::ReadWrite;

    int coreSize = 4; // connections kept open
    int maxOverflow = 4; // extra connections opened under load, closed when idle
    Milliseconds acquireTimeout { 5000 };
    Milliseconds maxLifetime { 30 * 60 * 1000 };
    double lifetimeJitter = 0.1; // each connection retires up to this fraction earlier
    Milliseconds idleTimeout { 60 * 1000 }; // overflow connections idle this long are closed
    Milliseconds leakThreshold { 60 * 1000 }; // a lease held longer is logged as a leak
    Milliseconds housekeepingInterval { 30 * 1000 }; // 0 = no housekeeping thread
    Milliseconds busyTimeout { 2000 }; // how long a connection waits for a lock (SQLite: busy timeout)
    int cacheSizeKiB = 64 * 1024; // PRAGMA cache_size = -cacheSizeKiB
    int statementCacheSize = 32; // prepared statements kept per connection
    QString connectionInitSql; // run on every read-write connection once it is configured

    // Returns an empty string when usable, else what is wrong (for config validation).
    QString validate() const;
};

} // namespace backupdb
