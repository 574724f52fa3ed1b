// What the pool-load suites (tst_poolload on SQLite, tst_pgreliability on PostgreSQL) watch and
// check: a sampler thread that reads the pool's metrics while the load runs, and the state the
// pool must settle in afterwards.
// Thread-safety: the sampler reads the pool (thread-safe) from its own thread; its figures are
// atomics, read by the test's thread after stop().
#pragma once

#include "db/connectionpool.h"

#include <QString>
#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <thread>
#include <vector>

namespace backupdb::reliability {

// The pool of a load test on location: sizes as given, a long acquire timeout (a borrower
// waits rather than fails), and leak detection, housekeeping and overflow idling fast enough to
// happen many times during the load.
inline PoolConfig loadConfig(const QString &location, const QString &name, int coreSize,
                             int maxOverflow, Milliseconds busyTimeout)
{
    PoolConfig config;
    config.databasePath = location;
    config.name = name;
    config.coreSize = coreSize;
    config.maxOverflow = maxOverflow;
    config.acquireTimeout = Milliseconds(30000);
    config.leakThreshold = Milliseconds(40);
    config.housekeepingInterval = Milliseconds(20);
    config.idleTimeout = Milliseconds(50); // overflow connections come and go
    config.busyTimeout = busyTimeout;
    return config;
}

// Samples the pool every millisecond until stop() (or destruction): the most connections open
// and leased at once, and how often more than the pool's limit were open.
class PoolSampler
{
public:
    PoolSampler(const ConnectionPool &pool, int limit)
        : m_thread([this, &pool, limit] {
            while (!m_stop.load()) {
                const PoolMetrics m = pool.metrics();
                maxOpen = std::max(maxOpen.load(), m.size);
                maxActive = std::max(maxActive.load(), m.active);
                overLimit += m.size > limit ? 1 : 0;
                ++samples;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        })
    { }
    ~PoolSampler() { stop(); }
    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }

    std::atomic<int> maxOpen { 0 }, maxActive { 0 };
    std::atomic<qint64> samples { 0 }, overLimit { 0 };

private:
    std::atomic<bool> m_stop { false };
    std::thread m_thread;
};

// The load: cycle(t, i) for i < perThread on each of `threads` threads, all at once. A
// std::runtime_error that cycle throws (a failure inside a lease) ends that cycle only; the
// number of them is returned.
inline qint64 runLoad(int threads, qint64 perThread,
                      const std::function<void(int thread, qint64 cycle)> &cycle)
{
    std::atomic<qint64> caught { 0 };
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            for (qint64 i = 0; i < perThread; ++i) {
                try {
                    cycle(t, i);
                } catch (const std::runtime_error &) {
                    ++caught;
                }
            }
        });
    }
    for (std::thread &w : workers)
        w.join();
    return caught;
}

// The pool once the load is over: nothing leased or waiting, every open connection idle, no
// more open than allowed and at least the core, every acquire counted, none timed out, leaks
// detected and logged alike. Empty when all of that holds, else the first that does not.
inline QString checkSettled(const PoolMetrics &m, const PoolConfig &config,
                            const PoolSampler &sampler, qint64 expectedAcquires, int leaksLogged)
{
    const int limit = config.coreSize + config.maxOverflow;
    if (sampler.samples == 0)
        return QStringLiteral("the sampler took no sample");
    if (sampler.overLimit != 0 || sampler.maxOpen > limit)
        return QStringLiteral("%1 connections open, the limit is %2")
                .arg(sampler.maxOpen.load())
                .arg(limit);
    if (m.active != 0 || m.waiting != 0 || m.idle != m.size)
        return QStringLiteral("not settled: %1 active, %2 waiting, %3 idle of %4")
                .arg(m.active)
                .arg(m.waiting)
                .arg(m.idle)
                .arg(m.size);
    if (m.size < config.coreSize)
        return QStringLiteral("%1 open, fewer than the core %2").arg(m.size).arg(config.coreSize);
    if (m.acquires != expectedAcquires)
        return QStringLiteral("%1 acquires counted, %2 made").arg(m.acquires).arg(expectedAcquires);
    if (m.timeouts != 0)
        return QStringLiteral("%1 acquires timed out").arg(m.timeouts);
    if (m.leaksDetected < 1)
        return QStringLiteral("a lease held past the threshold was not detected");
    if (m.leaksDetected != leaksLogged)
        return QStringLiteral("%1 leaks detected, %2 logged").arg(m.leaksDetected).arg(leaksLogged);
    return QString();
}

} // namespace backupdb::reliability
