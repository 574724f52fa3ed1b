// Shared helpers of the test suites: temporary databases, the original server's schema, file
// hashes, and a catcher for Qt warnings.
#pragma once

#include "session.h"

#include <QStringList>
#include <QTemporaryDir>
#include <memory>
#include <mutex>

namespace backupdb::test {

// The CREATE statements of the original Python server (no indexes, foreign keys never enforced).
QString originalServerSchema();
// Writes a database in the original layout with clients and files (+ orphans) via the C API.
void writeOriginalDatabase(const QString &path, int clients, int filesPerClient, int orphans);

SessionOptions options(const QString &path);
std::unique_ptr<Session> openOrFail(const SessionOptions &options);

// SHA-256 of the database file plus its -wal (what "unchanged" means for a WAL database).
QByteArray fileHash(const QString &path);

// Collects Qt messages while alive (and forwards nothing). Thread-safe.
class MessageCatcher
{
public:
    MessageCatcher();
    ~MessageCatcher();
    QStringList messages() const;
    int count(const QString &needle) const;

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &message);
    QtMessageHandler m_previous;
};

} // namespace backupdb::test
