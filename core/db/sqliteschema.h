// The SQLite engine's catalogue: what a database file holds: tables, indexes and their columns,
// foreign keys. Used by the migrator (add an index only where none covers the same columns) and by
// the integrity report (redundant indexes are reported, never dropped: the server owns them).
// Thread-safety: use a handle in the thread that holds it.
#pragma once

#include "../common/error.h"
#include "engine.h"

#include <QList>
#include <QStringList>

struct sqlite3;

namespace backupdb {

struct IndexInfo
{
    QString name;
    QString table;
    // Key columns in order; a column with a collation other than BINARY reads
    // "Name COLLATE NOCASE" (such an index does not serve a plain lookup), an expression
    // "<expression>".
    QStringList columns;
    bool unique = false;
    bool automatic = false; // made by SQLite for a UNIQUE / PRIMARY KEY constraint
    bool partial = false; // has a WHERE clause: covers only some rows
    bool expression = false; // indexes an expression, not only columns

    // True if this index serves every lookup on exactly these columns (a full index of plain
    // columns with the default collation, in this order).
    bool covers(const QStringList &wanted) const;
};

namespace schema {

Result<bool> hasTable(sqlite3 *handle, const QString &table);
Result<QList<IndexInfo>> indexes(sqlite3 *handle, const QString &table);
// Pairs of full, plain indexes on the same table and columns; the newer one is "redundant".
Result<QList<RedundantIndex>> redundantIndexes(sqlite3 *handle, const QStringList &tables);
// True if files.ClientID is declared as a foreign key to clients(ID).
Result<bool> filesHaveClientForeignKey(sqlite3 *handle);

} // namespace schema
} // namespace backupdb
