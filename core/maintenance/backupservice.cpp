#include "backupservice.h"

#include "../common/logging.h"
#include "../db/sqlitenative.h"
#include "../schema/migrator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

namespace backupdb {

namespace {

const QString kMarker = QStringLiteral("-backup-");
const QString kSuffix = QStringLiteral(".sqlite");

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

QString sidecarOf(const QString &file)
{
    return file + QStringLiteral(".json");
}

void writeSidecar(const BackupInfo &info)
{
    QJsonObject o { { QStringLiteral("created_at"), info.createdAt.toString(Qt::ISODateWithMs) },
                    { QStringLiteral("bytes"), info.bytes },
                    { QStringLiteral("verified"), info.verified },
                    { QStringLiteral("verified_at"), info.verifiedAt.toString(Qt::ISODateWithMs) },
                    { QStringLiteral("integrity"), info.verifyMessage },
                    { QStringLiteral("seconds"), info.seconds } };
    QFile f(sidecarOf(info.path));
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        f.write(QJsonDocument(o).toJson());
    }
}

const QStringList kSideFiles { QStringLiteral("-journal"), QStringLiteral("-wal"),
                               QStringLiteral("-shm") };

BackupInfo readInfo(const QFileInfo &file)
{
    BackupInfo info;
    info.path = file.absoluteFilePath();
    info.bytes = file.size();
    info.createdAt = file.lastModified().toUTC();
    QFile f(sidecarOf(info.path));
    if (f.open(QIODevice::ReadOnly)) {
        const QJsonObject o = QJsonDocument::fromJson(f.read(64 * 1024)).object();
        const QDateTime created = QDateTime::fromString(
                o.value(QStringLiteral("created_at")).toString(), Qt::ISODateWithMs);
        if (created.isValid())
            info.createdAt = created.toUTC();
        info.verified = o.value(QStringLiteral("verified")).toBool();
        info.verifiedAt = QDateTime::fromString(o.value(QStringLiteral("verified_at")).toString(),
                                                Qt::ISODateWithMs);
        info.verifyMessage = o.value(QStringLiteral("integrity")).toString();
        info.seconds = o.value(QStringLiteral("seconds")).toDouble();
    }
    return info;
}

} // namespace

bool BackupService::isBackupName(const QString &fileName)
{
    return fileName.contains(kMarker) && fileName.endsWith(kSuffix)
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
    const QString base = QFileInfo(m_db.path()).completeBaseName();
    const QString stamp = base + kMarker + started.toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    // Two backups in the same millisecond (a safety backup right after a scheduled one) must
    // not collide: the rename below never replaces an existing file.
    QString finalName = stamp + kSuffix;
    for (int n = 2; QFileInfo::exists(dir.absoluteFilePath(finalName)) && n < 1000; ++n)
        finalName = stamp + QStringLiteral("-%1").arg(n) + kSuffix;
    const QString finalPath = dir.absoluteFilePath(finalName);
    const QString tempPath = dir.absoluteFilePath(
            QStringLiteral(".%1.partial-%2")
                    .arg(finalName)
                    .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0')));
    const auto removeTemp = [&] {
        QFile::remove(tempPath);
        for (const QString &side : kSideFiles)
            QFile::remove(tempPath + side);
    };
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
    auto copied = m_db.read([&](ConnectionLease &lease) -> DbError {
        // One read transaction for the whole copy: a fixed snapshot while writers go on.
        if (DbError e = sqlite::exec(lease.handle(),
                                     QStringLiteral("BEGIN; SELECT COUNT(*) FROM sqlite_master")))
            return e;
        const DbError e = sqlite::backupToFile(
                lease.handle(), tempPath, options.pagesPerStep, [&](int remaining, int total) {
                    if (progress && total > 0)
                        progress(0.9 * double(total - remaining) / double(total));
                    return !(cancel && cancel->load());
                });
        sqlite::exec(lease.handle(), QStringLiteral("COMMIT"));
        return e;
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
    if (options.verify) {
        auto verified = verify(tempPath, cancel);
        if (!verified || !verified->verified) {
            removeTemp();
            if (!verified)
                return verified.error().withContext(QStringLiteral("verifying the backup"));
            return DbError(DbError::Kind::Corrupt,
                           QStringLiteral("the backup failed verification (%1); it was removed")
                                   .arg(verified->verifyMessage));
        }
        info.verified = true;
        info.verifiedAt = verified->verifiedAt;
        info.verifyMessage = verified->verifyMessage;
    }
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
    fsyncPath(folder, true);
    info.bytes = QFileInfo(finalPath).size();
    info.seconds = double((SteadyClock::instance().now() - t0).count()) / 1e9;
    writeSidecar(info);
    if (progress)
        progress(1.0);
    qCInfo(lcBackup).noquote() << "backup written:" << finalPath << info.bytes << "bytes, verified"
                               << info.verified;
    m_audit.record(QStringLiteral("backup"),
                   { { QStringLiteral("path"), finalPath },
                     { QStringLiteral("bytes"), info.bytes },
                     { QStringLiteral("verified"), info.verified },
                     { QStringLiteral("seconds"), info.seconds } });
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
    if (!sqlite::hasSqliteHeader(file)) {
        info.verifyMessage = QStringLiteral("not an SQLite database");
        return info;
    }
    // A read-only open of a file in WAL mode creates -wal and -shm beside it: remove the ones
    // this check created (empty -wal), so that verifying leaves the folder as it was.
    QStringList createdSideFiles;
    for (const QString &side : { QStringLiteral("-wal"), QStringLiteral("-shm") })
        if (!QFileInfo::exists(file + side))
            createdSideFiles.append(file + side);
    auto opened = sqlite::openNative(file, SQLITE_OPEN_READONLY, Milliseconds(5000));
    if (!opened)
        return opened.error();
    sqlite3 *h = opened.value();
    const auto closer = qScopeGuard([h, createdSideFiles] {
        sqlite::closeNative(h);
        if (createdSideFiles.size() == 2 && QFileInfo(createdSideFiles.first()).size() == 0) {
            QFile::remove(createdSideFiles.at(0));
            QFile::remove(createdSideFiles.at(1));
        }
    });
    StatementGuard guard;
    guard.cancelFlag.store(cancel);
    sqlite::installProgressHandler(h, &guard);
    auto stmt = sqlite::Statement::prepare(h, QStringLiteral("PRAGMA integrity_check(20)"));
    QStringList messages;
    if (stmt) {
        int rc;
        while ((rc = stmt->step()) == SQLITE_ROW)
            messages.append(QString::fromUtf8(
                    reinterpret_cast<const char *>(sqlite3_column_text(stmt->get(), 0))));
        if (rc != SQLITE_DONE) {
            if ((rc & 0xff) == SQLITE_INTERRUPT)
                return DbError(DbError::Kind::Cancelled, QStringLiteral("verification cancelled"));
            messages.append(sqlite::errorFromHandle(h, QString()).message());
        }
    } else {
        messages.append(stmt.error().message());
    }
    if (messages == QStringList { QStringLiteral("ok") }) {
        auto tables = sqlite::queryInt(
                h,
                QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                               "AND name IN ('clients', 'files')"));
        if (!tables || tables.value() != 2)
            messages = QStringList { QStringLiteral(
                    "the clients and files tables are missing: not a backup database") };
    }
    info.verifyMessage = messages.join(QStringLiteral("; "));
    info.verified = messages == QStringList { QStringLiteral("ok") };
    if (isBackupName(fi.fileName()))
        writeSidecar(info);
    return info;
}

Result<QList<BackupInfo>> BackupService::list(const QString &folder) const
{
    const QDir dir(folder);
    if (!dir.exists())
        return QList<BackupInfo>();
    QList<BackupInfo> out;
    for (const QFileInfo &fi : dir.entryInfoList(
                 { QStringLiteral("*") + kMarker + QStringLiteral("*") + kSuffix }, QDir::Files)) {
        if (isBackupName(fi.fileName()))
            out.append(readInfo(fi));
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

Result<BackupInfo> BackupService::restore(const QString &file, const QString &safetyFolder,
                                          const CancelFlag *cancel)
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
    auto safety = backup(safetyFolder, {}, {}, cancel);
    if (!safety)
        return safety.error().withContext(
                QStringLiteral("not restoring: the current database could not be backed up first"));

    const DbError restored = m_db.write([&](ConnectionLease &lease) -> DbError {
        return sqlite::restoreFromFile(lease.handle(), file);
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
    m_db.noteWrite();
    m_audit.record(QStringLiteral("restore"),
                   { { QStringLiteral("from"), QFileInfo(file).absoluteFilePath() },
                     { QStringLiteral("safety_backup"), safety->path } });
    qCInfo(lcBackup).noquote() << "restored from" << file << "- previous state saved at"
                               << safety->path;
    return safety.value();
}

} // namespace backupdb
