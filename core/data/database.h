// The database as the services use it: a writer lane (one read-write connection, so writers
// queue here instead of fighting over SQLite's lock) and a pool of read-only reader connections
// that, in WAL mode, never wait behind the writer (C12, improvement 11). Every statement runs
// through exec(): prepared once per connection and reused (improvement 12), bounded by the query
// timeout that really interrupts it (improvement 9), timed into QueryStats (improvements 3, 14).
// Writes are retried on SQLITE_BUSY with backoff (improvement 6).
// Thread-safety: all members may be called from any thread; a lease stays in its thread.
#pragma once

#include "../db/connectionpool.h"
#include "querystats.h"
#include "retry.h"

#include <QVariantList>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>

namespace backupdb {

struct QueryPolicy
{
    Milliseconds queryTimeout { 30000 }; // 0 = none
    Milliseconds slowThreshold { 100 };
    RetryPolicy retry;
};

using CancelFlag = std::atomic<bool>;

// How one statement may be stopped or watched. Converts from a CancelFlag pointer.
struct StatementControl
{
    StatementControl(const CancelFlag *cancelFlag = nullptr)
        : cancel(cancelFlag)
    { }
    const CancelFlag *cancel = nullptr; // set to true (from any thread) to interrupt
    std::optional<Milliseconds> timeout; // instead of the policy's query timeout; 0 = none
    // Called from SQLite's progress handler, every ~1000 VM steps, with the steps so far.
    const std::function<void(qint64 steps)> *progress = nullptr;
};

class Database
{
public:
    // base: path and sizes for the readers; the writer lane is one connection of the same file.
    Database(const PoolConfig &base, const QueryPolicy &policy,
             const Clock &clock = SteadyClock::instance());
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    DbError start();
    void shutdown();

    // A database opened read-only because it is damaged: every write() returns why, before it
    // takes a connection, so that no write of ours (statistics, audit, history) can reach it.
    // Call before start(); base.access must then be ReadOnly.
    void refuseWrites(const DbError &why);
    DbError writeRefusal() const;
    bool isReadOnly() const { return writeRefusal().isError(); }
    // Writes held until releaseWrites(): while the damage check of the open runs behind the
    // first page (SessionOptions::deferOpenChecks), a write waits for its verdict; refusal set
    // then refuses every write from there on (a damaged file), as refuseWrites() does.
    void holdWrites();
    void releaseWrites(const DbError &refusal = DbError());
    bool writesHeld() const;
    // To call before a destructive action (deleting rows, clean-up, vacuum, restore): the write
    // refusal, or Kind::Refused while another process has the database open but holds no lock on
    // it (it would lose data if the file changed under it, see Engine::otherProcesses).
    DbError checkDestructive(const QString &action) const;
    // The processes that have the database open without their locks (empty: none, or unknown).
    QList<qint64> locklessProcesses() const;

    ConnectionPool &readers() { return m_readers; }
    ConnectionPool &writer() { return m_writer; }
    QueryStats &queryStats() { return m_queryStats; }
    QString path() const { return m_readers.databasePath(); }
    QueryPolicy policy() const;
    void setPolicy(const QueryPolicy &policy);

    // Runs sql with binds on the lease and returns the query positioned before its first row.
    // The query stays valid until the next exec() on the lease or its release. The timeout and
    // cancel stay armed while the caller steps through the rows (cancel must outlive that), until
    // the next statement through this object or the release; forEachRow(), scalar() and
    // execute() disarm them when their statement is done.
    Result<QSqlQuery *> exec(ConnectionLease &lease, const QString &sql,
                             const QVariantList &binds = {}, const StatementControl &control = {});
    // Runs sql and hands each row to onRow; the time of the whole iteration is recorded.
    DbError forEachRow(ConnectionLease &lease, const QString &sql, const QVariantList &binds,
                       const std::function<void(const QSqlQuery &)> &onRow,
                       const StatementControl &control = {});
    Result<QVariant> scalar(ConnectionLease &lease, const QString &sql,
                            const QVariantList &binds = {});
    Result<qint64> execute(ConnectionLease &lease, const QString &sql,
                           const QVariantList &binds = {});
    // A statement that cannot be prepared (PostgreSQL's VACUUM, a script), run as it is by the
    // engine, under the same timeout and cancel as exec().
    DbError executeUnprepared(ConnectionLease &lease, const QString &sql,
                              const StatementControl &control = {});
    // The hot path: a native prepared statement of the lease's connection, reused, with the
    // same timeout and statistics as exec(). bind(NativeBinds &) binds; onRow(const NativeRow &)
    // reads each row. maxRows > 0 stops after that many rows (a lookup by a unique key need
    // not step on to the end: the reset ends the statement).
    DbError queryNative(ConnectionLease &lease, const QString &sql,
                        const std::function<void(NativeBinds &)> &bind,
                        const std::function<void(const NativeRow &)> &onRow, int maxRows = 0);
    const Engine &engine() const { return m_writer.engine(); }
    // The engine's key that pages a table in insertion order (EngineDialect::rowKey), qualified
    // by a table alias when one is given: "rowid", "f.rowid".
    QString rowKey(const QString &alias = QString()) const
    {
        const QString &key = engine().dialect().rowKey;
        return alias.isEmpty() ? key : alias + u'.' + key;
    }

    // f(ConnectionLease &) -> Result<T> or DbError, on a reader connection.
    template<typename F>
    auto read(F &&f, std::source_location where = std::source_location::current())
            -> decltype(f(std::declval<ConnectionLease &>()))
    {
        auto lease = m_readers.acquire(where);
        if (!lease)
            return lease.error();
        return f(lease.value());
    }

    // f on the writer connection; all of f is retried on Busy (f must open its own
    // Transaction so a failed attempt rolls back). Readers' caches learn of the write.
    template<typename F>
    auto write(F &&f, std::source_location where = std::source_location::current())
            -> decltype(f(std::declval<ConnectionLease &>()))
    {
        if (DbError refused = passWriteGate())
            return refused;
        auto lease = m_writer.acquire(where);
        if (!lease)
            return lease.error();
        // Before and after: a cache filled while the write runs is stale once it commits.
        noteWrite();
        auto outcome = withRetry(policy().retry, [&] { return f(lease.value()); });
        noteWrite();
        return outcome;
    }

    // Incremented by whoever replaces or rewrites much of the content (a restore, a clean-up, an
    // import, the demo data): what was measured of the data before (an integrity report) is
    // stale at once and is measured again, not shown as fresh (IntegrityChecker::current()).
    void noteContentChanged(const QString &what);
    quint64 contentEpoch() const { return m_contentEpoch.load(std::memory_order_acquire); }
    QString lastContentChange() const;

    // Incremented after every write through this object (cache invalidation).
    quint64 writeGeneration() const { return m_writeGeneration.load(std::memory_order_acquire); }
    void noteWrite() { m_writeGeneration.fetch_add(1, std::memory_order_acq_rel); }

    // Writes the statement statistics and slow queries gathered since the last flush.
    DbError flushQueryStats();

private:
    Result<QSqlQuery *> run(ConnectionLease &lease, const QString &sql, const QVariantList &binds,
                            const StatementControl &control, Nanoseconds *started);
    DbError interruptError(ConnectionLease &lease, const DbError &error, const QString &sql) const;
    // Sets the lease's statement guard for the next statement: control's cancel flag and
    // progress, and its timeout (the policy's by default) from now.
    void arm(ConnectionLease &lease, const StatementControl &control) const;
    // Clears the deadline and cancel flag of the lease's connection once its statement is done,
    // so that neither hits a later statement on the handle (a COMMIT, a raw bulk loop).
    static void disarm(ConnectionLease &lease);
    // Waits while writes are held; then the refusal (no error: the write may go ahead).
    DbError passWriteGate() const;

    ConnectionPool m_writer;
    ConnectionPool m_readers;
    QueryStats m_queryStats;
    const Clock &m_clock;
    mutable std::mutex m_policyMutex;
    QueryPolicy m_policy;
    // m_policy.queryTimeout, read without the mutex on the hot path.
    std::atomic<qint64> m_queryTimeoutMs { 0 };
    std::atomic<quint64> m_writeGeneration { 0 };
    std::atomic<quint64> m_contentEpoch { 0 };
    mutable std::mutex m_contentMutex;
    QString m_lastContentChange; // guarded by m_contentMutex
    mutable std::mutex m_gateMutex;
    mutable std::condition_variable m_gateOpened;
    bool m_writesHeld = false; // guarded by m_gateMutex
    DbError m_writeRefusal; // guarded by m_gateMutex
};

} // namespace backupdb
