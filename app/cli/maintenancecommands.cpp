// The commands about backups and the database file: backup, verify, restore, checkpoint, vacuum,
// migrate.
#include "commands.h"
#include "maintenance/damagerecovery.h"

#include "output.h"

#include <QFileInfo>
#include <QJsonArray>

namespace backupdb::cli {

int cmdBackup(QCommandLineParser &p, const Context &ctx)
{
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    BackupOptions options;
    options.retention = { ctx.config.backupKeepLast, ctx.config.backupKeepDays };
    auto info = session.value()->backups().backup(backupFolder(ctx, p.value(QStringLiteral("out"))),
                                                  options);
    if (!info)
        return fail(info.error());
    ctx.out->set(QStringLiteral("path"), info->path);
    ctx.out->set(QStringLiteral("bytes"), info->bytes);
    ctx.out->set(QStringLiteral("verified"), info->verified);
    ctx.out->set(QStringLiteral("seconds"), info->seconds);
    return Ok;
}

int cmdVerify(QCommandLineParser &p, const Context &ctx)
{
    const QStringList files = p.positionalArguments();
    if (files.size() != 1)
        return usage(QStringLiteral("verify needs exactly one FILE"));
    if (!QFileInfo::exists(files.first()))
        return usage(QStringLiteral("%1 does not exist").arg(files.first()));
    const Engine *maker = engineOfBackup(files.first());
    const bool dump = maker && maker->capabilities().backupIsDump;
    // A dump is checked by restoring it into a scratch database of a server: the one of --db,
    // which also tells whose backup it is.
    if (dump && (ctx.databasePath.isEmpty() || &engineFor(ctx.databasePath) != maker))
        return usage(QStringLiteral("%1 is a %2 dump: verifying it needs a %2 server to restore "
                                    "it on (--db)")
                             .arg(files.first(), maker->name()));
    Result<std::unique_ptr<Session>> session = std::unique_ptr<Session>();
    if (dump) {
        session = openSession(ctx);
        if (!session)
            return fail(session.error());
    }
    // A backup file is checked on its own: no database of ours is opened.
    Database none(PoolConfig {}, QueryPolicy {});
    AuditLog audit(none);
    BackupService fileService(none, audit);
    auto info = (dump ? session.value()->backups() : fileService).verify(files.first());
    if (!info)
        return fail(info.error());
    ctx.out->set(QStringLiteral("path"), QFileInfo(files.first()).absoluteFilePath());
    ctx.out->set(QStringLiteral("verified"), info->verified);
    ctx.out->set(QStringLiteral("integrity"), info->verifyMessage);
    ctx.out->set(QStringLiteral("bytes"), info->bytes);
    return info->verified ? Ok : ProblemsFound;
}

int cmdRestore(QCommandLineParser &p, const Context &ctx)
{
    const QString from = p.value(QStringLiteral("from"));
    if (from.isEmpty())
        return usage(QStringLiteral("restore needs --from FILE"));
    if (!QFileInfo::exists(from))
        return usage(QStringLiteral("%1 does not exist").arg(from));
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    int code = Ok;
    if (session.value()->isDamaged()) {
        // The way out of a damaged file: it is saved aside (renamed, never written to) and the
        // verified backup takes its place.
        auto checked = session.value()->backups().verify(from);
        if (!checked)
            return fail(checked.error());
        if (!checked->verified)
            return fail(DbError(DbError::Kind::Corrupt,
                                QStringLiteral("refusing to restore %1: it fails verification (%2)")
                                        .arg(from, checked->verifyMessage)));
        if (!confirmed(*session.value(), p.isSet(QStringLiteral("yes")),
                       QStringLiteral("%1 is damaged. Save it aside and put %2 in its place?")
                               .arg(ctx.databasePath, from),
                       &code))
            return code;
        session.value().reset(); // no connection of ours may stay open on the file
        auto aside = recovery::replaceDamaged(QFileInfo(ctx.databasePath).absoluteFilePath(), from);
        if (!aside)
            return fail(aside.error());
        auto reopened = openSession(ctx); // migrates the restored copy if it is older
        if (!reopened)
            return fail(reopened.error());
        if (DbError e = reopened.value()->audit().record(
                    QStringLiteral("restore"),
                    { { QStringLiteral("from"), QFileInfo(from).absoluteFilePath() },
                      { QStringLiteral("damaged_saved_as"), aside.value() } }))
            printError(QStringLiteral("audit: %1").arg(e.message()));
        ctx.out->set(QStringLiteral("restored_from"), QFileInfo(from).absoluteFilePath());
        ctx.out->set(QStringLiteral("damaged_saved_as"), aside.value());
        return Ok;
    }
    RestoreOptions options;
    options.allowOtherDatabase = p.isSet(QStringLiteral("other-database"));
    if (!options.allowOtherDatabase) {
        // A backup of another database is refused before the question: --yes is not that choice.
        auto checked = session.value()->backups().verify(from);
        if (checked && checked->verified)
            if (DbError e = session.value()->backups().otherDatabaseRefusal(checked.value(), options)) {
                const int refused = fail(e);
                printError(QStringLiteral("(in this command: add --other-database)"));
                return refused;
            }
    }
    if (!confirmed(*session.value(), p.isSet(QStringLiteral("yes")),
                   QStringLiteral("Replace %1 with %2 (the current database is backed up first)?")
                           .arg(ctx.databasePath, from),
                   &code))
        return code;
    auto safety = session.value()->backups().restore(from, backupFolder(ctx), nullptr, options);
    if (!safety)
        return fail(safety.error());
    ctx.out->set(QStringLiteral("restored_from"), QFileInfo(from).absoluteFilePath());
    ctx.out->set(QStringLiteral("safety_backup"), safety->path);
    return Ok;
}

int cmdSalvage(QCommandLineParser &p, const Context &ctx)
{
    const QString to = p.value(QStringLiteral("to"));
    if (to.isEmpty())
        return usage(QStringLiteral("salvage needs --to NEWFILE"));
    if (ctx.databasePath.isEmpty())
        return usage(QStringLiteral("no database given (use --db PATH or BACKUPDB_DB)"));
    auto checked = recovery::salvage(ctx.databasePath, to);
    if (!checked)
        return fail(checked.error());
    ctx.out->set(QStringLiteral("salvaged_to"), QFileInfo(to).absoluteFilePath());
    ctx.out->set(QStringLiteral("quick_check"), checked.value());
    return checked.value() == QLatin1String("ok") ? Ok : ProblemsFound;
}

int cmdCheckpoint(QCommandLineParser &, const Context &ctx)
{
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    auto r = session.value()->size().checkpoint();
    if (!r)
        return fail(r.error());
    if (!r->applicable) {
        ctx.out->set(QStringLiteral("checkpoint"),
                     QStringLiteral("not needed: %1 checkpoints its own log")
                             .arg(session.value()->database().engine().name()));
        return Ok;
    }
    ctx.out->set(QStringLiteral("wal_frames"), r->walFrames);
    ctx.out->set(QStringLiteral("checkpointed_frames"), r->checkpointedFrames);
    ctx.out->set(QStringLiteral("busy"), r->busy);
    return Ok;
}

int cmdVacuum(QCommandLineParser &, const Context &ctx)
{
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    auto freed = session.value()->size().vacuum();
    if (!freed)
        return fail(freed.error());
    auto size = session.value()->size().report();
    ctx.out->set(QStringLiteral("bytes_freed"), freed.value());
    if (size)
        ctx.out->set(QStringLiteral("database_bytes"), size->databaseBytes);
    return Ok;
}

int cmdMigrate(QCommandLineParser &, const Context &ctx)
{
    auto session = openSession(ctx); // opening migrates, with a backup first
    if (!session)
        return fail(session.error());
    if (session.value()->isDamaged()) // opened read-only: nothing was migrated
        return fail(session.value()->database().checkDestructive(QStringLiteral("migrate")));
    const MigrationOutcome &m = session.value()->migration();
    ctx.out->set(QStringLiteral("from_version"), m.fromVersion);
    ctx.out->set(QStringLiteral("to_version"), m.toVersion);
    ctx.out->set(QStringLiteral("applied"), QJsonArray::fromStringList(m.applied));
    ctx.out->set(QStringLiteral("backup"),
                 m.backupPath.isEmpty() ? QJsonValue() : QJsonValue(m.backupPath));
    ctx.out->set(QStringLiteral("notes"), QJsonArray::fromStringList(m.notes));
    return Ok;
}

} // namespace backupdb::cli
