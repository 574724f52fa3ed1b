// move-to-postgres: the server's SQLite database copied into PostgreSQL, verified, in one
// PostgreSQL transaction (core/pg/postgresmove.h). Progress goes to stderr; Ctrl+C (or SIGTERM)
// cancels, and the target is left as it was.
#include "commands.h"
#include "maintenance/auditlog.h"
#include "pg/postgresmove.h"

#include "output.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace backupdb::cli {

namespace {

// Set by SIGINT/SIGTERM; a lock-free atomic store is all a signal handler may do here.
std::atomic<bool> g_moveCancelled { false };
static_assert(std::atomic<bool>::is_always_lock_free);

void cancelMove(int)
{
    g_moveCancelled.store(true);
}

// Progress on stderr: one line rewritten in place on a terminal, else a line per tenth.
class ProgressPrinter
{
public:
    ProgressPrinter()
        : m_terminal(isatty(STDERR_FILENO) != 0)
    { }
    ~ProgressPrinter()
    {
        if (m_terminal && m_printed)
            std::fputs("\n", stderr);
    }
    Q_DISABLE_COPY_MOVE(ProgressPrinter)

    void operator()(const pg::MoveProgress &p)
    {
        const int percent = p.rowsTotal > 0 ? int(100 * p.rowsDone / p.rowsTotal) : 100;
        const bool copying = p.stage == pg::MoveProgress::Stage::Copying;
        const int stage = copying ? 0 : 1;
        if (!m_terminal && stage == m_stage && percent / 10 == m_tenth)
            return;
        m_stage = stage;
        m_tenth = percent / 10;
        const QString line
                = QStringLiteral("%1 %2: %3 of %4 rows (%5%)")
                          .arg(copying ? QStringLiteral("copying") : QStringLiteral("verifying"),
                               p.table)
                          .arg(p.rowsDone)
                          .arg(p.rowsTotal)
                          .arg(percent);
        if (m_terminal)
            std::fprintf(stderr, "\r%-72s", qPrintable(line));
        else
            std::fprintf(stderr, "backupdb-cli: %s\n", qPrintable(line));
        std::fflush(stderr);
        m_printed = true;
    }

private:
    bool m_terminal;
    bool m_printed = false;
    int m_stage = -1;
    int m_tenth = -1;
};

} // namespace

int cmdMoveToPostgres(QCommandLineParser &p, const Context &ctx)
{
    if (ctx.databasePath.isEmpty())
        return usage(QStringLiteral("move-to-postgres needs --db PATH (or BACKUPDB_DB)"));
    if (!QFileInfo(ctx.databasePath).isFile())
        return usage(QStringLiteral("%1 does not exist").arg(ctx.databasePath));
    const QString to = p.value(QStringLiteral("to"));
    if (to.isEmpty())
        return usage(QStringLiteral(
                "move-to-postgres needs --to postgresql://user@host:port/dbname (a libpq URI or "
                "key=value string; the password from ~/.pgpass, PGPASSWORD or a service file)"));
    auto target = pg::ConnectionSpec::parse(to);
    if (!target)
        return fail(target.error());
    if (target->hasPassword())
        printError(QStringLiteral(
                "warning: a password given in --to can be seen by other users of this machine "
                "(ps); keep it in ~/.pgpass or PGPASSWORD instead"));

    pg::MoveOptions options;
    options.sqlitePath = ctx.databasePath;
    // A target that holds data: replaced with --yes; else asked on a terminal, as the other
    // destructive commands do, and refused without one.
    if (p.isSet(QStringLiteral("yes")))
        options.existing = pg::ExistingData::Replace;
    else if (isatty(STDIN_FILENO))
        options.existing = pg::ExistingData::Ask;
    options.confirmReplace = [](qint64 clients, qint64 files) {
        std::fprintf(stderr,
                     "\nThe target already holds %lld clients and %lld files. Replace them? [y/N] ",
                     qlonglong(clients), qlonglong(files));
        std::fflush(stderr);
        char answer[16] = {};
        return std::fgets(answer, sizeof answer, stdin) && (answer[0] == 'y' || answer[0] == 'Y');
    };
    options.osUser = AuditLog::osUser();
    ProgressPrinter printer;
    options.progress = [&](const pg::MoveProgress &progress) {
        printer(progress);
    };
    g_moveCancelled.store(false);
    options.cancel = &g_moveCancelled;
    struct sigaction action
    {
    };
    action.sa_handler = cancelMove;
    struct sigaction previousInt
    {
    };
    struct sigaction previousTerm
    {
    };
    sigaction(SIGINT, &action, &previousInt);
    sigaction(SIGTERM, &action, &previousTerm);
    printError(QStringLiteral("moving %1 to PostgreSQL (%2)")
                       .arg(ctx.databasePath, target->redacted()));
    auto moved = pg::moveToPostgres(target.value(), options);
    sigaction(SIGINT, &previousInt, nullptr);
    sigaction(SIGTERM, &previousTerm, nullptr);
    if (!moved)
        return fail(moved.error());

    const pg::MoveReport &report = moved.value();
    ctx.out->set(QStringLiteral("source"), QFileInfo(ctx.databasePath).absoluteFilePath());
    ctx.out->set(QStringLiteral("target"), report.target);
    QJsonArray tables;
    for (const pg::TableCheck &t : report.tables) {
        ctx.out->set(t.table, t.targetRows);
        tables.append(
                QJsonObject { { QStringLiteral("table"), t.table },
                              { QStringLiteral("rows"), t.targetRows },
                              { QStringLiteral("sha256"), QString::fromLatin1(t.targetSha256) } });
    }
    ctx.out->set(QStringLiteral("tables"), tables);
    ctx.out->set(QStringLiteral("verified"), report.countersVerified);
    ctx.out->set(QStringLiteral("unparsed_dates"), report.unparsedDates);
    ctx.out->set(QStringLiteral("migrations_applied"), report.migrationsApplied);
    ctx.out->set(QStringLiteral("replaced_clients"), report.replacedClients);
    ctx.out->set(QStringLiteral("replaced_files"), report.replacedFiles);
    ctx.out->set(QStringLiteral("seconds"), report.seconds);
    return Ok;
}

} // namespace backupdb::cli
