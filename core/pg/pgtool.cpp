#include "pgtool.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QVersionNumber>

namespace backupdb::pg {

QString findPgTool(const QString &name, const QString &binDir)
{
    if (!binDir.isEmpty()) {
        const QFileInfo there(QDir(binDir).filePath(name));
        return there.isExecutable() ? there.absoluteFilePath() : QString();
    }
    const QString onPath = QStandardPaths::findExecutable(name);
    if (!onPath.isEmpty())
        return onPath;
    // Debian keeps the versioned binaries beside each other; the newest reads every older
    // server's dumps and talks to every older server.
    const QDir root(QStringLiteral("/usr/lib/postgresql"));
    QString best;
    QVersionNumber bestVersion;
    for (const QString &version : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QFileInfo candidate(root.filePath(version + QLatin1String("/bin/") + name));
        const QVersionNumber number = QVersionNumber::fromString(version);
        if (candidate.isExecutable() && (best.isEmpty() || number > bestVersion)) {
            best = candidate.absoluteFilePath();
            bestVersion = number;
        }
    }
    return best;
}

ToolRun runTool(const QString &program, const QStringList &arguments,
                const QProcessEnvironment &environment, const QString &secret,
                const std::function<void(const QString &line)> &onLine,
                std::chrono::milliseconds timeout, const std::atomic<bool> *cancel,
                const QString &standardOutputFile)
{
    ToolRun run;
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setStandardOutputFile(standardOutputFile.isEmpty() ? QProcess::nullDevice()
                                                               : standardOutputFile);
    process.setProgram(program);
    process.setArguments(arguments);
    process.start(QIODevice::ReadOnly);
    if (!process.waitForStarted(30000)) {
        run.errorLines << QStringLiteral("cannot start %1: %2").arg(program, process.errorString());
        return run;
    }
    run.started = true;
    QElapsedTimer timer;
    timer.start();
    QByteArray pending;
    QStringList tail;
    auto take = [&](bool all) {
        pending += process.readAllStandardError();
        qsizetype end;
        while ((end = pending.indexOf('\n')) >= 0 || (all && !pending.isEmpty())) {
            if (end < 0)
                end = pending.size();
            QString line = QString::fromUtf8(pending.left(end)).trimmed();
            pending.remove(0, end + 1);
            // libpq prints no password, but a message must never carry one in any case.
            if (!secret.isEmpty())
                line.replace(secret, QLatin1String("***"));
            // DETAIL can quote a failing row (a client's key among it): never kept.
            if (line.isEmpty() || line.startsWith(QLatin1String("DETAIL:")))
                continue;
            if (line.contains(QLatin1String("error:")) || line.contains(QLatin1String("FATAL"))
                || line.contains(QLatin1String("ERROR")))
                run.errorLines << line;
            tail << line;
            if (tail.size() > 5)
                tail.removeFirst();
            if (onLine)
                onLine(line);
        }
    };
    // Polling keeps this usable on a thread without an event loop, and notices cancel within
    // a tenth of a second.
    while (!process.waitForFinished(100)) {
        take(false);
        if (process.state() == QProcess::NotRunning)
            break;
        if (cancel && cancel->load()) {
            run.cancelled = true;
            break;
        }
        if (timeout.count() > 0 && timer.elapsed() > timeout.count()) {
            run.timedOut = true;
            break;
        }
    }
    if ((run.cancelled || run.timedOut) && process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished(10000);
    }
    take(true);
    // A cancel that came while the tool was ending still counts: the caller asked to stop,
    // and what the tool wrote is thrown away.
    if (cancel && cancel->load())
        run.cancelled = true;
    run.crashed = process.exitStatus() == QProcess::CrashExit && !run.cancelled && !run.timedOut;
    run.exitCode = process.exitCode();
    if (run.errorLines.isEmpty())
        run.errorLines = tail;
    return run;
}

// A tool's failure as an error; Kind::CannotOpen when it could not connect.
DbError toolError(const QString &tool, const ToolRun &run, std::chrono::milliseconds timeout)
{
    if (run.cancelled)
        return DbError(DbError::Kind::Cancelled, tool + QLatin1String(" cancelled"));
    if (run.timedOut)
        return DbError(DbError::Kind::Timeout,
                       QStringLiteral("%1 was stopped after %2 ms").arg(tool).arg(timeout.count()));
    const QString detail = run.errorLines.join(QStringLiteral("; "));
    if (!run.started)
        return DbError(DbError::Kind::Io, detail);
    const bool connection = detail.contains(QLatin1String("connection to server"))
            || detail.contains(QLatin1String("could not connect"));
    return DbError(connection ? DbError::Kind::CannotOpen : DbError::Kind::Io,
                   QStringLiteral("%1 failed (%2): %3")
                           .arg(tool,
                                run.crashed ? QStringLiteral("crashed")
                                            : QStringLiteral("exit code %1").arg(run.exitCode),
                                detail.isEmpty() ? QStringLiteral("no message") : detail));
}

} // namespace backupdb::pg
