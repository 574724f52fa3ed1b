#include "displayformat.h"

#include "data/timestamps.h"

#include <QLocale>
#include <QUuid>

namespace backupdb::ui::displayformat {

QString timestamp(const QString &stored)
{
    const std::optional<QDateTime> parsed = timestamps::parse(stored);
    if (!parsed)
        return stored; // shown as it is, never rewritten (SPEC §2)
    return QLocale().toString(parsed->toLocalTime(), QLocale::ShortFormat);
}

QString size(std::optional<qint64> bytes)
{
    if (!bytes)
        return {};
    return QLocale().formattedDataSize(*bytes);
}

QString crc(std::optional<qint64> crc)
{
    if (!crc)
        return {};
    // CRC-32 values; anything wider is shown in full rather than cut.
    const quint64 value = quint64(*crc);
    const int width = value <= 0xffffffffULL ? 8 : 16;
    return QStringLiteral("%1").arg(value, width, 16, QLatin1Char('0')).toUpper();
}

QString uuid(const QByteArray &id)
{
    if (id.size() == 16)
        return QUuid::fromRfc4122(id).toString(QUuid::WithoutBraces);
    return QString::fromLatin1(id.toHex()); // a malformed ID: shown as hex, never hidden
}

} // namespace backupdb::ui::displayformat
