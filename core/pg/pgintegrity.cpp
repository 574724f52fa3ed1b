#include "pgintegrity.h"

#include "pgerrors.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace backupdb::pg {

namespace {

using Severity = PgIntegrityFinding::Severity;

DbError cancelledError()
{
    return DbError(DbError::Kind::Cancelled, QStringLiteral("integrity check cancelled"));
}

// Runs sql; the error (classified) when it fails.
DbError run(QSqlQuery &q, const QString &sql, const QString &what)
{
    if (q.exec(sql))
        return DbError();
    return fromSqlError(q.lastError(), what);
}

Result<qint64> count(const QSqlDatabase &db, const QString &sql, const QString &what)
{
    QSqlQuery q(db);
    if (DbError e = run(q, sql, what))
        return e;
    if (!q.next())
        return DbError(DbError::Kind::Internal, what + QLatin1String(": no row"));
    return q.value(0).toLongLong();
}

Result<QList<QByteArray>> ids(const QSqlDatabase &db, const QString &sql, const QString &what)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (DbError e = run(q, sql, what))
        return e;
    QList<QByteArray> list;
    while (q.next())
        list.append(q.value(0).toByteArray());
    return list;
}

// A foreign key of the schema, as SQL the check can use (identifiers quoted by the server).
struct ForeignKey
{
    QString name;
    QString child; // regclass text: quoted where it must be
    QString parent;
    QString childNotNull; // MATCH SIMPLE: a row with a NULL in the key is not checked
    QString joinCondition; // p.<col> = ch.<col> AND ...
};

Result<QList<ForeignKey>> foreignKeys(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const QString sql = QStringLiteral(
            "SELECT c.conname, c.conrelid::regclass::text, c.confrelid::regclass::text, "
            "  (SELECT string_agg(format('ch.%I IS NOT NULL', ca.attname), ' AND ') "
            "     FROM unnest(c.conkey) AS k(n) "
            "     JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = k.n), "
            "  (SELECT string_agg(format('p.%I = ch.%I', pa.attname, ca.attname), ' AND ') "
            "     FROM unnest(c.conkey, c.confkey) AS k(ck, pk) "
            "     JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = k.ck "
            "     JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.pk) "
            "FROM pg_constraint c "
            "WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace "
            "ORDER BY c.conname");
    if (DbError e = run(q, sql, QStringLiteral("listing the foreign keys")))
        return e;
    QList<ForeignKey> keys;
    while (q.next())
        keys.append({ q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                      q.value(3).toString(), q.value(4).toString() });
    return keys;
}

// Whether q's error means amcheck cannot be used by this role or on this server (rather than
// a failure of the check itself).
bool isUnavailable(const DbError &e)
{
    const QString state = sqlStateOf(e);
    return state == QLatin1String("42501") // insufficient_privilege
            || state == QLatin1String("0A000") // feature_not_supported
            || state == QLatin1String("58P01") // undefined_file: no amcheck.control
            || state == QLatin1String("42883") // undefined_function
            || state == QLatin1String("25006"); // read-only transaction (a standby)
}

} // namespace

bool PgIntegrityReport::ok() const
{
    for (const PgIntegrityFinding &f : findings) {
        if (f.severity != Severity::Info)
            return false;
    }
    return true;
}

QList<PgIntegrityFinding> PgIntegrityReport::findingsOf(const QString &kind) const
{
    QList<PgIntegrityFinding> list;
    for (const PgIntegrityFinding &f : findings) {
        if (f.kind == kind)
            list.append(f);
    }
    return list;
}

Result<PgIntegrityReport> checkIntegrity(const QSqlDatabase &db, const PgIntegrityOptions &options,
                                         const PgProgress &progress,
                                         const std::atomic<bool> *cancel)
{
    QElapsedTimer timer;
    timer.start();
    PgIntegrityReport report;
    report.depth = options.depth;
    const int sample = qMax(1, options.sampleRows);
    auto tell = [&](double fraction) {
        if (progress)
            progress(fraction);
    };
    auto cancelled = [&] {
        return cancel && cancel->load();
    };

    // 1. Foreign keys other than files → clients (whose violations are the orphans, step 2).
    auto keys = foreignKeys(db);
    if (!keys)
        return keys.error();
    for (const ForeignKey &key : *keys) {
        if (cancelled())
            return cancelledError();
        if (key.child == QLatin1String("files") && key.parent == QLatin1String("clients"))
            continue;
        auto violations
                = count(db,
                        QStringLiteral("SELECT count(*) FROM %1 ch WHERE %2 AND NOT EXISTS "
                                       "(SELECT 1 FROM %3 p WHERE %4)")
                                .arg(key.child, key.childNotNull, key.parent, key.joinCondition),
                        QStringLiteral("checking foreign key %1").arg(key.name));
        if (!violations)
            return violations.error();
        if (*violations > 0) {
            report.foreignKeyViolations += *violations;
            report.findings.append({ Severity::Error,
                                     QStringLiteral("foreign_key"),
                                     QStringLiteral("%1 row(s) of %2 violate the foreign key %3")
                                             .arg(*violations)
                                             .arg(key.child, key.name),
                                     key.child,
                                     *violations,
                                     {} });
        }
    }
    tell(0.15);

    // 2. Orphaned file records: one finding, whatever else is wrong with the rows.
    if (cancelled())
        return cancelledError();
    const QString orphanCondition
            = QStringLiteral("NOT EXISTS (SELECT 1 FROM clients c WHERE c.id = f.clientid)");
    auto orphans
            = count(db, QStringLiteral("SELECT count(*) FROM files f WHERE ") + orphanCondition,
                    QStringLiteral("counting orphaned file records"));
    if (!orphans)
        return orphans.error();
    report.orphanedFiles = *orphans;
    if (*orphans > 0) {
        auto sampleIds
                = ids(db,
                      QStringLiteral("SELECT f.id FROM files f WHERE %1 ORDER BY f.id LIMIT %2")
                              .arg(orphanCondition)
                              .arg(sample),
                      QStringLiteral("listing orphaned file records"));
        if (!sampleIds)
            return sampleIds.error();
        report.findings.append(
                { Severity::Warning, QStringLiteral("orphaned_files"),
                  QStringLiteral("%1 file record(s) belong to no client").arg(*orphans),
                  QStringLiteral("files"), *orphans, *sampleIds });
    }
    tell(0.3);

    // 3. IDs that are not 16 bytes (possible where the CHECK was dropped or added NOT VALID).
    const QList<QPair<QString, QString>> idChecks {
        { QStringLiteral("clients"), QStringLiteral("octet_length(id) <> 16") },
        { QStringLiteral("files"),
          QStringLiteral("octet_length(id) <> 16 OR octet_length(clientid) <> 16") },
    };
    for (const auto &[table, condition] : idChecks) {
        if (cancelled())
            return cancelledError();
        auto malformed = count(
                db, QStringLiteral("SELECT count(*) FROM %1 WHERE %2").arg(table, condition),
                QStringLiteral("checking the IDs of %1").arg(table));
        if (!malformed)
            return malformed.error();
        if (*malformed == 0)
            continue;
        auto sampleIds = ids(db,
                             QStringLiteral("SELECT id FROM %1 WHERE %2 ORDER BY id LIMIT %3")
                                     .arg(table, condition)
                                     .arg(sample),
                             QStringLiteral("listing malformed IDs of %1").arg(table));
        if (!sampleIds)
            return sampleIds.error();
        report.malformedIds += *malformed;
        report.findings.append({ Severity::Error, QStringLiteral("malformed_id"),
                                 QStringLiteral("%1 row(s) of %2 have an ID that is not 16 bytes")
                                         .arg(*malformed)
                                         .arg(table),
                                 table, *malformed, *sampleIds });
    }
    tell(0.4);

    // 4. Constraints added NOT VALID: PostgreSQL never checked the rows that were there.
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (DbError e = run(q,
                            QStringLiteral("SELECT conname, conrelid::regclass::text FROM "
                                           "pg_constraint WHERE NOT convalidated AND "
                                           "connamespace = current_schema()::regnamespace "
                                           "ORDER BY conname"),
                            QStringLiteral("listing constraints not validated")))
            return e;
        while (q.next())
            report.findings.append(
                    { Severity::Warning,
                      QStringLiteral("constraint_not_validated"),
                      QStringLiteral("the constraint %1 of %2 was added NOT VALID: the rows that "
                                     "were there have not been checked against it")
                              .arg(q.value(0).toString(), q.value(1).toString()),
                      q.value(1).toString(),
                      1,
                      {} });
    }

    // 5. The counters the triggers keep, against the tables (when the schema has them).
    if (cancelled())
        return cancelledError();
    auto hasCounters
            = count(db,
                    QStringLiteral("SELECT (to_regclass('bdba_counters') IS NOT NULL "
                                   "AND to_regclass('bdba_client_totals') IS NOT NULL)::int"),
                    QStringLiteral("looking for the counters"));
    if (!hasCounters)
        return hasCounters.error();
    if (*hasCounters == 1) {
        auto global = count(
                db,
                QStringLiteral(
                        "SELECT count(*) FROM bdba_counters k, "
                        "(SELECT COUNT(*) AS files, COALESCE(SUM(filesize), 0) AS total_size, "
                        "COUNT(filesize) AS sized_files, COUNT(*) FILTER (WHERE verified) AS "
                        "verified FROM files) a WHERE k.id = 1 AND k.clients = (SELECT COUNT(*) "
                        "FROM clients) AND k.files = a.files AND k.total_size = a.total_size AND "
                        "k.sized_files = a.sized_files AND k.verified = a.verified"),
                QStringLiteral("comparing the counters"));
        if (!global)
            return global.error();
        qint64 wrongClients = 0;
        if (options.depth == PgIntegrityReport::Depth::Full) {
            auto perClient = count(
                    db,
                    QStringLiteral(
                            "SELECT count(*) FROM (SELECT clientid, COUNT(*) AS files, "
                            "COALESCE(SUM(filesize), 0) AS total_size, COUNT(*) FILTER (WHERE "
                            "verified) AS verified FROM files GROUP BY clientid) a FULL JOIN "
                            "bdba_client_totals t ON t.client_id = a.clientid WHERE "
                            "(a.files, a.total_size, a.verified) IS DISTINCT FROM (t.files, "
                            "t.total_size, t.verified)"),
                    QStringLiteral("comparing the per-client totals"));
            if (!perClient)
                return perClient.error();
            wrongClients = *perClient;
        }
        if (*global != 1 || wrongClients > 0) {
            report.countersExact = false;
            report.findings.append(
                    { Severity::Warning,
                      QStringLiteral("counters"),
                      *global != 1 ? QStringLiteral("the counters differ from the tables")
                                   : QStringLiteral("the totals of %1 client(s) differ from their "
                                                    "files")
                                             .arg(wrongClients),
                      QStringLiteral("bdba_counters"),
                      *global != 1 ? 1 : wrongClients,
                      {} });
        }
    }
    tell(0.5);

    // 6. amcheck on the B-tree indexes of the schema's tables.
    if (cancelled())
        return cancelledError();
    auto skip = [&](const QString &why) {
        report.amcheck = PgIntegrityReport::Amcheck::Skipped;
        report.amcheckSkippedBecause = why;
        report.findings.append({ Severity::Info,
                                 QStringLiteral("amcheck_skipped"),
                                 QStringLiteral("index check (amcheck) skipped: %1").arg(why),
                                 {},
                                 0,
                                 {} });
    };
    auto installed = count(db,
                           QStringLiteral("SELECT count(*) FROM pg_extension WHERE extname = "
                                          "'amcheck'"),
                           QStringLiteral("looking for amcheck"));
    if (!installed)
        return installed.error();
    bool usable = *installed > 0;
    if (!usable) {
        if (options.installAmcheck == PgIntegrityOptions::InstallAmcheck::Never) {
            skip(QStringLiteral("the extension amcheck is not installed in this database"));
        } else {
            QSqlQuery q(db);
            if (DbError e = run(q, QStringLiteral("CREATE EXTENSION IF NOT EXISTS amcheck"),
                                QStringLiteral("installing amcheck"))) {
                if (!isUnavailable(e) && e.kind() != DbError::Kind::Sql)
                    return e;
                skip(e.message());
            } else {
                usable = true;
            }
        }
    }
    if (usable) {
        QSqlQuery list(db);
        list.setForwardOnly(true);
        if (DbError e = run(list,
                            QStringLiteral("SELECT c.oid, c.relname FROM pg_index i "
                                           "JOIN pg_class c ON c.oid = i.indexrelid "
                                           "JOIN pg_class t ON t.oid = i.indrelid "
                                           "JOIN pg_am am ON am.oid = c.relam "
                                           "WHERE am.amname = 'btree' AND i.indisvalid AND "
                                           "t.relnamespace = current_schema()::regnamespace AND "
                                           "t.relpersistence <> 't' ORDER BY c.relname"),
                            QStringLiteral("listing the indexes")))
            return e;
        QList<QPair<qint64, QString>> indexes;
        while (list.next())
            indexes.append({ list.value(0).toLongLong(), list.value(1).toString() });
        const bool heap = options.depth == PgIntegrityReport::Depth::Full;
        report.amcheck = PgIntegrityReport::Amcheck::Checked;
        for (int i = 0; i < indexes.size(); ++i) {
            if (cancelled())
                return cancelledError();
            const auto &[oid, name] = indexes[i];
            QSqlQuery q(db);
            // The OID comes from the catalogue as a number: nothing to quote.
            const DbError e
                    = run(q,
                          QStringLiteral("SELECT bt_index_check(%1::oid::regclass, %2)")
                                  .arg(oid)
                                  .arg(heap ? QStringLiteral("true") : QStringLiteral("false")),
                          QStringLiteral("checking index %1").arg(name));
            if (!e) {
                ++report.indexesChecked;
            } else if (isUnavailable(e) && report.indexesChecked == 0
                       && report.corruptIndexes.isEmpty()) {
                // A role that may not run bt_index_check (EXECUTE is not granted to PUBLIC).
                skip(e.message());
                break;
            } else if (e.kind() == DbError::Kind::Corrupt || e.kind() == DbError::Kind::Internal) {
                report.corruptIndexes << name;
                report.findings.append(
                        { Severity::Error, QStringLiteral("index"), e.message(), name, 1, {} });
            } else {
                return e;
            }
            tell(0.5 + 0.5 * (i + 1) / indexes.size());
        }
    }
    tell(1.0);
    report.checkedAt = QDateTime::currentDateTimeUtc();
    report.seconds = timer.elapsed() / 1000.0;
    return report;
}

} // namespace backupdb::pg
