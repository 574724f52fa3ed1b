// Reading the timestamps the server wrote over the years: ISO-8601 with or without zone (and
// the "+00:00Z" it sometimes produced), CURRENT_TIMESTAMP's "YYYY-MM-DD HH:MM:SS", and ctime's
// "Fri Jan 10 09:06:40 2025". An unparsable value is shown as it is and never rewritten.
// Thread-safety: pure functions.
#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace backupdb::timestamps {

std::optional<QDateTime> parse(const QString &text); // UTC
QString nowIso(); // now, ISO-8601 UTC with a Z

} // namespace backupdb::timestamps
