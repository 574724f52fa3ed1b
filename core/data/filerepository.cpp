#include "filerepository.h"

#include "identifiers.h"
#include "keyset.h"
#include "timestamps.h"
#include "transaction.h"
#include "validation.h"

#include <QUuid>

namespace backupdb {

namespace {
QVariant optionalInt(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType(QMetaType::LongLong));
}

DbError mapForeignKey(const Engine &engine, const DbError &error)
{
    if (engine.isForeignKeyViolation(error))
        return DbError::invalidInput(QStringLiteral("file client ID"),
                                     QStringLiteral("no client has this ID"));
    if (error.kind() == DbError::Kind::Constraint)
        return DbError(DbError::Kind::Constraint,
                       QStringLiteral("file ID: a file record with this ID exists already"),
                       QStringLiteral("file ID"), error.nativeCode());
    return error;
}
} // namespace

QString FileRepository::selectColumns(const QString &rowKey)
{
    return rowKey
            + QLatin1String(", ID, FileName, PathName, Verified, FileSize, ModificationDate, CRC, "
                            "ClientID");
}

FileRecord FileRepository::fromQuery(const QSqlQuery &q, int c)
{
    FileRecord f;
    f.rowId = q.value(c).toLongLong();
    f.id = q.value(c + 1).toByteArray();
    f.fileName = q.value(c + 2).toString();
    f.pathName = q.value(c + 3).toString();
    f.verified = q.value(c + 4).toLongLong() != 0;
    if (!q.isNull(c + 5))
        f.fileSize = q.value(c + 5).toLongLong();
    f.modificationDate = q.value(c + 6).toString();
    if (!q.isNull(c + 7))
        f.crc = q.value(c + 7).toLongLong();
    f.clientId = q.value(c + 8).toByteArray();
    return f;
}

Result<QList<FileRecord>> FileRepository::listForClient(const QVariant &clientId)
{
    auto id = validation::uuid(clientId, QStringLiteral("client ID"));
    if (!id)
        return id.error();
    return m_db.read([&](ConnectionLease &lease) -> Result<QList<FileRecord>> {
        QList<FileRecord> files;
        // Fix 1: the client's files are those whose ClientID matches, not whose ID does.
        if (DbError e = m_db.forEachRow(
                    lease,
                    QStringLiteral("SELECT %1 FROM files WHERE ClientID = ? ORDER BY %2")
                            .arg(selectColumns(m_db.rowKey()), m_db.rowKey()),
                    { id.value() }, [&](const QSqlQuery &q) { files.append(fromQuery(q)); }))
            return e;
        return files;
    });
}

Result<std::optional<FileRecord>> FileRepository::get(const QVariant &fileId)
{
    auto id = validation::uuid(fileId, QStringLiteral("file ID"));
    if (!id)
        return id.error();
    return m_db.read([&](ConnectionLease &lease) -> Result<std::optional<FileRecord>> {
        std::optional<FileRecord> file;
        if (DbError e = m_db.forEachRow(
                    lease, QStringLiteral("SELECT %1 FROM files WHERE ID = ?").arg(selectColumns(m_db.rowKey())),
                    { id.value() }, [&](const QSqlQuery &q) { file = fromQuery(q); }))
            return e;
        return file;
    });
}

Result<FileRepository::Filter> FileRepository::filterOf(const FileQuery &query) const
{
    Filter f;
    if (query.clientId) {
        auto id = validation::uuid(*query.clientId, QStringLiteral("client ID"));
        if (!id)
            return id.error();
        f.conditions.append(QStringLiteral("ClientID = ?"));
        f.binds.append(id.value());
    }
    if (!query.nameContains.isEmpty()) {
        if (query.nameContains.size() > 1024)
            return DbError::invalidInput(QStringLiteral("name filter"),
                                         QStringLiteral("is longer than 1024 characters"));
        f.conditions.append(QStringLiteral("FileName %1 ? ESCAPE '\\'")
                                    .arg(m_db.engine().dialect().caseInsensitiveLike));
        f.binds.append(keyset::likeContains(query.nameContains));
    }
    if (query.verified == VerifiedFilter::Verified)
        f.conditions.append(m_db.engine().dialect().isTrue.arg(QStringLiteral("Verified")));
    else if (query.verified == VerifiedFilter::Unverified)
        f.conditions.append(m_db.engine().dialect().isNotTrue.arg(QStringLiteral("Verified")));
    return f;
}

Result<Page<FileRecord>> FileRepository::page(const FileQuery &query)
{
    if (query.limit < 1 || query.limit > 100000)
        return DbError::invalidInput(QStringLiteral("page size"),
                                     QStringLiteral("must be 1..100000, not %1").arg(query.limit));
    QString sort;
    if (!query.sortColumn.isEmpty()) {
        auto column = identifiers::column(QStringLiteral("files"), query.sortColumn);
        if (!column)
            return column.error();
        sort = column.value();
    }
    auto filter = filterOf(query);
    if (!filter)
        return filter.error();
    const keyset::Clause k
            = keyset::clause(sort, m_db.rowKey(), query.order, query.after,
                              m_db.engine().dialect().nullsSortLast);
    QStringList conditions = filter->conditions;
    QVariantList binds = filter->binds;
    if (!k.where.isEmpty()) {
        conditions.append(k.where);
        binds += k.binds;
    }
    QString sql = QStringLiteral("SELECT %1 FROM files").arg(selectColumns(m_db.rowKey()));
    if (!conditions.isEmpty())
        sql += QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY %1 LIMIT ?").arg(k.orderBy);
    binds.append(query.limit + 1); // one more tells whether another page follows
    const int sortIndex = sort.isEmpty() ? -1 : identifiers::columnIndex(QStringLiteral("files"), sort);

    return m_db.read([&](ConnectionLease &lease) -> Result<Page<FileRecord>> {
        Page<FileRecord> page;
        QVariant lastSort;
        if (DbError e = m_db.forEachRow(lease, sql, binds, [&](const QSqlQuery &q) {
                if (page.rows.size() == query.limit) {
                    page.hasMore = true;
                    return;
                }
                page.rows.append(fromQuery(q));
                if (sortIndex >= 0)
                    lastSort = q.value(1 + sortIndex);
            }))
            return e;
        if (!page.rows.isEmpty()) {
            page.next.atStart = false;
            page.next.rowId = page.rows.last().rowId;
            page.next.sortValue = lastSort;
        } else {
            page.next = query.after;
        }
        return page;
    });
}

Result<qint64> FileRepository::count(const FileQuery &query)
{
    auto filter = filterOf(query);
    if (!filter)
        return filter.error();
    return m_db.read([&](ConnectionLease &lease) -> Result<qint64> {
        // The counters answer the common cases in O(1).
        if (filter->conditions.isEmpty()) {
            auto v = m_db.scalar(lease,
                                 QStringLiteral("SELECT files FROM bdba_counters WHERE id = 1"));
            if (!v)
                return v.error();
            return v->toLongLong();
        }
        if (query.clientId && filter->conditions.size() == 1) {
            auto v = m_db.scalar(lease,
                                 QStringLiteral("SELECT COALESCE((SELECT files FROM "
                                                "bdba_client_totals WHERE client_id = ?), 0)"),
                                 filter->binds);
            if (!v)
                return v.error();
            return v->toLongLong();
        }
        auto v = m_db.scalar(lease,
                             QStringLiteral("SELECT COUNT(*) FROM files WHERE ")
                                     + filter->conditions.join(QStringLiteral(" AND ")),
                             filter->binds);
        if (!v)
            return v.error();
        return v->toLongLong();
    });
}

Result<QList<KeysetPosition>> FileRepository::anchors(const FileQuery &query, int pageSize,
                                                      const CancelFlag *cancel)
{
    if (pageSize < 1 || pageSize > 100000)
        return DbError::invalidInput(QStringLiteral("page size"),
                                     QStringLiteral("must be 1..100000, not %1").arg(pageSize));
    QString sort;
    if (!query.sortColumn.isEmpty()) {
        auto column = identifiers::column(QStringLiteral("files"), query.sortColumn);
        if (!column)
            return column.error();
        sort = column.value();
    }
    auto filter = filterOf(query);
    if (!filter)
        return filter.error();
    // The same ORDER BY as page(), so that the positions continue exactly where pages do.
    const keyset::Clause k = keyset::clause(sort, m_db.rowKey(), query.order, {},
                              m_db.engine().dialect().nullsSortLast);
    QString sql = QStringLiteral("SELECT %1, %2 FROM files")
                          .arg(sort.isEmpty() ? QStringLiteral("NULL") : sort, m_db.rowKey());
    if (!filter->conditions.isEmpty())
        sql += QStringLiteral(" WHERE ") + filter->conditions.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY ") + k.orderBy;

    return m_db.read([&](ConnectionLease &lease) -> Result<QList<KeysetPosition>> {
        keyset::AnchorCollector anchors(pageSize);
        const StatementControl control(cancel);
        if (DbError e = m_db.forEachRow(
                    lease, sql, filter->binds,
                    [&](const QSqlQuery &q) {
                        // Values are converted only where a page ends: the scan stays cheap.
                        if (anchors.nextEndsPage())
                            anchors.addRow(q.value(0), q.value(1).toLongLong());
                        else
                            anchors.addRow({}, 0);
                    },
                    control))
            return e;
        return anchors.positions();
    });
}

Result<FileRecord> FileRepository::add(FileRecord file)
{
    if (file.id.isEmpty())
        file.id = QUuid::createUuid().toRfc4122();
    if (DbError e = validation::file(file))
        return e;
    file.clientId = validation::uuid(file.clientId, {}).value();
    return m_db.write([&](ConnectionLease &lease) -> Result<FileRecord> {
        // The client is checked by the statement itself, not only by the foreign key: a server
        // database's files table may lack it, and then this would write an orphan.
        auto r = m_db.execute(
                lease,
                QStringLiteral("INSERT INTO files (ID, FileName, PathName, Verified, FileSize, "
                               "ModificationDate, CRC, ClientID) SELECT ?, ?, ?, ?, ?, ?, ?, ? "
                               "WHERE EXISTS (SELECT 1 FROM clients WHERE ID = ?)"),
                { file.id, file.fileName, file.pathName, file.verified,
                  optionalInt(file.fileSize),
                  file.modificationDate.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                                  : QVariant(timestamps::stored(
                                                          file.modificationDate,
                                                          m_db.engine().dialect().typedDates)),
                  optionalInt(file.crc), file.clientId, file.clientId });
        if (!r)
            return mapForeignKey(m_db.engine(), r.error());
        if (r.value() == 0)
            return DbError::invalidInput(QStringLiteral("file client ID"),
                                         QStringLiteral("no client has this ID"));
        return file;
    });
}

Result<bool> FileRepository::remove(const QVariant &clientId, const QVariant &fileId)
{
    auto client = validation::uuid(clientId, QStringLiteral("client ID"));
    if (!client)
        return client.error();
    auto id = validation::uuid(fileId, QStringLiteral("file ID"));
    if (!id)
        return id.error();
    if (DbError e = m_db.checkDestructive(QStringLiteral("deleting a file record")))
        return e;
    return m_db.write([&](ConnectionLease &lease) -> Result<bool> {
        // Fix 2: the record is named by its own ID, and must belong to the client.
        auto r = m_db.execute(lease,
                              QStringLiteral("DELETE FROM files WHERE ID = ? AND ClientID = ?"),
                              { id.value(), client.value() });
        if (!r)
            return r.error();
        return r.value() == 1;
    });
}

DbError FileRepository::setVerified(const QVariant &fileId, bool verified)
{
    auto id = validation::uuid(fileId, QStringLiteral("file ID"));
    if (!id)
        return id.error();
    return m_db.write([&](ConnectionLease &lease) -> DbError {
        auto r = m_db.execute(lease, QStringLiteral("UPDATE files SET Verified = ? WHERE ID = ?"),
                              { verified, id.value() });
        if (!r)
            return r.error();
        if (r.value() == 0)
            return DbError(DbError::Kind::NotFound, QStringLiteral("no file record with this ID"),
                           QStringLiteral("file ID"));
        return DbError();
    });
}

} // namespace backupdb
