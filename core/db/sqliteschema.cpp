#include "sqliteschema.h"

#include "sqlitenative.h"

#include <QHash>
#include <algorithm>
#include <sqlite3.h>

namespace backupdb {

bool IndexInfo::covers(const QStringList &wanted) const
{
    if (partial || expression || columns.size() != wanted.size())
        return false;
    for (qsizetype i = 0; i < columns.size(); ++i)
        if (columns.at(i).compare(wanted.at(i), Qt::CaseInsensitive) != 0)
            return false;
    return true;
}

} // namespace backupdb

namespace backupdb::schema {

namespace {
QString quoted(const QString &identifier)
{
    QString s = identifier;
    s.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + s + QLatin1Char('"');
}

QString columnText(sqlite3_stmt *stmt, int column)
{
    const auto *text = sqlite3_column_text(stmt, column);
    return text ? QString::fromUtf8(reinterpret_cast<const char *>(text)) : QString();
}
} // namespace

Result<bool> hasTable(sqlite3 *handle, const QString &table)
{
    auto stmt = sqlite::Statement::prepare(
            handle,
            QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
    if (!stmt)
        return stmt.error();
    stmt->bindText(1, table);
    const int rc = stmt->step();
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return sqlite::errorFromHandle(handle, QStringLiteral("reading the schema"));
}

Result<QList<IndexInfo>> indexes(sqlite3 *handle, const QString &table)
{
    QList<IndexInfo> out;
    auto list = sqlite::Statement::prepare(
            handle, QStringLiteral("PRAGMA index_list(%1)").arg(quoted(table)));
    if (!list)
        return list.error();
    int rc;
    while ((rc = list->step()) == SQLITE_ROW) {
        IndexInfo info;
        info.name = columnText(list->get(), 1);
        info.table = table;
        info.unique = sqlite3_column_int(list->get(), 2) != 0;
        info.automatic = columnText(list->get(), 3) != QLatin1String("c");
        info.partial = sqlite3_column_int(list->get(), 4) != 0;
        // index_xinfo: seqno, cid, name, desc, coll, key (key = 0 for the rowid / pk tail).
        auto cols = sqlite::Statement::prepare(
                handle, QStringLiteral("PRAGMA index_xinfo(%1)").arg(quoted(info.name)));
        if (!cols)
            return cols.error();
        while (cols->step() == SQLITE_ROW) {
            if (sqlite3_column_int(cols->get(), 5) == 0)
                continue;
            if (sqlite3_column_int(cols->get(), 1) == -2) {
                info.expression = true;
                info.columns.append(QStringLiteral("<expression>"));
                continue;
            }
            QString column = columnText(cols->get(), 2);
            const QString collation = columnText(cols->get(), 4);
            if (!collation.isEmpty()
                && collation.compare(QLatin1String("BINARY"), Qt::CaseInsensitive) != 0)
                column += QStringLiteral(" COLLATE ") + collation;
            info.columns.append(column);
        }
        out.append(info);
    }
    if (rc != SQLITE_DONE)
        return sqlite::errorFromHandle(handle, QStringLiteral("listing indexes of %1").arg(table));
    return out;
}

Result<QList<RedundantIndex>> redundantIndexes(sqlite3 *handle, const QStringList &tables)
{
    QList<RedundantIndex> out;
    for (const QString &table : tables) {
        auto list = indexes(handle, table);
        if (!list)
            return list.error();
        // Oldest first (the order of creation in sqlite_master; a constraint's index comes with
        // its table): of two indexes on the same columns, the newer one is the redundant one.
        QList<IndexInfo> all = list.value();
        QHash<QString, qint64> created;
        {
            auto order = sqlite::Statement::prepare(
                    handle,
                    QStringLiteral("SELECT name, rowid FROM sqlite_master WHERE type = 'index' AND "
                                   "tbl_name = ?"));
            if (!order)
                return order.error();
            order->bindText(1, table);
            while (order->step() == SQLITE_ROW)
                created.insert(columnText(order->get(), 0), sqlite3_column_int64(order->get(), 1));
        }
        std::stable_sort(all.begin(), all.end(), [&](const IndexInfo &a, const IndexInfo &b) {
            return created.value(a.name, -1) < created.value(b.name, -1);
        });
        // Partial and expression indexes are not interchangeable with another index on the
        // same column names: they are never reported.
        all.removeIf([](const IndexInfo &index) { return index.partial || index.expression; });
        for (qsizetype i = 0; i < all.size(); ++i) {
            for (qsizetype j = 0; j < i; ++j) {
                const auto same = [](const QStringList &a, const QStringList &b) {
                    if (a.size() != b.size())
                        return false;
                    for (qsizetype k = 0; k < a.size(); ++k)
                        if (a[k].compare(b[k], Qt::CaseInsensitive) != 0)
                            return false;
                    return true;
                };
                if (same(all[i].columns, all[j].columns)) {
                    out.append({ all[j].name, all[i].name, table, all[i].columns });
                    break;
                }
            }
        }
    }
    return out;
}

Result<bool> filesHaveClientForeignKey(sqlite3 *handle)
{
    auto stmt
            = sqlite::Statement::prepare(handle, QStringLiteral("PRAGMA foreign_key_list(files)"));
    if (!stmt)
        return stmt.error();
    while (stmt->step() == SQLITE_ROW) {
        if (columnText(stmt->get(), 2).compare(QLatin1String("clients"), Qt::CaseInsensitive) == 0
            && columnText(stmt->get(), 3).compare(QLatin1String("ClientID"), Qt::CaseInsensitive)
                    == 0)
            return true;
    }
    return false;
}

} // namespace backupdb::schema
