#include "identifiers.h"

#include <QHash>

namespace backupdb::identifiers {

namespace {
const QHash<QString, QStringList> &whitelist()
{
    static const QHash<QString, QStringList> tables {
        { QStringLiteral("clients"),
          { QStringLiteral("ID"), QStringLiteral("Name"), QStringLiteral("PublicKey"),
            QStringLiteral("LastSeen"), QStringLiteral("AESKey") } },
        { QStringLiteral("files"),
          { QStringLiteral("ID"), QStringLiteral("FileName"), QStringLiteral("PathName"),
            QStringLiteral("Verified"), QStringLiteral("FileSize"),
            QStringLiteral("ModificationDate"), QStringLiteral("CRC"),
            QStringLiteral("ClientID") } },
    };
    return tables;
}

QString shown(const QString &text)
{
    return text.size() > 60 ? text.left(60) + QStringLiteral("…") : text;
}
} // namespace

Result<QString> table(const QString &name)
{
    const QString key = name.toLower();
    if (!whitelist().contains(key))
        return DbError::invalidInput(
                QStringLiteral("table"),
                QStringLiteral("\"%1\" is not a table of the backup database").arg(shown(name)));
    return QLatin1Char('"') + key + QLatin1Char('"');
}

Result<QString> column(const QString &tableName, const QString &columnName)
{
    const auto it = whitelist().constFind(tableName.toLower());
    if (it == whitelist().constEnd())
        return DbError::invalidInput(QStringLiteral("table"),
                                     QStringLiteral("\"%1\" is not a table of the backup database")
                                             .arg(shown(tableName)));
    for (const QString &candidate : *it) {
        // In lower case: SQLite matches even a quoted name without regard to case, and
        // PostgreSQL folds the schema's unquoted names to lower case, so "filesize" names the
        // column on both engines.
        if (candidate.compare(columnName, Qt::CaseInsensitive) == 0)
            return QLatin1Char('"') + candidate.toLower() + QLatin1Char('"');
    }
    return DbError::invalidInput(
            QStringLiteral("column"),
            QStringLiteral("\"%1\" is not a column of %2").arg(shown(columnName), it.key()));
}

QStringList columns(const QString &tableName)
{
    return whitelist().value(tableName.toLower());
}

int columnIndex(const QString &tableName, const QString &columnName)
{
    QStringView name(columnName);
    if (name.size() >= 2 && name.startsWith(u'"') && name.endsWith(u'"'))
        name = name.mid(1, name.size() - 2);
    const QStringList all = columns(tableName);
    for (int i = 0; i < all.size(); ++i) {
        if (name.compare(all[i], Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

} // namespace backupdb::identifiers
