// Scheduled maintenance for `backupdb-cli service` (issue 14): from the [schedule] section of the
// configuration, a quick check (nightly) and a full check (weekly), a verified backup after each
// passing check (skipped, logged and recorded as not done when the check does not pass),
// retention after the backup, and checkpoint and vacuum; every run recorded in the maintenance
// history.
//
// tick() (every second from start()'s timer, or by hand in tests) starts the due tasks as one
// chain on a thread of its own, so that the metrics endpoint stays responsive during a long
// check. The chain holds the database's MaintenanceLock: nothing else (the GUI, the CLI, another
// service) runs maintenance meanwhile, and a chain that finds the lock taken records its tasks
// as skipped. stop() cancels the running task through its cancel flag (a cancelled backup leaves
// no file) and waits for the chain. A task whose last run is older than its period (the service
// was stopped when it was due) is due at once.
// Thread-safety: a QObject of the thread that created it (it needs that thread's event loop);
// its signals are emitted on the chain's thread and are meant for queued connections.
#pragma once

#include "config.h"
#include "schedulespec.h"
#include "wallclock.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <atomic>

class QThread;

namespace backupdb {

class Session;
struct MaintenanceRun;

class MaintenanceScheduler final : public QObject
{
    Q_OBJECT
public:
    struct Plan
    {
        ScheduleSpec quickCheck, fullCheck, checkpoint, vacuum;
        bool backupAfterCheck = true;
        QString backupFolder;
        int keepLast = 0;
        int keepDays = 0;
        qint64 vacuumQuietSeconds = 300;
        int historyKeepDays = 90;
    };

    explicit MaintenanceScheduler(Session &session,
                                  const WallClock &clock = SystemWallClock::instance(),
                                  QObject *parent = nullptr);
    ~MaintenanceScheduler() override; // stops
    Q_DISABLE_COPY_MOVE(MaintenanceScheduler)

    // The plan of config; every schedule text is checked and a bad one refuses the whole
    // configuration (the plan in effect stays). backupFolder: where backups go.
    static Result<Plan> planFor(const AppConfig &config, const QString &backupFolder);
    // Takes plan (from now on); tasks whose schedule changed are rescheduled.
    void setPlan(const Plan &plan);
    Plan plan() const { return m_plan; }

    void start(); // ticks every second
    // Cancels the running task, waits for the chain to end, stops ticking.
    void stop();
    // Starts the due tasks if none are running; returns whether it started a chain.
    bool tick();
    bool isRunning() const { return m_thread != nullptr; }
    QDateTime nextDue(const QString &task) const { return m_next.value(task); }

Q_SIGNALS:
    void taskStarted(const QString &task);
    void taskFinished(const backupdb::MaintenanceRun &run);
    void chainFinished();

private:
    void reschedule(const QString &task, const ScheduleSpec &spec, const ScheduleSpec &old);
    void runChain(const QStringList &tasks, const Plan &plan); // on the chain's thread
    void onChainFinished();

    Session &m_session;
    const WallClock &m_clock;
    Plan m_plan;
    bool m_hasPlan = false;
    QHash<QString, QDateTime> m_next; // task -> when it is due
    QTimer m_timer;
    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancel { false };
};

} // namespace backupdb
