// The history of maintenance runs (issue 14): one row in bdba_maintenance_history per run of a
// check, backup, retention, checkpoint or vacuum, scheduled by the service or started by hand.
// The GUI's Integrity and Backups pages, `backupdb-cli history` and the metrics read it.
// Thread-safety: all members may be called from any thread.
#pragma once

#include "../data/database.h"

#include <QDateTime>
#include <QJsonObject>
#include <optional>

namespace backupdb {

struct MaintenanceRun
{
    enum class Result { Ok, Problems, Failed, Skipped, Cancelled };
    enum class Trigger { Schedule, Manual };

    qint64 id = 0;
    QString task; // quick_check, full_check, backup, retention, checkpoint, vacuum
    QDateTime startedAt; // UTC
    QDateTime finishedAt; // UTC
    Result result = Result::Ok;
    Trigger trigger = Trigger::Schedule;
    QString message; // one line for people; never a key
    QJsonObject details; // the figures of the run

    bool succeeded() const { return result == Result::Ok; }
    static QString resultName(Result result);
    static std::optional<Result> resultFromName(const QString &name);
    static QString triggerName(Trigger trigger);
};

class MaintenanceHistory
{
public:
    static constexpr int kMaxLoad = 10000;

    explicit MaintenanceHistory(Database &database) : m_db(database) { }

    // Stores run (its id is ignored); returns the new row's id.
    ::backupdb::Result<qint64> record(const MaintenanceRun &run);
    // Newest first; task empty = every task (limit 1..kMaxLoad).
    ::backupdb::Result<QList<MaintenanceRun>> recent(int limit, const QString &task = QString());
    // The newest run of each task that has one, by task name.
    ::backupdb::Result<QList<MaintenanceRun>> lastOfEachTask();
    // Deletes the runs older than keepDays days; returns how many.
    ::backupdb::Result<qint64> prune(int keepDays);

private:
    Database &m_db;
};

} // namespace backupdb

Q_DECLARE_METATYPE(backupdb::MaintenanceRun)
