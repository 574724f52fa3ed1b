#include "session.h"

#include "common/logging.h"
#include "db/engine.h"
#include "maintenance/auditlog.h"

#include <QDir>
#include <QFileInfo>

namespace backupdb {

namespace {

// Opening writes nothing: the schema is current (no migration) and the file is in WAL mode
// already (the pool's connections do not switch it). Only then may the damage check wait.
bool opensWithoutWriting(const QString &path)
{
    if (QFileInfo(path).size() == 0)
        return false;
    const auto pending = Migrator().pendingCount(path);
    return pending && pending.value() == 0 && engineFor(path).opensWithoutWriting(path);
}

} // namespace

DbError Session::checkFile(const QString &path, OpenMode mode)
{
    using K = DbError::Kind;
    if (path.trimmed().isEmpty())
        return DbError::invalidInput(QStringLiteral("database path"), QStringLiteral("is empty"));
    if (path.contains(QChar(0)))
        return DbError::invalidInput(QStringLiteral("database path"),
                                     QStringLiteral("contains a NUL character"));
    const QFileInfo info(path);
    if (info.isDir())
        return DbError(K::CannotOpen,
                       QStringLiteral("%1 is a folder, not a database file").arg(path));
    if (!info.exists()) {
        if (mode == OpenMode::OpenExisting)
            return DbError(K::CannotOpen, QStringLiteral("%1 does not exist").arg(path));
        const QFileInfo folder(info.absolutePath());
        if (!folder.isDir())
            return DbError(K::CannotOpen,
                           QStringLiteral("the folder %1 does not exist").arg(folder.filePath()));
        if (!folder.isWritable())
            return DbError(
                    K::ReadOnly,
                    QStringLiteral("cannot create %1: the folder is not writable").arg(path));
        return DbError();
    }
    if (!info.isReadable())
        return DbError(K::CannotOpen, QStringLiteral("%1 is not readable (permissions)").arg(path));
    if (info.size() == 0 && mode == OpenMode::OpenExisting)
        return DbError(K::NotADatabase,
                       QStringLiteral("%1 is empty (0 bytes): not a database").arg(path));
    // Through SQLite, not a plain read of the header: opening and closing the file outside
    // SQLite would drop the POSIX locks of any connection this process has to it.
    if (info.size() > 0 && engineFor(path).probe(path).kind() == K::NotADatabase)
        return DbError(K::NotADatabase, QStringLiteral("%1 is not an %2 database")
                                                .arg(path, engineFor(path).name()));
    // A file without any write permission bit was made read-only on purpose: respect that even
    // where the process could write anyway (root ignores permissions).
    const auto writeBits
            = QFileDevice::WriteOwner | QFileDevice::WriteGroup | QFileDevice::WriteOther;
    if (!info.isWritable() || !(info.permissions() & writeBits))
        return DbError(K::ReadOnly,
                       QStringLiteral("%1 is read-only; BackupDB Admin needs write access "
                                      "(its counters and logs live in the database)")
                               .arg(path));
    if (!QFileInfo(info.absolutePath()).isWritable())
        return DbError(K::ReadOnly,
                       QStringLiteral("the folder of %1 is not writable; SQLite needs to create "
                                      "its -wal and -shm files there")
                               .arg(path));
    return DbError();
}

Result<std::unique_ptr<Session>> Session::openPostgres(const SessionOptions &input)
{
    SessionOptions options = input;
    options.pool.databasePath = options.path;
    if (const QString problem = options.pool.validate(); !problem.isEmpty())
        return DbError::invalidInput(QStringLiteral("pool"), problem);
    auto migrated = engineFor(options.path).migrate(options.path, QString());
    if (!migrated)
        return migrated.error();
    // The server's own checks (amcheck, the logical checks) run on demand (check), not here:
    // SQLite's open-time quick check has no counterpart that is as cheap.
    auto database = std::make_unique<Database>(options.pool, options.query);
    if (DbError e = database->start())
        return e;
    std::unique_ptr<Session> session(new Session(options, std::move(database)));
    session->m_migration = migrated.value();
    if (auto stamp = session->m_statistics.stamp())
        session->m_openedStamp = stamp.value();
    return session;
}

Result<std::unique_ptr<Session>> Session::open(const SessionOptions &input)
{
    if (isPostgresLocation(input.path))
        return openPostgres(input);
    SessionOptions options = input;
    if (DbError e = checkFile(options.path, options.mode))
        return e;
    options.path = QFileInfo(options.path).absoluteFilePath();
    options.pool.databasePath = options.path;
    if (const QString problem = options.pool.validate(); !problem.isEmpty())
        return DbError::invalidInput(QStringLiteral("pool"), problem);

    QStringList damage;
    std::optional<QStringList> quickCheck;
    const bool defer = options.deferOpenChecks && options.damageCheckOnOpen
            && options.quickCheckOnOpen && opensWithoutWriting(options.path);
    if (options.damageCheckOnOpen && !defer && QFileInfo(options.path).size() > 0) {
        auto checked = engineFor(options.path).quickCheck(options.path);
        if (!checked)
            return checked.error().withContext(QStringLiteral("checking %1").arg(options.path));
        quickCheck = checked.value();
        if (checked.value() != QStringList { QStringLiteral("ok") })
            damage = checked.value();
    }

    MigrationOutcome migration;
    if (damage.isEmpty()) {
        auto migrated = engineFor(options.path).migrate(options.path, options.migrationBackupFolder);
        if (!migrated)
            return migrated.error();
        for (const QString &note : migrated->notes)
            qCWarning(lcSchema).noquote() << note;
        migration = migrated.value();
        // Audit rows written through our own connections carry the operating-system user.
        options.pool.connectionInitSql = AuditLog::actorSql(AuditLog::osUser());
    } else {
        qCWarning(lcIntegrity).noquote()
                << options.path << "failed its quick check; opened read-only:" << damage.first();
        options.pool.access = AccessMode::ReadOnly;
    }
    auto database = std::make_unique<Database>(options.pool, options.query);
    if (!damage.isEmpty())
        database->refuseWrites(DbError(
                DbError::Kind::Refused,
                QStringLiteral("the database is damaged (quick_check: %1) and was opened "
                               "read-only; restore a verified backup or salvage what can be read "
                               "into a new file")
                        .arg(damage.first())));
    if (defer)
        database->holdWrites(); // until the damage check's verdict
    if (DbError e = database->start())
        return e;
    std::unique_ptr<Session> session(new Session(options, std::move(database)));
    session->m_migration = migration;
    session->setDamage(damage);
    if (defer) {
        Session *self = session.get(); // the checker is the session's: it cannot outlive it
        session->m_integrity.deferOpenCheck([self] { return self->checkForDamage(); });
    } else if (options.quickCheckOnOpen) {
        // Damage is caught at the open. Findings are reported, not fatal: the operator
        // decides. SQLite's part ran before the open; the logical checks run now.
        auto report = session->m_integrity.check(IntegrityReport::Depth::Quick, {}, nullptr,
                                                 quickCheck ? &*quickCheck : nullptr);
        if (!report)
            qCWarning(lcIntegrity).noquote()
                    << "quick check on open failed:" << report.error().message();
        else if (!report->ok())
            for (const IntegrityFinding &f : report->findings)
                if (f.severity != IntegrityFinding::Severity::Info)
                    qCWarning(lcIntegrity).noquote() << f.message;
    }
    if (auto stamp = session->m_statistics.stamp())
        session->m_openedStamp = stamp.value();
    return session;
}

Result<QStringList> Session::checkForDamage()
{
    if (m_options.beforeDeferredChecks)
        m_options.beforeDeferredChecks();
    auto checked = m_database->engine().quickCheck(m_options.path);
    if (!checked) {
        const DbError why = checked.error().withContext(
                QStringLiteral("checking %1").arg(m_options.path));
        m_database->releaseWrites(DbError(
                DbError::Kind::Refused,
                QStringLiteral("the database could not be checked (%1); close and open it again")
                        .arg(why.message())));
        return why;
    }
    if (checked.value() == QStringList { QStringLiteral("ok") }) {
        m_database->releaseWrites();
        return checked;
    }
    setDamage(checked.value());
    qCWarning(lcIntegrity).noquote()
            << m_options.path << "failed its quick check; no writes:" << checked->first();
    m_database->releaseWrites(DbError(
            DbError::Kind::Refused,
            QStringLiteral("the database is damaged (quick_check: %1): nothing is written to it; "
                           "restore a verified backup or salvage what can be read into a new file")
                    .arg(checked->first())));
    return checked;
}

QStringList Session::damage() const
{
    std::lock_guard lock(m_damageMutex);
    return m_damage;
}

void Session::setDamage(const QStringList &damage)
{
    std::lock_guard lock(m_damageMutex);
    m_damage = damage;
}

Session::Session(const SessionOptions &options, std::unique_ptr<Database> database)
    : m_options(options)
    , m_database(std::move(database))
    , m_clients(*m_database)
    , m_files(*m_database)
    , m_bulk(*m_database)
    , m_statistics(*m_database, options.statisticsTtl)
    , m_audit(*m_database)
    , m_backups(*m_database, m_audit)
    , m_integrity(*m_database, &m_statistics)
    , m_orphans(*m_database, m_backups, m_audit)
    , m_size(*m_database, m_audit)
    , m_health(*m_database, m_statistics, m_integrity, m_size, m_backups)
    , m_metricsHistory(*m_database)
    , m_maintenanceHistory(*m_database)
{ }

DbError Session::applyConfig(const AppConfig &config)
{
    Database &db = *m_database;
    const PoolConfig readers = config.toPoolConfig(db.readers().config());
    PoolConfig writer = config.toPoolConfig(db.writer().config());
    writer.coreSize = 1; // the writer lane stays one connection
    writer.maxOverflow = 0;
    if (const QString problem = readers.validate(); !problem.isEmpty())
        return DbError::invalidInput(QStringLiteral("pool"), problem);
    if (DbError e = db.readers().reconfigure(readers))
        return e;
    if (DbError e = db.writer().reconfigure(writer))
        return e;
    db.setPolicy(config.toQueryPolicy(db.policy()));
    qCInfo(lcPool).noquote() << "configuration applied: readers" << readers.coreSize << "+"
                             << readers.maxOverflow << "query timeout" << config.queryTimeoutMs
                             << "ms";
    return DbError();
}

Session::~Session()
{
    // Closed before its deferred check ran: nothing was verified, so nothing is written.
    if (m_integrity.dropOpenCheck())
        m_database->releaseWrites(
                DbError(DbError::Kind::Refused, QStringLiteral("closed before its check")));
    if (DbError e = m_database->flushQueryStats())
        qCWarning(lcQuery).noquote() << "could not save query statistics:" << e.message();
    // Our connections never checkpoint on close (SQLite: sqlite::keepSideFiles). When nobody else has
    // the database open, fold the WAL into the file now, through the normal locking protocol, so
    // that the file on its own is complete (a plain copy of it then loses nothing).
    const Engine &engine = m_database->engine();
    const OtherProcesses others = engine.otherProcesses(m_options.path);
    const QString checkpoint = engine.checkpointSql(CheckpointMode::Truncate);
    if (!checkpoint.isEmpty() && !m_database->isReadOnly() && others.known
        && others.users.isEmpty()) {
        const DbError e = m_database->write([&](ConnectionLease &lease) -> DbError {
            return lease.engine().execute(lease.handle(), checkpoint);
        });
        if (e)
            qCInfo(lcPool).noquote() << "no checkpoint at close:" << e.message();
    }
    m_database->shutdown();
}

} // namespace backupdb
