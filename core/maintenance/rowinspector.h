// Read-only look at the rows an integrity finding names (G3: "jump to the offending rows"): the
// rows of clients or files with the given rowids, every whitelisted column as display text. IDs
// are shown as UUIDs (or hex when malformed), keys only masked (length and fingerprint).
// Thread-safety: all members may be called from any thread.
#pragma once

#include "../data/database.h"

#include <QStringList>

namespace backupdb {

struct RowSample
{
    QString table;
    QStringList columns; // "rowid" first, then the table's whitelisted columns
    QList<QStringList> rows; // in rowid order; rowids that no longer exist are left out
    qint64 requested = 0; // how many rowids were asked for (after the limit)
};

class RowInspector
{
public:
    static constexpr int kMaxRows = 500;

    explicit RowInspector(Database &database)
        : m_db(database)
    { }

    // The rows of table (clients or files) with these rowids, at most kMaxRows of them.
    Result<RowSample> rows(const QString &table, const QList<qint64> &rowIds);

    // How a stored value is shown: UUIDs for 16-byte IDs, hex for other blobs, secrets masked.
    static QString displayText(const QString &column, const QVariant &value);

private:
    Database &m_db;
};

} // namespace backupdb
