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
// text as a date column takes it: as given where dates are the server's text (SQLite), in
// ISO-8601 UTC where they are a timestamp type (PostgreSQL's timestamptz, which refuses the
// server's "+00:00Z" and some ctime forms). A value parse() cannot read is returned as it is.
QString stored(const QString &text, bool typedColumn);

} // namespace backupdb::timestamps
