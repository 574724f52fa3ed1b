// Backup, verification and restore of a PostgreSQL database with PostgreSQL's own tools.
//
// backupDatabase() runs `pg_dump --format=custom` while the server keeps writing (online). The
// row counts of every table of the schema are read in one REPEATABLE READ transaction whose
// snapshot pg_dump then uses (--snapshot), so they are exactly what the dump holds. The dump is
// written to "<file>.partial" (mode 0600: it holds the clients' keys) and renamed into place;
// its sidecar "<file>.json" records the counts, the database and when it was made. A failed or
// cancelled backup leaves no file behind.
//
// verifyBackup() restores the dump into a scratch database made for the check (and dropped
// after it, also when it fails) and compares the row counts with the sidecar's. restoreBackup()
// restores it into the database its conninfo names, in one transaction (a dump that fails half
// way changes nothing), and reports the row counts afterwards; asking the operator first is the
// caller's business.
//
// The tools get the conninfo through --dbname without its password; a password travels in the
// child's environment (PGPASSWORD), or libpq finds it in ~/.pgpass: never on a command line or
// in a message. pg_dump and pg_restore are taken from PATH, else from the newest
// /usr/lib/postgresql/*/bin. Progress comes from the tools' --verbose output; cancel kills the
// tool.
//
// Thread-safety: the functions run on the thread that owns the connection they are given (they
// block it while the tool runs); cancel may be set from any thread.
#pragma once

#include "../common/error.h"

#include <QDateTime>
#include <QMap>
#include <QSqlDatabase>
#include <QString>
#include <atomic>
#include <chrono>
#include <functional>

namespace backupdb::pg {

struct PgBackupInfo
{
    QString path;
    qint64 bytes = 0;
    QDateTime createdAt; // UTC, when the snapshot was taken
    double seconds = 0;
    QString database; // the source's name
    QString serverVersion;
    QMap<QString, qint64> rowCounts; // table → rows in the dump (empty: not recorded)
    bool verified = false;
    QDateTime verifiedAt;
    QString verifyMessage;
};

struct PgVerifyResult
{
    bool ok = false;
    QString message; // "ok", or what failed: the tool's error, the counts that differ
    QMap<QString, qint64> expected; // from the sidecar
    QMap<QString, qint64> restored; // counted in the scratch database
    QStringList mismatches; // "files: 12 in the dump's record, 9 restored"
};

struct PgRestoreResult
{
    QMap<QString, qint64> rowCounts; // in the target after the restore
    QStringList mismatches; // against the sidecar's counts (empty when they agree)
    double seconds = 0;
};

struct PgToolOptions
{
    QString binDir; // where pg_dump and pg_restore are; empty: PATH, then /usr/lib/postgresql
    std::chrono::milliseconds timeout { 0 }; // the tool is killed after it; 0: no limit
    // restoreBackup: keep the dump's owners (ALTER ... OWNER TO), which needs a role that may
    // take them on; NoOwners makes the restoring role own everything.
    enum class Owners { Keep, NoOwners };
    Owners owners = Owners::Keep;
};

using PgToolProgress = std::function<void(double fraction)>;

// db: an open connection to the database to back up (not inside a transaction); conninfo: how
// the tool reaches the same database.
Result<PgBackupInfo> backupDatabase(const QSqlDatabase &db, const QString &conninfo,
                                    const QString &file, const PgToolOptions &options = {},
                                    const PgToolProgress &progress = {},
                                    const std::atomic<bool> *cancel = nullptr);

// The sidecar's record of a dump (Kind::NotFound without one).
Result<PgBackupInfo> readBackupInfo(const QString &file);

// db: any connection of a role that may CREATE DATABASE (the scratch one is made and dropped
// through it); conninfo: the server (its dbname is replaced by the scratch database's). A dump
// that does not restore or whose counts differ is a result with ok false, not an error; errors
// are what kept the check from running. The sidecar records the verdict.
Result<PgVerifyResult> verifyBackup(const QSqlDatabase &db, const QString &conninfo,
                                    const QString &file, const PgToolOptions &options = {},
                                    const PgToolProgress &progress = {},
                                    const std::atomic<bool> *cancel = nullptr);

// Replaces the objects of the dump in the database conninfo names (pg_restore --clean
// --if-exists --single-transaction). Other sessions' locks on its tables make it wait.
Result<PgRestoreResult> restoreBackup(const QString &conninfo, const QString &file,
                                      const PgToolOptions &options = {},
                                      const PgToolProgress &progress = {},
                                      const std::atomic<bool> *cancel = nullptr);

} // namespace backupdb::pg
