// Keyset pagination (fix 1/2's listing done right): pages continue after the last row's
// (sort value, rowid), so page N costs the same as page 1 — never OFFSET. NULL sort values are
// handled explicitly (SQLite sorts them first ascending, last descending).
// Thread-safety: pure functions.
#pragma once

#include "records.h"

#include <QVariantList>

namespace backupdb::keyset {

struct Clause
{
    QString where; // empty when at the start
    QString orderBy; // without "ORDER BY"
    QVariantList binds; // for where, in order
};

// sortExpression: an already whitelisted SQL expression, or empty to page by rowid alone.
Clause clause(const QString &sortExpression, const QString &rowIdExpression, SortOrder order,
              const KeysetPosition &after);

// Escapes % _ and \ for LIKE ... ESCAPE '\'.
QString likeContains(const QString &text);

} // namespace backupdb::keyset
