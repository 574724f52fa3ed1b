// Fixtures shared by the repository tests (tst_repositories, tst_keysetpaging): the database path
// in a temporary directory, and a client and a file record as the tests add them.
#pragma once

#include "testsupport.h"

#include <QTemporaryDir>
#include <optional>

namespace backupdb {
namespace {

[[maybe_unused]] QString dbPath(const QTemporaryDir &dir)
{
    return dir.filePath(QStringLiteral("backup.db"));
}

ClientRecord newClient(const QString &name,
                       const QString &lastSeen = QStringLiteral("2025-01-10T12:00:00Z"))
{
    ClientRecord c;
    c.name = name;
    c.lastSeen = lastSeen;
    c.aesKey = QByteArray(32, 'k');
    c.publicKey = QByteArray(160, 'p');
    return c;
}

FileRecord newFile(const QByteArray &clientId, const QString &name,
                   std::optional<qint64> size = 100, bool verified = false,
                   const QByteArray &id = {})
{
    FileRecord f;
    f.id = id;
    f.clientId = clientId;
    f.fileName = name;
    f.pathName = QStringLiteral("received_files\\") + name;
    f.fileSize = size;
    f.verified = verified;
    f.modificationDate = QStringLiteral("2025-01-02T01:15:00.123456");
    f.crc = 1234;
    return f;
}

} // namespace
} // namespace backupdb
