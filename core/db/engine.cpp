#include "engine.h"

namespace backupdb {

const Engine &engineFor(const QString &location)
{
    return isPostgresLocation(location) ? postgresEngine() : sqliteEngine();
}

} // namespace backupdb
