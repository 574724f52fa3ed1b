// When one scheduled maintenance task runs ([schedule] in the configuration):
//   off                  never
//   daily HH:MM          every day at that local time
//   weekly DAY HH:MM     once a week (DAY: mon tue wed thu fri sat sun, or the full English name)
//   every N<unit>        every N seconds (s), minutes (m), hours (h) or days (d), counted from
//                        the service's start; for short test schedules ("every 2s") and for
//                        upkeep such as checkpoints
// Parsing is strict: anything else is refused with a message that says what is accepted.
// Thread-safety: value type.
#pragma once

#include "../common/error.h"

#include <QDateTime>
#include <QString>

namespace backupdb {

class ScheduleSpec
{
public:
    enum class Kind { Off, Daily, Weekly, Every };

    ScheduleSpec() = default;
    static Result<ScheduleSpec> parse(const QString &text);
    // Why text is refused, or an empty string (for the configuration's validators).
    static QString problemWith(const QString &text);

    Kind kind() const { return m_kind; }
    bool isOff() const { return m_kind == Kind::Off; }
    qint64 intervalSeconds() const { return m_intervalSeconds; } // Every only
    // The first time strictly after `after` at which the task is due; invalid when off. For
    // Every, `after` is the previous run (or the start).
    QDateTime nextAfter(const QDateTime &after) const;
    // The longest time between two runs (for "missed while stopped"); 0 when off.
    qint64 periodSeconds() const;
    QString toString() const; // normalised: "weekly sun 04:00"

    bool operator==(const ScheduleSpec &other) const = default;

private:
    Kind m_kind = Kind::Off;
    qint64 m_intervalSeconds = 0;
    int m_weekday = 0; // 1 = Monday .. 7 = Sunday (Qt's numbering)
    int m_minuteOfDay = 0;
};

} // namespace backupdb
