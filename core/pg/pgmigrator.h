// The PostgreSQL schema's migrations (resources/sql/postgres, compiled into the core under
// :/sql/postgres) and their runner. Scripts run through libpq's PQexec: with Qt 6.4,
// QSqlQuery::exec of "CREATE TABLE t ...; INSERT ...; SELECT no_such_function();" returns true
// with no error, although the third statement failed and the server rolled the whole script
// back. Each migration starts with bdba_begin_migration(N, ...), which refuses one that is
// already applied or whose predecessor is missing.
// Thread-safety: the functions of a connection are called by the thread that uses it.
#pragma once

#include "pglibpq.h"
#include "../schema/migrator.h"

#include <QList>
#include <QString>

namespace backupdb::pg {

struct Migration
{
    int version = 0; // from the file name's number
    QString fileName; // e.g. 0001_base_schema.sql
    QString sql;
};

// Every file of :/sql/postgres, by version.
QList<Migration> migrations();
// The version the migrations bring a database to.
int latestVersion();

// The highest version in bdba_schema_version, 0 before migration 1; -1 on error.
int schemaVersion(PGconn *conn);

enum class TransactionUse {
    OwnPerMigration, // each migration in a transaction of its own, committed
    CallersTransaction, // inside the transaction the caller opened (and commits or rolls back)
};

// Applies the migrations above the database's version, in order; stops at the first that
// fails (its message names the file). `applied` counts the ones that were applied.
ScriptResult applyPending(PGconn *conn, int *applied,
                          TransactionUse use = TransactionUse::OwnPerMigration);

// What opening the database at a libpq location would find, without changing it: its schema
// version and the migrations pending; the errors of migrateDatabase below.
struct DatabaseState
{
    int version = 0;
    int pending = 0;
};
Result<DatabaseState> inspectDatabase(const QString &location);

// The database at a libpq location, migrated to the current schema over a connection of its
// own: CannotOpen when it cannot be reached, SchemaTooNew when a newer BackupDB Admin wrote it,
// NotADatabase (nothing written) when it has no schema of ours but tables of another application.
Result<MigrationOutcome> migrateDatabase(const QString &location);

} // namespace backupdb::pg
