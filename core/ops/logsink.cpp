#include "logsink.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cstdio>
#include <memory>
#include <mutex>

namespace backupdb {

namespace {

struct Sink
{
    std::mutex mutex;
    bool installed = false;
    QtMessageHandler previous = nullptr;
    std::unique_ptr<QFile> file;
};

Sink &sink()
{
    // Never destroyed: Qt emits messages during static destruction too (e.g. qt.core.library
    // "unloaded library" at debug level), after a function-local static Sink would be gone;
    // the handler then used a destroyed mutex and a deleted QFile and the process crashed at exit.
    static Sink *s = new Sink;
    return *s;
}

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "unknown";
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QByteArray line = formatLogLine(type, context.category, message) + '\n';
    Sink &s = sink();
    std::lock_guard lock(s.mutex);
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
    if (s.file) {
        s.file->write(line);
        s.file->flush();
    }
    // For QtFatalMsg, Qt aborts after the handler returns.
}

} // namespace

QByteArray formatLogLine(QtMsgType type, const char *category, const QString &message)
{
    const QDateTime now = QDateTime::currentDateTime();
    QByteArray line = now.toOffsetFromUtc(now.offsetFromUtc()).toString(Qt::ISODateWithMs).toUtf8();
    line += ' ';
    line += levelName(type);
    line += ' ';
    line += category && *category ? category : "default";
    line += ": ";
    QByteArray text = message.toUtf8();
    if (text.endsWith('\n'))
        text.chop(1);
    text.replace('\n', "\n    ");
    line += text;
    return line;
}

DbError installLogging(const QString &logFilePath)
{
    std::unique_ptr<QFile> file;
    DbError error;
    if (!logFilePath.isEmpty()) {
        QDir().mkpath(QFileInfo(logFilePath).absolutePath());
        file = std::make_unique<QFile>(logFilePath);
        if (!file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
            error = DbError(DbError::Kind::Io,
                            QStringLiteral("cannot open log file %1: %2")
                                    .arg(logFilePath, file->errorString()));
            file.reset();
        }
    }
    Sink &s = sink();
    {
        std::lock_guard lock(s.mutex);
        s.file = std::move(file);
        if (!s.installed) {
            s.previous = qInstallMessageHandler(handler);
            s.installed = true;
        }
    }
    return error;
}

void uninstallLogging()
{
    Sink &s = sink();
    std::lock_guard lock(s.mutex);
    if (!s.installed)
        return;
    qInstallMessageHandler(s.previous);
    s.previous = nullptr;
    s.installed = false;
    s.file.reset();
}

} // namespace backupdb
