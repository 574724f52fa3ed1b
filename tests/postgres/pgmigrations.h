// The PostgreSQL migrations for the suites that hold QPSQL connections: the core's runner
// (core/pg/pgmigrator.h) applied through the QPSQL connection's own libpq handle.
// Thread-safety: a connection's functions are called by the thread that owns the connection.
#pragma once

#include "pg/pgmigrator.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace backupdb::test {

using PgMigration = pg::Migration;
using PgScriptResult = pg::ScriptResult;

// The libpq handle of an open QPSQL connection, or nullptr.
PGconn *pgHandle(const QSqlDatabase &db);

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
