// Small helpers the maintenance pages share: where backups go, the health options of a
// configuration, and how times, ages and IDs are shown.
// Thread-safety: backupFolderFor() and healthOptionsFor() may run on a worker thread; the text
// helpers use tr() and, like readOnlyTable(), belong to the GUI thread.
#pragma once

#include "maintenance/healthservice.h"
#include "ops/config.h"

#include <QDateTime>
#include <QString>

class QTableWidget;
class QWidget;

namespace backupdb::ui {

// The configured backup folder, or a "backups" folder beside the database.
QString backupFolderFor(const AppConfig &config, const QString &databasePath);
HealthOptions healthOptionsFor(const AppConfig &config, const QString &databasePath);

// "just now", "5 min ago", "3 h ago", "2 days ago".
QString ageText(const QDateTime &then, const QDateTime &now = QDateTime::currentDateTimeUtc());
// Local time, to the second, in one fixed order (operators compare these across machines).
QString timeText(const QDateTime &at);
// A stored ISO-8601 UTC text shown as timeText(); unparsable text as it is.
QString timeText(const QString &isoUtc);
// A 16-byte ID as a UUID; anything else as hex.
QString idText(const QByteArray &id);

// A table for showing rows: read-only, whole rows selected, compact, last column stretched.
QTableWidget *readOnlyTable(QWidget *parent, const QString &objectName);

} // namespace backupdb::ui
