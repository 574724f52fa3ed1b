// The only way a table or column name enters SQL text (C11, improvement 2): looked up in a
// whitelist of the server's schema and returned quoted. Everything else is a bound parameter.
// Thread-safety: pure functions.
#pragma once

#include "../common/error.h"

namespace backupdb::identifiers {

// The quoted table name, or an InvalidInput error naming the rejected string.
Result<QString> table(const QString &name);
// The quoted column of a whitelisted table (case-insensitive match), in lower case, which names
// it on both engines.
Result<QString> column(const QString &table, const QString &column);
QStringList columns(const QString &table); // in the schema's spelling
// Where a column (quoted or not, any case) stands in columns(table); -1 when it is none.
int columnIndex(const QString &table, const QString &column);

} // namespace backupdb::identifiers
