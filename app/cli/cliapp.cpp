#include "cliapp.h"

#include "data/validation.h"
#include "demo/demogenerator.h"
#include "ops/config.h"
#include "ops/logsink.h"
#include "ops/metricsserver.h"
#include "ops/prometheus.h"
#include "output.h"
#include "session.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <functional>
#include <unistd.h>

namespace backupdb::cli {

namespace {

const char *const kUsage = R"(Commands:
  demo --clients N --files M [--orphans K]   create or extend a database with generated data
  stats                                       clients, files, total_size_bytes, verified_files
  check [--full]                              integrity, foreign_key_violations, orphaned_files
  orphans [--fix] [--yes]                     list orphaned file records; --fix deletes them after a backup
  backup [--out DIR]                          online backup, verified; prints the backup's path
  verify FILE                                 integrity of a backup file
  restore --from FILE [--yes]                 replace the database with a verified backup
  checkpoint | vacuum | migrate
  health
  metrics                                     Prometheus text
  serve-metrics [--port N]                    HTTP /metrics on 127.0.0.1 until interrupted

Exit codes: 0 ok, 1 problems found, 2 usage or bad input, 3 database error.)";

struct Context
{
    QString databasePath;
    AppConfig config;
    Output *out = nullptr;
};

int exitCodeFor(const DbError &error)
{
    return error.kind() == DbError::Kind::InvalidInput ? Usage : DatabaseError;
}

int fail(const DbError &error)
{
    printError(error.message());
    return exitCodeFor(error);
}

int usage(const QString &message)
{
    printError(message + QStringLiteral(" (see backupdb-cli --help)"));
    return Usage;
}

// A whole number option in [min, max], or a usage error naming the option.
bool numberOption(const QCommandLineParser &p, const QString &name, qint64 min, qint64 max,
                  qint64 *value, QString *problem)
{
    if (!p.isSet(name))
        return true;
    bool ok = false;
    const QString text = p.value(name);
    const qint64 v = text.toLongLong(&ok);
    if (!ok) {
        *problem = QStringLiteral("--%1: \"%2\" is not a whole number").arg(name, text.left(40));
        return false;
    }
    if (v < min || v > max) {
        *problem = QStringLiteral("--%1: %2 is out of range (%3..%4)")
                           .arg(name)
                           .arg(v)
                           .arg(min)
                           .arg(max);
        return false;
    }
    *value = v;
    return true;
}

// Destructive commands ask on a terminal, and refuse without one unless --yes was given.
bool confirmed(Session &session, bool yes, const QString &question, int *code)
{
    // Whatever the answer, a refused command must leave the file as it was.
    const auto refuse = [&] {
        session.database().queryStats().discardPending();
    };
    if (yes)
        return true;
    if (!isatty(STDIN_FILENO)) {
        printError(QStringLiteral(
                           "refusing: %1 needs confirmation; pass --yes (no terminal to ask on)")
                           .arg(question));
        refuse();
        *code = Usage;
        return false;
    }
    std::fprintf(stderr, "%s [y/N] ", qPrintable(question));
    std::fflush(stderr);
    char answer[16] = {};
    if (!std::fgets(answer, sizeof answer, stdin) || (answer[0] != 'y' && answer[0] != 'Y')) {
        printError(QStringLiteral("cancelled; nothing was changed"));
        refuse();
        *code = Usage;
        return false;
    }
    return true;
}

Result<std::unique_ptr<Session>> openSession(const Context &ctx,
                                             OpenMode mode = OpenMode::OpenExisting)
{
    if (ctx.databasePath.isEmpty())
        return DbError::invalidInput(
                QStringLiteral("--db"),
                QStringLiteral("no database given (use --db PATH or BACKUPDB_DB)"));
    SessionOptions options;
    options.path = ctx.databasePath;
    options.mode = mode;
    options.pool = ctx.config.toPoolConfig(options.pool);
    options.pool.coreSize
            = std::min(options.pool.coreSize, 2); // one command at a time: few readers
    options.query = ctx.config.toQueryPolicy(options.query);
    options.quickCheckOnOpen = false; // commands check explicitly
    return Session::open(options);
}

QString backupFolder(const Context &ctx, const QString &override = QString())
{
    if (!override.isEmpty())
        return override;
    if (!ctx.config.backupFolder.isEmpty())
        return ctx.config.backupFolder;
    return QFileInfo(ctx.databasePath).absoluteDir().filePath(QStringLiteral("backups"));
}

HealthOptions healthOptions(const Context &ctx)
{
    HealthOptions h;
    h.backupFolder = backupFolder(ctx);
    h.thresholds.warningBytes = ctx.config.sizeWarningMB * 1000 * 1000;
    h.thresholds.criticalBytes = ctx.config.sizeCriticalMB * 1000 * 1000;
    return h;
}

QJsonArray findingsJson(const IntegrityReport &report)
{
    static const QStringList severities { QStringLiteral("info"), QStringLiteral("warning"),
                                          QStringLiteral("error") };
    QJsonArray findings;
    for (const IntegrityFinding &f : report.findings)
        findings.append(
                QJsonObject { { QStringLiteral("kind"), f.kind },
                              { QStringLiteral("severity"), severities.value(int(f.severity)) },
                              { QStringLiteral("message"), f.message },
                              { QStringLiteral("count"), f.count } });
    return findings;
}

// ---------------------------------------------------------------------------------------------
// Commands. Each gets its own parser (for its options) and the context.

using Handler = std::function<int(QCommandLineParser &, const Context &)>;

struct Command
{
    QString name;
    QList<QCommandLineOption> options;
    QString positional; // name of one positional argument, or empty
    Handler handler;
};

int cmdDemo(QCommandLineParser &p, const Context &ctx)
{
    qint64 clients = 0, files = 0, orphans = 0, seed = 20250110;
    QString problem;
    if (!numberOption(p, QStringLiteral("clients"), 0, 10'000'000, &clients, &problem)
        || !numberOption(p, QStringLiteral("files"), 0, 100'000'000, &files, &problem)
        || !numberOption(p, QStringLiteral("orphans"), 0, 10'000'000, &orphans, &problem)
        || !numberOption(p, QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), &seed,
                         &problem))
        return usage(problem);
    if (!p.isSet(QStringLiteral("clients")) || !p.isSet(QStringLiteral("files")))
        return usage(QStringLiteral("demo needs --clients N and --files M"));
    auto session = openSession(ctx, OpenMode::CreateIfMissing);
    if (!session)
        return fail(session.error());
    DemoOptions options;
    options.clients = clients;
    options.files = files;
    options.orphans = orphans;
    options.seed = quint64(seed);
    auto summary = demo::populate(session.value()->database(), options);
    if (!summary)
        return fail(summary.error());
    auto totals = session.value()->statistics().totals(CachePolicy::Bypass);
    if (!totals)
        return fail(totals.error());
    ctx.out->set(QStringLiteral("clients_added"), summary->clientsAdded);
    ctx.out->set(QStringLiteral("files_added"), summary->filesAdded);
    ctx.out->set(QStringLiteral("orphans_added"), summary->orphansAdded);
    ctx.out->set(QStringLiteral("clients"), totals->clients);
    ctx.out->set(QStringLiteral("files"), totals->files);
    return Ok;
}

int cmdStats(QCommandLineParser &, const Context &ctx)
{
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    auto totals = session.value()->statistics().totals(CachePolicy::Bypass);
    if (!totals)
        return fail(totals.error());
    ctx.out->set(QStringLiteral("clients"), totals->clients);
    ctx.out->set(QStringLiteral("files"), totals->files);
    ctx.out->set(QStringLiteral("total_size_bytes"), totals->totalSizeBytes);
    ctx.out->set(QStringLiteral("verified_files"), totals->verifiedFiles);
    ctx.out->set(QStringLiteral("average_size_bytes"), qRound64(totals->averageSizeBytes()));
    return Ok;
}

int cmdCheck(QCommandLineParser &p, const Context &ctx)
{
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    const bool full = p.isSet(QStringLiteral("full"));
    auto report = session.value()->integrity().check(full ? IntegrityReport::Depth::Full
                                                          : IntegrityReport::Depth::Quick);
    if (!report)
        return fail(report.error());
    ctx.out->set(QStringLiteral("integrity"), report->integrity());
    ctx.out->set(QStringLiteral("foreign_key_violations"), report->foreignKeyViolations);
    ctx.out->set(QStringLiteral("orphaned_files"), report->orphanedFiles);
    ctx.out->set(QStringLiteral("malformed_ids"), report->malformedIds);
    if (full)
        ctx.out->set(QStringLiteral("counters_exact"), report->countersExact);
    ctx.out->set(QStringLiteral("depth"), full ? QStringLiteral("full") : QStringLiteral("quick"));
    ctx.out->set(QStringLiteral("findings"), findingsJson(report.value()));
    ctx.out->set(QStringLiteral("seconds"), report->seconds);
    return report->ok() ? Ok : ProblemsFound;
}

int cmdOrphans(QCommandLineParser &p, const Context &ctx)
{
    qint64 limit = 20;
    QString problem;
    if (!numberOption(p, QStringLiteral("limit"), 0, 100000, &limit, &problem))
        return usage(problem);
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    auto preview = session.value()->orphans().preview(int(limit));
    if (!preview)
        return fail(preview.error());
    ctx.out->set(QStringLiteral("orphaned_files"), preview->count);
    QJsonArray rows;
    for (const FileRecord &f : preview->rows)
        rows.append(
                QJsonObject { { QStringLiteral("id"), validation::uuidToText(f.id) },
                              { QStringLiteral("client_id"), validation::uuidToText(f.clientId) },
                              { QStringLiteral("file_name"), f.fileName },
                              { QStringLiteral("path_name"), f.pathName } });
    ctx.out->set(QStringLiteral("rows"), rows);
    if (!p.isSet(QStringLiteral("fix")))
        return preview->count > 0 ? ProblemsFound : Ok;
    if (preview->count == 0) {
        ctx.out->set(QStringLiteral("deleted"), 0);
        return Ok;
    }
    int code = Ok;
    if (!confirmed(*session.value(), p.isSet(QStringLiteral("yes")),
                   QStringLiteral(
                           "Delete %1 orphaned file record(s) (a verified backup is taken first)?")
                           .arg(preview->count),
                   &code))
        return code;
    auto result = session.value()->orphans().cleanup(backupFolder(ctx));
    if (!result)
        return fail(result.error());
    ctx.out->set(QStringLiteral("deleted"), result->deleted);
    ctx.out->set(QStringLiteral("backup"), result->backupPath);
    return result->deleted == result->found ? Ok : ProblemsFound;
}

int cmdBackup(QCommandLineParser &p, const Context &ctx)
{
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    BackupOptions options;
    options.retention = { ctx.config.backupKeepLast, ctx.config.backupKeepDays };
    auto info = session.value()->backups().backup(backupFolder(ctx, p.value(QStringLiteral("out"))),
                                                  options);
    if (!info)
        return fail(info.error());
    ctx.out->set(QStringLiteral("path"), info->path);
    ctx.out->set(QStringLiteral("bytes"), info->bytes);
    ctx.out->set(QStringLiteral("verified"), info->verified);
    ctx.out->set(QStringLiteral("seconds"), info->seconds);
    return Ok;
}

int cmdVerify(QCommandLineParser &p, const Context &ctx)
{
    const QStringList files = p.positionalArguments();
    if (files.size() != 1)
        return usage(QStringLiteral("verify needs exactly one FILE"));
    if (!QFileInfo::exists(files.first()))
        return usage(QStringLiteral("%1 does not exist").arg(files.first()));
    // A backup file is checked on its own: no database of ours is opened.
    Database none(PoolConfig {}, QueryPolicy {});
    AuditLog audit(none);
    BackupService service(none, audit);
    auto info = service.verify(files.first());
    if (!info)
        return fail(info.error());
    ctx.out->set(QStringLiteral("path"), QFileInfo(files.first()).absoluteFilePath());
    ctx.out->set(QStringLiteral("verified"), info->verified);
    ctx.out->set(QStringLiteral("integrity"), info->verifyMessage);
    ctx.out->set(QStringLiteral("bytes"), info->bytes);
    return info->verified ? Ok : ProblemsFound;
}

int cmdRestore(QCommandLineParser &p, const Context &ctx)
{
    const QString from = p.value(QStringLiteral("from"));
    if (from.isEmpty())
        return usage(QStringLiteral("restore needs --from FILE"));
    if (!QFileInfo::exists(from))
        return usage(QStringLiteral("%1 does not exist").arg(from));
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    int code = Ok;
    if (!confirmed(*session.value(), p.isSet(QStringLiteral("yes")),
                   QStringLiteral("Replace %1 with %2 (the current database is backed up first)?")
                           .arg(ctx.databasePath, from),
                   &code))
        return code;
    auto safety = session.value()->backups().restore(from, backupFolder(ctx));
    if (!safety)
        return fail(safety.error());
    ctx.out->set(QStringLiteral("restored_from"), QFileInfo(from).absoluteFilePath());
    ctx.out->set(QStringLiteral("safety_backup"), safety->path);
    return Ok;
}

int cmdCheckpoint(QCommandLineParser &, const Context &ctx)
{
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    auto r = session.value()->size().checkpoint();
    if (!r)
        return fail(r.error());
    ctx.out->set(QStringLiteral("wal_frames"), r->walFrames);
    ctx.out->set(QStringLiteral("checkpointed_frames"), r->checkpointedFrames);
    ctx.out->set(QStringLiteral("busy"), r->busy);
    return Ok;
}

int cmdVacuum(QCommandLineParser &, const Context &ctx)
{
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    auto freed = session.value()->size().vacuum();
    if (!freed)
        return fail(freed.error());
    auto size = session.value()->size().report();
    ctx.out->set(QStringLiteral("bytes_freed"), freed.value());
    if (size)
        ctx.out->set(QStringLiteral("database_bytes"), size->databaseBytes);
    return Ok;
}

int cmdMigrate(QCommandLineParser &, const Context &ctx)
{
    auto session = openSession(ctx); // opening migrates, with a backup first
    if (!session)
        return fail(session.error());
    const MigrationOutcome &m = session.value()->migration();
    ctx.out->set(QStringLiteral("from_version"), m.fromVersion);
    ctx.out->set(QStringLiteral("to_version"), m.toVersion);
    ctx.out->set(QStringLiteral("applied"), QJsonArray::fromStringList(m.applied));
    ctx.out->set(QStringLiteral("backup"),
                 m.backupPath.isEmpty() ? QJsonValue() : QJsonValue(m.backupPath));
    ctx.out->set(QStringLiteral("notes"), QJsonArray::fromStringList(m.notes));
    return Ok;
}

Result<HealthReport> healthOf(Session &session, const Context &ctx)
{
    if (!session.integrity().lastReport())
        if (auto r = session.integrity().check(IntegrityReport::Depth::Quick); !r)
            return r.error();
    return session.health().report(healthOptions(ctx));
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
    ctx.out->set(QStringLiteral("orphaned_files"), h->integrity ? h->integrity->orphanedFiles : 0);
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
    return Ok;
}

QByteArray metricsText(Session &session, const Context &ctx)
{
    auto h = healthOf(session, ctx);
    if (!h)
        return QByteArray("# error: ") + h.error().message().toUtf8().replace('\n', ' ') + '\n';
    return renderPrometheus(HealthService::snapshot(h.value(), session.database().queryStats()));
}

int cmdMetrics(QCommandLineParser &, const Context &ctx)
{
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    auto h = healthOf(*session.value(), ctx);
    if (!h)
        return fail(h.error());
    const QByteArray text = renderPrometheus(
            HealthService::snapshot(h.value(), session.value()->database().queryStats()));
    if (ctx.out->json()) {
        ctx.out->set(QStringLiteral("metrics"), QString::fromUtf8(text));
    } else {
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        std::fflush(stdout);
    }
    return Ok;
}

int g_signalPipe[2] = { -1, -1 };

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
    MetricsServer server([s, &ctx] { return metricsText(*s, ctx); });
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

QList<Command> commands()
{
    using O = QCommandLineOption;
    return {
        { QStringLiteral("demo"),
          { O(QStringLiteral("clients"), QStringLiteral("Clients to add."), QStringLiteral("N")),
            O(QStringLiteral("files"), QStringLiteral("Files to add."), QStringLiteral("M")),
            O(QStringLiteral("orphans"), QStringLiteral("Orphaned file records to add."),
              QStringLiteral("K")),
            O(QStringLiteral("seed"), QStringLiteral("Generator seed."), QStringLiteral("S")) },
          {},
          cmdDemo },
        { QStringLiteral("stats"), {}, {}, cmdStats },
        { QStringLiteral("check"),
          { O(QStringLiteral("full"), QStringLiteral("Full integrity_check.")) },
          {},
          cmdCheck },
        { QStringLiteral("orphans"),
          { O(QStringLiteral("fix"), QStringLiteral("Delete them (after a backup).")),
            O(QStringLiteral("yes"), QStringLiteral("Do not ask.")),
            O(QStringLiteral("limit"), QStringLiteral("Rows to list."), QStringLiteral("N")) },
          {},
          cmdOrphans },
        { QStringLiteral("backup"),
          { O(QStringLiteral("out"), QStringLiteral("Backup folder."), QStringLiteral("DIR")) },
          {},
          cmdBackup },
        { QStringLiteral("verify"), {}, QStringLiteral("FILE"), cmdVerify },
        { QStringLiteral("restore"),
          { O(QStringLiteral("from"), QStringLiteral("Backup to restore."), QStringLiteral("FILE")),
            O(QStringLiteral("yes"), QStringLiteral("Do not ask.")) },
          {},
          cmdRestore },
        { QStringLiteral("checkpoint"), {}, {}, cmdCheckpoint },
        { QStringLiteral("vacuum"), {}, {}, cmdVacuum },
        { QStringLiteral("migrate"), {}, {}, cmdMigrate },
        { QStringLiteral("health"), {}, {}, cmdHealth },
        { QStringLiteral("metrics"), {}, {}, cmdMetrics },
        { QStringLiteral("serve-metrics"),
          { O(QStringLiteral("port"), QStringLiteral("Port (0 = any free)."), QStringLiteral("N")),
            O(QStringLiteral("bind"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
              QStringLiteral("ADDR")),
            O(QStringLiteral("allow-remote"), QStringLiteral("Allow a non-loopback address.")) },
          {},
          cmdServeMetrics },
    };
}

} // namespace

int run(const QStringList &arguments)
{
    QCommandLineParser global;
    global.setApplicationDescription(
            QStringLiteral("Look after a backup server's database from scripts and cron.\n\n")
            + QString::fromUtf8(kUsage));
    global.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption help = global.addHelpOption();
    const QCommandLineOption version = global.addVersionOption();
    const QCommandLineOption db(QStringLiteral("db"),
                                QStringLiteral("Database file (or set BACKUPDB_DB)."),
                                QStringLiteral("PATH"));
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("Configuration file (INI)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    const QCommandLineOption verbose(QStringLiteral("verbose"),
                                     QStringLiteral("Log what happens to stderr."));
    global.addOptions({ db, config, json, verbose });
    global.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("What to do (see Commands)."));
    if (!global.parse(arguments))
        return usage(global.errorText());
    if (global.isSet(help)) {
        std::fputs(global.helpText().toUtf8().constData(), stdout);
        return Ok;
    }
    if (global.isSet(version)) {
        std::printf("backupdb-cli %s\n", qPrintable(QCoreApplication::applicationVersion()));
        return Ok;
    }
    const QStringList positional = global.positionalArguments();
    if (positional.isEmpty())
        return usage(QStringLiteral("no command given"));

    const QString name = positional.first();
    for (const Command &command : commands()) {
        if (command.name != name)
            continue;
        // The global options are understood after the command too ("check --json").
        QCommandLineParser parser;
        parser.addOptions(command.options);
        parser.addOptions({ db, config, json, verbose });
        if (!command.positional.isEmpty())
            parser.addPositionalArgument(command.positional, command.positional);
        if (!parser.parse(QStringList { QStringLiteral("backupdb-cli ") + name }
                          + positional.mid(1)))
            return usage(QStringLiteral("%1: %2").arg(name, parser.errorText()));
        if (command.positional.isEmpty() && !parser.positionalArguments().isEmpty())
            return usage(QStringLiteral("%1: unexpected argument \"%2\"")
                                 .arg(name, parser.positionalArguments().first()));
        const auto either = [&](const QCommandLineOption &o) {
            return parser.isSet(o) || global.isSet(o);
        };
        const auto valueOf = [&](const QCommandLineOption &o) {
            return parser.isSet(o) ? parser.value(o) : global.value(o);
        };
        if (!either(verbose))
            QLoggingCategory::setFilterRules(QStringLiteral("backupdb.*.info=false"));

        Context ctx;
        ctx.databasePath = either(db) ? valueOf(db) : qEnvironmentVariable("BACKUPDB_DB");
        if (either(config)) {
            QStringList problems;
            auto loaded = loadConfig(valueOf(config), &problems);
            if (!loaded)
                return usage(QStringLiteral("--config: %1").arg(loaded.error().message()));
            for (const QString &problem : problems)
                printError(QStringLiteral("config: %1").arg(problem));
            ctx.config = loaded.value();
            if (!ctx.config.logFile.isEmpty())
                if (DbError e = installLogging(ctx.config.logFile))
                    printError(QStringLiteral("log file: %1").arg(e.message()));
        }
        Output out(either(json));
        ctx.out = &out;
        const int code = command.handler(parser, ctx);
        if (code == Ok || code == ProblemsFound)
            out.print();
        return code;
    }
    return usage(QStringLiteral("unknown command \"%1\"").arg(name.left(40)));
}

} // namespace backupdb::cli
