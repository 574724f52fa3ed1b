// Monotonic time for the pool and everything that measures a duration (fix 13: never the wall
// clock). Injectable so that tests can move time forward without sleeping.
// Thread-safety: now() may be called from any thread.
#pragma once

#include <QtGlobal>
#include <atomic>
#include <chrono>
#include <time.h>

namespace backupdb {

using Nanoseconds = std::chrono::nanoseconds;
using Milliseconds = std::chrono::milliseconds;

class Clock
{
public:
    virtual ~Clock() = default;
    // Time since an arbitrary fixed point; never goes backwards.
    virtual Nanoseconds now() const = 0;
    // The same clock read cheaply, with a resolution of a few milliseconds: for lease times and
    // leak detection, where the pool's fast path cannot afford two precise reads.
    virtual Nanoseconds coarseNow() const { return now(); }
};

class SteadyClock final : public Clock
{
public:
    Nanoseconds now() const override
    {
        return std::chrono::duration_cast<Nanoseconds>(
                std::chrono::steady_clock::now().time_since_epoch());
    }
    Nanoseconds coarseNow() const override
    {
        timespec ts;
        clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
        return Nanoseconds(qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec);
    }
    static SteadyClock &instance()
    {
        static SteadyClock clock;
        return clock;
    }
};

// A clock that only moves when told to; for tests of lifetimes and timeouts.
class ManualClock final : public Clock
{
public:
    Nanoseconds now() const override { return Nanoseconds(m_now.load()); }
    void advance(Nanoseconds by) { m_now += by.count(); }

private:
    std::atomic<long long> m_now { 1'000'000'000 };
};

} // namespace backupdb
