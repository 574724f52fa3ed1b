#include "metricshistory.h"

#include "auditlog.h"

#include <cmath>

namespace backupdb {

namespace {

QString isoUtc(const QDateTime &at)
{
    // One fixed format, so that text order is time order and the index serves ORDER BY at.
    return at.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

} // namespace

DbError MetricsHistory::append(const MetricsSample &sample)
{
    if (!sample.at.isValid())
        return DbError::invalidInput(QStringLiteral("sample time"),
                                     QStringLiteral("is not a valid time"));
    const auto finite = [](double v) {
        return std::isfinite(v);
    };
    if (!finite(sample.utilisationPercent) || !finite(sample.acquireP95Ms)
        || (sample.queriesPerSecond && !finite(*sample.queriesPerSecond)))
        return DbError::invalidInput(QStringLiteral("sample"),
                                     QStringLiteral("values must be finite numbers"));
    const QVariant qps = sample.queriesPerSecond ? QVariant(*sample.queriesPerSecond)
                                                 : QVariant(QMetaType::fromType<double>());
    return m_db.write([&](ConnectionLease &lease) -> DbError {
        auto r = m_db.execute(
                lease,
                QStringLiteral("INSERT INTO bdba_metrics_history (at, utilisation, active, idle, "
                               "waiting, acquire_p95_ms, queries_per_second, health) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                { isoUtc(sample.at), sample.utilisationPercent, sample.active, sample.idle,
                  sample.waiting, sample.acquireP95Ms, qps, sample.health });
        return r ? DbError() : r.error();
    });
}

Result<QList<MetricsSample>> MetricsHistory::last(int count)
{
    if (count < 1 || count > kMaxLoad)
        return DbError::invalidInput(
                QStringLiteral("sample count"),
                QStringLiteral("must be 1..%1, not %2").arg(kMaxLoad).arg(count));
    return m_db.read([&](ConnectionLease &lease) -> Result<QList<MetricsSample>> {
        QList<MetricsSample> samples;
        const DbError e = m_db.forEachRow(
                lease,
                QStringLiteral("SELECT at, utilisation, active, idle, waiting, acquire_p95_ms, "
                               "queries_per_second, health FROM bdba_metrics_history "
                               "ORDER BY at DESC LIMIT ?"),
                { count }, [&](const QSqlQuery &q) {
                    MetricsSample s;
                    s.at = QDateTime::fromString(q.value(0).toString(), Qt::ISODateWithMs);
                    if (!s.at.isValid())
                        return; // a row written by hand; skip rather than plot it at the epoch
                    s.at = s.at.toUTC();
                    s.utilisationPercent = q.value(1).toDouble();
                    s.active = q.value(2).toInt();
                    s.idle = q.value(3).toInt();
                    s.waiting = q.value(4).toInt();
                    s.acquireP95Ms = q.value(5).toDouble();
                    if (!q.value(6).isNull())
                        s.queriesPerSecond = q.value(6).toDouble();
                    s.health = q.value(7).toInt();
                    samples.append(s);
                });
        if (e)
            return e;
        std::reverse(samples.begin(), samples.end());
        return samples;
    });
}

Result<qint64> MetricsHistory::prune(int keepDays)
{
    if (keepDays < 1)
        return DbError::invalidInput(QStringLiteral("history retention"),
                                     QStringLiteral("must keep at least 1 day"));
    const QString cutoff = isoUtc(QDateTime::currentDateTimeUtc().addDays(-keepDays));
    constexpr qint64 kBatch = 5000;
    qint64 total = 0;
    for (;;) {
        // Short transactions: the server's writes never wait long behind a prune.
        auto batch = m_db.write([&](ConnectionLease &lease) -> Result<qint64> {
            return m_db.execute(
                    lease,
                    QStringLiteral("DELETE FROM bdba_metrics_history WHERE %2 IN "
                                   "(SELECT %2 FROM bdba_metrics_history WHERE at < ? "
                                   "ORDER BY at LIMIT %1)")
                            .arg(QString::number(kBatch), m_db.rowKey()),
                    { cutoff });
        });
        if (!batch)
            return batch.error();
        total += batch.value();
        if (batch.value() < kBatch)
            break;
    }
    // Deleting stored data is audited, like the audit log's own prune (issue 6, item 7).
    if (total > 0)
        AuditLog(m_db).record(QStringLiteral("metrics-history-prune"),
                              { { QStringLiteral("deleted"), total },
                                { QStringLiteral("keep_days"), keepDays } });
    return total;
}

Result<qint64> MetricsHistory::count()
{
    return m_db.read([&](ConnectionLease &lease) -> Result<qint64> {
        auto v = m_db.scalar(lease, QStringLiteral("SELECT COUNT(*) FROM bdba_metrics_history"));
        if (!v)
            return v.error();
        return v->toLongLong();
    });
}

} // namespace backupdb
