// Wall-clock time for schedules ("daily 03:00" is a time of day, which a monotonic clock does not
// know). Injectable so that tests can move the day forward without waiting for it.
// Thread-safety: now() may be called from any thread.
#pragma once

#include <QDateTime>
#include <mutex>

namespace backupdb {

class WallClock
{
public:
    virtual ~WallClock() = default;
    virtual QDateTime now() const = 0; // local time (schedules are written in local time)
};

class SystemWallClock final : public WallClock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTime(); }
    static SystemWallClock &instance()
    {
        static SystemWallClock clock;
        return clock;
    }
};

// A clock that only moves when told to; for tests of schedules.
class ManualWallClock final : public WallClock
{
public:
    explicit ManualWallClock(const QDateTime &start) : m_now(start) { }
    QDateTime now() const override
    {
        const std::lock_guard lock(m_mutex);
        return m_now;
    }
    void set(const QDateTime &at)
    {
        const std::lock_guard lock(m_mutex);
        m_now = at;
    }
    void advance(qint64 seconds)
    {
        const std::lock_guard lock(m_mutex);
        m_now = m_now.addSecs(seconds);
    }

private:
    // std::mutex, not QMutex: ThreadSanitizer sees its locking (Qt is not built with TSan).
    mutable std::mutex m_mutex;
    QDateTime m_now;
};

} // namespace backupdb
