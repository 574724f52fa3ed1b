#include "integritychecker.h"

#include "../common/logging.h"

#include <QFileInfo>
#include <algorithm>
#include <utility>

namespace backupdb {

QString IntegrityReport::integrity() const
{
    return integrityMessages.isEmpty() ? QStringLiteral("not checked") : integrityMessages.first();
}

bool IntegrityReport::ok() const
{
    for (const IntegrityFinding &f : findings)
        if (f.severity != IntegrityFinding::Severity::Info)
            return false;
    return notChecked.isEmpty() && integrityMessages == QStringList { QStringLiteral("ok") };
}

namespace {
const QString kOrphanCondition
        = QStringLiteral("NOT EXISTS (SELECT 1 FROM clients c WHERE c.ID = f.ClientID)");
} // namespace

Result<QPair<qint64, QList<qint64>>> IntegrityChecker::orphans(int sample, const CancelFlag *cancel)
{
    return m_db.read([&](ConnectionLease &lease) -> Result<QPair<qint64, QList<qint64>>> {
        QPair<qint64, QList<qint64>> out { 0, {} };
        StatementControl control(cancel);
        control.timeout = Milliseconds(0);
        if (DbError e = m_db.forEachRow(
                    lease, QStringLiteral("SELECT %1 FROM files f WHERE ").arg(m_db.rowKey(QStringLiteral("f")))
                            + kOrphanCondition,
                    {},
                    [&](const QSqlQuery &q) {
                        if (out.second.size() < sample)
                            out.second.append(q.value(0).toLongLong());
                        ++out.first;
                    },
                    control))
            return e;
        return out;
    });
}

Result<IntegrityReport> IntegrityChecker::check(IntegrityReport::Depth depth,
                                                const ProgressCallback &progress,
                                                const CancelFlag *cancel,
                                                const QStringList *quickCheckMessages)
{
    const Nanoseconds t0 = SteadyClock::instance().now();
    IntegrityReport report;
    report.depth = depth;
    report.checkedAt = QDateTime::currentDateTimeUtc();
    report.epoch = m_db.contentEpoch();
    report.basis = readStamp();
    const bool full = depth == IntegrityReport::Depth::Full;
    auto tell = [&](double fraction) {
        if (progress)
            progress(std::clamp(fraction, 0.0, 1.0));
    };
    // The progress handler interrupts a statement only every ~1000 VM steps: on a small file a
    // stage can finish before it ever looks at the flag, so look between the stages as well.
    const auto cancelled = [&] {
        return cancel && cancel->load();
    };
    const DbError cancelledError(DbError::Kind::Cancelled,
                                 QStringLiteral("integrity check cancelled"));
    if (cancelled())
        return cancelledError;
    if (m_db.engine().storageCheckSql(full, 1).isEmpty())
        return checkWhole(report, full, progress, cancel, t0);
    // On a damaged file a stage can fail with "database disk image is malformed": that is a
    // finding of this report, not a reason to give no report at all.
    const auto isDamage = [](const DbError &e) {
        return e.kind() == DbError::Kind::Corrupt || e.kind() == DbError::Kind::NotADatabase;
    };
    const auto noteDamage = [&](const QString &stage, const DbError &e) {
        if (report.integrityMessages == QStringList { QStringLiteral("ok") })
            report.integrityMessages.clear();
        report.integrityMessages.append(e.message());
        report.findings.append({ IntegrityFinding::Severity::Error,
                                 QStringLiteral("integrity"),
                                 QStringLiteral("%1 failed: %2").arg(stage, e.message()),
                                 {},
                                 1,
                                 {} });
        qCWarning(lcIntegrity).noquote() << stage << "failed on a damaged database:" << e.message();
    };

    // 0. Another process that lost its locks: the one state in which our maintenance could
    // make the server lose data. Said first, with what to do.
    if (const QList<qint64> lockless = m_db.locklessProcesses(); !lockless.isEmpty()) {
        QStringList pids;
        for (qint64 pid : lockless)
            pids.append(QString::number(pid));
        report.findings.append(
                { IntegrityFinding::Severity::Error, QStringLiteral("lost_locks"),
                  QStringLiteral("process %1 has the database open but holds no lock on it: "
                                 "restart it before maintenance (destructive maintenance is "
                                 "refused until then)")
                          .arg(pids.join(QStringLiteral(", "))),
                  QString(), lockless.size(), lockless });
    }

    // 1. The engine's own check. Its progress is estimated from VM steps against the page count.
    const bool known = quickCheckMessages && !full;
    if (known)
        report.integrityMessages = *quickCheckMessages;
    auto storageCheck = known ? DbError() : m_db.read([&](ConnectionLease &lease) -> DbError {
        auto pages = lease.engine().storagePages(lease.handle());
        const double expectedSteps
                = std::max<double>(1.0, double(pages.valueOr(1)) * (full ? 12.0 : 4.0));
        const double share = full ? 0.85 : 0.5;
        const std::function<void(qint64)> onSteps = [&](qint64 steps) {
            if (steps % 64 == 0)
                tell(share * std::min(0.99, double(steps) / expectedSteps));
        };
        StatementControl control(cancel);
        control.timeout = Milliseconds(0); // a full check of a large file takes minutes
        control.progress = &onSteps;
        return m_db.forEachRow(
                lease,
                lease.engine().storageCheckSql(full, 1000),
                {},
                [&](const QSqlQuery &q) { report.integrityMessages.append(q.value(0).toString()); },
                control);
    });
    if (storageCheck && !isDamage(storageCheck))
        return storageCheck;
    if (storageCheck) {
        noteDamage(m_db.engine().storageCheckName(full),
                   storageCheck);
    } else if (report.integrityMessages != QStringList { QStringLiteral("ok") }) {
        IntegrityFinding f { IntegrityFinding::Severity::Error,
                             QStringLiteral("integrity"),
                             QStringLiteral("%1 %2 found %3 problem(s): %4")
                                     .arg(m_db.engine().name(),
                                          m_db.engine().storageCheckName(full))
                                     .arg(report.integrityMessages.size())
                                     .arg(report.integrityMessages.first()),
                             {},
                             report.integrityMessages.size(),
                             {} };
        report.findings.append(f);
    }
    tell(full ? 0.86 : 0.5);
    if (cancelled())
        return cancelledError;

    // 2. Foreign keys, orphans, malformed IDs.
    auto logical = m_db.read([&](ConnectionLease &lease) -> DbError {
        StatementControl control(cancel);
        control.timeout = Milliseconds(0);
        QList<qint64> fkRows;
        QHash<QString, qint64> fkTables;
        if (DbError e = m_db.forEachRow(
                    lease, lease.engine().foreignKeyCheckSql(), {},
                    [&](const QSqlQuery &q) {
                        // A file row whose client is missing is an orphan: one problem, one
                        // finding (orphaned_files below), not a second one here.
                        if (q.value(0).toString() == QLatin1String("files")
                            && q.value(2).toString() == QLatin1String("clients"))
                            return;
                        ++report.foreignKeyViolations;
                        ++fkTables[q.value(0).toString()];
                        if (fkRows.size() < kSampleRows)
                            fkRows.append(q.value(1).toLongLong());
                    },
                    control))
            return e;
        if (report.foreignKeyViolations > 0)
            report.findings.append({ IntegrityFinding::Severity::Error,
                                     QStringLiteral("foreign_key"),
                                     QStringLiteral("%1 row(s) violate a foreign key")
                                             .arg(report.foreignKeyViolations),
                                     fkTables.keys().join(QStringLiteral(", ")),
                                     report.foreignKeyViolations, fkRows });
        tell(full ? 0.9 : 0.7);

        QList<qint64> orphanRows;
        if (DbError e = m_db.forEachRow(
                    lease, QStringLiteral("SELECT %1 FROM files f WHERE ").arg(m_db.rowKey(QStringLiteral("f")))
                            + kOrphanCondition,
                    {},
                    [&](const QSqlQuery &q) {
                        ++report.orphanedFiles;
                        if (orphanRows.size() < kSampleRows)
                            orphanRows.append(q.value(0).toLongLong());
                    },
                    control))
            return e;
        if (report.orphanedFiles > 0)
            report.findings.append({ IntegrityFinding::Severity::Warning,
                                     QStringLiteral("orphaned_files"),
                                     QStringLiteral("%1 file record(s) belong to no client")
                                             .arg(report.orphanedFiles),
                                     QStringLiteral("files"), report.orphanedFiles, orphanRows });
        tell(full ? 0.93 : 0.85);

        const QList<QPair<QString, QString>> idChecks {
            { QStringLiteral("clients"),
              m_db.engine().dialect().notSixteenBytes.arg(QStringLiteral("ID")) },
            { QStringLiteral("files"),
              m_db.engine().dialect().notSixteenBytes.arg(QStringLiteral("ID"))
                      + QLatin1String(" OR ")
                      + m_db.engine().dialect().notSixteenBytes.arg(QStringLiteral("ClientID")) },
        };
        for (const auto &[table, condition] : idChecks) {
            qint64 count = 0;
            QList<qint64> rows;
            if (DbError e = m_db.forEachRow(
                        lease,
                        QStringLiteral("SELECT %1 FROM %2 WHERE %3").arg(m_db.rowKey(), table, condition), {},
                        [&](const QSqlQuery &q) {
                            ++count;
                            if (rows.size() < kSampleRows)
                                rows.append(q.value(0).toLongLong());
                        },
                        control))
                return e;
            report.malformedIds += count;
            if (count > 0)
                report.findings.append(
                        { IntegrityFinding::Severity::Error, QStringLiteral("malformed_id"),
                          QStringLiteral("%1 row(s) of %2 have an ID that is not 16 bytes")
                                  .arg(count)
                                  .arg(table),
                          table, count, rows });
        }
        return DbError();
    });
    if (logical && !isDamage(logical))
        return logical;
    if (logical) {
        noteDamage(QStringLiteral("the checks of orphans, foreign keys and IDs"), logical);
        report.notChecked << QStringLiteral("foreign_key") << QStringLiteral("orphaned_files")
                          << QStringLiteral("malformed_id");
    }
    tell(0.96);
    if (cancelled())
        return cancelledError;

    // 3. The O(1) counters against a count of the tables.
    compareCounters(report, full, cancel);
    if (cancelled())
        return cancelledError;
    const bool repaired = std::any_of(report.findings.cbegin(), report.findings.cend(),
                                      [](const IntegrityFinding &f) {
                                          return f.kind == QLatin1String("counters_repaired");
                                      });
    if (repaired)
        report.basis = readStamp(); // the repair itself moved the counters

    // 4. Redundant indexes: reported, never dropped.
    auto redundant = m_db.read([&](ConnectionLease &lease) -> Result<QList<RedundantIndex>> {
        return lease.engine().redundantIndexes(
                lease.handle(), { QStringLiteral("clients"), QStringLiteral("files") });
    });
    if (redundant) {
        for (const RedundantIndex &r : redundant.value())
            report.findings.append({ IntegrityFinding::Severity::Info,
                                     QStringLiteral("redundant_index"),
                                     QStringLiteral("index %1 duplicates %2 on %3(%4)")
                                             .arg(r.redundant, r.kept, r.table,
                                                  r.columns.join(QStringLiteral(", "))),
                                     r.table,
                                     1,
                                     {} });
    }

    report.seconds = double((SteadyClock::instance().now() - t0).count()) / 1e9;
    tell(1.0);
    qCInfo(lcIntegrity).noquote() << (full ? "full" : "quick") << "check:" << report.integrity()
                                  << "orphans" << report.orphanedFiles << "fk"
                                  << report.foreignKeyViolations << "malformed"
                                  << report.malformedIds;
    std::lock_guard lock(m_mutex);
    m_last = report;
    return report;
}

Result<IntegrityReport> IntegrityChecker::checkWhole(IntegrityReport report, bool full,
                                                     const ProgressCallback &progress,
                                                     const CancelFlag *cancel, Nanoseconds t0)
{
    auto checked = m_db.read([&](ConnectionLease &lease) {
        return m_db.engine().checkWhole(lease.database(), full, progress, cancel);
    });
    if (!checked)
        return checked.error();
    report.integrityMessages = checked->storageMessages;
    report.foreignKeyViolations = checked->foreignKeyViolations;
    report.orphanedFiles = checked->orphanedFiles;
    report.malformedIds = checked->malformedIds;
    report.countersExact = checked->countersExact;
    for (const EngineCheckFinding &f : std::as_const(checked->findings))
        report.findings.append({ IntegrityFinding::Severity(int(f.severity)), f.kind, f.message,
                                 f.table, f.count, {} });
    report.seconds = double((SteadyClock::instance().now() - t0).count()) / 1e9;
    qCInfo(lcIntegrity).noquote() << (full ? "full" : "quick") << "check:" << report.integrity()
                                  << "orphans" << report.orphanedFiles << "fk"
                                  << report.foreignKeyViolations << "malformed"
                                  << report.malformedIds;
    std::lock_guard lock(m_mutex);
    m_last = report;
    return report;
}

std::optional<ContentStamp> IntegrityChecker::readStamp() const
{
    if (!m_statistics)
        return std::nullopt;
    auto stamp = m_statistics->stamp();
    if (!stamp)
        return std::nullopt;
    return stamp.value();
}

QString IntegrityChecker::staleness(const IntegrityReport &report,
                                    const std::optional<ContentStamp> &now) const
{
    if (report.epoch != m_db.contentEpoch()) {
        const QString what = m_db.lastContentChange();
        return what.isEmpty() ? QStringLiteral("the data was replaced since the check")
                              : QStringLiteral("the data changed since the check (%1)").arg(what);
    }
    if (report.basis && now && !report.basis->sameData(*now)) {
        const DatabaseTotals &was = report.basis->totals, &is = now->totals;
        return QStringLiteral("the data changed since the check (clients %1 → %2, files %3 → %4, "
                              "%5 row changes)")
                .arg(was.clients)
                .arg(is.clients)
                .arg(was.files)
                .arg(is.files)
                .arg(now->lastAuditId - report.basis->lastAuditId);
    }
    return QString();
}

Result<IntegrityReport> IntegrityChecker::current(const CancelFlag *cancel)
{
    std::lock_guard recheck(m_recheckMutex);
    DamageCheck openCheck;
    {
        std::lock_guard lock(m_mutex);
        openCheck = std::exchange(m_openCheck, nullptr);
    }
    if (openCheck) {
        auto messages = openCheck();
        if (!messages)
            return messages.error();
        return check(IntegrityReport::Depth::Quick, {}, cancel, &messages.value());
    }
    std::optional<IntegrityReport> last = lastReport();
    if (last) {
        const QString why = staleness(*last, readStamp());
        if (why.isEmpty())
            return *last;
        const bool ownChange = last->epoch != m_db.contentEpoch();
        const bool old = last->checkedAt.secsTo(QDateTime::currentDateTimeUtc())
                >= kExternalRecheckSeconds;
        if (!ownChange && !old) {
            last->staleReason = why;
            return *last;
        }
        qCInfo(lcIntegrity).noquote() << "re-checking:" << why;
    }
    auto fresh = check(IntegrityReport::Depth::Quick, {}, cancel);
    if (!fresh && last && fresh.error().kind() != DbError::Kind::Cancelled) {
        last->staleReason = QStringLiteral("the new check failed: %1").arg(fresh.error().message());
        return *last;
    }
    return fresh;
}

void IntegrityChecker::deferOpenCheck(DamageCheck damageCheck)
{
    std::lock_guard lock(m_mutex);
    m_openCheck = std::move(damageCheck);
}

bool IntegrityChecker::openCheckPending() const
{
    std::lock_guard lock(m_mutex);
    return bool(m_openCheck);
}

bool IntegrityChecker::dropOpenCheck()
{
    std::lock_guard lock(m_mutex);
    return bool(std::exchange(m_openCheck, nullptr));
}

void IntegrityChecker::compareCounters(IntegrityReport &report, bool full,
                                       const CancelFlag *cancel)
{
    struct Compared
    {
        qint64 storedClients = -1, countedClients = 0, storedFiles = -1, countedFiles = 0;
        bool globalExact = false, perClientExact = true;
    } c;
    auto compare = m_db.read([&](ConnectionLease &lease) -> DbError {
        StatementControl control(cancel);
        control.timeout = Milliseconds(0);
        // Every counter the triggers keep; a missing counter row gives NULL: not exact.
        DbError e = m_db.forEachRow(
                lease,
                QStringLiteral(
                        "SELECT (SELECT clients FROM bdba_counters WHERE id = 1), "
                        "(SELECT COUNT(*) FROM clients), "
                        "(SELECT files FROM bdba_counters WHERE id = 1), f.n, "
                        "COALESCE((SELECT files = f.n AND total_size = f.size "
                        "  AND sized_files = f.sized AND verified = f.verified "
                        "  FROM bdba_counters WHERE id = 1), 0) "
                        "FROM (SELECT COUNT(*) AS n, COALESCE(SUM(FileSize), 0) AS size, "
                        "COUNT(FileSize) AS sized, COALESCE(SUM(Verified != 0), 0) AS verified "
                        "FROM files) AS f"),
                {},
                [&](const QSqlQuery &q) {
                    c.storedClients = q.value(0).isNull() ? -1 : q.value(0).toLongLong();
                    c.countedClients = q.value(1).toLongLong();
                    c.storedFiles = q.value(2).isNull() ? -1 : q.value(2).toLongLong();
                    c.countedFiles = q.value(3).toLongLong();
                    c.globalExact = c.storedClients == c.countedClients && q.value(4).toBool();
                },
                control);
        if (e || !full)
            return e;
        // Per client, in both directions: wrong, missing or left over.
        static const QString perClient
                = QStringLiteral("SELECT ClientID, COUNT(*), COALESCE(SUM(FileSize), 0), "
                                 "COALESCE(SUM(Verified != 0), 0) FROM files GROUP BY ClientID");
        static const QString stored = QStringLiteral(
                "SELECT client_id, files, total_size, verified FROM bdba_client_totals");
        return m_db.forEachRow(
                lease,
                QStringLiteral("SELECT (SELECT COUNT(*) FROM (%1 EXCEPT %2)) + "
                               "(SELECT COUNT(*) FROM (%2 EXCEPT %1)) = 0")
                        .arg(perClient, stored),
                {}, [&](const QSqlQuery &q) { c.perClientExact = q.value(0).toBool(); }, control);
    });
    if (compare.kind() == DbError::Kind::Cancelled || compare.kind() == DbError::Kind::Timeout)
        return;
    if (compare) {
        report.countersExact = false;
        report.notChecked.append(QStringLiteral("counters"));
        report.findings.append({ IntegrityFinding::Severity::Warning, QStringLiteral("counters"),
                                 QStringLiteral("the statistics counters could not be compared "
                                                "with the tables: %1")
                                         .arg(compare.message()),
                                 QStringLiteral("bdba_counters"), 1, {} });
        return;
    }
    report.countersExact = c.globalExact && c.perClientExact;
    if (report.countersExact)
        return;
    const QString difference
            = QStringLiteral("clients %1 stored, %2 counted; files %3 stored, %4 counted")
                      .arg(c.storedClients)
                      .arg(c.countedClients)
                      .arg(c.storedFiles)
                      .arg(c.countedFiles);
    // A writer the triggers cannot follow (a REPLACE on a unique index they do not know, a
    // restore of an older copy of the counters): repaired at once, so no figure stays wrong.
    if (m_statistics && !m_db.isReadOnly()) {
        if (DbError e = m_statistics->recount(); !e) {
            report.findings.append(
                    { IntegrityFinding::Severity::Info, QStringLiteral("counters_repaired"),
                      QStringLiteral("the statistics counters differed from the tables (%1); "
                                     "they were recounted")
                              .arg(difference),
                      QStringLiteral("bdba_counters"), 1, {} });
            qCWarning(lcIntegrity).noquote() << "counters recounted:" << difference;
            return;
        }
    }
    report.findings.append(
            { IntegrityFinding::Severity::Warning, QStringLiteral("counters"),
              QStringLiteral("the statistics counters differ from the tables (%1); run a "
                             "recount")
                      .arg(difference),
              QStringLiteral("bdba_counters"), 1, {} });
}

std::optional<IntegrityReport> IntegrityChecker::lastReport() const
{
    std::lock_guard lock(m_mutex);
    return m_last;
}

} // namespace backupdb
