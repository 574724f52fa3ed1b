#include "backupfiles.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace backupdb {

namespace backupfiles {

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
                    { QStringLiteral("seconds"), info.seconds },
                    { QStringLiteral("database_id"), info.databaseId },
                    { QStringLiteral("database_path"), info.databasePath },
                    { QStringLiteral("clients"), info.clients },
                    { QStringLiteral("files"), info.files } };
    // A dump's sidecar holds the engine's own record as well (the rows of each table): kept.
    QJsonObject merged;
    if (QFile existing(sidecarOf(info.path)); existing.open(QIODevice::ReadOnly))
        merged = QJsonDocument::fromJson(existing.read(1024 * 1024)).object();
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        merged.insert(it.key(), it.value());
    QFile f(sidecarOf(info.path));
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        f.write(QJsonDocument(merged).toJson());
    }
}

// The identity and the counts recorded inside a copy (tables of migrations 2 and 8; a copy
// made before them lacks them and keeps what it has).
void readCopyFacts(const Engine &engine, const QString &copy, BackupInfo &info)
{
    auto facts = engine.readCopy(
            copy,
            { QStringLiteral("SELECT database_id FROM bdba_identity WHERE id = 1"),
              QStringLiteral("SELECT clients FROM bdba_counters WHERE id = 1"),
              QStringLiteral("SELECT files FROM bdba_counters WHERE id = 1") });
    if (!facts)
        return;
    const QVariantList &v = facts.value();
    if (!v.at(0).toString().isEmpty())
        info.databaseId = v.at(0).toString();
    bool ok = false;
    if (const qint64 clients = v.at(1).toLongLong(&ok); ok)
        info.clients = clients;
    if (const qint64 files = v.at(2).toLongLong(&ok); ok)
        info.files = files;
}

// A backup in rollback-journal mode (header byte 18 is 1) opens read-only without creating any
// file beside it; one in WAL mode is left alone here (verify() handles its side files).
static bool opensWithoutSideFiles(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray header = file.read(20);
    return header.size() == 20 && header.startsWith(QByteArray("SQLite format 3\0", 16))
            && header.at(18) == 1;
}

QJsonObject auditDetails(const BackupInfo &info)
{
    return { { QStringLiteral("path"), info.path },
             { QStringLiteral("bytes"), info.bytes },
             { QStringLiteral("verified"), info.verified },
             { QStringLiteral("seconds"), info.seconds } };
}

const QStringList kSideFiles { QStringLiteral("-journal"), QStringLiteral("-wal"),
                               QStringLiteral("-shm") };

// What a failed or cancelled backup leaves: the partial file, its record, SQLite's side files.
void removePartialBackup(const QString &tempPath)
{
    QFile::remove(tempPath);
    QFile::remove(sidecarOf(tempPath));
    for (const QString &side : kSideFiles)
        QFile::remove(tempPath + side);
}

DbError adoptVerification(const Result<BackupInfo> &verified, const QString &tempPath,
                          BackupInfo &info)
{
    if (!verified || !verified->verified) {
        removePartialBackup(tempPath);
        if (!verified)
            return verified.error().withContext(QStringLiteral("verifying the backup"));
        return DbError(DbError::Kind::Corrupt,
                       QStringLiteral("the backup failed verification (%1); it was removed")
                               .arg(verified->verifyMessage));
    }
    info.verified = true;
    info.verifiedAt = verified->verifiedAt;
    info.verifyMessage = verified->verifyMessage;
    info.clients = verified->clients;
    info.files = verified->files;
    return DbError();
}

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
        info.databaseId = o.value(QStringLiteral("database_id")).toString();
        info.databasePath = o.value(QStringLiteral("database_path")).toString();
        info.clients = o.value(QStringLiteral("clients")).toInteger(-1);
        info.files = o.value(QStringLiteral("files")).toInteger(-1);
    }
    // No sidecar, or one of an older version: the copy itself says whose it is.
    if (info.databaseId.isEmpty() && opensWithoutSideFiles(info.path)) {
        readCopyFacts(engineFor(info.path), info.path, info);
    }
    return info;
}

} // namespace backupfiles

} // namespace backupdb
