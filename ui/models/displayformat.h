// How the tables show stored values: timestamps in local time (or as stored when unreadable),
// sizes human-readable, CRCs in hex, IDs as canonical UUID text.
// Thread-safety: pure functions.
#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace backupdb::ui::displayformat {

QString timestamp(const QString &stored);
QString size(std::optional<qint64> bytes);
QString crc(std::optional<qint64> crc);
QString uuid(const QByteArray &id);

} // namespace backupdb::ui::displayformat
