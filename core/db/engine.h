// What differs between database engines, behind one interface: opening and configuring a
// connection, classifying its errors, its transactions, its dialect, what it can do, and the
// statements and figures of its maintenance. The pool, the repositories and the services talk to
// an Engine and name none; each engine has its own files in core/db (SQLite: sqlite*.cpp), and
// only those speak the engine's C API.
// Thread-safety: an Engine is immutable and shared; its functions may be called from any thread,
// with a native handle only by the thread that holds that handle's lease.
#pragma once

#include "../common/error.h"
#include "poolconfig.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <atomic>
#include <functional>

namespace backupdb {

struct PooledConnection;
struct MigrationOutcome;
class NativeStatement;

// The engine's own connection object behind a QSqlDatabase (an sqlite3 for SQLite). Opaque
// outside the engine's files: callers hand it back to the engine, never look inside.
struct NativeConnection;
using NativeHandle = NativeConnection *;

// Deadline and cancel flag read by the engine's interrupt of one connection (SQLite: its progress
// handler). Owned by the pooled connection, so an interrupt can only ever hit the statement of the
// lease it was set for.
struct StatementGuard
{
    std::atomic<long long> deadlineNs { 0 }; // steady-clock ns; 0 = none
    std::atomic<const std::atomic<bool> *> cancelFlag { nullptr };
    std::atomic<int> reason { 0 }; // 1 = timeout, 2 = cancelled: why the last interrupt fired
    std::atomic<const std::function<void(qint64)> *> progress { nullptr }; // told the step count
    std::atomic<qint64> steps { 0 }; // progress-handler calls (of ~1000 VM steps) so far
};

struct EngineCapabilities
{
    bool writeAheadLog = false; // readers never wait for the writer
    bool onlineBackup = false; // a consistent copy while the server keeps writing
    bool readOnlyConnections = false; // the engine itself refuses writes on reader connections
    bool singleFile = false; // the database is a file here: copied, sized and watched as one
    // Backups are dumps made by the engine's own tools (dumpTo, checkDump, restoreDump:
    // PostgreSQL's pg_dump and pg_restore), not copies of a database file (copyTo).
    bool backupIsDump = false;
    // Rows may be written with the foreign keys off (writeUnchecked), as the original server
    // left orphaned file records; PostgreSQL always enforces them.
    bool uncheckedWrites = false;
    // A batch of at least this many files is imported without the per-row counting triggers
    // (Engine::uncountedImport), the import adding its totals to the counters itself; 0: never.
    // SQLite: the trigger is most of an import's cost. PostgreSQL: each firing updates the one
    // counter row again, and within one transaction every update walks the versions the
    // earlier ones left, so a batch of n rows costs ~n^2.
    qsizetype uncountedImportFrom = 0;
    // The uncounted import also drops and rebuilds BackupDB Admin's secondary indexes of files:
    // it pays only when the batch is large against the table (SQLite's sorted rebuild).
    bool uncountedImportRebuildsIndexes = false;
};

// SQL that differs between engines, as text the callers put into their statements.
struct EngineDialect
{
    QString beginWrite; // a transaction that takes the write lock at once
    QString beginRead;
    QString rowKey; // the hidden key that pages a table without a key column of its own
    // An INSERT that skips a row whose key exists: insertOrIgnore up to the table name, then
    // the columns and values, then insertOrIgnoreEnd.
    QString insertOrIgnore;
    QString insertOrIgnoreEnd;
    QString caseInsensitiveLike; // LIKE that ignores case
    // A condition with %1 for a column: true when the value is not 16 bytes (the server's IDs).
    QString notSixteenBytes;
    // NULL sorts after every value ascending (PostgreSQL), not before it (SQLite): keyset pages
    // then say NULLS FIRST / NULLS LAST.
    bool nullsSortLast = false;
    // Conditions and a count, with %1 for a flag column (the server's Verified): SQLite holds
    // 0/1 integers, PostgreSQL booleans.
    QString isTrue, isNotTrue, countTrue;
    // Dates are a timestamp type (PostgreSQL), bound through timestamps::stored; false: the
    // server's text, kept as written (SQLite).
    bool typedDates = false;
};

enum class CheckpointMode { Passive, Truncate };

// What a large import of files runs first and last inside its transaction to keep the counting
// triggers out of it (Engine::uncountedImport).
struct UncountedImport
{
    // False: this connection may not switch the triggers (PostgreSQL: not the table's owner);
    // the import then runs counted, the statements empty.
    bool available = true;
    QStringList before;
    QStringList after;
};

// An index or trigger of a table, with the statement that creates it again.
struct SchemaObject
{
    QString type; // index, trigger
    QString name;
    QString sql;
};

// Two full, plain indexes on the same columns: the newer one is of no use.
struct RedundantIndex
{
    QString kept;
    QString redundant; // same table and columns as kept
    QString table;
    QStringList columns;
};

// How the engine stores the database, for the size monitor.
struct StorageFigures
{
    qint64 pageSize = 0;
    qint64 databaseBytes = 0;
    qint64 freeBytes = 0; // allocated but unused, given back by a vacuum
    QString autoVacuum; // none, full, incremental
    qint64 sideBytes = 0; // beside the database: SQLite's write-ahead log
};

// Other processes that have the database open, and those of them that can lose data when it
// changes under them (see sqlite::surveyLocks for SQLite's case).
struct OtherProcesses
{
    bool known = false; // false: the engine could not tell
    QList<qint64> users;
    QList<qint64> unsafe;
};

// The checks an engine runs as a whole rather than as statements of storageCheckSql()
// (PostgreSQL: amcheck and the logical checks of core/pg/pgintegrity), with the integrity
// checker's finding kinds (foreign_key, orphaned_files, malformed_id, counters, index ...).
struct EngineCheckFinding
{
    enum class Severity { Info, Warning, Error };
    Severity severity = Severity::Warning;
    QString kind;
    QString message;
    QString table;
    qint64 count = 0;
};

struct EngineCheck
{
    QStringList storageMessages; // {"ok"} when the engine's structural check found nothing
    qint64 foreignKeyViolations = 0;
    qint64 orphanedFiles = 0;
    qint64 malformedIds = 0;
    bool countersExact = true;
    QList<EngineCheckFinding> findings;
};

// What a dump recorded when it was made: its size, the moment of its snapshot, and the rows of
// each table in it.
struct DumpRecord
{
    qint64 bytes = 0;
    QDateTime createdAt; // UTC
    QMap<QString, qint64> rowCounts; // table → rows
};

// A dump restored into a scratch database: ok when it restored and its rows are what the dump
// recorded; message "ok" or what differed.
struct DumpCheck
{
    bool ok = false;
    QString message;
    QMap<QString, qint64> rowCounts; // as restored
};

class Engine
{
public:
    virtual ~Engine() = default;

    virtual QString name() const = 0;
    virtual QString qtDriver() const = 0;
    virtual EngineCapabilities capabilities() const = 0;
    virtual const EngineDialect &dialect() const = 0;

    // Opens and configures one pooled connection (C3: every connection configured alike): sets
    // c.db and c.handle, and installs what interrupts its statements (c.guard). journalMode
    // says which journal the connection got ("wal" when it got what the pool wanted).
    virtual DbError openConnection(PooledConnection &c, const QString &qtName,
                                   const PoolConfig &config, QString *journalMode) const = 0;

    // Brings the database at location to the current schema (the engine's own migrations);
    // backupFolder: where a file engine keeps a copy from before the migration.
    virtual Result<MigrationOutcome> migrate(const QString &location,
                                             const QString &backupFolder) const = 0;
    // A prepared statement on handle for the hot paths (nativestatement.h).
    virtual Result<NativeStatement> prepare(NativeHandle handle, const QString &sql) const = 0;
    // Statements without results (a script is fine), and one value of a one-row query.
    virtual DbError execute(NativeHandle handle, const QString &sql) const = 0;
    virtual Result<qint64> queryInt(NativeHandle handle, const QString &sql) const = 0;
    virtual Result<QString> queryText(NativeHandle handle, const QString &sql) const = 0;
    virtual bool inTransaction(NativeHandle handle) const = 0;
    virtual qint64 changes(NativeHandle handle) const = 0; // rows the last statement changed
    // The last error on handle, or a Qt error, as a DbError of the right kind (the engine's own
    // code kept), never classified by its message text.
    virtual DbError lastError(NativeHandle handle, const QString &context) const = 0;
    virtual DbError errorOf(const QSqlError &error, const QString &context) const = 0;
    // A Constraint error that a foreign key raised (a missing parent row).
    virtual bool isForeignKeyViolation(const DbError &error) const = 0;

    // The catalogue: the indexes and triggers of table that were created by a statement (an
    // index a constraint made has none), and whether the database at location has a table,
    // read without the pool (the open dialog asks before it opens anything).
    virtual Result<QList<SchemaObject>> schemaObjects(NativeHandle handle,
                                                      const QString &table) const = 0;
    // The statements around an import of files without the counting triggers (see
    // EngineCapabilities::uncountedImportFrom); run inside the import's transaction, so no
    // other connection ever sees the triggers off. The default refuses.
    virtual Result<UncountedImport> uncountedImport(NativeHandle handle) const;
    virtual Result<bool> locationHasTable(const QString &location, const QString &table) const = 0;
    virtual Result<QList<RedundantIndex>> redundantIndexes(NativeHandle handle,
                                                           const QStringList &tables) const = 0;

    // Beside other processes: who else has the database at location open.
    virtual OtherProcesses otherProcesses(const QString &location) const = 0;

    // The maintenance backend: the engine's storage figures and the statements of its checks.
    virtual Result<StorageFigures> storageFigures(NativeHandle handle,
                                                  const QString &location) const = 0;
    virtual Result<qint64> storagePages(NativeHandle handle) const = 0; // for a check's progress
    // The engine's own structural check: each row's first column is one message, "ok" alone
    // when it found nothing.
    // Empty for an engine that checks as a whole (checkWhole).
    virtual QString storageCheckSql(bool full, int maxMessages) const = 0;
    virtual Result<EngineCheck> checkWhole(const QSqlDatabase &db, bool full,
                                           const std::function<void(double)> &progress,
                                           const std::atomic<bool> *cancel) const = 0;
    virtual QString storageCheckName(bool full) const = 0;
    // Rows of (table, row key, referenced table) that break a foreign key.
    virtual QString foreignKeyCheckSql() const = 0;
    // Rows of (busy, log frames, checkpointed frames); empty when the engine has no such log.
    virtual QString checkpointSql(CheckpointMode mode) const = 0;
    // Gives free space back: the whole rewrite, or the incremental step where the database
    // allows it (autoVacuum as StorageFigures names it).
    virtual QString vacuumSql(const QString &autoVacuum) const = 0;

    // The database at a location, without the pool (before an open, for a salvage).
    // probe(): Kind::NotADatabase when it is not one of this engine's databases.
    virtual DbError probe(const QString &location) const = 0;
    // Migrations opening the database would apply (nothing changed); the errors opening
    // would give for a database it cannot or must not migrate (another application's, a newer
    // schema).
    virtual Result<int> pendingMigrations(const QString &location) const = 0;
    // InvalidInput when the location cannot be read as one of this engine's, or holds what must
    // not be kept or shown with it (a password); nothing is opened.
    virtual DbError checkLocation(const QString &location) const = 0;
    // A short name for titles and lists: the file's name, or the database and its server.
    virtual QString displayName(const QString &location) const = 0;
    // Opening it as the pool does writes nothing (its journal is already what the pool sets).
    virtual bool opensWithoutWriting(const QString &location) const = 0;
    // The engine's quick structural check of it: "ok" alone when it found nothing.
    virtual Result<QStringList> quickCheck(const QString &location, int maxMessages = 20) const = 0;
    // A copy of its committed content (a connection of its own reads it).
    virtual DbError copyLocation(const QString &source, const QString &target) const = 0;
    // A connection of its own to the location with foreign keys not enforced, for f to write
    // rows the way a server that leaves them off does (the demo's orphans); one transaction.
    virtual DbError writeUnchecked(const QString &location,
                                   const std::function<DbError(NativeHandle)> &f) const = 0;

    // Copies (backups) for the backup service. copyTo() takes one consistent snapshot of source
    // while writers go on; onProgress(remaining, total) returns false to cancel.
    virtual DbError
    copyTo(NativeHandle source, const QString &target, int pagesPerStep,
           const std::function<bool(int remaining, int total)> &onProgress) const = 0;
    virtual DbError restoreFrom(NativeHandle destination, const QString &copy) const = 0;
    // The file is one of this engine's databases (by its header, without opening it).
    virtual bool isDatabaseFile(const QString &file) const = 0;
    // The engine's full check of a copy: its messages, "ok" alone when it is sound; Cancelled
    // when cancel was set. Leaves no file beside the copy that was not there.
    virtual Result<QStringList> checkCopy(const QString &copy,
                                          const std::atomic<bool> *cancel) const = 0;
    // The first value of each query, read from a copy (invalid where a query fails, as in a
    // copy made before its table existed); an error when the copy does not open.
    virtual Result<QVariantList> readCopy(const QString &copy,
                                          const QStringList &queries) const = 0;

    // Backups of an engine whose backups are dumps (capabilities().backupIsDump); the others
    // refuse them. The name a backup file of the database at location starts with, and its
    // ending.
    virtual QString backupBaseName(const QString &location) const = 0;
    virtual QString backupSuffix() const = 0;
    // Writes a dump of the database at location to file, from db (an open connection of the
    // pool outside a transaction) while writers go on. Nothing is left at file on failure.
    virtual Result<DumpRecord> dumpTo(const QSqlDatabase &db, const QString &location,
                                      const QString &file,
                                      const std::function<void(double)> &progress,
                                      const std::atomic<bool> *cancel) const;
    // Restores file into a scratch database of the server (made through db, which may create
    // databases, and dropped afterwards) and compares its rows with the dump's record. A dump
    // that does not restore is a DumpCheck that is not ok; errors kept the check from running.
    virtual Result<DumpCheck> checkDump(const QSqlDatabase &db, const QString &location,
                                        const QString &file,
                                        const std::function<void(double)> &progress,
                                        const std::atomic<bool> *cancel) const;
    // Replaces the contents of the database at location with the dump's, in one transaction;
    // returns the rows of each table afterwards.
    virtual Result<QMap<QString, qint64>> restoreDump(const QString &location, const QString &file,
                                                      const std::function<void(double)> &progress,
                                                      const std::atomic<bool> *cancel) const;
};

// The engine of a location: a libpq URI (postgresql://user@host:port/dbname) or conninfo
// (host=... dbname=...) is PostgreSQL's, anything else is an SQLite file path.
const Engine &engineFor(const QString &location);
const Engine &sqliteEngine();
const Engine &postgresEngine();
bool isPostgresLocation(const QString &location);
// The engine whose backup file (a database file or a dump) file is, by its first bytes; null
// when it is none of theirs.
const Engine *engineOfBackup(const QString &file);

} // namespace backupdb
