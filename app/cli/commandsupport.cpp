#include "commandsupport.h"

#include "output.h"

#include <QDir>
#include <QFileInfo>
#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace backupdb::cli {

namespace {

int exitCodeFor(const DbError &error)
{
    if (error.kind() == DbError::Kind::InvalidInput)
        return Usage;
    // A damaged database is opened read-only: what would write to it is refused.
    if (error.kind() == DbError::Kind::Refused)
        return Refused;
    return DatabaseError;
}

} // namespace

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

Result<std::unique_ptr<Session>> openSession(const Context &ctx, OpenMode mode)
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

QString backupFolder(const Context &ctx, const QString &override)
{
    if (!override.isEmpty())
        return override;
    if (!ctx.config.backupFolder.isEmpty())
        return ctx.config.backupFolder;
    return BackupService::defaultFolder(ctx.databasePath);
}

} // namespace backupdb::cli
