// File records (C6): a client's files (WHERE ClientID = ?, fix 1), one record deleted by its
// own ID and client (fix 2), search by name, filter by verified, keyset pages.
// Thread-safety: all members may be called from any thread.
#pragma once

#include "database.h"
#include "records.h"

#include <optional>

namespace backupdb {

class FileRepository
{
public:
    explicit FileRepository(Database &database)
        : m_db(database)
    { }

    Result<QList<FileRecord>> listForClient(const QVariant &clientId);
    Result<std::optional<FileRecord>> get(const QVariant &id);
    Result<Page<FileRecord>> page(const FileQuery &query);
    Result<qint64> count(const FileQuery &query);
    // Where every page of pageSize rows of query starts (its filter and order; its after and
    // limit are ignored), so that page p is page(after = anchors[p]) without OFFSET. Reads only
    // the sort key and rowid of each row, in one pass over the index that orders them; cancel
    // (if given) stops the scan.
    Result<QList<KeysetPosition>> anchors(const FileQuery &query, int pageSize,
                                          const CancelFlag *cancel = nullptr);
    Result<FileRecord> add(FileRecord file);
    // Deletes exactly the record fileId of clientId; false if there is none.
    Result<bool> remove(const QVariant &clientId, const QVariant &fileId);
    DbError setVerified(const QVariant &fileId, bool verified);

    static FileRecord fromQuery(const QSqlQuery &query, int firstColumn = 0);
    // The columns fromQuery() reads, in order; rowKey: Database::rowKey() with the query's alias.
    static QString selectColumns(const QString &rowKey);

private:
    struct Filter
    {
        QStringList conditions;
        QVariantList binds;
    };
    Result<Filter> filterOf(const FileQuery &query) const;

    Database &m_db;
};

} // namespace backupdb
