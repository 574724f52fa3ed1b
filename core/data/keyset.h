// Keyset pagination: pages continue after the last row's (sort value, row key), so page N costs
// the same as page 1 — never OFFSET (the original listed a client's files by OFFSET and by the
// wrong column). NULL sort values come first ascending and last descending, as SQLite sorts
// them; an engine that sorts them the other way has them spelt out (spellNullOrder).
// Thread-safety: pure functions; an AnchorCollector belongs to the thread that fills it.
#pragma once

#include "records.h"

#include <QVariantList>
#include <optional>

namespace backupdb::keyset {

struct Clause
{
    QString where; // empty when at the start
    QString orderBy; // without "ORDER BY"
    QVariantList binds; // for where, in order
};

// sortExpression: an already whitelisted SQL expression, or empty to page by rowid alone.
Clause clause(const QString &sortExpression, const QString &rowIdExpression, SortOrder order,
              const KeysetPosition &after, bool spellNullOrder = false);

// Escapes % _ and \ for LIKE ... ESCAPE '\'.
QString likeContains(const QString &text);

// The opposite order. A query's last rows are the first rows of its reversed order, so the
// last page costs what the first one does (read them reversed, then turn them around).
inline SortOrder reversed(SortOrder order)
{
    return order == SortOrder::Ascending ? SortOrder::Descending : SortOrder::Ascending;
}

// Page anchors: fed the (sort value, rowid) of every row in page order, keeps where each page
// of pageSize rows starts. positions()[p] is the KeysetPosition to pass as `after` for page p;
// positions()[0] is the start. There is one position per page (at least one, for an empty
// result); a page that would start after the last row is not listed.
class AnchorCollector
{
public:
    explicit AnchorCollector(int pageSize)
        : m_pageSize(pageSize)
    {
        m_positions.append(KeysetPosition());
    }
    // Whether the next row ends a page (only then is its sort value needed).
    bool nextEndsPage() const { return (m_rows + 1) % m_pageSize == 0; }
    void addRow(const QVariant &sortValue, qint64 rowId)
    {
        if (m_pending) { // a row follows the end of a page: that page exists
            m_positions.append(*m_pending);
            m_pending.reset();
        }
        if (++m_rows % m_pageSize == 0)
            m_pending = KeysetPosition { sortValue, rowId, false };
    }
    qint64 rows() const { return m_rows; }
    QList<KeysetPosition> positions() const { return m_positions; }

private:
    int m_pageSize;
    qint64 m_rows = 0;
    QList<KeysetPosition> m_positions;
    std::optional<KeysetPosition> m_pending; // the end of a full page, listed once a row follows
};

} // namespace backupdb::keyset
