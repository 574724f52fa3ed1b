#include "maintenancehistory.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>

namespace backupdb {

namespace {

QString isoUtc(const QDateTime &at)
{
    // One fixed format, so that text order is time order and the index serves ORDER BY.
    return at.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

const char *const kColumns = "id, task, started_at, finished_at, result, trigger, message, details";

MaintenanceRun runFrom(const QSqlQuery &q)
{
    MaintenanceRun run;
    run.id = q.value(0).toLongLong();
    run.task = q.value(1).toString();
    run.startedAt = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs).toUTC();
    run.finishedAt = QDateTime::fromString(q.value(3).toString(), Qt::ISODateWithMs).toUTC();
    // A value written by another version stays visible as a failure rather than vanishing.
    run.result = MaintenanceRun::resultFromName(q.value(4).toString())
                         .value_or(MaintenanceRun::Result::Failed);
    run.trigger = q.value(5).toString() == QLatin1String("manual")
            ? MaintenanceRun::Trigger::Manual
            : MaintenanceRun::Trigger::Schedule;
    run.message = q.value(6).toString();
    run.details = QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object();
    return run;
}

} // namespace

QString MaintenanceRun::resultName(Result result)
{
    switch (result) {
    case Result::Ok:
        return QStringLiteral("ok");
    case Result::Problems:
        return QStringLiteral("problems");
    case Result::Failed:
        return QStringLiteral("failed");
    case Result::Skipped:
        return QStringLiteral("skipped");
    case Result::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("failed");
}

std::optional<MaintenanceRun::Result> MaintenanceRun::resultFromName(const QString &name)
{
    for (Result r : { Result::Ok, Result::Problems, Result::Failed, Result::Skipped,
                      Result::Cancelled })
        if (resultName(r) == name)
            return r;
    return std::nullopt;
}

QString MaintenanceRun::triggerName(Trigger trigger)
{
    return trigger == Trigger::Manual ? QStringLiteral("manual") : QStringLiteral("schedule");
}

Result<qint64> MaintenanceHistory::record(const MaintenanceRun &run)
{
    static const QRegularExpression taskName(QStringLiteral("^[a-z_]{1,40}$"));
    if (!taskName.match(run.task).hasMatch())
        return DbError::invalidInput(QStringLiteral("task"),
                                     QStringLiteral("must be a lower-case name"));
    if (!run.startedAt.isValid() || !run.finishedAt.isValid())
        return DbError::invalidInput(QStringLiteral("run times"),
                                     QStringLiteral("are not valid times"));
    return m_db.write([&](ConnectionLease &lease) -> Result<qint64> {
        // RETURNING, which both engines have, instead of an engine's own last-insert call.
        auto id = m_db.scalar(
                lease,
                QStringLiteral("INSERT INTO bdba_maintenance_history (task, started_at, "
                               "finished_at, result, trigger, message, details) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"),
                { run.task, isoUtc(run.startedAt), isoUtc(run.finishedAt),
                  MaintenanceRun::resultName(run.result), MaintenanceRun::triggerName(run.trigger),
                  // A null QString binds NULL; the column is NOT NULL with '' for no message.
                  run.message.isNull() ? QStringLiteral("") : run.message.left(2000),
                  QString::fromUtf8(QJsonDocument(run.details).toJson(QJsonDocument::Compact)) });
        if (!id)
            return id.error();
        return id->toLongLong();
    });
}

Result<QList<MaintenanceRun>> MaintenanceHistory::recent(int limit, const QString &task)
{
    if (limit < 1 || limit > kMaxLoad)
        return DbError::invalidInput(QStringLiteral("history limit"),
                                     QStringLiteral("must be 1..%1").arg(kMaxLoad));
    return m_db.read([&](ConnectionLease &lease) -> Result<QList<MaintenanceRun>> {
        QList<MaintenanceRun> runs;
        const QString sql = task.isEmpty()
                ? QStringLiteral("SELECT %1 FROM bdba_maintenance_history ORDER BY started_at "
                                 "DESC, id DESC LIMIT ?")
                          .arg(QLatin1String(kColumns))
                : QStringLiteral("SELECT %1 FROM bdba_maintenance_history WHERE task = ? "
                                 "ORDER BY started_at DESC, id DESC LIMIT ?")
                          .arg(QLatin1String(kColumns));
        const QVariantList binds = task.isEmpty() ? QVariantList { limit }
                                                  : QVariantList { task, limit };
        if (DbError e = m_db.forEachRow(lease, sql, binds,
                                        [&](const QSqlQuery &q) { runs << runFrom(q); }))
            return e;
        return runs;
    });
}

Result<QList<MaintenanceRun>> MaintenanceHistory::lastOfEachTask()
{
    return m_db.read([&](ConnectionLease &lease) -> Result<QList<MaintenanceRun>> {
        QList<MaintenanceRun> runs;
        // The index (task, started_at) answers each MAX without a scan of the table.
        const QString sql
                = QStringLiteral("SELECT %1 FROM bdba_maintenance_history h WHERE id = "
                                 "(SELECT id FROM bdba_maintenance_history WHERE task = h.task "
                                 "ORDER BY started_at DESC, id DESC LIMIT 1) ORDER BY task")
                          .arg(QLatin1String(kColumns));
        if (DbError e = m_db.forEachRow(lease, sql, {},
                                        [&](const QSqlQuery &q) { runs << runFrom(q); }))
            return e;
        return runs;
    });
}

Result<qint64> MaintenanceHistory::prune(int keepDays)
{
    if (keepDays < 1)
        return DbError::invalidInput(QStringLiteral("history retention"),
                                     QStringLiteral("must keep at least 1 day"));
    const QString cutoff = isoUtc(QDateTime::currentDateTimeUtc().addDays(-keepDays));
    return m_db.write([&](ConnectionLease &lease) -> Result<qint64> {
        return m_db.execute(lease,
                            QStringLiteral("DELETE FROM bdba_maintenance_history WHERE "
                                           "started_at < ?"),
                            { cutoff });
    });
}

} // namespace backupdb
