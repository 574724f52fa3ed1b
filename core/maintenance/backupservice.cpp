#include "backupservice.h"
#include "backupfiles.h"

#include "../common/logging.h"
#include "../data/transaction.h"
#include "../schema/migrator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QStandardPaths>
#include <algorithm>
#include <fcntl.h>
#include <unistd.h>

namespace backupdb {

namespace {

const QString kMarker = QStringLiteral("-backup-");
// The endings of every engine's backups (Engine::backupSuffix): a folder may hold both.
const QStringList kSuffixes { QStringLiteral(".sqlite"), QStringLiteral(".dump") };

bool fsyncPath(const QString &path, bool directory)
{
    const int fd = ::open(QFile::encodeName(path).constData(),
                          directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

} // namespace



using namespace backupfiles;

QString BackupService::databaseId() const
{
    std::lock_guard lock(m_idMutex);
    if (m_databaseId.isEmpty()) {
        auto id = m_db.read([&](ConnectionLease &lease) -> Result<QString> {
            return lease.engine().queryText(lease.handle(),
                                            QStringLiteral("SELECT database_id FROM bdba_identity WHERE id = 1"));
        });
        if (id)
            m_databaseId = id.value();
    }
    return m_databaseId;
}

void BackupService::classify(BackupInfo &info) const
{
    const QString own = databaseId();
    if (!own.isEmpty() && !info.databaseId.isEmpty())
        info.origin = info.databaseId == own ? BackupInfo::Origin::ThisDatabase
                                             : BackupInfo::Origin::OtherDatabase;
    else if (own.isEmpty() && !info.databasePath.isEmpty())
        // This database has no identity (a damaged file that was not migrated): the recorded
        // path is all there is to go by.
        info.origin = QFileInfo(info.databasePath).absoluteFilePath()
                        == QFileInfo(m_db.path()).absoluteFilePath()
                ? BackupInfo::Origin::ThisDatabase
                : BackupInfo::Origin::OtherDatabase;
    else
        info.origin = BackupInfo::Origin::Unknown;
}

QString BackupService::defaultFolder(const QString &location)
{
    const Engine &engine = engineFor(location);
    if (engine.capabilities().singleFile)
        return QFileInfo(location).absoluteDir().filePath(QStringLiteral("backups"));
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
            .filePath(QStringLiteral("backupdb-admin/backups/") + engine.backupBaseName(location));
}

bool BackupService::isBackupName(const QString &fileName)
{
    return fileName.contains(kMarker)
            && std::any_of(kSuffixes.cbegin(), kSuffixes.cend(),
                           [&](const QString &suffix) { return fileName.endsWith(suffix); })
            && !fileName.startsWith(QLatin1Char('.'));
}

Result<BackupInfo> BackupService::backup(const QString &folder, const BackupOptions &options,
                                         const ProgressCallback &progress, const CancelFlag *cancel)
{
    if (folder.trimmed().isEmpty())
        return DbError::invalidInput(QStringLiteral("backup folder"), QStringLiteral("is empty"));
    if (options.pagesPerStep == 0 || options.pagesPerStep < -1)
        return DbError::invalidInput(QStringLiteral("pages per step"),
                                     QStringLiteral("must be positive or -1"));
    const QFileInfo folderInfo(folder);
    if (folderInfo.exists() && !folderInfo.isDir())
        return DbError(DbError::Kind::Io,
                       QStringLiteral("backup folder %1 is a file, not a folder").arg(folder));
    if (!QDir().mkpath(folder))
        return DbError(DbError::Kind::Io,
                       QStringLiteral("cannot create the backup folder %1").arg(folder));
    const QDir dir(folder);
    const QDateTime started = QDateTime::currentDateTimeUtc();
    const Engine &engine = m_db.engine();
    const QString base = engine.backupBaseName(m_db.path());
    const QString suffix = engine.backupSuffix();
    const QString stamp = base + kMarker + started.toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    // Two backups in the same millisecond (a safety backup right after a scheduled one) must
    // not collide: the rename below never replaces an existing file.
    QString finalName = stamp + suffix;
    for (int n = 2; QFileInfo::exists(dir.absoluteFilePath(finalName)) && n < 1000; ++n)
        finalName = stamp + QStringLiteral("-%1").arg(n) + suffix;
    const QString finalPath = dir.absoluteFilePath(finalName);
    const QString tempPath = dir.absoluteFilePath(
            QStringLiteral(".%1.partial-%2")
                    .arg(finalName)
                    .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0')));
    const auto removeTemp = [&] { removePartialBackup(tempPath); };
    // A writability probe gives a clear message before any work is done.
    {
        QFile probe(tempPath);
        if (!probe.open(QIODevice::WriteOnly))
            return DbError(DbError::Kind::Io,
                           QStringLiteral("cannot write into the backup folder %1: %2")
                                   .arg(folder, probe.errorString()));
        probe.close();
        probe.remove();
    }

    const Nanoseconds t0 = SteadyClock::instance().now();
    if (engine.capabilities().backupIsDump)
        return backupByDump(folder, tempPath, finalPath, started, t0, options, progress, cancel);
    auto copied = m_db.read([&](ConnectionLease &lease) -> DbError {
        return lease.engine().copyTo(
                lease.handle(), tempPath, options.pagesPerStep, [&](int remaining, int total) {
                    if (progress && total > 0)
                        progress(0.9 * double(total - remaining) / double(total));
                    return !(cancel && cancel->load());
                });
    });
    if (copied) {
        removeTemp();
        if (copied.kind() == DbError::Kind::Cancelled)
            return DbError(DbError::Kind::Cancelled,
                           QStringLiteral("backup cancelled; no file was left behind"));
        return copied.withContext(QStringLiteral("backup failed, no file was left behind"));
    }
    // backupToFile() left one self-contained file (the backup API copies the source's WAL
    // flag; it switched the copy to a rollback journal, so no -wal and -shm appear beside it
    // when it is opened later), synced to disk.

    BackupInfo info;
    info.path = finalPath;
    info.createdAt = started;
    info.databaseId = databaseId();
    info.databasePath = QFileInfo(m_db.path()).absoluteFilePath();
    info.origin = BackupInfo::Origin::ThisDatabase;
    if (options.verify)
        if (DbError e = backupfiles::adoptVerification(verify(tempPath, cancel), tempPath, info))
            return e;
    return finishBackup(folder, tempPath, info, t0, options, progress, cancel);
}

Result<BackupInfo> BackupService::finishBackup(const QString &folder, const QString &tempPath,
                                               BackupInfo info, Nanoseconds t0,
                                               const BackupOptions &options,
                                               const ProgressCallback &progress,
                                               const CancelFlag *cancel)
{
    const QString finalPath = info.path;
    const auto removeTemp = [&] { removePartialBackup(tempPath); };
    if (cancel && cancel->load()) {
        removeTemp();
        return DbError(DbError::Kind::Cancelled,
                       QStringLiteral("backup cancelled; no file was left behind"));
    }
    QFile::setPermissions(tempPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!QFile::rename(tempPath, finalPath)) {
        removeTemp();
        return DbError(DbError::Kind::Io,
                       QStringLiteral("could not move the backup into place at %1").arg(finalPath));
    }
    // A dump's own record (its rows) goes with it.
    if (QFile::exists(sidecarOf(tempPath)))
        QFile::rename(sidecarOf(tempPath), sidecarOf(finalPath));
    fsyncPath(folder, true);
    info.bytes = QFileInfo(finalPath).size();
    info.seconds = double((SteadyClock::instance().now() - t0).count()) / 1e9;
    writeSidecar(info);
    if (progress)
        progress(1.0);
    qCInfo(lcBackup).noquote() << "backup written:" << finalPath << info.bytes << "bytes, verified"
                               << info.verified;
    if (DbError e = m_audit.record(QStringLiteral("backup"), auditDetails(info)))
        qCWarning(lcBackup).noquote() << "the backup could not be recorded in the audit log:"
                                      << e.message();
    if (options.retention.keepLast > 0 || options.retention.keepDays > 0) {
        if (auto removed = applyRetention(folder, options.retention); !removed)
            qCWarning(lcBackup).noquote() << "retention failed:" << removed.error().message();
    }
    return info;
}

Result<BackupInfo> BackupService::verify(const QString &file, const CancelFlag *cancel)
{
    const QFileInfo fi(file);
    if (!fi.exists())
        return DbError(DbError::Kind::CannotOpen, QStringLiteral("%1 does not exist").arg(file));
    if (fi.isDir())
        return DbError(DbError::Kind::CannotOpen, QStringLiteral("%1 is a folder").arg(file));
    BackupInfo info = readInfo(fi);
    info.verified = false;
    info.verifiedAt = QDateTime::currentDateTimeUtc();
    const Engine &engine = m_db.engine();
    if (engine.capabilities().backupIsDump && engine.isDatabaseFile(file))
        return verifyDump(file, info, cancel);
    if (!engine.isDatabaseFile(file)) {
        info.verifyMessage = QStringLiteral("not an %1 database").arg(engine.name());
        return info;
    }
    auto checked = engine.checkCopy(file, cancel);
    if (!checked)
        return checked.error();
    QStringList messages = checked.value();
    if (messages == QStringList { QStringLiteral("ok") }) {
        auto tables = engine.readCopy(file, { QStringLiteral("SELECT 1 FROM clients LIMIT 1"),
                                              QStringLiteral("SELECT 1 FROM files LIMIT 1") });
        if (!tables || !tables->at(0).isValid() || !tables->at(1).isValid())
            messages = QStringList { QStringLiteral(
                    "the clients and files tables are missing: not a backup database") };
        else
            readCopyFacts(engine, file, info);
    }
    info.verifyMessage = messages.join(QStringLiteral("; "));
    info.verified = messages == QStringList { QStringLiteral("ok") };
    if (isBackupName(fi.fileName()))
        writeSidecar(info);
    classify(info);
    return info;
}

Result<QList<BackupInfo>> BackupService::list(const QString &folder, BackupScope scope) const
{
    const QDir dir(folder);
    if (!dir.exists())
        return QList<BackupInfo>();
    QList<BackupInfo> out;
    QStringList patterns;
    for (const QString &suffix : kSuffixes)
        patterns.append(QStringLiteral("*") + kMarker + QStringLiteral("*") + suffix);
    for (const QFileInfo &fi : dir.entryInfoList(patterns, QDir::Files)) {
        if (!isBackupName(fi.fileName()))
            continue;
        BackupInfo info = readInfo(fi);
        classify(info);
        if (scope == BackupScope::All || info.isOfThisDatabase())
            out.append(info);
    }
    std::sort(out.begin(), out.end(),
              [](const BackupInfo &a, const BackupInfo &b) { return a.createdAt > b.createdAt; });
    return out;
}

std::optional<BackupInfo> BackupService::newest(const QString &folder) const
{
    auto all = list(folder);
    if (!all || all->isEmpty())
        return std::nullopt;
    return all->first();
}

Result<QStringList> BackupService::applyRetention(const QString &folder,
                                                  const RetentionPolicy &policy)
{
    if (policy.keepLast < 0 || policy.keepDays < 0)
        return DbError::invalidInput(QStringLiteral("retention"),
                                     QStringLiteral("counts must not be negative"));
    QStringList removed;
    if (policy.keepLast == 0 && policy.keepDays == 0)
        return removed;
    auto all = list(folder);
    if (!all)
        return all.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    bool newestVerifiedSeen = false;
    for (qsizetype i = 0; i < all->size(); ++i) {
        const BackupInfo &b = all->at(i);
        bool keep = (policy.keepLast > 0 && i < policy.keepLast)
                || (policy.keepDays > 0 && b.createdAt.addDays(policy.keepDays) > now);
        if (b.verified && !newestVerifiedSeen) {
            newestVerifiedSeen = true;
            keep = true;
        }
        if (keep)
            continue;
        if (QFile::remove(b.path)) {
            QFile::remove(sidecarOf(b.path));
            removed.append(b.path);
        }
    }
    if (!removed.isEmpty())
        m_audit.record(QStringLiteral("backup-retention"),
                       { { QStringLiteral("removed"), QJsonArray::fromStringList(removed) },
                         { QStringLiteral("keep_last"), policy.keepLast },
                         { QStringLiteral("keep_days"), policy.keepDays } });
    return removed;
}

namespace {

// The newest audit time inside a backup: the copy holds the history up to it, the database it
// replaces the history after it.
QString newestAuditTimeIn(const QString &file, const QDateTime &fallback)
{
    QString at;
    if (auto newest = engineFor(file).readCopy(file, { QStringLiteral("SELECT MAX(at) FROM bdba_audit") }))
        at = newest->first().toString();
    return at.isEmpty() ? fallback.toString(Qt::ISODateWithMs) : at;
}

} // namespace

DbError BackupService::otherDatabaseRefusal(const BackupInfo &backup,
                                            const RestoreOptions &options) const
{
    if (backup.isOfThisDatabase() || options.allowOtherDatabase)
        return DbError();
    const QString whose = backup.origin == BackupInfo::Origin::OtherDatabase
            ? QStringLiteral("is a backup of another database (%1)")
                      .arg(backup.databasePath.isEmpty() ? backup.databaseId : backup.databasePath)
            : QStringLiteral("records no database identity, so it may be a backup of another "
                             "database");
    return DbError(DbError::Kind::Refused,
                   QStringLiteral("not restoring %1: it %2; restoring it would replace %3 with "
                                  "that database's contents. Nothing was changed; to do it "
                                  "anyway, choose to restore another database's backup")
                           .arg(QFileInfo(backup.path).fileName(), whose, m_db.path()));
}

Result<BackupInfo> BackupService::restore(const QString &file, const QString &safetyFolder,
                                          const CancelFlag *cancel, const RestoreOptions &options)
{
    if (DbError e = m_db.checkDestructive(QStringLiteral("restore")))
        return e;
    auto verified = verify(file, cancel);
    if (!verified)
        return verified.error().withContext(QStringLiteral("refusing to restore %1").arg(file));
    if (!verified->verified)
        return DbError(DbError::Kind::Corrupt,
                       QStringLiteral("refusing to restore %1: it fails verification (%2); the "
                                      "current database was not changed")
                               .arg(file, verified->verifyMessage));
    if (QFileInfo(file).canonicalFilePath() == QFileInfo(m_db.path()).canonicalFilePath())
        return DbError::invalidInput(QStringLiteral("restore file"),
                                     QStringLiteral("is the open database itself"));
    if (DbError e = otherDatabaseRefusal(verified.value(), options))
        return e;
    if (m_db.engine().capabilities().backupIsDump)
        return restoreByDump(file, verified.value(), safetyFolder, cancel);
    const QString ownId = databaseId();

    const QString cutoff = newestAuditTimeIn(file, verified->createdAt);
    auto safety = backup(safetyFolder, {}, {}, cancel);
    if (!safety)
        return safety.error().withContext(
                QStringLiteral("not restoring: the current database could not be backed up first"));

    const DbError restored = m_db.write([&](ConnectionLease &lease) -> DbError {
        return lease.engine().restoreFrom(lease.handle(), file);
    });
    if (restored)
        return restored.withContext(
                QStringLiteral("restore failed; the current database is backed up at %1")
                        .arg(safety->path));
    // The restored file may be of an older schema version.
    auto migrated = Migrator().migrate(m_db.path());
    if (!migrated)
        return migrated.error().withContext(
                QStringLiteral("restored, but bringing the schema up to date failed"));

    // Carry the history written after the backup (audit entries, maintenance runs, the safety
    // backup's own entry) in from the safety backup, which holds the database as it was; rows
    // the copy has already are not doubled. And keep this database's identity: the database at
    // this place goes on, with older contents.
    auto carried = m_db.write([&](ConnectionLease &lease) -> Result<QPair<qint64, qint64>> {
        if (auto attached = m_db.execute(lease, QStringLiteral("ATTACH DATABASE ? AS bdba_before"),
                                         { safety->path });
            !attached)
            return attached.error();
        const auto detach = qScopeGuard([&] {
            lease.engine().execute(lease.handle(), QStringLiteral("DETACH DATABASE bdba_before"));
        });
        QPair<qint64, qint64> n { 0, 0 };
        {
            Transaction tx(lease);
            if (tx.error())
                return tx.error();
            // Carried rows keep their recorded user: the TEMP trigger that stamps this
            // program's rows with the operating-system user must not stamp the server's.
            if (DbError e = lease.engine().execute(lease.handle(),
                                         QStringLiteral("DROP TRIGGER IF EXISTS temp.bdba_audit_actor")))
                return e;
            auto audit = m_db.execute(
                    lease,
                    QStringLiteral(
                            "INSERT INTO main.bdba_audit (at, os_user, action, table_name, row_id, "
                            "details) SELECT b.at, b.os_user, b.action, b.table_name, b.row_id, "
                            "b.details FROM bdba_before.bdba_audit b WHERE b.at >= ?1 AND NOT EXISTS "
                            "(SELECT 1 FROM main.bdba_audit m WHERE m.at = b.at AND m.action = "
                            "b.action AND m.table_name IS b.table_name AND m.row_id IS b.row_id "
                            "AND m.details IS b.details) ORDER BY b.id"),
                    { cutoff });
            if (!audit)
                return audit.error();
            n.first = audit.value();
            auto history = m_db.execute(
                    lease,
                    QStringLiteral(
                            "INSERT INTO main.bdba_maintenance_history (task, started_at, "
                            "finished_at, result, trigger, message, details) SELECT b.task, "
                            "b.started_at, b.finished_at, b.result, b.trigger, b.message, b.details "
                            "FROM bdba_before.bdba_maintenance_history b WHERE b.started_at >= ?1 "
                            "AND NOT EXISTS (SELECT 1 FROM main.bdba_maintenance_history m WHERE "
                            "m.task = b.task AND m.started_at = b.started_at) ORDER BY b.id"),
                    { cutoff });
            if (!history)
                return history.error();
            n.second = history.value();
            // The safety backup's own entry was written after its copy was taken: it is not in
            // the safety backup, so it is written here again.
            auto safetyEntry = m_db.execute(
                    lease,
                    QStringLiteral("INSERT INTO main.bdba_audit (os_user, action, details) "
                                   "VALUES (?, 'backup', ?)"),
                    { AuditLog::osUser(),
                      QString::fromUtf8(QJsonDocument(auditDetails(safety.value()))
                                                .toJson(QJsonDocument::Compact)) });
            if (!safetyEntry)
                return safetyEntry.error();
            n.first += safetyEntry.value();
            if (!ownId.isEmpty()) {
                auto r = m_db.execute(
                        lease, QStringLiteral("UPDATE main.bdba_identity SET database_id = ? WHERE id = 1"),
                        { ownId });
                if (!r)
                    return r.error();
            }
            if (DbError e = lease.engine().execute(lease.handle(), AuditLog::actorSql(AuditLog::osUser())))
                return e;
            if (DbError e = tx.commit())
                return e;
        }
        return n;
    });
    return finishRestore(file, verified.value(), safety.value(), carried);
}

BackupInfo BackupService::finishRestore(const QString &file, const BackupInfo &verified,
                                       const BackupInfo &safety,
                                       const Result<QPair<qint64, qint64>> &carried)
{
    m_db.noteContentChanged(QStringLiteral("restored from %1").arg(QFileInfo(file).fileName()));
    if (!carried)
        qCWarning(lcBackup).noquote()
                << "restored, but the audit entries since the backup could not be carried in:"
                << carried.error().message() << "- they are kept in" << safety.path;
    const DbError recorded = m_audit.record(
            QStringLiteral("restore"),
            { { QStringLiteral("from"), QFileInfo(file).absoluteFilePath() },
              { QStringLiteral("safety_backup"), safety.path },
              { QStringLiteral("backup_of"), verified.isOfThisDatabase()
                                                     ? QStringLiteral("this database")
                                                     : verified.databasePath },
              { QStringLiteral("audit_entries_carried"), carried ? carried->first : -1 },
              { QStringLiteral("history_entries_carried"), carried ? carried->second : -1 } });
    if (recorded)
        qCWarning(lcBackup).noquote() << "the restore could not be recorded in the audit log:"
                                      << recorded.message();
    qCInfo(lcBackup).noquote() << "restored from" << file << "- previous state saved at"
                               << safety.path;
    return safety;
}

} // namespace backupdb
