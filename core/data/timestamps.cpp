#include "timestamps.h"

#include <QLocale>
#include <QTimeZone>

namespace backupdb::timestamps {

std::optional<QDateTime> parse(const QString &input)
{
    QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    // "+00:00Z": an offset and a Z; the offset is what counts.
    if (text.endsWith(QLatin1Char('Z')) && text.size() > 7
        && (text[text.size() - 7] == QLatin1Char('+') || text[text.size() - 7] == QLatin1Char('-')))
        text.chop(1);
    // Qt reads fractions of any length (Python's microseconds) and keeps milliseconds.
    // Without a zone the server meant UTC. Never let Qt read such a value as local time: a
    // time inside a daylight-saving gap of the machine's zone would be refused (or moved).
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid() || dt.timeSpec() == Qt::LocalTime) {
        const QDateTime asUtc = QDateTime::fromString(text + QLatin1Char('Z'), Qt::ISODateWithMs);
        // QDate reads the first ten characters and ignores the rest: only a bare date counts.
        const QDate dateOnly = text.size() == 10 ? QDate::fromString(text, Qt::ISODate) : QDate();
        if (asUtc.isValid())
            dt = asUtc;
        else if (dateOnly.isValid())
            dt = QDateTime(dateOnly, QTime(0, 0), QTimeZone::utc());
        else if (dt.isValid())
            dt.setTimeZone(QTimeZone::utc());
    }
    if (!dt.isValid()) {
        // ctime: "Fri Jan 10 09:06:40 2025" (day may be padded with a space). Date and time are
        // read apart and joined in UTC, for the same reason as above.
        const QStringList parts = text.simplified().split(QLatin1Char(' '));
        if (parts.size() == 5) {
            const QDate date = QLocale::c().toDate(
                    QStringList { parts[0], parts[1], parts[2], parts[4] }.join(QLatin1Char(' ')),
                    QStringLiteral("ddd MMM d yyyy"));
            const QTime time = QTime::fromString(parts[3], QStringLiteral("HH:mm:ss"));
            if (date.isValid() && time.isValid())
                dt = QDateTime(date, time, QTimeZone::utc());
        }
    }
    if (!dt.isValid())
        return std::nullopt;
    if (dt.timeSpec() == Qt::LocalTime)
        dt.setTimeZone(QTimeZone::utc()); // the server writes UTC without saying so
    return dt.toUTC();
}

QString stored(const QString &text, bool typedColumn)
{
    if (!typedColumn)
        return text;
    const auto at = parse(text);
    return at ? at->toString(Qt::ISODateWithMs) : text;
}

QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace backupdb::timestamps
