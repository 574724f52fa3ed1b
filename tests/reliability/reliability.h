// Shared bits of the reliability suites: the long switch, running helper processes, and the
// records they write.
#pragma once

#include "data/records.h"

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace backupdb::reliability {

// BACKUPDB_LONG=1 selects the long variant (higher counts).
inline bool longRun()
{
    return qEnvironmentVariableIntValue("BACKUPDB_LONG") > 0;
}

inline qint64 count(qint64 shortCount, qint64 longCount)
{
    return longRun() ? longCount : shortCount;
}

struct ProcessRun
{
    int code = -1; // -2: crashed or did not finish
    QByteArray out;
    QByteArray err;
};

inline ProcessRun runProcess(const QString &program, const QStringList &arguments,
                             int timeoutMs = 120000)
{
    QProcess p;
    p.start(program, arguments);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return { -2, p.readAllStandardOutput(), p.readAllStandardError() };
    }
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
             p.readAllStandardError() };
}

// Waits until the process printed a line starting with prefix (or ended / timed out).
inline bool waitForLine(QProcess &p, const QByteArray &prefix, int timeoutMs = 30000)
{
    while (true) {
        while (p.canReadLine()) {
            if (p.readLine().startsWith(prefix))
                return true;
        }
        if (p.state() == QProcess::NotRunning || !p.waitForReadyRead(timeoutMs))
            return false;
    }
}

// A client, and its file number n (f<n>.bin in /storm/<n>, n bytes), as the storms write them.
inline ClientRecord testClient(const QString &name)
{
    ClientRecord c;
    c.name = name;
    c.lastSeen = QStringLiteral("2025-01-10T09:00:00Z");
    return c;
}

inline FileRecord numberedFile(const QByteArray &clientId, qint64 n)
{
    FileRecord f;
    f.fileName = QStringLiteral("f%1.bin").arg(n);
    f.pathName = QStringLiteral("/storm/%1").arg(n);
    f.fileSize = n;
    f.modificationDate = QStringLiteral("2025-01-10T09:00:00Z");
    f.clientId = clientId;
    return f;
}

} // namespace backupdb::reliability
