// VACUUM on a schedule, in quiet periods (M4, improvement 13). Every interval it looks whether
// anyone but itself used the database since the last look; once the database has been quiet for
// VacuumPolicy::quietFor and enough of the file is free (SizeMonitor::shouldVacuum), it
// vacuums. Timing uses the injectable monotonic clock.
// Thread-safety: a QObject of the thread that runs its timer (vacuum runs there too, so give it
// a thread of its own, or drive tick() from a worker).
#pragma once

#include "sizemonitor.h"

#include <QObject>
#include <QTimer>

namespace backupdb {

class VacuumScheduler : public QObject
{
    Q_OBJECT

public:
    VacuumScheduler(Database &database, SizeMonitor &size, const VacuumPolicy &policy,
                    const Clock &clock = SteadyClock::instance(), QObject *parent = nullptr);

    void start(Milliseconds interval);
    void stop();
    void setPolicy(const VacuumPolicy &policy) { m_policy = policy; }

    // One look now: returns true if it vacuumed.
    bool tick();

signals:
    void vacuumed(qint64 bytesFreed);
    void failed(const QString &message);

private:
    qint64 acquires() const;

    Database &m_db;
    SizeMonitor &m_size;
    VacuumPolicy m_policy;
    const Clock &m_clock;
    QTimer m_timer;
    qint64 m_acquiresAfterLastLook = -1;
    Nanoseconds m_quietSince {};
};

} // namespace backupdb
