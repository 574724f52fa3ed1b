#include "pginterrupt.h"

#include "clock.h"
#include "engine.h"

#include <libpq-fe.h>
#include <QtGlobal>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

namespace backupdb::pg {

namespace {

// How often the watchdog looks: the precision of a PostgreSQL statement timeout and how soon a
// cancel takes effect (SQLite's handler looks every 1000 VM steps, well under a millisecond).
constexpr std::chrono::milliseconds kInterval { 5 };
constexpr std::chrono::nanoseconds kFlagRepeat = std::chrono::milliseconds(50);

struct Watched
{
    PGconn *conn = nullptr;
    StatementGuard *guard = nullptr;
    PGcancel *cancel = nullptr;
    long long cancelledDeadline = 0; // the deadline whose statement was cancelled
    long long flagSentNs = std::numeric_limits<long long>::min() / 2; // last cancel for the flag
};

class Watchdog
{
public:
    static Watchdog &instance()
    {
        static Watchdog watchdog;
        return watchdog;
    }

    ~Watchdog()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable())
            m_thread.join();
    }

    Watched *add(PGconn *conn, StatementGuard *guard, PGcancel *cancel)
    {
        auto *w = new Watched { conn, guard, cancel };
        {
            std::lock_guard lock(m_mutex);
            m_watched.push_back(w);
            if (!m_thread.joinable())
                m_thread = std::thread([this] { loop(); });
        }
        m_wake.notify_all();
        return w;
    }

    void remove(Watched *w)
    {
        {
            // Under the mutex: the loop never sends for a connection that is going away.
            std::lock_guard lock(m_mutex);
            m_watched.erase(std::remove(m_watched.begin(), m_watched.end(), w), m_watched.end());
        }
        PQfreeCancel(w->cancel);
        delete w;
    }

    // Whether an interrupt of conn's statement is due now (the watchdog would send one).
    bool interruptDue(PGconn *conn)
    {
        std::lock_guard lock(m_mutex);
        for (const Watched *w : m_watched) {
            if (w->conn != conn)
                continue;
            const std::atomic<bool> *flag = w->guard->cancelFlag.load();
            const long long deadline = w->guard->deadlineNs.load();
            return w->guard->reason.load() != 0 || (flag && flag->load())
                    || (deadline != 0 && SteadyClock::instance().now().count() >= deadline);
        }
        return false;
    }

private:
    void loop()
    {
        std::unique_lock lock(m_mutex);
        while (!m_stop) {
            if (m_watched.empty()) {
                m_wake.wait(lock, [this] { return m_stop || !m_watched.empty(); });
                continue;
            }
            m_wake.wait_for(lock, kInterval, [this] { return m_stop; });
            const long long now = SteadyClock::instance().now().count();
            for (Watched *w : m_watched)
                look(*w, now);
        }
    }

    static void look(Watched &w, long long now)
    {
        StatementGuard &guard = *w.guard;
        const long long deadline = guard.deadlineNs.load();
        const std::atomic<bool> *flag = guard.cancelFlag.load();
        int reason = 0;
        // A set cancel flag stops every statement armed with it (as SQLite's handler does),
        // asked again at most every kFlagRepeat while it stays armed; a deadline stops the one
        // statement that armed it (each arming has a deadline of its own).
        if (flag && flag->load() && now - w.flagSentNs >= kFlagRepeat.count())
            reason = 2;
        else if (deadline != 0 && deadline != w.cancelledDeadline && now >= deadline)
            reason = 1;
        if (reason == 0)
            return;
        // Disarmed meanwhile: that statement is over, and the next one is not this one's.
        if (guard.deadlineNs.load() != deadline || guard.cancelFlag.load() != flag)
            return;
        if (reason == 1)
            w.cancelledDeadline = deadline;
        else
            w.flagSentNs = now;
        guard.reason.store(reason);
        char why[256];
        PQcancel(w.cancel, why, int(sizeof why)); // not sent: the statement runs on to its end
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<Watched *> m_watched;
    std::thread m_thread;
    bool m_stop = false;
};

} // namespace

std::shared_ptr<void> watchStatements(pg_conn *conn, StatementGuard *guard)
{
    PGcancel *cancel = PQgetCancel(conn);
    if (!cancel)
        return nullptr;
    Watched *w = Watchdog::instance().add(conn, guard, cancel);
    return std::shared_ptr<void>(w, [](void *p) { Watchdog::instance().remove(static_cast<Watched *>(p)); });
}

bool isStaleCancel(pg_conn *conn, const QString &sqlState)
{
    return sqlState == QLatin1String("57014") && !Watchdog::instance().interruptDue(conn);
}

} // namespace backupdb::pg
