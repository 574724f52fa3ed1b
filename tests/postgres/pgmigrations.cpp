#include "pgmigrations.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>
#include <libpq-fe.h>
#include <memory>

namespace backupdb::test {

namespace {

PGconn *nativeHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    // Qt 6.4 names it after the struct behind libpq's typedef.
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "pg_conn*") != 0
            && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(handle.data());
}

struct ResultDeleter
{
    void operator()(PGresult *result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

PgScriptResult run(PGconn *conn, const QByteArray &sql)
{
    Result result(PQexec(conn, sql.constData()));
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    PgScriptResult outcome;
    outcome.ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!outcome.ok) {
        outcome.sqlState = result
                ? QString::fromUtf8(PQresultErrorField(result.get(), PG_DIAG_SQLSTATE))
                : QString();
        outcome.message = QString::fromUtf8(result ? PQresultErrorMessage(result.get())
                                                   : PQerrorMessage(conn))
                                  .trimmed();
    }
    return outcome;
}

} // namespace

QList<PgMigration> pgMigrations()
{
    static const QRegularExpression numbered(QStringLiteral("^(\\d{4})_[a-z0-9_]+\\.sql$"));
    QList<PgMigration> list;
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

PgScriptResult execPgScript(const QSqlDatabase &db, const QString &sql)
{
    PGconn *conn = nativeHandle(db);
    if (!conn)
        return { false, {}, QStringLiteral("not an open QPSQL connection") };
    PgScriptResult begun = run(conn, "BEGIN");
    if (!begun.ok)
        return begun;
    PgScriptResult outcome = run(conn, sql.toUtf8());
    if (!outcome.ok) {
        run(conn, "ROLLBACK");
        return outcome;
    }
    // COMMIT of a transaction that failed answers "ROLLBACK" without an error.
    Result commit(PQexec(conn, "COMMIT"));
    if (!commit || PQresultStatus(commit.get()) != PGRES_COMMAND_OK
        || qstrcmp(PQcmdStatus(commit.get()), "COMMIT") != 0)
        return {
            false,
            {},
            QStringLiteral("COMMIT did not commit: %1").arg(QString::fromUtf8(PQerrorMessage(conn)))
        };
    return outcome;
}

int pgSchemaVersion(const QSqlDatabase &db)
{
    // Two statements: a query naming a table that does not exist is refused as a whole.
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT to_regclass('bdba_schema_version') IS NOT NULL"))
        || !q.next())
        return -1;
    if (!q.value(0).toBool())
        return 0;
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM bdba_schema_version"))
        || !q.next())
        return -1;
    return q.value(0).toInt();
}

PgScriptResult applyPendingPgMigrations(const QSqlDatabase &db, int *applied)
{
    *applied = 0;
    const int current = pgSchemaVersion(db);
    if (current < 0)
        return { false, {}, QStringLiteral("cannot read the schema version") };
    for (const PgMigration &m : pgMigrations()) {
        if (m.version <= current)
            continue;
        PgScriptResult outcome = execPgScript(db, m.sql);
        if (!outcome.ok) {
            outcome.message = QStringLiteral("%1: %2").arg(m.fileName, outcome.message);
            return outcome;
        }
        ++*applied;
    }
    return { true, {}, {} };
}

} // namespace backupdb::test
