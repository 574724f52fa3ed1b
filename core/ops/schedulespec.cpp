#include "schedulespec.h"

#include <QLocale>
#include <QRegularExpression>
#include <QTime>

namespace backupdb {

namespace {

const QStringList &dayNames()
{
    static const QStringList names { QStringLiteral("mon"), QStringLiteral("tue"),
                                     QStringLiteral("wed"), QStringLiteral("thu"),
                                     QStringLiteral("fri"), QStringLiteral("sat"),
                                     QStringLiteral("sun") };
    return names;
}

const QString &accepted()
{
    static const QString text = QStringLiteral(
            "expected \"off\", \"daily HH:MM\", \"weekly DAY HH:MM\" (DAY: mon..sun) or "
            "\"every N\" with a unit s, m, h or d (e.g. \"every 15m\")");
    return text;
}

// "03:00" -> minutes since midnight, or -1.
int minuteOfDay(const QString &text)
{
    const QTime t = QTime::fromString(text, QStringLiteral("H:mm"));
    return t.isValid() ? t.hour() * 60 + t.minute() : -1;
}

int weekday(const QString &text)
{
    const QString day = text.toLower();
    for (int i = 0; i < dayNames().size(); ++i) {
        const QString full = QLocale::c().dayName(i + 1, QLocale::LongFormat).toLower();
        if (day == dayNames()[i] || day == full)
            return i + 1;
    }
    return 0;
}

} // namespace

Result<ScheduleSpec> ScheduleSpec::parse(const QString &text)
{
    const QStringList words = text.simplified().split(u' ', Qt::SkipEmptyParts);
    const auto refuse = [&](const QString &why) {
        return DbError::invalidInput(QStringLiteral("schedule \"%1\"").arg(text.left(60)), why);
    };
    ScheduleSpec spec;
    if (words.isEmpty())
        return refuse(QStringLiteral("is empty; ") + accepted());
    const QString head = words.first().toLower();
    if (head == QLatin1String("off") && words.size() == 1)
        return spec;
    if (head == QLatin1String("daily") && words.size() == 2) {
        spec.m_kind = Kind::Daily;
        spec.m_minuteOfDay = minuteOfDay(words[1]);
        if (spec.m_minuteOfDay < 0)
            return refuse(QStringLiteral("\"%1\" is not a time HH:MM (00:00..23:59)")
                                  .arg(words[1].left(20)));
        return spec;
    }
    if (head == QLatin1String("weekly") && words.size() == 3) {
        spec.m_kind = Kind::Weekly;
        spec.m_weekday = weekday(words[1]);
        if (spec.m_weekday == 0)
            return refuse(QStringLiteral("\"%1\" is not a day (mon, tue, wed, thu, fri, sat, sun)")
                                  .arg(words[1].left(20)));
        spec.m_minuteOfDay = minuteOfDay(words[2]);
        if (spec.m_minuteOfDay < 0)
            return refuse(QStringLiteral("\"%1\" is not a time HH:MM (00:00..23:59)")
                                  .arg(words[2].left(20)));
        return spec;
    }
    if (head == QLatin1String("every") && words.size() == 2) {
        static const QRegularExpression form(QStringLiteral("^([0-9]{1,7})([smhd])$"));
        const auto match = form.match(words[1].toLower());
        if (!match.hasMatch())
            return refuse(QStringLiteral("\"%1\" is not a number with a unit s, m, h or d")
                                  .arg(words[1].left(20)));
        const qint64 n = match.captured(1).toLongLong();
        const QChar unit = match.captured(2).at(0);
        const qint64 factor = unit == u's' ? 1 : unit == u'm' ? 60 : unit == u'h' ? 3600 : 86400;
        spec.m_kind = Kind::Every;
        spec.m_intervalSeconds = n * factor;
        if (spec.m_intervalSeconds < 1 || spec.m_intervalSeconds > 366 * 86400)
            return refuse(QStringLiteral("the interval must be 1 s to 366 days"));
        return spec;
    }
    return refuse(accepted());
}

QString ScheduleSpec::problemWith(const QString &text)
{
    auto parsed = parse(text);
    return parsed ? QString() : parsed.error().message();
}

QDateTime ScheduleSpec::nextAfter(const QDateTime &after) const
{
    switch (m_kind) {
    case Kind::Off:
        return {};
    case Kind::Every:
        return after.addSecs(m_intervalSeconds);
    case Kind::Daily:
    case Kind::Weekly: {
        const QTime at(m_minuteOfDay / 60, m_minuteOfDay % 60);
        // Day by day from the day of `after`: at most 8 steps. A time that a DST change skips
        // on one day is taken the next (QDateTime moves it; it is still after `after`).
        for (int days = 0; days <= 8; ++days) {
            const QDate date = after.date().addDays(days);
            if (m_kind == Kind::Weekly && date.dayOfWeek() != m_weekday)
                continue;
            const QDateTime candidate(date, at, after.timeSpec());
            if (candidate > after)
                return candidate;
        }
        return {};
    }
    }
    return {};
}

qint64 ScheduleSpec::periodSeconds() const
{
    switch (m_kind) {
    case Kind::Off:
        return 0;
    case Kind::Every:
        return m_intervalSeconds;
    case Kind::Daily:
        return 86400;
    case Kind::Weekly:
        return 7 * 86400;
    }
    return 0;
}

QString ScheduleSpec::toString() const
{
    const QString time = QStringLiteral("%1:%2")
                                 .arg(m_minuteOfDay / 60, 2, 10, QLatin1Char('0'))
                                 .arg(m_minuteOfDay % 60, 2, 10, QLatin1Char('0'));
    switch (m_kind) {
    case Kind::Off:
        return QStringLiteral("off");
    case Kind::Daily:
        return QStringLiteral("daily ") + time;
    case Kind::Weekly:
        return QStringLiteral("weekly %1 %2").arg(dayNames()[m_weekday - 1], time);
    case Kind::Every:
        return QStringLiteral("every %1s").arg(m_intervalSeconds);
    }
    return {};
}

} // namespace backupdb
