// The backup service on an engine whose backups are dumps made by its own tools
// (EngineCapabilities::backupIsDump: PostgreSQL's pg_dump and pg_restore). The file copy of
// SQLite is in backupservice.cpp; both share the sidecar, the audit entries and the retention.
#include "backupfiles.h"
#include "backupservice.h"

#include "../common/logging.h"
#include "../data/transaction.h"
#include "../schema/migrator.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace backupdb {

using namespace backupfiles;

namespace {

// Counts of a dump's record, as the BackupInfo has them (-1: the table was not in it).
void takeCounts(const QMap<QString, qint64> &rows, BackupInfo &info)
{
    info.clients = rows.value(QStringLiteral("clients"), -1);
    info.files = rows.value(QStringLiteral("files"), -1);
}

// The history written after a moment: audit entries and maintenance runs, each row as text,
// in the order they were written.
struct History
{
    QList<QVariantList> audit;
    QList<QVariantList> runs;
};

} // namespace

Result<BackupInfo> BackupService::backupByDump(const QString &folder, const QString &tempPath,
                                               const QString &finalPath, const QDateTime &started,
                                               Nanoseconds t0, const BackupOptions &options,
                                               const ProgressCallback &progress,
                                               const CancelFlag *cancel)
{
    const Engine &engine = m_db.engine();
    // A reader of the pool: the dump's snapshot is a read-only transaction of its own.
    auto dumped = m_db.read([&](ConnectionLease &lease) -> Result<DumpRecord> {
        return engine.dumpTo(
                lease.database(), m_db.path(), tempPath,
                [&](double f) {
                    if (progress)
                        progress((options.verify ? 0.5 : 0.95) * f);
                },
                cancel);
    });
    if (!dumped) {
        removePartialBackup(tempPath);
        if (dumped.error().kind() == DbError::Kind::Cancelled)
            return DbError(DbError::Kind::Cancelled,
                           QStringLiteral("backup cancelled; no file was left behind"));
        return dumped.error().withContext(QStringLiteral("backup failed, no file was left behind"));
    }
    BackupInfo info;
    info.path = finalPath;
    info.createdAt = dumped->createdAt.isValid() ? dumped->createdAt : started;
    info.databaseId = databaseId();
    info.databasePath = m_db.path(); // a PostgreSQL location holds no password (refused at open)
    info.origin = BackupInfo::Origin::ThisDatabase;
    takeCounts(dumped->rowCounts, info);
    if (options.verify)
        if (DbError e = backupfiles::adoptVerification(verifyDump(tempPath, info, cancel),
                                                       tempPath, info))
            return e;
    return finishBackup(folder, tempPath, info, t0, options, progress, cancel);
}

Result<BackupInfo> BackupService::verifyDump(const QString &file, BackupInfo info,
                                             const CancelFlag *cancel)
{
    // The scratch database is made through the writer: the readers are read-only sessions,
    // which may not create one. The server's own sessions are not held up by it.
    auto checked = m_db.write([&](ConnectionLease &lease) -> Result<DumpCheck> {
        return m_db.engine().checkDump(lease.database(), m_db.path(), file, {}, cancel);
    });
    if (!checked)
        return checked.error();
    info.verified = checked->ok;
    info.verifiedAt = QDateTime::currentDateTimeUtc();
    info.verifyMessage = checked->ok ? QStringLiteral("ok") : checked->message;
    if (checked->ok)
        takeCounts(checked->rowCounts, info);
    if (isBackupName(QFileInfo(file).fileName()))
        writeSidecar(info);
    classify(info);
    return info;
}

Result<BackupInfo> BackupService::restoreByDump(const QString &file, const BackupInfo &verified,
                                                const QString &safetyFolder,
                                                const CancelFlag *cancel)
{
    const Engine &engine = m_db.engine();
    const QString ownId = databaseId();
    auto safety = backup(safetyFolder, {}, {}, cancel);
    if (!safety)
        return safety.error().withContext(
                QStringLiteral("not restoring: the current database could not be backed up first"));

    // What was recorded after the dump's snapshot (the safety backup's own entry too) is read
    // now, before the restore replaces it, and written back afterwards.
    const QString cutoff = verified.createdAt.toString(Qt::ISODateWithMs);
    History history;
    const DbError read = m_db.read([&](ConnectionLease &lease) -> DbError {
        if (DbError e = m_db.forEachRow(
                    lease,
                    QStringLiteral("SELECT CAST(at AS text), os_user, action, table_name, row_id, "
                                   "CAST(details AS text) FROM bdba_audit WHERE at >= ? ORDER BY id"),
                    { cutoff },
                    [&](const QSqlQuery &q) {
                        history.audit.append({ q.value(0), q.value(1), q.value(2), q.value(3),
                                               q.value(4), q.value(5) });
                    }))
            return e;
        return m_db.forEachRow(
                lease,
                QStringLiteral("SELECT task, CAST(started_at AS text), CAST(finished_at AS text), "
                               "result, trigger, message, CAST(details AS text) "
                               "FROM bdba_maintenance_history WHERE started_at >= ? ORDER BY id"),
                { cutoff }, [&](const QSqlQuery &q) {
                    QVariantList row;
                    for (int i = 0; i < 7; ++i)
                        row.append(q.value(i));
                    history.runs.append(row);
                });
    });
    if (read)
        return read.withContext(QStringLiteral("not restoring: reading the history since the backup"));

    auto restored = engine.restoreDump(m_db.path(), file, {}, cancel);
    if (!restored)
        return restored.error().withContext(
                QStringLiteral("restore failed; the current database is backed up at %1")
                        .arg(safety->path));
    // The dump may be of an older schema version.
    auto migrated = engine.migrate(m_db.path(), safetyFolder);
    if (!migrated)
        return migrated.error().withContext(
                QStringLiteral("restored, but bringing the schema up to date failed"));

    auto carried = m_db.write([&](ConnectionLease &lease) -> Result<QPair<qint64, qint64>> {
        Transaction tx(lease);
        if (tx.error())
            return tx.error();
        QPair<qint64, qint64> n { 0, 0 };
        // Rows the dump holds already are not doubled.
        for (const QVariantList &row : std::as_const(history.audit)) {
            auto r = m_db.execute(
                    lease,
                    QStringLiteral("INSERT INTO bdba_audit (at, os_user, action, table_name, row_id, "
                                   "details) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 "
                                   "FROM bdba_audit WHERE CAST(at AS text) = ? AND action = ? AND "
                                   "table_name IS NOT DISTINCT FROM ? AND row_id IS NOT DISTINCT "
                                   "FROM ?)"),
                    row + QVariantList { row.at(0), row.at(2), row.at(3), row.at(4) });
            if (!r)
                return r.error();
            n.first += r.value();
        }
        for (const QVariantList &row : std::as_const(history.runs)) {
            auto r = m_db.execute(
                    lease,
                    QStringLiteral("INSERT INTO bdba_maintenance_history (task, started_at, "
                                   "finished_at, result, trigger, message, details) SELECT ?, ?, "
                                   "?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM "
                                   "bdba_maintenance_history WHERE task = ? AND "
                                   "CAST(started_at AS text) = ?)"),
                    row + QVariantList { row.at(0), row.at(1) });
            if (!r)
                return r.error();
            n.second += r.value();
        }
        // The database at this place goes on, with older contents: it keeps its identity.
        if (!ownId.isEmpty()) {
            auto r = m_db.execute(lease,
                                  QStringLiteral("UPDATE bdba_identity SET database_id = ? WHERE id = 1"),
                                  { ownId });
            if (!r)
                return r.error();
        }
        if (DbError e = tx.commit())
            return e;
        return n;
    });
    return finishRestore(file, verified, safety.value(), carried);
}

} // namespace backupdb
