// The one place that speaks the SQLite C API and SQLite's PRAGMAs for the pool: opening and
// configuring a connection, the native handle behind a QSqlDatabase, error-code mapping, and
// the progress handler that implements query timeouts and cancellation.
// A second engine (QPSQL) would get a sibling of this file; nothing above it names sqlite3.
// Thread-safety: free functions; a handle is used only by the thread that holds its lease.
#pragma once

#include "../common/error.h"
#include "clock.h"
#include "engine.h"
#include "poolconfig.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QList>
#include <QString>
#include <atomic>
#include <functional>

struct sqlite3;
struct sqlite3_stmt;

namespace backupdb {

namespace sqlite {

sqlite3 *handleOf(const QSqlDatabase &db);
// The SQLite connection behind an engine-neutral handle, and back.
inline sqlite3 *native(NativeHandle handle)
{
    return reinterpret_cast<sqlite3 *>(handle);
}
inline NativeHandle neutral(sqlite3 *handle)
{
    return reinterpret_cast<NativeHandle>(handle);
}

// Maps an SQLite result code (primary or extended) and message to a DbError.
DbError errorFromCode(int code, const QString &message);
DbError errorFromHandle(sqlite3 *handle, const QString &context);
DbError errorFromQt(const QSqlError &error, const QString &context);

// Runs statements without results (a script is fine).
DbError exec(sqlite3 *handle, const QString &sql);
// First column of the first row as text; empty if no row.
Result<QString> queryText(sqlite3 *handle, const QString &sql);
Result<qint64> queryInt(sqlite3 *handle, const QString &sql);

// Configures a freshly opened connection identically (C3): extended result codes,
// foreign_keys=ON (verified), WAL for read-write connections (the mode in effect is returned in
// journalMode: "wal", or what SQLite fell back to), synchronous=NORMAL, cache size.
DbError configureConnection(sqlite3 *handle, AccessMode access, int cacheSizeKiB,
                            QString *journalMode);

// Beside a live server (FACTS, "living beside another process's SQLite connections"): the
// connection never checkpoints on close and leaves -wal and -shm in place when it closes last.
// A server that copied its own database file has lost its POSIX locks while it still uses the
// -shm; the close of our last connection would otherwise take the exclusive lock, checkpoint
// without the shm locks and unlink both files under the server's feet.
void keepSideFiles(sqlite3 *handle);

// Who else has the database open, from the kernel's lock table (/proc/locks): every process
// with the -shm open holds a read lock on its byte 128, and every connection in WAL mode a read
// lock in the database file's shared range. A process in the first set and not in the second
// has lost its locks (it opened and closed the database file outside SQLite). Reads no file of
// the database: opening one outside SQLite would drop this process's own locks.
struct LockSurvey
{
    bool known = false; // false: the lock table could not be read
    QList<qint64> shmUsers; // other processes with the -shm open
    QList<qint64> lockless; // of those, the ones that hold no lock on the database file
};
LockSurvey surveyLocks(const QString &databasePath);

// Opens path read-only and runs quick_check (at most maxMessages lines). An error (not a
// database, cannot open) when it could not run; a damaged file gives its messages, not an error
// unless SQLite refused to read it at all ("malformed" becomes one message).
// The file's journal mode is WAL (read on a read-only connection of its own, which changes
// nothing): false when it is not, or cannot be read.
bool isInWalMode(const QString &path);
Result<QStringList> quickCheckFile(const QString &path, int maxMessages = 20);
// True if SQLite reads path as a database (header and schema), through SQLite's own file
// handling, so that a connection of this process to the same file keeps its locks.
DbError probeDatabase(const QString &path);

// Installs the progress handler that reads guard (every ~1000 VM steps).
void installProgressHandler(sqlite3 *handle, StatementGuard *guard);

bool inTransaction(sqlite3 *handle);
qint64 changes(sqlite3 *handle);

// A prepared native statement that finalizes itself.
class Statement
{
public:
    Statement() = default;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    Statement(Statement &&other) noexcept
        : m_stmt(std::exchange(other.m_stmt, nullptr))
    { }
    Statement &operator=(Statement &&other) noexcept
    {
        std::swap(m_stmt, other.m_stmt);
        return *this;
    }
    ~Statement();

    static Result<Statement> prepare(sqlite3 *handle, const QString &sql);
    sqlite3_stmt *get() const { return m_stmt; }

    void bindBlob(int index, const QByteArray &value);
    // Binds value without copying it: value must stay alive and unchanged until reset().
    void bindBlobNoCopy(int index, const QByteArray &value);
    void bindText(int index, const QString &value);
    void bindInt(int index, qint64 value);
    void bindNull(int index);
    void bindVariant(int index, const QVariant &value);
    int step(); // the SQLite result code
    void reset();

private:
    sqlite3_stmt *m_stmt = nullptr;
};

// Opens path as a plain native connection (no pool), e.g. for migrations or backups.
// flags: SQLITE_OPEN_* values; foreign keys are left as the caller sets them.
Result<sqlite3 *> openNative(const QString &path, int flags, Milliseconds busyTimeout);
void closeNative(sqlite3 *handle);

// Copies the whole database of source into the file at target with the online backup API
// (pagesPerStep pages at a time; -1 = all at once). onProgress(remaining, total) may return
// false to cancel. The target is created with mode 0600, in rollback-journal mode (one
// self-contained file), and synced to disk before this returns; on failure it is removed.
DbError backupToFile(sqlite3 *source, const QString &target, int pagesPerStep = -1,
                     const std::function<bool(int remaining, int total)> &onProgress = {});
// Copies the committed content of the database file source to target (a connection of its
// own reads it, so the caller may hold the write lock meanwhile).
DbError copyFile(const QString &source, const QString &target);
// Replaces the database of destination with the content of the file at source.
DbError restoreFromFile(sqlite3 *destination, const QString &source);

// True if the first 16 bytes are SQLite's magic header.
bool hasSqliteHeader(const QString &path);

} // namespace sqlite
} // namespace backupdb
