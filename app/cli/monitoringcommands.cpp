// The commands about health and metrics: health, metrics, serve-metrics.
#include "commands.h"

#include "ops/maintenancemetrics.h"
#include "ops/metricsserver.h"
#include "ops/prometheus.h"
#include "output.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonArray>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace backupdb::cli {

HealthOptions healthOptions(const Context &ctx)
{
    HealthOptions h;
    h.backupFolder = backupFolder(ctx);
    h.thresholds.warningBytes = ctx.config.sizeWarningMB * 1000 * 1000;
    h.thresholds.criticalBytes = ctx.config.sizeCriticalMB * 1000 * 1000;
    return h;
}

namespace {

Result<HealthReport> healthOf(Session &session, const Context &ctx,
                              CheckBeforeMetrics check = CheckBeforeMetrics::IfNeverChecked)
{
    if (check == CheckBeforeMetrics::IfNeverChecked && !session.integrity().lastReport())
        if (auto r = session.integrity().check(IntegrityReport::Depth::Quick); !r)
            return r.error();
    return session.health().report(healthOptions(ctx));
}

int g_signalPipe[2] = { -1, -1 };

} // namespace

QByteArray metricsText(Session &session, const Context &ctx, CheckBeforeMetrics check)
{
    auto h = healthOf(session, ctx, check);
    if (!h)
        return QByteArray("# error: ") + h.error().message().toUtf8().replace('\n', ' ') + '\n';
    MetricsSnapshot snapshot = HealthService::snapshot(h.value(), session.database().queryStats());
    const HealthOptions options = healthOptions(ctx);
    addMaintenanceMetrics(snapshot, session, options.backupFolder, options.thresholds);
    return renderPrometheus(snapshot);
}

int cmdHealth(QCommandLineParser &, const Context &ctx)
{
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    auto h = healthOf(*session.value(), ctx);
    if (!h)
        return fail(h.error());
    ctx.out->set(QStringLiteral("score"), h->score);
    ctx.out->set(QStringLiteral("warnings"), QJsonArray::fromStringList(h->warnings));
    ctx.out->set(QStringLiteral("journal_mode"), h->journalMode);
    ctx.out->set(QStringLiteral("database_bytes"), h->size.databaseBytes);
    ctx.out->set(QStringLiteral("wal_bytes"), h->size.walBytes);
    ctx.out->set(QStringLiteral("free_bytes"), h->size.freeBytes);
    ctx.out->set(QStringLiteral("size_level"), SizeReport::levelName(h->size.level));
    ctx.out->set(QStringLiteral("integrity"),
                 h->integrity ? h->integrity->integrity() : QStringLiteral("not checked"));
    // Not checked is null, never a reassuring 0.
    ctx.out->set(QStringLiteral("orphaned_files"),
                 h->integrity && h->integrity->wasChecked(QStringLiteral("orphaned_files"))
                         ? QJsonValue(h->integrity->orphanedFiles)
                         : QJsonValue());
    ctx.out->set(QStringLiteral("last_backup"),
                 h->lastBackup ? QJsonValue(h->lastBackup->path) : QJsonValue());
    ctx.out->set(QStringLiteral("last_backup_at"),
                 h->lastBackup ? QJsonValue(h->lastBackup->createdAt.toString(Qt::ISODate))
                               : QJsonValue());
    ctx.out->set(QStringLiteral("last_backup_verified"),
                 h->lastBackup ? h->lastBackup->verified : false);
    ctx.out->set(QStringLiteral("clients"), h->totals.clients);
    ctx.out->set(QStringLiteral("files"), h->totals.files);
    ctx.out->set(QStringLiteral("pool_health_writer"), h->writerHealth.score);
    ctx.out->set(QStringLiteral("pool_health_readers"), h->readersHealth.score);
    if (session.value()->isDamaged()) {
        ctx.out->set(QStringLiteral("read_only"), true);
        ctx.out->set(QStringLiteral("damage"), session.value()->damage().first());
        return ProblemsFound;
    }
    return Ok;
}

int cmdMetrics(QCommandLineParser &, const Context &ctx)
{
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    auto h = healthOf(*session.value(), ctx);
    if (!h)
        return fail(h.error());
    const QByteArray text
            = metricsText(*session.value(), ctx, CheckBeforeMetrics::IfNeverChecked);
    if (ctx.out->json()) {
        ctx.out->set(QStringLiteral("metrics"), QString::fromUtf8(text));
    } else {
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        std::fflush(stdout);
    }
    return Ok;
}

int cmdServeMetrics(QCommandLineParser &p, const Context &ctx)
{
    qint64 port = ctx.config.metricsPort;
    QString problem;
    if (!numberOption(p, QStringLiteral("port"), 0, 65535, &port, &problem))
        return usage(problem);
    const QString bindText = p.isSet(QStringLiteral("bind")) ? p.value(QStringLiteral("bind"))
                                                             : ctx.config.metricsBindAddress;
    const QHostAddress address(bindText);
    if (address.isNull())
        return usage(QStringLiteral("--bind: \"%1\" is not an IP address").arg(bindText));
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    Session *s = session.value().get();
    MetricsServer server(
            [s, &ctx] { return metricsText(*s, ctx, CheckBeforeMetrics::IfNeverChecked); });
    const auto policy = p.isSet(QStringLiteral("allow-remote"))
            ? MetricsServer::BindPolicy::AllowNonLoopback
            : MetricsServer::BindPolicy::LoopbackOnly;
    if (DbError e = server.start(address, quint16(port), policy))
        return fail(e);
    std::fprintf(stderr, "serving http://%s:%u/metrics (Ctrl+C stops)\n",
                 qPrintable(server.serverAddress().toString()), unsigned(server.serverPort()));
    std::fflush(stderr);
    // SIGINT/SIGTERM end the event loop through a self-pipe (a handler may only write()).
    if (::pipe(g_signalPipe) != 0)
        return fail(DbError(DbError::Kind::Io, QStringLiteral("cannot create a pipe")));
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, qApp,
                     [] { QCoreApplication::quit(); });
    struct sigaction action = {};
    action.sa_handler = [](int) {
        const char c = 1;
        [[maybe_unused]] auto n = ::write(g_signalPipe[1], &c, 1);
    };
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    QCoreApplication::exec();
    server.stop();
    ::close(g_signalPipe[0]);
    ::close(g_signalPipe[1]);
    return Ok;
}

} // namespace backupdb::cli
