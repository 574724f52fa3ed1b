#include "validation.h"

#include "timestamps.h"

#include <QRegularExpression>
#include <QStringDecoder>
#include <QUuid>

namespace backupdb::validation {

Result<QByteArray> uuid(const QVariant &value, const QString &field)
{
    if (!value.isValid() || value.isNull())
        return DbError::invalidInput(field, QStringLiteral("missing (a UUID is required)"));
    if (value.typeId() == QMetaType::QByteArray) {
        const QByteArray bytes = value.toByteArray();
        if (bytes.size() == 16)
            return bytes;
        return DbError::invalidInput(
                field, QStringLiteral("a UUID must be 16 bytes, not %1").arg(bytes.size()));
    }
    if (value.typeId() != QMetaType::QString)
        return DbError::invalidInput(field, QStringLiteral("a UUID must be 16 bytes or text"));
    const QString text = value.toString();
    // Anchored at both ends: "$" alone would also match before a trailing newline.
    static const QRegularExpression canonical(QRegularExpression::anchoredPattern(
            QStringLiteral("\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-"
                           "fA-F]{12}\\}?")));
    if (text.size() > 38 || !canonical.match(text).hasMatch()) {
        const QString shown = text.size() > 40 ? text.left(40) + QStringLiteral("…") : text;
        return DbError::invalidInput(
                field,
                QStringLiteral(
                        "\"%1\" is not a UUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)")
                        .arg(shown));
    }
    if ((text.startsWith(QLatin1Char('{'))) != (text.endsWith(QLatin1Char('}'))))
        return DbError::invalidInput(field, QStringLiteral("unbalanced braces around the UUID"));
    return QUuid::fromString(text).toRfc4122();
}

QString uuidToText(const QByteArray &bytes)
{
    if (bytes.size() != 16)
        return QString::fromLatin1(bytes.toHex());
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

DbError name(const QString &value, const QString &field, int maxBytes)
{
    if (value.isEmpty())
        return DbError::invalidInput(field, QStringLiteral("must not be empty"));
    if (value.contains(QChar(0)))
        return DbError::invalidInput(field, QStringLiteral("must not contain NUL characters"));
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        if (c.isHighSurrogate() && i + 1 < value.size() && value.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        if (c.isSurrogate())
            return DbError::invalidInput(
                    field, QStringLiteral("is not valid Unicode (unpaired surrogate)"));
    }
    const qsizetype bytes = value.toUtf8().size();
    if (bytes > maxBytes)
        return DbError::invalidInput(
                field,
                QStringLiteral("is %1 bytes long; at most %2 bytes of UTF-8 are allowed")
                        .arg(bytes)
                        .arg(maxBytes));
    if (value.trimmed().isEmpty())
        return DbError::invalidInput(field, QStringLiteral("must not be only white space"));
    return DbError();
}

DbError utf8Name(const QByteArray &value, const QString &field, int maxBytes)
{
    if (value.size() > maxBytes)
        return DbError::invalidInput(
                field,
                QStringLiteral("is %1 bytes long; at most %2 bytes of UTF-8 are allowed")
                        .arg(value.size())
                        .arg(maxBytes));
    // A leading byte-order mark is dropped by QString::fromUtf8: the stored name would differ
    // from the bytes that were checked.
    if (value.startsWith("\xEF\xBB\xBF"))
        return DbError::invalidInput(field, QStringLiteral("must not start with a byte-order mark"));
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(value);
    if (decoder.hasError())
        return DbError::invalidInput(field, QStringLiteral("is not valid UTF-8"));
    return name(text, field, maxBytes);
}

DbError size(qint64 value, const QString &field)
{
    if (value < 0)
        return DbError::invalidInput(field, QStringLiteral("must not be negative (%1)").arg(value));
    constexpr qint64 maxSize = qint64(1) << 53; // 8 PiB: beyond any real file, exact as a double
    if (value > maxSize)
        return DbError::invalidInput(field,
                                     QStringLiteral("%1 bytes is implausibly large").arg(value));
    return DbError();
}

DbError date(const QString &value, const QString &field, const QDateTime &now)
{
    if (value.isEmpty())
        return DbError::invalidInput(field, QStringLiteral("must not be empty"));
    if (value.size() > 64)
        return DbError::invalidInput(field, QStringLiteral("is too long to be a date"));
    const auto parsed = timestamps::parse(value);
    if (!parsed)
        return DbError::invalidInput(
                field,
                QStringLiteral("\"%1\" is not a date (use ISO-8601, e.g. 2025-01-10T12:00:00Z)")
                        .arg(value));
    if (*parsed > now.addDays(1))
        return DbError::invalidInput(field, QStringLiteral("%1 lies in the future").arg(value));
    return DbError();
}

DbError client(const ClientRecord &record)
{
    if (auto id = uuid(record.id, QStringLiteral("client ID")); !id)
        return id.error();
    if (DbError e = name(record.name, QStringLiteral("client name")))
        return e;
    if (DbError e = date(record.lastSeen, QStringLiteral("client last seen")))
        return e;
    if (record.publicKey.size() > 160)
        return DbError::invalidInput(
                QStringLiteral("client public key"),
                QStringLiteral("is %1 bytes; at most 160").arg(record.publicKey.size()));
    if (!record.aesKey.isEmpty() && record.aesKey.size() != 16 && record.aesKey.size() != 24
        && record.aesKey.size() != 32)
        return DbError::invalidInput(
                QStringLiteral("client AES key"),
                QStringLiteral("must be 16, 24 or 32 bytes, not %1").arg(record.aesKey.size()));
    return DbError();
}

DbError file(const FileRecord &record)
{
    if (auto id = uuid(record.id, QStringLiteral("file ID")); !id)
        return id.error();
    if (auto id = uuid(record.clientId, QStringLiteral("file client ID")); !id)
        return id.error();
    if (DbError e = name(record.fileName, QStringLiteral("file name")))
        return e;
    if (DbError e = name(record.pathName, QStringLiteral("file path")))
        return e;
    if (record.fileSize)
        if (DbError e = size(*record.fileSize, QStringLiteral("file size")))
            return e;
    if (!record.modificationDate.isEmpty())
        if (DbError e = date(record.modificationDate, QStringLiteral("file modification date")))
            return e;
    if (record.crc && (*record.crc < 0 || *record.crc > 0xFFFFFFFFLL))
        return DbError::invalidInput(
                QStringLiteral("file CRC"),
                QStringLiteral("must be a 32-bit unsigned value, not %1").arg(*record.crc));
    return DbError();
}

} // namespace backupdb::validation
