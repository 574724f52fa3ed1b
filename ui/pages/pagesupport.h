// Small helpers the maintenance pages share: where backups go, the health options of a
// configuration, how times, ages, IDs and sizes are shown, tables of rows, and confirmations.
// Thread-safety: backupFolderFor() and healthOptionsFor() may run on a worker thread; the text
// helpers use tr() and, like the widget helpers, belong to the GUI thread.
#pragma once

#include "maintenance/healthservice.h"
#include "maintenance/maintenancelock.h"
#include "ops/config.h"
#include "session.h"

#include <QDateTime>
#include <QString>
#include <functional>
#include <optional>

class QTableWidget;
class QTableWidgetItem;
class QWidget;

namespace backupdb::ui {

class DatabaseWorker;

// The configured backup folder, or a "backups" folder beside the database.
QString backupFolderFor(const AppConfig &config, const QString &databasePath);
HealthOptions healthOptionsFor(const AppConfig &config, const QString &databasePath);
// backupFolderFor() the worker's database; empty when none is open.
QString backupFolderFor(const AppConfig &config, const DatabaseWorker *worker);

// A long job (runLong's signature) that first takes the database's MaintenanceLock for task:
// never two maintenance tasks on one database at once, whether the GUI, the CLI or the service
// runs them. A lock held elsewhere gives Kind::Busy naming the holder, and nothing runs.
template<typename Job> auto underMaintenanceLock(const QString &task, Job job)
{
    return [task, job = std::move(job)](Session &s, const ProgressCallback &progress,
                                        const CancelFlag *cancel) -> decltype(job(s, progress, cancel)) {
        auto lock = MaintenanceLock::acquire(s.path(), QStringLiteral("backupdb-admin ") + task);
        if (!lock)
            return lock.error();
        return job(s, progress, cancel);
    };
}

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
// Gives table rowCount rows, filled by fillRow(row) with sorting off (it would move the rows
// while they are filled), then sorts again and fits the columns.
void fillTable(QTableWidget *table, int rowCount, const std::function<void(int row)> &fillRow);
// A size cell: the size as text, right-aligned, sorted by bytes (unknown: empty, first).
QTableWidgetItem *sizeItem(std::optional<qint64> bytes);

// A warning that asks before a destructive action: true when proceedText's button is clicked;
// Cancel is the default. The texts come translated by the page that asks.
bool confirmAction(QWidget *parent, const QString &objectName, const QString &title,
                   const QString &text, const QString &details, const QString &proceedText);

} // namespace backupdb::ui
