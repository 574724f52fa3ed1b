// The service (issue 14): `backupdb-cli service` runs the [schedule] of the configuration and
// serves /metrics on loopback until SIGTERM, reloading the configuration on SIGHUP and when the
// file changes; `backupdb-cli history` lists what it (and the other maintenance) did.
#include "commands.h"

#include "maintenance/maintenancehistory.h"
#include "ops/maintenancescheduler.h"
#include "ops/metricsserver.h"
#include "output.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonArray>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace backupdb::cli {

namespace {

int g_servicePipe[2] = { -1, -1 };

// One line on stderr (the journal when run by systemd).
void say(const QString &line)
{
    std::fprintf(stderr, "%s\n", qPrintable(line));
    std::fflush(stderr);
}

QString describe(const MaintenanceScheduler::Plan &p)
{
    return QStringLiteral("quick check %1, full check %2, backup %3, checkpoint %4, vacuum %5")
            .arg(p.quickCheck.toString(), p.fullCheck.toString(),
                 p.backupAfterCheck ? QStringLiteral("after each passing check")
                                    : QStringLiteral("off"),
                 p.checkpoint.toString(), p.vacuum.toString());
}

// The problems of the [schedule] keys: the service refuses to start on them (a typo in a
// schedule would otherwise silently run the default one).
QStringList scheduleProblems(const QStringList &problems)
{
    QStringList found;
    for (const QString &p : problems)
        if (p.startsWith(QLatin1String("schedule/")))
            found << p;
    return found;
}

} // namespace

int cmdService(QCommandLineParser &p, const Context &ctx)
{
    qint64 port = ctx.config.metricsPort;
    QString problem;
    if (!numberOption(p, QStringLiteral("port"), 0, 65535, &port, &problem))
        return usage(problem);
    const QHostAddress address(ctx.config.metricsBindAddress);
    if (address.isNull())
        return usage(QStringLiteral("[metrics] bindAddress \"%1\" is not an IP address")
                             .arg(ctx.config.metricsBindAddress));

    Context live = ctx; // the configuration in effect; replaced on reload
    std::unique_ptr<ConfigWatcher> watcher;
    if (!ctx.configPath.isEmpty()) {
        watcher = std::make_unique<ConfigWatcher>(ctx.configPath);
        QStringList problems;
        auto loaded = watcher->start(&problems);
        if (!loaded)
            return usage(QStringLiteral("--config: %1").arg(loaded.error().message()));
        if (const QStringList bad = scheduleProblems(problems); !bad.isEmpty())
            return usage(QStringLiteral("refusing to start: %1").arg(bad.join(QStringLiteral("; "))));
        live.config = loaded.value();
    }
    auto plan = MaintenanceScheduler::planFor(live.config, backupFolder(live));
    if (!plan)
        return fail(plan.error());

    auto session = openSession(live);
    if (!session)
        return fail(session.error());
    Session *s = session.value().get();

    MaintenanceScheduler scheduler(*s);
    scheduler.setPlan(plan.value());
    // Direct: said from the chain's thread as it happens, also while stop() waits for the chain
    // after the event loop has ended (a queued line would be lost then).
    QObject::connect(
            &scheduler, &MaintenanceScheduler::taskStarted, qApp,
            [](const QString &task) { say(QStringLiteral("maintenance %1: started").arg(task)); },
            Qt::DirectConnection);
    QObject::connect(
            &scheduler, &MaintenanceScheduler::taskFinished, qApp,
            [](const MaintenanceRun &run) {
                say(QStringLiteral("maintenance %1: %2: %3")
                            .arg(run.task, MaintenanceRun::resultName(run.result), run.message));
            },
            Qt::DirectConnection);

    // Scrapes never start a check: checks run on the schedule, under the maintenance lock.
    MetricsServer server([s, &live] { return metricsText(*s, live, CheckBeforeMetrics::Never); });
    if (DbError e = server.start(address, quint16(port), MetricsServer::BindPolicy::LoopbackOnly))
        return fail(e);
    say(QStringLiteral("serving http://%1:%2/metrics")
                .arg(server.serverAddress().toString())
                .arg(server.serverPort()));
    say(QStringLiteral("schedule: %1").arg(describe(plan.value())));

    if (watcher) {
        QObject::connect(watcher.get(), &ConfigWatcher::problems, qApp, [](const QStringList &list) {
            for (const QString &line : list)
                say(QStringLiteral("config: %1").arg(line));
        });
        QObject::connect(watcher.get(), &ConfigWatcher::changed, qApp,
                         [&](const AppConfig &config, const AppConfig &) {
                             Context next = live;
                             next.config = config;
                             auto newPlan = MaintenanceScheduler::planFor(config, backupFolder(next));
                             if (!newPlan) {
                                 say(QStringLiteral("configuration refused, the previous one stays: %1")
                                             .arg(newPlan.error().message()));
                                 return;
                             }
                             if (DbError e = s->applyConfig(config)) {
                                 say(QStringLiteral("configuration refused, the previous one stays: %1")
                                             .arg(e.message()));
                                 return;
                             }
                             live.config = config;
                             scheduler.setPlan(newPlan.value());
                             say(QStringLiteral("configuration reloaded; schedule: %1")
                                         .arg(describe(newPlan.value())));
                         });
    }

    // Signals through a self-pipe (a handler may only write()): H reloads, T stops.
    if (::pipe(g_servicePipe) != 0)
        return fail(DbError(DbError::Kind::Io, QStringLiteral("cannot create a pipe")));
    QSocketNotifier notifier(g_servicePipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, qApp, [&] {
        char c = 0;
        if (::read(g_servicePipe[0], &c, 1) != 1)
            return;
        if (c == 'H') {
            say(QStringLiteral("SIGHUP: reading the configuration again"));
            if (watcher)
                watcher->reload();
            return;
        }
        say(QStringLiteral("stopping: cancelling the running task"));
        scheduler.stop();
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = [](int signal) {
        const char c = signal == SIGHUP ? 'H' : 'T';
        [[maybe_unused]] auto n = ::write(g_servicePipe[1], &c, 1);
    };
    sigaction(SIGHUP, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    scheduler.start();
    QCoreApplication::exec();
    scheduler.stop();
    server.stop();
    say(QStringLiteral("stopped"));
    ::close(g_servicePipe[0]);
    ::close(g_servicePipe[1]);
    return Ok;
}

int cmdHistory(QCommandLineParser &p, const Context &ctx)
{
    qint64 limit = 20;
    QString problem;
    if (!numberOption(p, QStringLiteral("limit"), 1, MaintenanceHistory::kMaxLoad, &limit, &problem))
        return usage(problem);
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    auto runs = session.value()->maintenanceHistory().recent(int(limit), p.value(QStringLiteral("task")));
    if (!runs)
        return fail(runs.error());
    QJsonArray list;
    for (const MaintenanceRun &run : runs.value())
        list.append(QJsonObject {
                { QStringLiteral("task"), run.task },
                { QStringLiteral("started_at"), run.startedAt.toString(Qt::ISODateWithMs) },
                { QStringLiteral("finished_at"), run.finishedAt.toString(Qt::ISODateWithMs) },
                { QStringLiteral("result"), MaintenanceRun::resultName(run.result) },
                { QStringLiteral("trigger"), MaintenanceRun::triggerName(run.trigger) },
                { QStringLiteral("message"), run.message } });
    ctx.out->set(QStringLiteral("runs"), list);
    return Ok;
}

} // namespace backupdb::cli
