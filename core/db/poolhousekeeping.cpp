// ConnectionPool, continued: the housekeeping pass and its thread (lifetimes and leak reports,
// C4), and the snapshots the pool gives of itself (C5). The rest of the pool is in
// connectionpool.cpp.
#include "connectionpool.h"

#include "../common/logging.h"
#include "pooledconnection.h"

#include <algorithm>

namespace backupdb {

void ConnectionPool::runHousekeeping()
{
    const Nanoseconds now = m_clock.now();
    std::vector<std::unique_ptr<PooledConnection>> closing;
    {
        std::lock_guard lock(m_mutex);
        for (auto &c : m_connections) {
            if (c->inUse && !c->leakReported && now - c->leasedAt > m_config.leakThreshold) {
                c->leakReported = true;
                ++m_leaks;
                qCWarning(lcPool).noquote()
                        << "possible connection leak:" << c->name << "held for"
                        << QString::number(double((now - c->leasedAt).count()) / 1e9, 'f', 1)
                        << "s, taken at" << describe(c->leasedFrom);
            }
        }
        const Nanoseconds idleLimit = m_config.idleTimeout;
        for (auto *c : std::vector<PooledConnection *>(m_idle)) {
            const bool expired = isExpired(*c, now);
            const bool surplus = int(m_connections.size()) > m_config.coreSize
                    && now - c->idleSince >= idleLimit;
            if (!expired && !surplus)
                continue;
            if (c->parked) {
                closing.push_back(takeOut(c));
                ++m_retired;
            } else {
                c->retireRequested = true; // its thread closes it at its next pool call
            }
        }
    }
    for (auto &c : closing)
        closeConnection(std::move(c));
}

void ConnectionPool::housekeeperLoop()
{
    std::unique_lock lock(m_housekeeperMutex);
    while (!m_housekeeperStop) {
        m_housekeeperWake.wait_for(lock, m_config.housekeepingInterval,
                                   [this] { return m_housekeeperStop; });
        if (m_housekeeperStop)
            break;
        lock.unlock();
        runHousekeeping();
        lock.lock();
    }
    m_housekeeperRunning = false;
    // The housekeeper pulled connections only to close them; nothing of it outlives the loop.
}

bool ConnectionPool::isHousekeeperRunning() const
{
    return m_housekeeperRunning.load();
}

PoolMetrics ConnectionPool::metrics() const
{
    const Nanoseconds now = m_clock.now();
    std::lock_guard lock(m_mutex);
    PoolMetrics m;
    m.name = m_config.name;
    m.coreSize = m_config.coreSize;
    m.maxOverflow = m_config.maxOverflow;
    m.size = int(m_connections.size());
    m.active = m.size - int(m_idle.size());
    m.idle = int(m_idle.size());
    m.overflow = std::max(0, m.size - m_config.coreSize);
    m.waiting = m_waiting;
    m.utilisationPercent = 100.0 * m.active / std::max(1, m_config.coreSize);
    m.acquires = m_acquires;
    m.exhaustionEvents = m_exhaustion;
    m.timeouts = m_timeouts;
    m.created = m_created;
    m.retired = m_retired;
    m.leaksDetected = m_leaks;
    m.handovers = m_handovers;
    double ageSum = 0;
    for (const auto &c : m_connections)
        ageSum += double((now - c->createdAt).count()) / 1e9;
    m.averageAgeSeconds = m_connections.empty() ? 0 : ageSum / double(m_connections.size());
    m.maxLifetimeSeconds = double(m_config.maxLifetime.count()) / 1000.0;
    m.housekeeperRunning = m_housekeeperRunning.load();
    m.acquireTime = m_acquireTime.summary();
    m.leaseTime = m_leaseTime.summary();
    return m;
}

QList<ConnectionPool::LeakReport> ConnectionPool::leaks() const
{
    const Nanoseconds now = m_clock.now();
    std::lock_guard lock(m_mutex);
    QList<LeakReport> out;
    for (const auto &c : m_connections) {
        if (c->inUse && now - c->leasedAt > m_config.leakThreshold)
            out.append({ c->name, describe(c->leasedFrom),
                         double((now - c->leasedAt).count()) / 1e9 });
    }
    return out;
}

} // namespace backupdb
