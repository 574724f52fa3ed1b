#include "maintenancescheduler.h"

#include "../common/logging.h"
#include "../maintenance/maintenancehistory.h"
#include "../maintenance/maintenancelock.h"
#include "../session.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QThread>

namespace backupdb {

namespace {

using Run = MaintenanceRun;

// The tasks in the order a chain runs them: the check before the backup that depends on it;
// vacuum before the checkpoint, whose write to the file would end the quiet period it measures.
const QStringList kOrder { QStringLiteral("full_check"), QStringLiteral("quick_check"),
                           QStringLiteral("backup"),     QStringLiteral("retention"),
                           QStringLiteral("vacuum"),     QStringLiteral("checkpoint") };

Run::Result resultOf(const DbError &e)
{
    return e.kind() == DbError::Kind::Cancelled ? Run::Result::Cancelled : Run::Result::Failed;
}

// The newest change of the database file or its WAL, for "quiet for N seconds": the server's
// own writes are seen here, which this process's pool counters could not show.
QDateTime lastWrite(const QString &path)
{
    QDateTime newest = QFileInfo(path).lastModified();
    const QFileInfo wal(path + QStringLiteral("-wal"));
    if (wal.exists() && wal.lastModified() > newest)
        newest = wal.lastModified();
    return newest;
}

class ChainRunner
{
public:
    ChainRunner(Session &session, const MaintenanceScheduler::Plan &plan,
                const std::atomic<bool> &cancel)
        : m_session(session), m_plan(plan), m_cancel(cancel)
    { }

    void check(Run &run, IntegrityReport::Depth depth)
    {
        auto report = m_session.integrity().check(depth, {}, &m_cancel);
        if (!report) {
            fail(run, report.error());
            return;
        }
        run.details = { { QStringLiteral("integrity"), report->integrity() },
                        { QStringLiteral("foreign_key_violations"), report->foreignKeyViolations },
                        { QStringLiteral("orphaned_files"), report->orphanedFiles },
                        { QStringLiteral("findings"), qint64(report->findings.size()) } };
        m_checkPassed = report->ok();
        run.result = m_checkPassed ? Run::Result::Ok : Run::Result::Problems;
        run.message = m_checkPassed
                ? QStringLiteral("no problems")
                : QStringLiteral("problems found: integrity %1, %2 foreign-key violations, %3 "
                                 "orphaned files")
                          .arg(report->integrity())
                          .arg(report->foreignKeyViolations)
                          .arg(report->orphanedFiles);
        m_checkRan = true;
    }

    void backup(Run &run)
    {
        if (!m_checkRan || !m_checkPassed) {
            run.result = Run::Result::Skipped;
            run.message = m_checkRan
                    ? QStringLiteral("the check before it did not pass")
                    : QStringLiteral("the check before it did not run");
            return;
        }
        BackupOptions options; // retention is a step of its own, with its own history row
        auto info = m_session.backups().backup(m_plan.backupFolder, options, {}, &m_cancel);
        if (!info) {
            fail(run, info.error());
            return;
        }
        m_backupDone = info->verified;
        run.result = info->verified ? Run::Result::Ok : Run::Result::Failed;
        run.message = info->verified ? QStringLiteral("verified backup %1").arg(info->path)
                                     : QStringLiteral("backup %1 failed verification: %2")
                                               .arg(info->path, info->verifyMessage);
        run.details = { { QStringLiteral("path"), info->path },
                        { QStringLiteral("bytes"), info->bytes },
                        { QStringLiteral("verified"), info->verified } };
    }

    bool retentionWanted() const
    {
        return m_backupDone && (m_plan.keepLast > 0 || m_plan.keepDays > 0);
    }

    void retention(Run &run)
    {
        auto removed = m_session.backups().applyRetention(m_plan.backupFolder,
                                                          { m_plan.keepLast, m_plan.keepDays });
        if (!removed) {
            fail(run, removed.error());
            return;
        }
        run.message = QStringLiteral("%1 old backups removed").arg(removed->size());
        run.details = { { QStringLiteral("removed"), QJsonArray::fromStringList(removed.value()) } };
    }

    void checkpoint(Run &run)
    {
        auto r = m_session.size().checkpoint();
        if (!r) {
            fail(run, r.error());
            return;
        }
        run.message = QStringLiteral("%1 of %2 WAL frames checkpointed%3")
                              .arg(r->checkpointedFrames)
                              .arg(r->walFrames)
                              .arg(r->busy ? QStringLiteral(" (a reader kept the rest)") : QString());
        run.details = { { QStringLiteral("wal_frames"), r->walFrames },
                        { QStringLiteral("checkpointed_frames"), r->checkpointedFrames },
                        { QStringLiteral("busy"), r->busy } };
    }

    // Whether a vacuum is due now: the file quiet long enough and enough free pages. True also
    // when the size cannot be read, so that vacuum() records that failure.
    bool vacuumWanted()
    {
        auto size = m_session.size().report();
        if (!size)
            return true;
        VacuumPolicy policy;
        policy.quietFor = Milliseconds(m_plan.vacuumQuietSeconds * 1000);
        const Milliseconds quietFor(lastWrite(m_session.path()).msecsTo(QDateTime::currentDateTime()));
        return SizeMonitor::shouldVacuum(size.value(), policy, quietFor);
    }

    void vacuum(Run &run)
    {
        if (auto size = m_session.size().report(); !size) {
            fail(run, size.error());
            return;
        }
        auto freed = m_session.size().vacuum(&m_cancel);
        if (!freed) {
            fail(run, freed.error());
            return;
        }
        run.message = QStringLiteral("%1 bytes given back").arg(freed.value());
        run.details = { { QStringLiteral("bytes_freed"), freed.value() } };
    }

    static void fail(Run &run, const DbError &e)
    {
        run.result = resultOf(e);
        run.message = e.message();
    }

private:
    Session &m_session;
    const MaintenanceScheduler::Plan &m_plan;
    const std::atomic<bool> &m_cancel;
    bool m_checkRan = false;
    bool m_checkPassed = false;
    bool m_backupDone = false;
};

} // namespace

MaintenanceScheduler::MaintenanceScheduler(Session &session, const WallClock &clock,
                                           QObject *parent)
    : QObject(parent), m_session(session), m_clock(clock)
{
    qRegisterMetaType<backupdb::MaintenanceRun>();
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &MaintenanceScheduler::tick);
}

MaintenanceScheduler::~MaintenanceScheduler()
{
    stop();
}

Result<MaintenanceScheduler::Plan> MaintenanceScheduler::planFor(const AppConfig &config,
                                                                 const QString &backupFolder)
{
    Plan plan;
    const QList<QPair<QString, ScheduleSpec *>> specs {
        { config.scheduleQuickCheck, &plan.quickCheck },
        { config.scheduleFullCheck, &plan.fullCheck },
        { config.scheduleCheckpoint, &plan.checkpoint },
        { config.scheduleVacuum, &plan.vacuum },
    };
    for (const auto &[text, spec] : specs) {
        auto parsed = ScheduleSpec::parse(text);
        if (!parsed)
            return parsed.error();
        *spec = parsed.value();
    }
    if (config.scheduleBackup != QLatin1String("after-check")
        && config.scheduleBackup != QLatin1String("off"))
        return DbError::invalidInput(QStringLiteral("schedule/backup"),
                                     QStringLiteral("expected \"after-check\" or \"off\""));
    plan.backupAfterCheck = config.scheduleBackup == QLatin1String("after-check");
    if (backupFolder.isEmpty())
        return DbError::invalidInput(QStringLiteral("backup folder"), QStringLiteral("is empty"));
    plan.backupFolder = backupFolder;
    plan.keepLast = config.backupKeepLast;
    plan.keepDays = config.backupKeepDays;
    plan.vacuumQuietSeconds = config.vacuumQuietSeconds;
    plan.historyKeepDays = config.historyKeepDays;
    return plan;
}

void MaintenanceScheduler::setPlan(const Plan &plan)
{
    const Plan old = m_plan;
    const bool first = !m_hasPlan;
    m_plan = plan;
    m_hasPlan = true;
    if (first) {
        // A task that has not run within its period (the service was down when it was due, or
        // this is its first start) is due now; the others at their next time.
        QHash<QString, QDateTime> last;
        if (auto runs = m_session.maintenanceHistory().lastOfEachTask())
            for (const MaintenanceRun &r : runs.value())
                last.insert(r.task, r.startedAt.toLocalTime());
        const QDateTime now = m_clock.now();
        const auto initial = [&](const QString &task, const ScheduleSpec &spec) {
            if (spec.isOff())
                return;
            const QDateTime previous = last.value(task);
            const bool missed = !previous.isValid() || previous.secsTo(now) >= spec.periodSeconds();
            // "every N" keeps its rhythm from the last run (a restart does not push it back).
            const QDateTime next = missed ? now
                    : spec.kind() == ScheduleSpec::Kind::Every ? spec.nextAfter(previous)
                                                                : spec.nextAfter(now);
            m_next.insert(task, next);
        };
        initial(QStringLiteral("quick_check"), plan.quickCheck);
        initial(QStringLiteral("full_check"), plan.fullCheck);
        initial(QStringLiteral("checkpoint"), plan.checkpoint);
        initial(QStringLiteral("vacuum"), plan.vacuum);
        return;
    }
    reschedule(QStringLiteral("quick_check"), plan.quickCheck, old.quickCheck);
    reschedule(QStringLiteral("full_check"), plan.fullCheck, old.fullCheck);
    reschedule(QStringLiteral("checkpoint"), plan.checkpoint, old.checkpoint);
    reschedule(QStringLiteral("vacuum"), plan.vacuum, old.vacuum);
}

void MaintenanceScheduler::reschedule(const QString &task, const ScheduleSpec &spec,
                                      const ScheduleSpec &old)
{
    if (spec == old)
        return;
    if (spec.isOff())
        m_next.remove(task);
    else
        m_next.insert(task, spec.nextAfter(m_clock.now()));
}

void MaintenanceScheduler::start()
{
    m_timer.start();
}

void MaintenanceScheduler::stop()
{
    m_timer.stop();
    if (!m_thread)
        return;
    m_cancel = true;
    m_thread->wait();
    onChainFinished();
}

bool MaintenanceScheduler::tick()
{
    if (m_thread || !m_hasPlan)
        return false;
    const QDateTime now = m_clock.now();
    QStringList due;
    for (auto it = m_next.cbegin(); it != m_next.cend(); ++it)
        if (it->isValid() && *it <= now)
            due << it.key();
    if (due.isEmpty())
        return false;
    const auto specOf = [this](const QString &task) {
        return task == QLatin1String("quick_check") ? m_plan.quickCheck
                : task == QLatin1String("full_check") ? m_plan.fullCheck
                : task == QLatin1String("checkpoint") ? m_plan.checkpoint
                                                      : m_plan.vacuum;
    };
    for (const QString &task : due)
        m_next.insert(task, specOf(task).nextAfter(now));
    // A full check covers a quick one: both due runs only the full check.
    if (due.contains(QLatin1String("full_check")))
        due.removeAll(QStringLiteral("quick_check"));
    const bool checks = due.contains(QLatin1String("full_check"))
            || due.contains(QLatin1String("quick_check"));
    if (checks && m_plan.backupAfterCheck)
        due << QStringLiteral("backup") << QStringLiteral("retention");
    QStringList ordered;
    for (const QString &task : kOrder)
        if (due.contains(task))
            ordered << task;

    m_cancel = false;
    const Plan plan = m_plan;
    m_thread = QThread::create([this, ordered, plan] { runChain(ordered, plan); });
    connect(m_thread, &QThread::finished, this, &MaintenanceScheduler::onChainFinished);
    m_thread->start();
    return true;
}

void MaintenanceScheduler::onChainFinished()
{
    if (!m_thread)
        return;
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    Q_EMIT chainFinished();
}

void MaintenanceScheduler::runChain(const QStringList &tasks, const Plan &plan)
{
    ChainRunner runner(m_session, plan, m_cancel);
    auto lock = MaintenanceLock::acquire(m_session.path(),
                                         QStringLiteral("scheduled ") + tasks.join(u','));
    MaintenanceHistory &history = m_session.maintenanceHistory();
    for (const QString &task : tasks) {
        Run run;
        run.task = task;
        run.trigger = Run::Trigger::Schedule;
        run.startedAt = QDateTime::currentDateTimeUtc();
        if (task == QLatin1String("retention") && !runner.retentionWanted())
            continue;
        // A vacuum that is not needed is no run: nothing is said or recorded.
        if (task == QLatin1String("vacuum") && lock && !m_cancel && !runner.vacuumWanted())
            continue;
        Q_EMIT taskStarted(task);
        if (!lock) {
            run.result = Run::Result::Skipped;
            run.message = lock.error().message();
        } else if (m_cancel) {
            run.result = Run::Result::Cancelled;
            run.message = QStringLiteral("not started: the service is stopping");
        } else if (task == QLatin1String("quick_check")) {
            runner.check(run, IntegrityReport::Depth::Quick);
        } else if (task == QLatin1String("full_check")) {
            runner.check(run, IntegrityReport::Depth::Full);
        } else if (task == QLatin1String("backup")) {
            runner.backup(run);
        } else if (task == QLatin1String("retention")) {
            runner.retention(run);
        } else if (task == QLatin1String("checkpoint")) {
            runner.checkpoint(run);
        } else if (task == QLatin1String("vacuum")) {
            runner.vacuum(run);
        }
        run.finishedAt = QDateTime::currentDateTimeUtc();
        if (run.result == Run::Result::Ok)
            qCInfo(lcIntegrity).noquote() << "maintenance" << task << "ok:" << run.message;
        else
            qCWarning(lcIntegrity).noquote() << "maintenance" << task
                                             << Run::resultName(run.result) + u':' << run.message;
        if (auto id = history.record(run); !id)
            qCWarning(lcIntegrity).noquote() << "cannot record the" << task
                                             << "run:" << id.error().message();
        else
            run.id = id.value();
        Q_EMIT taskFinished(run);
    }
    if (lock)
        history.prune(plan.historyKeepDays);
}

} // namespace backupdb
