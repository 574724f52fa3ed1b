#include "orphancleaner.h"

#include "../common/logging.h"
#include "../data/filerepository.h"
#include "../data/transaction.h"

#include <QJsonArray>

namespace backupdb {

namespace {
const QString kOrphan
        = QStringLiteral("NOT EXISTS (SELECT 1 FROM clients c WHERE c.ID = f.ClientID)");
} // namespace

Result<OrphanPreview> OrphanCleaner::preview(int limit, const CancelFlag *cancel)
{
    if (limit < 0 || limit > 100000)
        return DbError::invalidInput(QStringLiteral("preview size"),
                                     QStringLiteral("must be 0..100000"));
    return m_db.read([&](ConnectionLease &lease) -> Result<OrphanPreview> {
        OrphanPreview preview;
        StatementControl control(cancel);
        control.timeout = Milliseconds(0);
        const QString columns = FileRepository::selectColumns(m_db.rowKey(QStringLiteral("f")));
        if (DbError e = m_db.forEachRow(
                    lease,
                    QStringLiteral("SELECT %1 FROM files f WHERE %2 ORDER BY %3")
                            .arg(columns, kOrphan, m_db.rowKey(QStringLiteral("f"))),
                    {},
                    [&](const QSqlQuery &q) {
                        if (preview.rows.size() < limit)
                            preview.rows.append(FileRepository::fromQuery(q));
                        ++preview.count;
                    },
                    control))
            return e;
        return preview;
    });
}

Result<OrphanCleanupResult> OrphanCleaner::cleanup(const QString &backupFolder, int batchSize,
                                                   const ProgressCallback &progress,
                                                   const CancelFlag *cancel)
{
    if (batchSize < 1 || batchSize > 100000)
        return DbError::invalidInput(QStringLiteral("batch size"),
                                     QStringLiteral("must be 1..100000, not %1").arg(batchSize));
    if (DbError e = m_db.checkDestructive(QStringLiteral("orphan clean-up")))
        return e;
    OrphanCleanupResult result;
    // Cancelling is an outcome, not a failure: the result says how far it got (cancelled, with
    // the rows deleted so far, 0 when nothing was deleted).
    const auto cancelled = [&] {
        return cancel && cancel->load();
    };
    if (cancelled()) {
        result.cancelled = true;
        return result;
    }
    QList<qint64> rowIds;
    auto found = m_db.read([&](ConnectionLease &lease) -> DbError {
        StatementControl control(cancel);
        control.timeout = Milliseconds(0);
        return m_db.forEachRow(
                lease, QStringLiteral("SELECT %1 FROM files f WHERE ").arg(m_db.rowKey(QStringLiteral("f"))) + kOrphan, {},
                [&](const QSqlQuery &q) { rowIds.append(q.value(0).toLongLong()); }, control);
    });
    if (found.kind() == DbError::Kind::Cancelled || (!found && cancelled())) {
        result.cancelled = true;
        return result;
    }
    if (found)
        return found;
    result.found = rowIds.size();
    if (rowIds.isEmpty()) {
        if (progress)
            progress(1.0);
        return result;
    }

    // A verified backup first: nothing is deleted without a way back.
    auto backup = m_backups.backup(
            backupFolder, {},
            [&](double f) {
                if (progress)
                    progress(0.3 * f);
            },
            cancel);
    if (!backup && backup.error().kind() == DbError::Kind::Cancelled) {
        result.cancelled = true;
        return result;
    }
    if (!backup)
        return backup.error().withContext(
                QStringLiteral("orphans were not deleted: the backup before cleanup failed"));
    result.backupPath = backup->path;

    for (qsizetype start = 0; start < rowIds.size(); start += batchSize) {
        if (cancelled()) {
            result.cancelled = true;
            break;
        }
        const qsizetype end = std::min<qsizetype>(rowIds.size(), start + batchSize);
        auto deleted = m_db.write([&](ConnectionLease &lease) -> Result<qint64> {
            Transaction tx(lease);
            if (tx.error())
                return tx.error();
            qint64 n = 0;
            for (qsizetype i = start; i < end; ++i) {
                // Still an orphan? A client may have been added since the scan.
                auto r = m_db.execute(
                        lease,
                        QStringLiteral("DELETE FROM files AS f WHERE %1 = ? AND ")
                                        .arg(m_db.rowKey(QStringLiteral("f")))
                                + kOrphan,
                        { rowIds.at(i) });
                if (!r)
                    return r.error();
                n += r.value();
            }
            if (DbError e = tx.commit())
                return e;
            return n;
        });
        if (!deleted) {
            if (result.deleted > 0)
                m_db.noteContentChanged(
                        QStringLiteral("orphan clean-up deleted %1 rows").arg(result.deleted));
            m_audit.record(QStringLiteral("orphan-cleanup"),
                           { { QStringLiteral("deleted"), result.deleted },
                             { QStringLiteral("found"), result.found },
                             { QStringLiteral("backup"), result.backupPath },
                             { QStringLiteral("error"), deleted.error().message() } });
            return deleted.error().withContext(
                    QStringLiteral("orphan cleanup stopped after %1 of %2 rows (backup: %3)")
                            .arg(result.deleted)
                            .arg(result.found)
                            .arg(result.backupPath));
        }
        result.deleted += deleted.value();
        ++result.batches;
        if (progress)
            progress(0.3 + 0.7 * double(end) / double(rowIds.size()));
    }
    m_audit.record(QStringLiteral("orphan-cleanup"),
                   { { QStringLiteral("deleted"), result.deleted },
                     { QStringLiteral("found"), result.found },
                     { QStringLiteral("batches"), result.batches },
                     { QStringLiteral("backup"), result.backupPath },
                     { QStringLiteral("cancelled"), result.cancelled } });
    qCInfo(lcIntegrity).noquote() << "orphan cleanup: deleted" << result.deleted << "of"
                                  << result.found;
    if (result.deleted > 0)
        m_db.noteContentChanged(QStringLiteral("orphan clean-up deleted %1 rows").arg(result.deleted));
    return result;
}

} // namespace backupdb
