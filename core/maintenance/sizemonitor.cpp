#include "sizemonitor.h"

#include "../common/logging.h"

#include <QFileInfo>
#include <QLocale>

namespace backupdb {

QString SizeReport::levelName(Level level)
{
    switch (level) {
    case Level::Ok:
        return QStringLiteral("ok");
    case Level::Warning:
        return QStringLiteral("warning");
    case Level::Critical:
        return QStringLiteral("critical");
    }
    return QString();
}

Result<SizeReport> SizeMonitor::report(const SizeThresholds &thresholds)
{
    if (thresholds.warningBytes <= 0 || thresholds.criticalBytes < thresholds.warningBytes)
        return DbError::invalidInput(QStringLiteral("size thresholds"),
                                     QStringLiteral("need 0 < warning <= critical"));
    auto sizes = m_db.read([&](ConnectionLease &lease) -> Result<SizeReport> {
        auto figures = lease.engine().storageFigures(lease.handle(), m_db.path());
        if (!figures)
            return figures.error();
        SizeReport r;
        r.pageSize = figures->pageSize;
        r.databaseBytes = figures->databaseBytes;
        r.freeBytes = figures->freeBytes;
        r.autoVacuum = figures->autoVacuum;
        r.walBytes = figures->sideBytes;
        return r;
    });
    if (!sizes)
        return sizes;
    SizeReport r = sizes.value();
    const qint64 total = r.databaseBytes + r.walBytes;
    const QLocale c = QLocale::c();
    if (total >= thresholds.criticalBytes) {
        r.level = SizeReport::Level::Critical;
        r.message = QStringLiteral("database is %1, above the critical threshold of %2")
                            .arg(c.formattedDataSize(total),
                                 c.formattedDataSize(thresholds.criticalBytes));
    } else if (total >= thresholds.warningBytes) {
        r.level = SizeReport::Level::Warning;
        r.message = QStringLiteral("database is %1, above the warning threshold of %2")
                            .arg(c.formattedDataSize(total),
                                 c.formattedDataSize(thresholds.warningBytes));
    } else {
        r.message = QStringLiteral("database is %1").arg(c.formattedDataSize(total));
    }
    return r;
}

Result<CheckpointResult> SizeMonitor::checkpoint()
{
    if (m_db.isReadOnly())
        return m_db.writeRefusal();
    // TRUNCATE shortens a WAL that another process may be using: only when nobody else has the
    // database open (the kernel's lock table says so); else a PASSIVE pass alone.
    const OtherProcesses others = m_db.engine().otherProcesses(m_db.path());
    const bool alone = others.known && others.users.isEmpty();
    const QString passive = m_db.engine().checkpointSql(CheckpointMode::Passive);
    if (passive.isEmpty()) {
        CheckpointResult none; // the engine keeps no log beside the database
        none.applicable = false;
        return none;
    }
    auto result = m_db.write([&](ConnectionLease &lease) -> Result<CheckpointResult> {
        CheckpointResult r;
        // A successful TRUNCATE reports 0 frames (the WAL is gone by then): a PASSIVE pass first
        // tells how many frames there were and copies what no reader holds back.
        DbError error = m_db.forEachRow(
                lease, passive, {},
                [&](const QSqlQuery &q) {
                    r.walFrames = std::max(0, q.value(1).toInt()); // -1 when not in WAL mode
                    r.checkpointedFrames = std::max(0, q.value(2).toInt());
                });
        if (error || !alone) {
            r.busy = r.checkpointedFrames < r.walFrames;
            return error ? Result<CheckpointResult>(error) : Result<CheckpointResult>(r);
        }
        error = m_db.forEachRow(lease, m_db.engine().checkpointSql(CheckpointMode::Truncate), {},
                                [&](const QSqlQuery &q) {
                                    r.busy = q.value(0).toInt() != 0;
                                    if (!r.busy)
                                        r.checkpointedFrames = r.walFrames;
                                });
        if (error)
            return error;
        return r;
    });
    if (result)
        m_audit.record(QStringLiteral("checkpoint"),
                       { { QStringLiteral("wal_frames"), result->walFrames },
                         { QStringLiteral("checkpointed"), result->checkpointedFrames },
                         { QStringLiteral("busy"), result->busy } });
    return result;
}

Result<qint64> SizeMonitor::vacuum(const CancelFlag *cancel)
{
    if (DbError e = m_db.checkDestructive(QStringLiteral("vacuum")))
        return e;
    auto before = report();
    if (!before)
        return before.error();
    auto done = m_db.write([&](ConnectionLease &lease) -> DbError {
        StatementControl control(cancel);
        control.timeout = Milliseconds(0); // VACUUM of a large file takes a while
        // Not prepared: PostgreSQL's VACUUM cannot be (nor run inside a transaction).
        return m_db.executeUnprepared(lease, m_db.engine().vacuumSql(before->autoVacuum), control);
    });
    if (done)
        return done;
    auto after = report();
    if (!after)
        return after.error();
    const qint64 freed = std::max<qint64>(0, before->databaseBytes - after->databaseBytes);
    m_audit.record(
            QStringLiteral("vacuum"),
            { { QStringLiteral("bytes_before"), before->databaseBytes },
              { QStringLiteral("bytes_after"), after->databaseBytes },
              { QStringLiteral("mode"),
                before->autoVacuum == QLatin1String("incremental") ? QStringLiteral("incremental")
                                                                   : QStringLiteral("full") } });
    qCInfo(lcIntegrity).noquote() << "vacuum gave back" << freed << "bytes";
    return freed;
}

bool SizeMonitor::shouldVacuum(const SizeReport &size, const VacuumPolicy &policy,
                               Milliseconds quietFor)
{
    if (size.databaseBytes <= 0 || quietFor < policy.quietFor)
        return false;
    return size.freeBytes >= policy.minFreeBytes
            && double(size.freeBytes) / double(size.databaseBytes) >= policy.minFreeFraction;
}

} // namespace backupdb
