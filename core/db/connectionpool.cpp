#include "connectionpool.h"

#include "../common/logging.h"
#include "pooledconnection.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>
#include <algorithm>

namespace backupdb {

// ---------------------------------------------------------------------------------------------
// Thread exit: park the connections a finishing thread still holds idle, so they are not
// stranded in a thread that no longer exists.

namespace {
std::mutex g_registryMutex;
std::vector<ConnectionPool *> g_pools;
} // namespace

struct ThreadExitGuard
{
    ~ThreadExitGuard()
    {
        std::lock_guard registry(g_registryMutex);
        for (ConnectionPool *pool : g_pools)
            pool->parkConnectionsOf(QThread::currentThread());
    }
};

static void armThreadExitGuard()
{
    thread_local ThreadExitGuard guard;
    (void)guard;
}

// ---------------------------------------------------------------------------------------------

namespace {
std::atomic<const QThread *> g_forbiddenThread { nullptr };
std::atomic<qint64> g_forbiddenAcquires { 0 };
} // namespace

void ConnectionPool::forbidThread(const QThread *thread)
{
    g_forbiddenThread.store(thread);
}

qint64 ConnectionPool::forbiddenThreadAcquires()
{
    return g_forbiddenAcquires.load();
}

PoolConfig ConnectionPool::config() const
{
    std::lock_guard lock(m_mutex);
    return m_config;
}

ConnectionPool::ConnectionPool(PoolConfig config, const Clock &clock)
    : m_config(std::move(config))
    , m_clock(clock)
    , m_databasePath(m_config.databasePath)
    , m_engine(engineFor(m_databasePath))
{
    std::lock_guard registry(g_registryMutex);
    g_pools.push_back(this);
}

ConnectionPool::~ConnectionPool()
{
    shutdown();
    std::lock_guard registry(g_registryMutex);
    g_pools.erase(std::remove(g_pools.begin(), g_pools.end(), this), g_pools.end());
}

DbError ConnectionPool::start()
{
    if (const QString problem = m_config.validate(); !problem.isEmpty())
        return DbError::invalidInput(QStringLiteral("pool"), problem);
    // Open the core connections now, so that a bad file fails here, and park them for
    // whichever thread borrows first.
    std::vector<ConnectionLease> leases;
    for (int i = 0; i < m_config.coreSize; ++i) {
        auto lease = acquire();
        if (!lease)
            return lease.error();
        leases.push_back(std::move(lease.value()));
    }
    {
        std::lock_guard lock(m_mutex);
        for (auto &lease : leases)
            lease.m_connection->parkRequested = true; // released below: parked, not kept here
    }
    leases.clear();

    if (m_config.housekeepingInterval.count() > 0 && !m_housekeeper.joinable()) {
        m_housekeeperStop = false;
        m_housekeeperRunning = true;
        m_housekeeper = std::thread([this] { housekeeperLoop(); });
    }
    return DbError();
}

void ConnectionPool::shutdown()
{
    {
        std::lock_guard lock(m_housekeeperMutex);
        m_housekeeperStop = true;
    }
    m_housekeeperWake.notify_all();
    if (m_housekeeper.joinable())
        m_housekeeper.join();
    m_housekeeperRunning = false;

    std::vector<std::unique_ptr<PooledConnection>> closing;
    {
        std::lock_guard lock(m_mutex);
        m_shutdown = true;
        for (auto *c : std::vector<PooledConnection *>(m_idle))
            closing.push_back(takeOut(c));
        for (auto &c : m_connections)
            qCWarning(lcPool).noquote() << "shutdown: connection" << c->name
                                        << "is still leased, taken at" << describe(c->leasedFrom);
    }
    m_available.notify_all();
    for (auto &c : closing)
        closeConnection(std::move(c));
}

Result<ConnectionLease> ConnectionPool::acquire(std::source_location where)
{
    armThreadExitGuard();
    QThread *self = QThread::currentThread();
    if (self == g_forbiddenThread.load(std::memory_order_relaxed)) {
        g_forbiddenAcquires.fetch_add(1);
        qCWarning(lcPool).noquote() << "a connection was asked for on the forbidden (GUI) thread by"
                                    << where.function_name() << "at"
                                    << QStringLiteral("%1:%2").arg(QString::fromUtf8(where.file_name())).arg(where.line());
    }
    // The fast path reads the clock once (for the lease time); an acquire that has to open a
    // connection or wait measures its own duration from here. A fast-path acquire is recorded
    // as taking no time: it takes well under the first histogram bucket (5 us).
    Nanoseconds start {};
    std::chrono::steady_clock::time_point waitDeadline {};
    const auto slowPath = [&] {
        if (start.count() == 0) {
            start = m_clock.now();
            waitDeadline = std::chrono::steady_clock::now() + m_config.acquireTimeout;
        }
    };
    bool exhausted = false;

    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_shutdown)
            return DbError(DbError::Kind::Internal,
                           QStringLiteral("the connection pool is shut down"));

        // 1. this thread's own idle connection; 2. a parked one.
        PooledConnection *pick = nullptr;
        for (auto *c : m_idle) {
            if (c->owner == self) {
                pick = c;
                break;
            }
        }
        if (!pick) {
            for (auto *c : m_idle) {
                if (c->parked) {
                    pick = c;
                    break;
                }
            }
        }
        if (pick) {
            m_idle.erase(std::find(m_idle.begin(), m_idle.end(), pick));
            const Nanoseconds now = start.count() == 0 ? m_clock.coarseNow() : m_clock.now();
            if (isExpired(*pick, now) || pick->retireRequested) {
                auto retired = takeOut(pick);
                ++m_retired;
                lock.unlock();
                closeConnection(std::move(retired));
                lock.lock();
                continue;
            }
            pick->inUse = true;
            pick->parkRequested = false;
            pick->leasedAt = now;
            pick->leasedFrom = where;
            pick->leakReported = false;
            ++m_acquires;
            m_acquireTime.record(start.count() == 0 ? Nanoseconds(0) : now - start);
            const bool pull = pick->parked;
            if (pull)
                ++m_handovers;
            lock.unlock();
            if (pull) {
                pick->db.driver()->moveToThread(self);
                pick->parked = false;
                pick->owner = self;
            }
            return ConnectionLease(this, pick);
        }

        // 3. open another connection while under the bound.
        const int total = int(m_connections.size()) + m_opening;
        slowPath();
        if (total < m_config.coreSize + m_config.maxOverflow) {
            ++m_opening;
            lock.unlock();
            auto opened = openConnection();
            lock.lock();
            --m_opening;
            if (!opened) {
                m_available.notify_one();
                return opened.error();
            }
            PooledConnection *c = opened.value();
            const Nanoseconds now = m_clock.now();
            c->inUse = true;
            c->leasedAt = now;
            c->leasedFrom = where;
            ++m_acquires;
            ++m_created;
            m_acquireTime.record(now - start);
            return ConnectionLease(this, c);
        }

        // 4. wait; ask threads that hold idle connections to let them go.
        if (!exhausted) {
            exhausted = true;
            ++m_exhaustion;
        }
        for (auto *c : m_idle) {
            if (!c->parked)
                c->parkRequested = true;
        }
        ++m_waiting;
        const auto status = m_available.wait_until(lock, waitDeadline);
        --m_waiting;
        if (status == std::cv_status::timeout && std::chrono::steady_clock::now() >= waitDeadline) {
            ++m_timeouts;
            const int active = int(std::count_if(m_connections.begin(), m_connections.end(),
                                                 [](const auto &c) { return c->inUse; }));
            return DbError(DbError::Kind::PoolTimeout,
                           QStringLiteral("no database connection became free within %1 ms "
                                          "(%2 open, %3 in use, %4 waiting)")
                                   .arg(m_config.acquireTimeout.count())
                                   .arg(m_connections.size())
                                   .arg(active)
                                   .arg(m_waiting + 1));
        }
    }
}

Result<PooledConnection *> ConnectionPool::openConnection()
{
    // Opened outside the lock: with a copy of the configuration, which reconfigure() may
    // replace meanwhile.
    const PoolConfig cfg = config();
    auto c = std::make_unique<PooledConnection>(cfg.statementCacheSize);
    static std::atomic<quint64> serial { 0 };
    // Qt's connection names are process-wide: make them unique across pools.
    const QString qtName = QStringLiteral("backupdb-%1-%2").arg(cfg.name).arg(++serial);
    const QString path = cfg.databasePath;
    QString journal;
    DbError error = m_engine.openConnection(*c, qtName, cfg, &journal);
    if (error) {
        c->statements.clear();
        if (c->db.isOpen())
            c->db.close();
        c->db = QSqlDatabase();
        QSqlDatabase::removeDatabase(qtName);
        return error;
    }
    if (journal != QLatin1String("wal")) {
        // Fix 16: say so when WAL is not available (network drives, read-only media).
        qCWarning(lcPool).noquote() << "WAL journal mode unavailable for" << path << "- using"
                                    << journal << "(readers may wait behind the writer)";
    }
    c->name = qtName;
    c->access = cfg.access;
    c->owner = QThread::currentThread();
    const Nanoseconds now = m_clock.now();
    c->createdAt = now;
    const double jitter = cfg.lifetimeJitter * QRandomGenerator::global()->generateDouble();
    c->retireAt
            = now + std::chrono::duration_cast<Nanoseconds>(cfg.maxLifetime * (1.0 - jitter));
    PooledConnection *raw = c.get();
    std::lock_guard lock(m_mutex);
    m_journalMode = journal;
    m_connections.push_back(std::move(c));
    return raw;
}

void ConnectionPool::closeConnection(std::unique_ptr<PooledConnection> c)
{
    if (c->parked)
        c->db.driver()->moveToThread(QThread::currentThread());
    c->statements.clear();
    c->nativeStatements.clear(); // finalize: unfinalized statements would keep it from closing
    const QString qtName = c->db.connectionName();
    c->db.close();
    c->db = QSqlDatabase();
    c.reset();
    QSqlDatabase::removeDatabase(qtName);
}

std::unique_ptr<PooledConnection> ConnectionPool::takeOut(PooledConnection *connection)
{
    m_idle.erase(std::remove(m_idle.begin(), m_idle.end(), connection), m_idle.end());
    auto it = std::find_if(m_connections.begin(), m_connections.end(),
                           [connection](const auto &c) { return c.get() == connection; });
    Q_ASSERT(it != m_connections.end());
    auto owned = std::move(*it);
    m_connections.erase(it);
    return owned;
}

bool ConnectionPool::isExpired(const PooledConnection &c, Nanoseconds now) const
{
    return now >= c.retireAt;
}

void ConnectionPool::release(PooledConnection *c)
{
    QThread *self = QThread::currentThread();
    c->statements.finishAll();
    if (m_engine.inTransaction(c->handle)) {
        qCWarning(lcPool).noquote() << "connection" << c->name
                                    << "returned inside a transaction; rolling back. Taken at"
                                    << describe(c->leasedFrom);
        m_engine.execute(c->handle, QStringLiteral("ROLLBACK"));
    }
    c->transactionDepth = 0;
    c->guard.deadlineNs.store(0, std::memory_order_relaxed); // published by the mutex below
    c->guard.cancelFlag.store(nullptr, std::memory_order_relaxed);

    const Nanoseconds now = m_clock.coarseNow();
    std::unique_lock lock(m_mutex);
    m_leaseTime.record(std::max(Nanoseconds(0), now - c->leasedAt));
    const bool ownedHere = c->owner == self;
    if (ownedHere && (m_shutdown || c->retireRequested || isExpired(*c, now))) {
        auto retired = takeOut(c);
        ++m_retired;
        lock.unlock();
        closeConnection(std::move(retired));
        m_available.notify_one();
        return;
    }
    bool park = m_waiting > 0 || c->parkRequested
            || int(m_connections.size()) > m_config.coreSize; // overflow: let housekeeping close it
    if (!park) {
        // Keep it in this thread only if another borrower could still get a connection without
        // this thread's help: a parked one, or room to open one. So an idle thread can never
        // sit on the last connection while others wait.
        int available
                = m_config.coreSize + m_config.maxOverflow - int(m_connections.size()) - m_opening;
        for (auto *idle : m_idle)
            available += idle->parked ? 1 : 0;
        park = available < 1;
    }
    if (!park) {
        for (auto *idle : m_idle) {
            if (idle->owner == self) { // keep one affine connection per thread
                park = true;
                break;
            }
        }
    }
    if (park && ownedHere) {
        lock.unlock(); // still marked in use: nobody else touches it meanwhile
        c->statements.clear();
        c->db.driver()->moveToThread(nullptr);
        lock.lock();
        c->parked = true;
        c->owner = nullptr;
        c->parkRequested = false;
    }
    c->inUse = false;
    c->idleSince = now;
    m_idle.push_back(c);
    const bool someoneWaits = m_waiting > 0;
    lock.unlock();
    if (someoneWaits)
        m_available.notify_one();
}

void ConnectionPool::parkConnectionsOf(QThread *thread)
{
    std::vector<PooledConnection *> mine;
    {
        std::lock_guard lock(m_mutex);
        for (auto *c : m_idle) {
            if (c->owner == thread && !c->parked) {
                c->inUse = true; // hold it while parking outside the lock
                mine.push_back(c);
            }
        }
        for (auto *c : mine)
            m_idle.erase(std::find(m_idle.begin(), m_idle.end(), c));
    }
    for (auto *c : mine) {
        c->statements.clear();
        c->db.driver()->moveToThread(nullptr);
    }
    {
        std::lock_guard lock(m_mutex);
        for (auto *c : mine) {
            c->parked = true;
            c->owner = nullptr;
            c->inUse = false;
            m_idle.push_back(c);
        }
    }
    if (!mine.empty())
        m_available.notify_all();
}

QString ConnectionPool::journalMode() const
{
    std::lock_guard lock(m_mutex);
    return m_journalMode;
}

DbError ConnectionPool::reconfigure(const PoolConfig &config)
{
    if (const QString problem = config.validate(); !problem.isEmpty())
        return DbError::invalidInput(QStringLiteral("pool"), problem);
    if (config.databasePath != m_config.databasePath || config.access != m_config.access)
        return DbError::invalidInput(
                QStringLiteral("pool"),
                QStringLiteral("path and access mode cannot change while open"));
    std::lock_guard lock(m_mutex);
    const QString name = m_config.name;
    const auto interval = m_config.housekeepingInterval; // the running thread keeps its interval
    m_config = config;
    m_config.name = name;
    m_config.housekeepingInterval = interval;
    m_available.notify_all();
    return DbError();
}

} // namespace backupdb
