#include "healthservice.h"

namespace backupdb {

Result<HealthReport> HealthService::report(const HealthOptions &options)
{
    HealthReport r;
    r.at = QDateTime::currentDateTimeUtc();
    r.writer = m_db.writer().metrics();
    r.readers = m_db.readers().metrics();
    r.writerHealth = computeHealth(r.writer);
    r.readersHealth = computeHealth(r.readers);
    r.journalMode = m_db.writer().journalMode();
    r.score = std::min(r.writerHealth.score, r.readersHealth.score);
    for (const QString &w : r.writerHealth.warnings)
        r.warnings.append(QStringLiteral("writer: ") + w);
    for (const QString &w : r.readersHealth.warnings)
        r.warnings.append(QStringLiteral("readers: ") + w);

    auto totals = m_statistics.totals();
    if (!totals)
        return totals.error();
    r.totals = totals.value();

    auto size = m_size.report(options.thresholds);
    if (!size)
        return size.error();
    r.size = size.value();
    if (r.size.level == SizeReport::Level::Critical) {
        r.score -= 25;
        r.warnings.append(r.size.message);
    } else if (r.size.level == SizeReport::Level::Warning) {
        r.score -= 10;
        r.warnings.append(r.size.message);
    }

    if (options.recheckStale) {
        auto current = m_integrity.current();
        if (!current)
            return current.error();
        r.integrity = current.value();
    } else {
        r.integrity = m_integrity.lastReport();
    }
    if (r.integrity) {
        if (r.integrity->isStale())
            r.warnings.append(QStringLiteral("the integrity figures are from %1 and may be out of "
                                             "date: %2")
                                      .arg(r.integrity->checkedAt.toString(Qt::ISODate),
                                           r.integrity->staleReason));
        if (r.integrity->integrityMessages != QStringList{ QStringLiteral("ok") }) {
            r.score -= 40;
            r.warnings.append(QStringLiteral("integrity check: %1").arg(r.integrity->integrity()));
        }
        if (r.integrity->foreignKeyViolations > 0 || r.integrity->malformedIds > 0) {
            r.score -= 15;
            r.warnings.append(QStringLiteral("%1 foreign key violation(s), %2 malformed ID(s)")
                                      .arg(r.integrity->foreignKeyViolations)
                                      .arg(r.integrity->malformedIds));
        }
        if (r.integrity->orphanedFiles > 0) {
            r.score -= 10;
            r.warnings.append(QStringLiteral("%1 orphaned file record(s)").arg(r.integrity->orphanedFiles));
        }
    } else {
        r.warnings.append(QStringLiteral("no integrity check has run yet"));
    }

    if (!options.backupFolder.isEmpty())
        r.lastBackup = m_backups.newest(options.backupFolder);
    if (!r.lastBackup) {
        r.score -= 15;
        r.warnings.append(QStringLiteral("no backup found"));
    } else {
        if (r.lastBackup->createdAt.secsTo(r.at) > qint64(options.maxBackupAgeHours) * 3600) {
            r.score -= 10;
            r.warnings.append(QStringLiteral("the newest backup is older than %1 hours").arg(options.maxBackupAgeHours));
        }
        if (!r.lastBackup->verified) {
            r.score -= 10;
            r.warnings.append(QStringLiteral("the newest backup is not verified"));
        }
    }

    const QList<StatementStats> all = m_db.queryStats().statements();
    r.slowest = all.mid(0, 10);
    r.slowQueries = m_db.queryStats().slowTotal();
    r.score = std::clamp(r.score, 0, 100);
    return r;
}

MetricsSnapshot HealthService::snapshot(const HealthReport &r, const QueryStats &stats)
{
    MetricsSnapshot s;
    s.pools = { r.writer, r.readers };
    s.poolHealth = { r.writerHealth, r.readersHealth };
    for (const StatementStats &st : stats.statements().mid(0, 20))
        s.statements.append({ st.sql.simplified().left(200), st.calls, st.totalMs / 1000.0, st.maxMs / 1000.0 });
    s.statementsTotal = stats.totalStatements();
    s.slowQueriesTotal = stats.slowTotal();
    s.databaseBytes = r.size.databaseBytes;
    s.walBytes = r.size.walBytes;
    s.freeBytes = r.size.freeBytes;
    s.clients = r.totals.clients;
    s.files = r.totals.files;
    s.fileBytes = r.totals.totalSizeBytes;
    if (r.lastBackup) {
        s.hasBackup = true;
        s.lastBackupAt = r.lastBackup->createdAt;
        s.lastBackupVerified = r.lastBackup->verified;
        s.lastBackupBytes = r.lastBackup->bytes;
    }
    if (r.integrity) {
        s.integrityChecked = true;
        s.integrityOk = r.integrity->integrityMessages == QStringList{ QStringLiteral("ok") };
        s.orphanedFiles = r.integrity->orphanedFiles;
        s.foreignKeyViolations = r.integrity->foreignKeyViolations;
    }
    s.healthScore = r.score;
    return s;
}

} // namespace backupdb
