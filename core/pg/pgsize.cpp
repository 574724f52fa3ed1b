#include "pgsize.h"

#include "pgerrors.h"

#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace backupdb::pg {

namespace {

QDateTime timestamp(const QVariant &value)
{
    return value.isNull() ? QDateTime() : value.toDateTime().toUTC();
}

} // namespace

const PgTableSize *PgSizeReport::table(const QString &name) const
{
    for (const PgTableSize &t : tables) {
        if (t.table == name)
            return &t;
    }
    return nullptr;
}

Result<PgSizeReport> sizeReport(const QSqlDatabase &db, const PgSizeThresholds &thresholds)
{
    if (thresholds.warningBytes <= 0 || thresholds.criticalBytes < thresholds.warningBytes)
        return DbError::invalidInput(QStringLiteral("size thresholds"),
                                     QStringLiteral("need 0 < warning <= critical"));
    PgSizeReport report;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
                "SELECT current_database(), pg_database_size(current_database()), now()"))
        || !q.next())
        return fromSqlError(q.lastError(), QStringLiteral("reading the database's size"));
    report.database = q.value(0).toString();
    report.databaseBytes = q.value(1).toLongLong();
    report.measuredAt = timestamp(q.value(2));

    // pg_class for the sizes (every table, also one the statistics have not seen yet),
    // pg_stat_user_tables for the tuples and the upkeep.
    if (!q.exec(QStringLiteral(
                "SELECT c.relname, pg_total_relation_size(c.oid), pg_table_size(c.oid), "
                "pg_indexes_size(c.oid), COALESCE(s.n_live_tup, 0), COALESCE(s.n_dead_tup, 0), "
                "COALESCE(s.n_mod_since_analyze, 0), s.last_vacuum, s.last_autovacuum, "
                "s.last_analyze, s.last_autoanalyze, COALESCE(s.vacuum_count, 0), "
                "COALESCE(s.autovacuum_count, 0), COALESCE(s.analyze_count, 0), "
                "COALESCE(s.autoanalyze_count, 0) "
                "FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid "
                "WHERE c.relnamespace = current_schema()::regnamespace "
                "AND c.relkind IN ('r', 'p', 'm') "
                "ORDER BY pg_total_relation_size(c.oid) DESC, c.relname")))
        return fromSqlError(q.lastError(), QStringLiteral("reading the tables' sizes"));
    while (q.next()) {
        PgTableSize t;
        t.table = q.value(0).toString();
        t.totalBytes = q.value(1).toLongLong();
        t.heapBytes = q.value(2).toLongLong();
        t.indexBytes = q.value(3).toLongLong();
        t.liveTuples = q.value(4).toLongLong();
        t.deadTuples = q.value(5).toLongLong();
        t.modificationsSinceAnalyze = q.value(6).toLongLong();
        t.lastVacuum = timestamp(q.value(7));
        t.lastAutovacuum = timestamp(q.value(8));
        t.lastAnalyze = timestamp(q.value(9));
        t.lastAutoanalyze = timestamp(q.value(10));
        t.vacuumCount = q.value(11).toLongLong();
        t.autovacuumCount = q.value(12).toLongLong();
        t.analyzeCount = q.value(13).toLongLong();
        t.autoanalyzeCount = q.value(14).toLongLong();
        t.bloatBytesEstimate = qint64(double(t.heapBytes) * t.deadFraction());
        report.tablesBytes += t.totalBytes;
        report.deadTuples += t.deadTuples;
        report.bloatBytesEstimate += t.bloatBytesEstimate;
        if (t.deadTuples >= thresholds.minDeadTuples
            && t.deadFraction() > thresholds.deadFractionWarning)
            report.needVacuum << t.table;
        report.tables.append(t);
    }
    if (q.lastError().isValid())
        return fromSqlError(q.lastError(), QStringLiteral("reading the tables' sizes"));

    const QLocale c = QLocale::c();
    if (report.databaseBytes >= thresholds.criticalBytes) {
        report.level = PgSizeReport::Level::Critical;
        report.message = QStringLiteral("the database holds %1, past the critical %2")
                                 .arg(c.formattedDataSize(report.databaseBytes),
                                      c.formattedDataSize(thresholds.criticalBytes));
    } else if (report.databaseBytes >= thresholds.warningBytes) {
        report.level = PgSizeReport::Level::Warning;
        report.message = QStringLiteral("the database holds %1, past the warning %2")
                                 .arg(c.formattedDataSize(report.databaseBytes),
                                      c.formattedDataSize(thresholds.warningBytes));
    } else if (!report.needVacuum.isEmpty()) {
        report.level = PgSizeReport::Level::Warning;
        report.message = QStringLiteral("many dead rows, a VACUUM would help: %1")
                                 .arg(report.needVacuum.join(QStringLiteral(", ")));
    } else {
        report.message = QStringLiteral("the database holds %1")
                                 .arg(c.formattedDataSize(report.databaseBytes));
    }
    return report;
}

Result<PgSessionReport> sessionReport(const QSqlDatabase &db, const QString &applicationName)
{
    PgSessionReport report;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
                "SELECT pg_backend_pid(), current_setting('application_name'), now()"))
        || !q.next())
        return fromSqlError(q.lastError(), QStringLiteral("reading the session"));
    report.ownPid = q.value(0).toInt();
    report.applicationName = applicationName.isEmpty() ? q.value(1).toString() : applicationName;
    report.measuredAt = timestamp(q.value(2));

    // Client backends of this database only: not the autovacuum launcher, walwriter etc.
    // A role without pg_read_all_stats sees other roles' sessions with NULL state and query.
    if (!q.exec(QStringLiteral(
                "SELECT pid, datname, usename, application_name, "
                "COALESCE(host(client_addr), ''), COALESCE(state, ''), "
                "COALESCE(wait_event_type, ''), COALESCE(wait_event, ''), backend_start, "
                "xact_start, query_start, state_change "
                "FROM pg_stat_activity WHERE datid = (SELECT oid FROM pg_database WHERE datname "
                "= current_database()) AND backend_type = 'client backend' ORDER BY pid")))
        return fromSqlError(q.lastError(), QStringLiteral("reading pg_stat_activity"));
    while (q.next()) {
        PgSession s;
        s.pid = q.value(0).toInt();
        s.database = q.value(1).toString();
        s.user = q.value(2).toString();
        s.applicationName = q.value(3).toString();
        s.clientAddress = q.value(4).toString();
        s.state = q.value(5).toString();
        s.waitEventType = q.value(6).toString();
        s.waitEvent = q.value(7).toString();
        s.backendStart = timestamp(q.value(8));
        s.transactionStart = timestamp(q.value(9));
        s.queryStart = timestamp(q.value(10));
        s.stateChange = timestamp(q.value(11));
        s.isOwn = s.pid == report.ownPid;
        ++report.total;
        ++report.countByState[s.state.isEmpty() ? QStringLiteral("unknown") : s.state];
        if (s.waitEventType == QLatin1String("Lock"))
            ++report.waiting;
        if (s.applicationName == report.applicationName) {
            ++report.thisApplication;
            report.sessions.append(s);
        }
    }
    if (q.lastError().isValid())
        return fromSqlError(q.lastError(), QStringLiteral("reading pg_stat_activity"));
    return report;
}

} // namespace backupdb::pg
