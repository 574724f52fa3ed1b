// Versioned migrations of BackupDB Admin's own schema (M5, improvement 8).
//
// The product's version lives in bdba_schema_version (the server keeps its own numbering in
// database_migrations, which is never touched). A run takes the write lock, then a backup of
// the file with SQLite's backup API, then applies each pending migration in its own savepoint
// and commits. If one fails, the whole run is rolled back (the lock was held throughout, so the
// database is exactly the backup again and no write of the server's is lost); if even the
// rollback fails, the backup is restored over the live file. The error says which migration
// failed and why. A database written by a newer version of
// this product (a higher version than we know) is refused, not downgraded.
//
// It only ever creates: tables and triggers with the bdba_ prefix, the server's tables where
// they are missing, and indexes where no full index on the same columns exists (a UNIQUE
// constraint's index counts; a partial index or one with another collation does not).
// Each engine implements it in its own file (SQLite: core/db/sqlitemigrator.cpp).
// Thread-safety: one Migrator per call; it opens its own connection.
#pragma once

#include "../common/error.h"
#include "../db/clock.h"
#include "../db/engine.h"

#include <QList>
#include <QStringList>
#include <functional>

namespace backupdb {

struct Migration
{
    int version = 0;
    QString description;
    QString sql; // run first (a script); may be empty
    std::function<DbError(NativeHandle)> step; // run after sql, inside the same transaction
};

struct MigrationOutcome
{
    int fromVersion = 0;
    int toVersion = 0;
    QStringList applied; // "2: counters for O(1) statistics"
    QString backupPath; // the pre-migration backup, if one was taken
    QStringList notes; // e.g. redundant indexes found, missing foreign key
};

class Migrator
{
public:
    static QList<Migration> standardMigrations();

    explicit Migrator(QList<Migration> migrations = standardMigrations());

    int latestVersion() const;
    static Result<int> currentVersion(NativeHandle handle);
    // Pending migrations for the file at path (without changing it).
    Result<int> pendingCount(const QString &path) const;
    // Brings the file at path to the latest version. backupFolder empty = beside the database.
    Result<MigrationOutcome> migrate(const QString &path,
                                     const QString &backupFolder = QString()) const;

private:
    QList<Migration> m_migrations;
};

} // namespace backupdb
