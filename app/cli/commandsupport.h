// What the CLI's commands share: the context a command runs in, how a failure becomes an exit
// code, checked number options, confirmation of destructive commands, and opening the database.
// Main thread only (a command runs on the thread that called cli::run()).
#pragma once

#include "cliapp.h"
#include "ops/config.h"
#include "session.h"

#include <QCommandLineParser>
#include <memory>

namespace backupdb::cli {

class Output;

struct Context
{
    QString databasePath;
    AppConfig config;
    QString configPath; // empty: no --config (the service watches this file)
    Output *out = nullptr;
};

// Prints the error and returns its exit code (Usage for invalid input, else DatabaseError).
int fail(const DbError &error);
// Prints a usage error and returns Usage.
int usage(const QString &message);

// A whole number option in [min, max], or a usage error naming the option.
bool numberOption(const QCommandLineParser &p, const QString &name, qint64 min, qint64 max,
                  qint64 *value, QString *problem);

// Destructive commands ask on a terminal, and refuse without one unless --yes was given.
bool confirmed(Session &session, bool yes, const QString &question, int *code);

Result<std::unique_ptr<Session>> openSession(const Context &ctx,
                                             OpenMode mode = OpenMode::OpenExisting);

// Where backups go: the override if given, else the configured folder, else "backups" beside
// the database.
QString backupFolder(const Context &ctx, const QString &override = QString());

// The health options of the configuration (size thresholds, backup folder).
HealthOptions healthOptions(const Context &ctx);

} // namespace backupdb::cli
