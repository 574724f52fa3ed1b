#include "poolconfig.h"

namespace backupdb {

QString PoolConfig::validate() const
{
    if (databasePath.isEmpty())
        return QStringLiteral("database path is empty");
    if (coreSize < 1 || coreSize > 256)
        return QStringLiteral("pool core size must be 1..256, not %1").arg(coreSize);
    if (maxOverflow < 0 || maxOverflow > 256)
        return QStringLiteral("pool overflow must be 0..256, not %1").arg(maxOverflow);
    if (acquireTimeout.count() < 0 || busyTimeout.count() < 0 || idleTimeout.count() < 0)
        return QStringLiteral("timeouts must not be negative");
    if (maxLifetime.count() <= 0)
        return QStringLiteral("max lifetime must be positive");
    if (lifetimeJitter < 0 || lifetimeJitter >= 1)
        return QStringLiteral("lifetime jitter must be in [0, 1)");
    if (statementCacheSize < 0)
        return QStringLiteral("statement cache size must not be negative");
    return QString();
}

} // namespace backupdb
