#include "engine.h"

namespace backupdb {

const Engine &engineFor(const QString &location)
{
    return isPostgresLocation(location) ? postgresEngine() : sqliteEngine();
}

const Engine *engineOfBackup(const QString &file)
{
    for (const Engine *engine : { &sqliteEngine(), &postgresEngine() })
        if (engine->isDatabaseFile(file))
            return engine;
    return nullptr;
}

namespace {

DbError noDumps(const Engine &engine)
{
    return DbError(DbError::Kind::Refused,
                   QStringLiteral("%1 backs up by copying the database file, not by a dump")
                           .arg(engine.name()));
}

} // namespace

Result<DumpRecord> Engine::dumpTo(const QSqlDatabase &, const QString &, const QString &,
                                  const std::function<void(double)> &,
                                  const std::atomic<bool> *) const
{
    return noDumps(*this);
}

Result<DumpCheck> Engine::checkDump(const QSqlDatabase &, const QString &, const QString &,
                                    const std::function<void(double)> &,
                                    const std::atomic<bool> *) const
{
    return noDumps(*this);
}

Result<QMap<QString, qint64>> Engine::restoreDump(const QString &, const QString &,
                                                  const std::function<void(double)> &,
                                                  const std::atomic<bool> *) const
{
    return noDumps(*this);
}

Result<UncountedImport> Engine::uncountedImport(NativeHandle) const
{
    return DbError(DbError::Kind::Refused,
                   QStringLiteral("%1 imports with its counting triggers").arg(name()));
}

} // namespace backupdb
