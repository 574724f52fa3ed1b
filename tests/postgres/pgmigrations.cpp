#include "pgmigrations.h"

#include "pg/pgconnection.h"

#include <QSqlDriver>
#include <QVariant>

namespace backupdb::test {

PGconn *pgHandle(const QSqlDatabase &db)
{
    return pg::nativeConnection(db);
}

QList<PgMigration> pgMigrations()
{
    return pg::migrations();
}

PgScriptResult execPgScript(const QSqlDatabase &db, const QString &sql)
{
    PGconn *conn = pgHandle(db);
    if (!conn)
        return { false, {}, QStringLiteral("not an open QPSQL connection") };
    return pg::execInOwnTransaction(conn, sql.toUtf8());
}

int pgSchemaVersion(const QSqlDatabase &db)
{
    PGconn *conn = pgHandle(db);
    return conn ? pg::schemaVersion(conn) : -1;
}

PgScriptResult applyPendingPgMigrations(const QSqlDatabase &db, int *applied)
{
    *applied = 0;
    PGconn *conn = pgHandle(db);
    if (!conn)
        return { false, {}, QStringLiteral("not an open QPSQL connection") };
    return pg::applyPending(conn, applied, pg::TransactionUse::OwnPerMigration);
}

} // namespace backupdb::test
