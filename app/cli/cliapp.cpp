#include "cliapp.h"

#include "commands.h"
#include "maintenance/maintenancelock.h"
#include "ops/config.h"
#include "ops/logsink.h"
#include "output.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QLoggingCategory>
#include <cstdio>

namespace backupdb::cli {

namespace {

const char *const kUsage = R"(Commands:
  demo --clients N --files M [--orphans K]   create or extend a database with generated data
  stats                                       clients, files, total_size_bytes, verified_files
  check [--full]                              integrity, foreign_key_violations, orphaned_files
  orphans [--fix] [--yes]                     list orphaned file records; --fix deletes them after a backup
  backup [--out DIR]                          online backup, verified; prints the backup's path
  verify FILE                                 integrity of a backup file
  restore --from FILE [--yes] [--other-database]
                                              replace the database with a verified backup of it
                                              (a damaged one is saved aside as DB.damaged-TIME;
                                              another database's backup only with --other-database)
  salvage --to NEWFILE                        what SQLite can still read of a damaged DB, into a new file
  checkpoint | vacuum | migrate
  health
  metrics                                     Prometheus text
  serve-metrics [--port N]                    HTTP /metrics on 127.0.0.1 until interrupted
  service [--port N]                          scheduled maintenance ([schedule]) and /metrics, until SIGTERM
  history [--limit N] [--task TASK]           the maintenance runs, newest first
  move-to-postgres --to URI [--yes]           copy the server's clients and files into PostgreSQL
                                              (postgresql://user@host:port/dbname), verified, in one
                                              transaction; --yes replaces what the target holds

Exit codes: 0 ok, 1 problems found, 2 usage or bad input, 3 database error,
4 refused to protect the data (damaged database, a process that lost its locks, another
database's backup to restore, or a PostgreSQL target that already holds data).)";

// The commands that are maintenance tasks: they take the database's MaintenanceLock, so that
// they never run while the service (or the GUI) runs one. (orphans only with --fix.)
bool isMaintenance(const QString &command, const QCommandLineParser &parser)
{
    static const QStringList names { QStringLiteral("check"),   QStringLiteral("backup"),
                                     QStringLiteral("restore"), QStringLiteral("checkpoint"),
                                     QStringLiteral("vacuum"),  QStringLiteral("migrate") };
    return names.contains(command)
            || (command == QLatin1String("orphans") && parser.isSet(QStringLiteral("fix")));
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
            ctx.configPath = valueOf(config);
            if (!ctx.config.logFile.isEmpty())
                if (DbError e = installLogging(ctx.config.logFile))
                    printError(QStringLiteral("log file: %1").arg(e.message()));
        }
        Output out(either(json));
        ctx.out = &out;
        std::unique_ptr<MaintenanceLock> lock;
        if (isMaintenance(name, parser) && !ctx.databasePath.isEmpty()
            && QFileInfo::exists(ctx.databasePath)) {
            auto taken = MaintenanceLock::acquire(ctx.databasePath,
                                                  QStringLiteral("backupdb-cli ") + name);
            if (!taken)
                return fail(taken.error());
            lock = std::move(taken.value());
        }
        const int code = command.handler(parser, ctx);
        if (code == Ok || code == ProblemsFound)
            out.print();
        return code;
    }
    return usage(QStringLiteral("unknown command \"%1\"").arg(name.left(40)));
}

} // namespace backupdb::cli
