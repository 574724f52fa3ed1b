// The PostgreSQL migrations (resources/sql/postgres, compiled in under :/sql/postgres) and a
// minimal runner for them, the one the PostgreSQL engine's migrator will replace. Scripts run
// through libpq's PQexec on the QPSQL connection's own handle: with Qt 6.4, QSqlQuery::exec of
// "CREATE TABLE t ...; INSERT ...; SELECT no_such_function();" returns true with no error,
// although the third statement failed and the server rolled the whole script back.
// Thread-safety: a connection's functions are called by the thread that owns the connection.
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace backupdb::test {

struct PgMigration
{
    int version = 0; // from the file name's number
    QString fileName; // e.g. 0001_base_schema.sql
    QString sql;
};

struct PgScriptResult
{
    bool ok = false;
    QString sqlState; // SQLSTATE of the error, e.g. P0001 for RAISE EXCEPTION
    QString message;
};

// Every file of :/sql/postgres, by version.
QList<PgMigration> pgMigrations();

// Runs a script of several statements in one transaction of its own (BEGIN ... COMMIT).
PgScriptResult execPgScript(const QSqlDatabase &db, const QString &sql);

// The highest version in bdba_schema_version, 0 before migration 1; -1 on error.
int pgSchemaVersion(const QSqlDatabase &db);

// Applies the migrations above the database's version, each in its own transaction, in order;
// stops at the first that fails. `applied` counts the ones that were applied.
PgScriptResult applyPendingPgMigrations(const QSqlDatabase &db, int *applied);

} // namespace backupdb::test
