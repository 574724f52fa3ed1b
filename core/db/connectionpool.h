// A bounded pool of SQLite connections (C1-C5).
//
// Threads and Qt's rule (C2). A QSqlDatabase may only be used by the thread that owns its driver
// object. The pool keeps that rule without paying for it on every lease:
//   - A connection stays with the thread that last released it ("affine"); when that thread
//     acquires again it gets the same connection back with no thread change (the fast path).
//     Each thread keeps at most one such connection idle.
//   - Otherwise a released connection is parked: its driver is moved to no thread
//     (driver()->moveToThread(nullptr)), and the next borrower pulls it into its own thread.
//     This is what QSqlDatabase::moveToThread does from Qt 6.8 on.
//   - A connection is also parked on release when another thread is waiting, when another
//     thread has asked for it, when it is an overflow connection, when its thread ends (a
//     thread_local guard parks it), and when it is the last one another thread could get:
//     a connection stays affine only while a parked one or room to open one remains. So an idle
//     thread never sits on the last connection; a borrower waits only for active leases.
// Use a lease only in the thread that acquired it; never keep a QSqlQuery past the lease.
//
// Lifetimes (C4). All times come from a monotonic Clock (injectable). A connection retires at
// its max lifetime minus a random jitter (so they do not all reopen together); overflow
// connections close after idleTimeout; a housekeeping thread does that for parked connections
// every housekeepingInterval, logs leases held past leakThreshold with the file and line that
// took them, and stops (joined) in shutdown().
//
// Thread-safety: every public member may be called from any thread.
#pragma once

#include "../common/error.h"
#include "lease.h"
#include "poolconfig.h"
#include "poolmetrics.h"
#include "engine.h"
#include "statementcache.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <source_location>
#include <thread>
#include <vector>

class QThread;

namespace backupdb {

struct PooledConnection;

class ConnectionPool
{
public:
    struct LeakReport
    {
        QString connectionName;
        QString acquiredAt; // file:line (function)
        double heldSeconds = 0;
    };

    explicit ConnectionPool(PoolConfig config, const Clock &clock = SteadyClock::instance());
    ~ConnectionPool();
    Q_DISABLE_COPY_MOVE(ConnectionPool)

    // Opens the core connections (so a bad path fails here, not at the first query) and starts
    // housekeeping.
    DbError start();
    // Closes every connection and stops housekeeping. Outstanding leases are logged.
    void shutdown();

    Result<ConnectionLease> acquire(std::source_location where = std::source_location::current());

    PoolMetrics metrics() const;
    HealthScore health() const { return computeHealth(metrics()); }
    QList<LeakReport> leaks() const;
    // A copy, under the lock: reconfigure() may write it meanwhile.
    PoolConfig config() const;
    // Never changes after construction: read without the lock.
    const QString &databasePath() const { return m_databasePath; }

    // A test's and the GUI's guard (issue 11: no SQL on the GUI thread): every acquire() on
    // thread afterwards is counted and logged with where it came from. nullptr: no such thread.
    static void forbidThread(const QThread *thread);
    static qint64 forbiddenThreadAcquires();
    // Applies new limits and timeouts; the path and access mode cannot change.
    DbError reconfigure(const PoolConfig &config);
    // One housekeeping pass now (the thread calls this; tests call it with a ManualClock).
    void runHousekeeping();
    bool isHousekeeperRunning() const;
    QString journalMode() const;
    // The engine of the database (chosen from its location when the pool is made).
    const Engine &engine() const { return m_engine; }

private:
    friend class ConnectionLease;
    friend struct ThreadExitGuard;

    Result<PooledConnection *> openConnection();
    void closeConnection(std::unique_ptr<PooledConnection> connection);
    void release(PooledConnection *connection);
    std::unique_ptr<PooledConnection> takeOut(PooledConnection *connection); // mutex held
    void parkConnectionsOf(QThread *thread);
    bool isExpired(const PooledConnection &c, Nanoseconds now) const;
    void housekeeperLoop();

    PoolConfig m_config;
    const Clock &m_clock;
    mutable std::mutex m_mutex;
    const QString m_databasePath;
    const Engine &m_engine;
    std::condition_variable m_available;
    std::vector<std::unique_ptr<PooledConnection>> m_connections;
    std::vector<PooledConnection *> m_idle;
    int m_opening = 0; // connections being opened outside the lock
    int m_waiting = 0;
    bool m_shutdown = false;
    qint64 m_acquires = 0, m_exhaustion = 0, m_timeouts = 0, m_created = 0, m_retired = 0;
    qint64 m_leaks = 0, m_handovers = 0;
    LatencyRecorder m_acquireTime;
    LatencyRecorder m_leaseTime;
    QString m_journalMode;

    std::thread m_housekeeper;
    std::mutex m_housekeeperMutex;
    std::condition_variable m_housekeeperWake;
    bool m_housekeeperStop = false;
    std::atomic<bool> m_housekeeperRunning { false };
};

} // namespace backupdb
