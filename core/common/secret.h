// Secrets (AES keys, public keys) are never shown or logged in full: only their length and a
// short fingerprint (first 8 hex digits of SHA-256), enough to tell two keys apart.
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>

namespace backupdb {

inline QString maskSecret(const QByteArray &secret)
{
    if (secret.isEmpty())
        return QStringLiteral("(none)");
    const QByteArray digest
            = QCryptographicHash::hash(secret, QCryptographicHash::Sha256).toHex().left(8);
    return QStringLiteral("%1 bytes, SHA-256 %2…")
            .arg(secret.size())
            .arg(QString::fromLatin1(digest));
}

} // namespace backupdb
