// The CLI's commands: each has its own options (parsed after the command name) and a handler
// that runs it, fills the context's Output and returns an exit code. Main thread only.
#pragma once

#include "commandsupport.h"

#include <QCommandLineOption>
#include <QList>
#include <functional>

namespace backupdb::cli {

using Handler = std::function<int(QCommandLineParser &, const Context &)>;

struct Command
{
    QString name;
    QList<QCommandLineOption> options;
    QString positional; // name of one positional argument, or empty
    Handler handler;
};

// Every command with its options, in the order of the usage text.
QList<Command> commands();

// The handlers, by group.
// datacommands.cpp: the data and its consistency.
int cmdDemo(QCommandLineParser &p, const Context &ctx);
int cmdStats(QCommandLineParser &p, const Context &ctx);
int cmdCheck(QCommandLineParser &p, const Context &ctx);
int cmdOrphans(QCommandLineParser &p, const Context &ctx);
// maintenancecommands.cpp: backups and the database file.
int cmdBackup(QCommandLineParser &p, const Context &ctx);
int cmdVerify(QCommandLineParser &p, const Context &ctx);
int cmdRestore(QCommandLineParser &p, const Context &ctx);
int cmdSalvage(QCommandLineParser &p, const Context &ctx);
int cmdCheckpoint(QCommandLineParser &p, const Context &ctx);
int cmdVacuum(QCommandLineParser &p, const Context &ctx);
int cmdMigrate(QCommandLineParser &p, const Context &ctx);
// monitoringcommands.cpp: health and metrics.
int cmdHealth(QCommandLineParser &p, const Context &ctx);
int cmdMetrics(QCommandLineParser &p, const Context &ctx);
int cmdServeMetrics(QCommandLineParser &p, const Context &ctx);
// servicecommand.cpp: scheduled maintenance and its history.
int cmdService(QCommandLineParser &p, const Context &ctx);
int cmdHistory(QCommandLineParser &p, const Context &ctx);
// movecommand.cpp: the move into PostgreSQL.
int cmdMoveToPostgres(QCommandLineParser &p, const Context &ctx);

// The Prometheus text of session: health, maintenance history, backups. A health report needs an
// integrity check: IfNeverChecked runs a quick one when none has run (the one-shot commands),
// Never leaves it to the schedule (the service, where checks run under the maintenance lock).
enum class CheckBeforeMetrics { IfNeverChecked, Never };
QByteArray metricsText(Session &session, const Context &ctx, CheckBeforeMetrics check);

} // namespace backupdb::cli
