#include "rowinspector.h"

#include "../common/secret.h"
#include "../data/identifiers.h"

#include <QUuid>

namespace backupdb {

QString RowInspector::displayText(const QString &column, const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    const bool secret = column.compare(QLatin1String("AESKey"), Qt::CaseInsensitive) == 0
            || column.compare(QLatin1String("PublicKey"), Qt::CaseInsensitive) == 0;
    if (value.metaType() == QMetaType::fromType<QByteArray>()) {
        const QByteArray bytes = value.toByteArray();
        if (secret)
            return maskSecret(bytes);
        if (bytes.size() == 16)
            return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
        return QStringLiteral("x'%1' (%2 bytes)")
                .arg(QString::fromLatin1(bytes.toHex()))
                .arg(bytes.size());
    }
    if (secret) // a key stored as text is still a key
        return maskSecret(value.toString().toUtf8());
    return value.toString();
}

Result<RowSample> RowInspector::rows(const QString &tableName, const QList<qint64> &rowIds)
{
    auto table = identifiers::table(tableName);
    if (!table)
        return table.error();
    RowSample sample;
    sample.table = tableName.toLower();
    const QStringList columns = identifiers::columns(sample.table);
    QStringList quoted;
    for (const QString &c : columns) {
        auto q = identifiers::column(sample.table, c);
        if (!q)
            return q.error();
        quoted.append(q.value());
    }
    const QString rowKey = m_db.rowKey();
    sample.columns = QStringList { rowKey } + columns;
    QList<qint64> wanted = rowIds.mid(0, kMaxRows);
    sample.requested = wanted.size();
    if (wanted.isEmpty())
        return sample;
    std::sort(wanted.begin(), wanted.end());
    QVariantList binds;
    for (qint64 id : std::as_const(wanted))
        binds.append(id);
    QStringList marks(wanted.size(), QStringLiteral("?"));
    const QString sql
            = QStringLiteral("SELECT %4, %1 FROM %2 WHERE %4 IN (%3) ORDER BY %4")
                      .arg(quoted.join(QStringLiteral(", ")), table.value(),
                           marks.join(QLatin1Char(',')), rowKey);
    return m_db.read([&](ConnectionLease &lease) -> Result<RowSample> {
        const DbError e = m_db.forEachRow(lease, sql, binds, [&](const QSqlQuery &q) {
            QStringList row { q.value(0).toString() };
            for (int i = 0; i < columns.size(); ++i)
                row.append(displayText(columns.at(i), q.value(i + 1)));
            sample.rows.append(row);
        });
        if (e)
            return e;
        return sample;
    });
}

} // namespace backupdb
