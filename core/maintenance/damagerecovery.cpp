#include "damagerecovery.h"

#include "../common/logging.h"
#include "../db/engine.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

namespace backupdb::recovery {

Result<QString> replaceDamaged(const QString &path, const QString &verifiedBackup)
{
    if (!QFileInfo::exists(verifiedBackup))
        return DbError(DbError::Kind::CannotOpen,
                       QStringLiteral("%1 does not exist").arg(verifiedBackup));
    const QString aside = path + QStringLiteral(".damaged-")
            + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    if (QFileInfo::exists(aside))
        return DbError(DbError::Kind::Io, QStringLiteral("%1 exists already").arg(aside));
    // A -wal left beside the new file would be replayed into it: the side files go too.
    for (const QString &side : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") }) {
        if (QFileInfo::exists(path + side) && !QFile::rename(path + side, aside + side))
            return DbError(DbError::Kind::Io,
                           QStringLiteral("could not move %1 aside to %2; nothing was replaced")
                                   .arg(path + side, aside + side));
    }
    if (DbError e = engineFor(path).copyLocation(verifiedBackup, path)) {
        // Put the damaged file back rather than leave no database at all.
        for (const QString &side : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") })
            if (QFileInfo::exists(aside + side))
                QFile::rename(aside + side, path + side);
        return e.withContext(QStringLiteral("writing the backup in place"));
    }
    qCWarning(lcBackup).noquote() << "damaged database saved as" << aside << "and replaced by"
                                  << verifiedBackup;
    return aside;
}

Result<QString> salvage(const QString &path, const QString &target)
{
    if (QFileInfo::exists(target))
        return DbError::invalidInput(QStringLiteral("salvage target"),
                                     QStringLiteral("%1 exists already").arg(target));
    QProcess reader, writer;
    // The shell's .dump reads on past damage (it retries a damaged table backwards from its last
    // row); Debian's sqlite3 has no sqlite_dbpage, which .recover needs. Read-only on the file.
    reader.start(QStringLiteral("sqlite3"),
                 { QStringLiteral("-readonly"), path, QStringLiteral(".dump") });
    writer.start(QStringLiteral("sqlite3"), { target });
    if (!reader.waitForStarted(10000) || !writer.waitForStarted(10000))
        return DbError(DbError::Kind::CannotOpen,
                       QStringLiteral("the sqlite3 shell could not be started (Debian package "
                                      "sqlite3)"));
    reader.closeWriteChannel();
    // Line by line into the new file; the dump of a damaged file ends in a ROLLBACK ("due to
    // errors"), which would throw away everything that was read: what was read is kept.
    QByteArray pending;
    for (;;) {
        const bool running = reader.state() != QProcess::NotRunning;
        if (running)
            reader.waitForReadyRead(1000);
        pending += reader.readAllStandardOutput();
        const qsizetype end = running ? pending.lastIndexOf('\n') + 1 : pending.size();
        if (end > 0) {
            QByteArray chunk = pending.left(end);
            pending.remove(0, end);
            chunk.replace("ROLLBACK; -- due to errors", "COMMIT; -- salvaged past errors");
            writer.write(chunk);
            writer.waitForBytesWritten(-1);
        }
        if (!running && pending.isEmpty())
            break;
    }
    writer.closeWriteChannel();
    writer.waitForFinished(-1);
    if (reader.exitCode() != 0 || writer.exitCode() != 0 || !QFileInfo::exists(target)) {
        const QString why = QString::fromUtf8(reader.readAllStandardError()
                                              + writer.readAllStandardError())
                                    .left(400);
        QFile::remove(target);
        return DbError(DbError::Kind::Io, QStringLiteral("salvage failed: %1").arg(why));
    }
    QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    auto checked = engineFor(target).quickCheck(target);
    if (!checked)
        return checked.error();
    return checked->join(QStringLiteral("; "));
}

} // namespace backupdb::recovery
