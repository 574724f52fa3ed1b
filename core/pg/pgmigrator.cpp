#include "pgmigrator.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace backupdb::pg {

QList<Migration> migrations()
{
    static const QRegularExpression numbered(QStringLiteral("^(\\d{4})_[a-z0-9_]+\\.sql$"));
    QList<Migration> list;
    const QDir dir(QStringLiteral(":/sql/postgres"));
    for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
        const auto match = numbered.match(name);
        if (!match.hasMatch())
            continue;
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        list.append({ match.captured(1).toInt(), name, QString::fromUtf8(file.readAll()) });
    }
    return list;
}

int latestVersion()
{
    const QList<Migration> all = migrations();
    return all.isEmpty() ? 0 : all.last().version;
}

int schemaVersion(PGconn *conn)
{
    // Two statements: a query naming a table that does not exist is refused as a whole.
    auto exists = query(conn, "SELECT to_regclass('bdba_schema_version') IS NOT NULL");
    if (!exists || exists->count() != 1)
        return -1;
    if (exists->bytes(0, 0) != "t")
        return 0;
    auto version = query(conn, "SELECT COALESCE(MAX(version), 0) FROM bdba_schema_version");
    if (!version || version->count() != 1)
        return -1;
    return int(version->integer(0, 0));
}

ScriptResult applyPending(PGconn *conn, int *applied, TransactionUse use)
{
    *applied = 0;
    const int current = schemaVersion(conn);
    if (current < 0)
        return { false, {}, QStringLiteral("cannot read the schema version") };
    for (const Migration &m : migrations()) {
        if (m.version <= current)
            continue;
        ScriptResult outcome = use == TransactionUse::OwnPerMigration
                ? execInOwnTransaction(conn, m.sql.toUtf8())
                : exec(conn, m.sql.toUtf8());
        if (!outcome.ok) {
            outcome.message = QStringLiteral("%1: %2").arg(m.fileName, outcome.message);
            return outcome;
        }
        ++*applied;
    }
    return { true, {}, {} };
}

} // namespace backupdb::pg
