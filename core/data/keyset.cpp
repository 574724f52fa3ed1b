#include "keyset.h"

namespace backupdb::keyset {

Clause clause(const QString &sort, const QString &rowId, SortOrder order,
              const KeysetPosition &after, bool spellNullOrder)
{
    Clause c;
    const bool asc = order == SortOrder::Ascending;
    const QString dir = asc ? QStringLiteral("ASC") : QStringLiteral("DESC");
    const QString cmp = asc ? QStringLiteral(">") : QStringLiteral("<");
    if (sort.isEmpty()) {
        c.orderBy = QStringLiteral("%1 %2").arg(rowId, dir);
        if (!after.atStart) {
            c.where = QStringLiteral("%1 %2 ?").arg(rowId, cmp);
            c.binds = { after.rowId };
        }
        return c;
    }
    const QString nulls = !spellNullOrder ? QString()
            : asc                         ? QStringLiteral(" NULLS FIRST")
                                          : QStringLiteral(" NULLS LAST");
    c.orderBy = QStringLiteral("%1 %3%4, %2 %3").arg(sort, rowId, dir, nulls);
    if (after.atStart)
        return c;
    if (after.sortValue.isNull()) {
        c.where = asc
                ? QStringLiteral("((%1 IS NULL AND %2 > ?) OR %1 IS NOT NULL)").arg(sort, rowId)
                : QStringLiteral("(%1 IS NULL AND %2 < ?)").arg(sort, rowId);
        c.binds = { after.rowId };
    } else {
        c.where = asc
                ? QStringLiteral("(%1 > ? OR (%1 = ? AND %2 > ?))").arg(sort, rowId)
                : QStringLiteral("(%1 < ? OR (%1 = ? AND %2 < ?) OR %1 IS NULL)").arg(sort, rowId);
        c.binds = { after.sortValue, after.sortValue, after.rowId };
    }
    return c;
}

QString likeContains(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    escaped.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

} // namespace backupdb::keyset
