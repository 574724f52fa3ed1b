#include "postgresmove.h"

#include "../data/transaction.h"
#include "../db/connectionpool.h"
#include "pglibpq.h"
#include "pgcopyin.h"
#include "pgmigrator.h"
#include "pgrowformat.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>
#include <libpq-fe.h>
#include <map>

namespace backupdb::pg {

namespace {

const QString kNothingChanged = QStringLiteral("the target was left as it was");

bool isCancelled(const MoveOptions &options)
{
    return options.cancel && options.cancel->load(std::memory_order_relaxed);
}

DbError cancelledError()
{
    return DbError(DbError::Kind::Cancelled,
                   QStringLiteral("move cancelled; %1 (rolled back)").arg(kNothingChanged));
}

DbError sqlError(const ScriptResult &outcome, const QString &what)
{
    return outcome.toError().withContext(what);
}

struct Totals
{
    qint64 files = 0;
    qint64 totalSize = 0;
    qint64 verified = 0;
};

// What the move adds up while it copies the files: what the counters must say afterwards.
struct FileTotals
{
    Totals all;
    qint64 sizedFiles = 0;
    std::map<QByteArray, Totals> perClient; // ordered bytewise, as bytea sorts

    void add(const CanonicalRow &row)
    {
        Totals &client = perClient[row.value(FileClientId).value_or(QByteArray())];
        for (Totals *t : { &all, &client }) {
            ++t->files;
            if (row.value(FileSize))
                t->totalSize += row.value(FileSize)->toLongLong();
            if (row.value(FileVerified) == CanonicalField("t"))
                ++t->verified;
        }
        if (row.value(FileSize))
            ++sizedFiles;
    }
};

struct SourceFacts
{
    qint64 clients = 0;
    qint64 files = 0;
    qint64 malformedIds = 0;
    qint64 orphans = 0;
};

Result<SourceFacts> readSourceFacts(const QSqlDatabase &source)
{
    // The first read of the transaction: SQLite's snapshot starts here.
    QSqlQuery q(source);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
                "SELECT (SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM files), "
                "(SELECT COUNT(*) FROM clients WHERE typeof(ID) <> 'blob' OR length(ID) <> 16) "
                "+ (SELECT COUNT(*) FROM files WHERE typeof(ID) <> 'blob' OR length(ID) <> 16 "
                "OR typeof(ClientID) <> 'blob' OR length(ClientID) <> 16), "
                "(SELECT COUNT(*) FROM files WHERE NOT EXISTS "
                "(SELECT 1 FROM clients WHERE clients.ID = files.ClientID))"))
        || !q.next())
        return DbError(DbError::Kind::Sql,
                       QStringLiteral("reading the SQLite database (is it a backup server's?): %1")
                               .arg(q.lastError().text()));
    return SourceFacts { q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                         q.value(3).toLongLong() };
}

// Makes the target ready inside the transaction: refuses what must not be touched, replaces
// the old rows when asked to, brings the schema to the latest version.
DbError prepareTarget(PGconn *conn, const MoveOptions &options, MoveReport &report)
{
    auto hasSchema = query(conn, "SELECT to_regclass('bdba_schema_version') IS NOT NULL");
    if (!hasSchema)
        return hasSchema.error().withContext(QStringLiteral("inspecting the target"));
    if (hasSchema->bytes(0, 0) != "t") {
        auto others = query(conn,
                            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON "
                            "n.oid = c.relnamespace WHERE n.nspname = current_schema() AND "
                            "c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') ORDER BY 1 LIMIT 6");
        if (!others)
            return others.error().withContext(QStringLiteral("inspecting the target"));
        if (others->count() > 0) {
            QStringList names;
            for (int i = 0; i < others->count(); ++i)
                names << others->text(i, 0);
            return DbError(DbError::Kind::Refused,
                           QStringLiteral("refusing: the target database holds tables that are "
                                          "not BackupDB Admin's (%1); move into an empty "
                                          "database; %2")
                                   .arg(names.join(QStringLiteral(", ")), kNothingChanged));
        }
    } else {
        const int version = schemaVersion(conn);
        if (version < 0)
            return DbError(DbError::Kind::Sql,
                           QStringLiteral("cannot read the target's schema version"));
        if (version > latestVersion())
            return DbError(DbError::Kind::SchemaTooNew,
                           QStringLiteral("the target's schema is version %1, newer than this "
                                          "program's %2; %3")
                                   .arg(version)
                                   .arg(latestVersion())
                                   .arg(kNothingChanged));
        auto held = query(conn,
                          "SELECT (SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM files)");
        if (!held)
            return held.error().withContext(QStringLiteral("counting the target's rows"));
        const qint64 clients = held->integer(0, 0);
        const qint64 files = held->integer(0, 1);
        if (clients > 0 || files > 0) {
            const bool asked = options.existing == ExistingData::Ask && options.confirmReplace;
            if (asked && !options.confirmReplace(clients, files))
                return DbError(DbError::Kind::Refused,
                               QStringLiteral("the target's %1 clients and %2 files were not "
                                              "replaced (the answer was no); %3")
                                       .arg(clients)
                                       .arg(files)
                                       .arg(kNothingChanged));
            if (!asked && options.existing != ExistingData::Replace)
                return DbError(DbError::Kind::Refused,
                               QStringLiteral("refusing: the target already holds %1 clients and "
                                              "%2 files; replacing them must be asked for "
                                              "(backupdb-cli: --yes); %3")
                                       .arg(clients)
                                       .arg(files)
                                       .arg(kNothingChanged));
            // The audit trigger records the TRUNCATE with its row counts; the counters are
            // reset by theirs.
            const ScriptResult emptied = exec(conn, "TRUNCATE files, clients");
            if (!emptied.ok)
                return sqlError(emptied, QStringLiteral("removing the target's old rows"));
            report.replacedClients = clients;
            report.replacedFiles = files;
        }
    }
    const ScriptResult migrated
            = applyPending(conn, &report.migrationsApplied, TransactionUse::CallersTransaction);
    if (!migrated.ok)
        return DbError(DbError::Kind::MigrationFailed,
                       QStringLiteral("creating the schema on the target: %1")
                               .arg(migrated.toError().message()));
    return DbError();
}

struct Progress
{
    const MoveOptions &options;
    MoveProgress state;

    void report(const QString &table, qint64 done)
    {
        state.table = table;
        state.rowsDone = done;
        if (options.progress)
            options.progress(state);
    }
};

// Copies one table of the snapshot, hashing each row as it goes.
DbError copyTable(PGconn *conn, const QSqlDatabase &source, const TableFormat &format,
                  qint64 expectedRows, Progress &progress, MoveReport &report, TableCheck &check,
                  FileTotals *totals)
{
    CopyIn copy(conn);
    if (DbError e = copy.start(format.copyStatement))
        return e;
    QSqlQuery q(source);
    q.setForwardOnly(true);
    if (!q.exec(format.sourceSelect))
        return DbError(DbError::Kind::Sql,
                       QStringLiteral("reading %1 from SQLite: %2")
                               .arg(format.table, q.lastError().text()));
    const int batch = std::max(1, progress.options.batchRows);
    RowHasher hasher;
    QByteArray buffer;
    qint64 rows = 0;
    while (q.next()) {
        auto mapped = format.map(q);
        if (!mapped)
            return mapped.error().withContext(
                    QStringLiteral("refusing the move (%1)").arg(kNothingChanged));
        buffer += mapped->copyLine;
        hasher.addRow(mapped->canonical);
        if (mapped->unparsedDate)
            ++report.unparsedDates;
        if (totals)
            totals->add(mapped->canonical);
        if (++rows % batch == 0) {
            if (DbError e = copy.put(buffer))
                return e;
            buffer.clear();
            progress.report(format.table, progress.state.rowsDone + batch);
            if (isCancelled(progress.options))
                return cancelledError();
        }
    }
    if (q.lastError().type() != QSqlError::NoError)
        return DbError(DbError::Kind::Sql,
                       QStringLiteral("reading %1 from SQLite: %2")
                               .arg(format.table, q.lastError().text()));
    q.finish();
    if (DbError e = copy.put(buffer))
        return e;
    progress.report(format.table, progress.state.rowsDone + rows % batch);
    if (isCancelled(progress.options))
        return cancelledError();
    auto copied = copy.finish();
    if (!copied)
        return copied.error().withContext(QStringLiteral("PostgreSQL refused a row of %1 (%2)")
                                                  .arg(format.table, kNothingChanged));
    if (rows != expectedRows || copied.value() != rows)
        return DbError(DbError::Kind::Internal,
                       QStringLiteral("%1: %2 rows counted, %3 read, %4 copied")
                               .arg(format.table)
                               .arg(expectedRows)
                               .arg(rows)
                               .arg(copied.value()));
    check.table = format.table;
    check.sourceRows = rows;
    check.sourceSha256 = hasher.hex();
    return DbError();
}

// Reads a table back from the target (through a cursor, in pages) and hashes it the same way.
DbError hashTarget(PGconn *conn, const TableFormat &format, Progress &progress, TableCheck &check)
{
    const ScriptResult declared
            = exec(conn, "DECLARE bdba_move_check NO SCROLL CURSOR FOR " + format.targetSelect);
    if (!declared.ok)
        return sqlError(declared, QStringLiteral("reading %1 back").arg(format.table));
    RowHasher hasher;
    qint64 rows = 0;
    for (;;) {
        auto page = query(conn, "FETCH FORWARD 10000 FROM bdba_move_check");
        if (!page)
            return page.error().withContext(QStringLiteral("reading %1 back").arg(format.table));
        if (page->count() == 0)
            break;
        QList<std::optional<QByteArray>> values(page->columns());
        for (int r = 0; r < page->count(); ++r) {
            for (int c = 0; c < page->columns(); ++c)
                values[c] = page->isNull(r, c) ? std::nullopt
                                               : std::optional<QByteArray>(page->bytes(r, c));
            hasher.addRow(canonicalFromTarget(format.readBack, values));
        }
        rows += page->count();
        progress.report(format.table, progress.state.rowsDone + page->count());
        if (isCancelled(progress.options))
            return cancelledError();
    }
    exec(conn, "CLOSE bdba_move_check");
    check.targetRows = rows;
    check.targetSha256 = hasher.hex();
    return DbError();
}

// The counting triggers fire once per row, and each firing updates the one counter row: in a
// single transaction every update adds a version of that row that the next one has to walk
// past, so a copy slows down with each row (measured here, PostgreSQL 15: 20,000 file rows
// 3.6 s, 40,000 17 s; without the triggers the whole move of 100,000 takes under 3 s). They
// are off for the copy (inside the transaction, under the table lock ALTER TABLE takes: no
// other session sees them off) and the counters are set from the tables afterwards, exactly as
// migration 2 first fills them.
DbError setCountingTriggers(PGconn *conn, bool enabled)
{
    const QByteArray verb = enabled ? "ENABLE" : "DISABLE";
    const ScriptResult outcome = exec(conn,
                                      "ALTER TABLE clients " + verb
                                              + " TRIGGER bdba_clients_count; "
                                                "ALTER TABLE files "
                                              + verb + " TRIGGER bdba_files_count_insert_delete");
    return outcome.ok ? DbError()
                      : sqlError(outcome, QStringLiteral("switching the counting triggers"));
}

DbError recountCounters(PGconn *conn)
{
    const ScriptResult outcome = exec(
            conn,
            "UPDATE bdba_counters SET clients = (SELECT COUNT(*) FROM clients), files = a.files, "
            "total_size = a.total_size, sized_files = a.sized_files, verified = a.verified "
            "FROM (SELECT COUNT(*) AS files, COALESCE(SUM(filesize), 0) AS total_size, "
            "COUNT(filesize) AS sized_files, COUNT(*) FILTER (WHERE verified) AS verified "
            "FROM files) a WHERE id = 1; "
            "DELETE FROM bdba_client_totals; "
            "INSERT INTO bdba_client_totals (client_id, files, total_size, verified) "
            "SELECT clientid, COUNT(*), COALESCE(SUM(filesize), 0), "
            "COUNT(*) FILTER (WHERE verified) FROM files GROUP BY clientid");
    return outcome.ok ? DbError() : sqlError(outcome, QStringLiteral("setting the counters"));
}

// The counters against what the move added up from the SQLite rows; empty when they agree.
Result<QStringList> counterDifferences(PGconn *conn, qint64 clients, const FileTotals &totals)
{
    QStringList differences;
    auto counters = query(conn,
                          "SELECT clients, files, total_size, sized_files, verified "
                          "FROM bdba_counters WHERE id = 1");
    if (!counters)
        return counters.error();
    if (counters->count() != 1)
        return QStringList { QStringLiteral("bdba_counters has no row") };
    const qint64 expected[] = { clients, totals.all.files, totals.all.totalSize, totals.sizedFiles,
                                totals.all.verified };
    const char *names[] = { "clients", "files", "total_size", "sized_files", "verified" };
    for (int i = 0; i < 5; ++i)
        if (counters->integer(0, i) != expected[i])
            differences << QStringLiteral("bdba_counters.%1 is %2, the source has %3")
                                   .arg(QLatin1String(names[i]))
                                   .arg(counters->integer(0, i))
                                   .arg(expected[i]);
    RowHasher source;
    for (const auto &[client, t] : totals.perClient)
        source.addRow({ client, QByteArray::number(t.files), QByteArray::number(t.totalSize),
                        QByteArray::number(t.verified) });
    auto kept = query(conn,
                      "SELECT client_id, files, total_size, verified FROM "
                      "bdba_client_totals ORDER BY client_id");
    if (!kept)
        return kept.error();
    RowHasher target;
    const QList<ReadBack> readBack { ReadBack::Bytea, ReadBack::Plain, ReadBack::Plain,
                                     ReadBack::Plain };
    for (int r = 0; r < kept->count(); ++r)
        target.addRow(canonicalFromTarget(
                readBack,
                { kept->bytes(r, 0), kept->bytes(r, 1), kept->bytes(r, 2), kept->bytes(r, 3) }));
    if (qsizetype(kept->count()) != qsizetype(totals.perClient.size())
        || source.hex() != target.hex())
        differences << QStringLiteral("bdba_client_totals (%1 rows) differs from the source's "
                                      "per-client totals (%2 clients with files)")
                               .arg(kept->count())
                               .arg(totals.perClient.size());
    return differences;
}

Result<MoveReport> moveSnapshot(const QSqlDatabase &source, const ConnectionSpec &target,
                                const MoveOptions &options)
{
    MoveReport report;
    report.target = target.redacted();
    auto facts = readSourceFacts(source);
    if (!facts)
        return facts.error();
    if (facts->malformedIds > 0)
        return DbError(DbError::Kind::Refused,
                       QStringLiteral("refusing: %1 rows of the SQLite database have an ID or "
                                      "ClientID that is not 16 bytes, which PostgreSQL's schema "
                                      "does not take; correct them first (backupdb-cli check)")
                               .arg(facts->malformedIds));
    if (facts->orphans > 0)
        return DbError(DbError::Kind::Refused,
                       QStringLiteral("refusing: %1 file records of the SQLite database belong "
                                      "to no client, and PostgreSQL enforces the foreign key; "
                                      "clean them up first (backupdb-cli orphans --fix)")
                               .arg(facts->orphans));

    auto connection = Connection::open(target, QStringLiteral("backupdb-cli move-to-postgres"));
    if (!connection)
        return connection.error();
    PGconn *conn = connection.value()->handle();
    const ScriptResult settings
            = exec(conn, "SET client_min_messages = warning; SET bytea_output = 'hex'");
    if (!settings.ok)
        return sqlError(settings, QStringLiteral("setting up the target's session"));
    if (!options.osUser.isEmpty())
        if (auto set = query(conn, "SELECT set_config('bdba.os_user', $1, false)",
                             { options.osUser.toUtf8() });
            !set)
            return set.error();

    PgTransaction transaction(conn);
    if (DbError e = transaction.begin())
        return e.withContext(QStringLiteral("the target"));
    // Two moves into one target wait for each other instead of both finding it empty.
    if (auto locked
        = query(conn, "SELECT pg_advisory_xact_lock(hashtext('backupdb move-to-postgres'))");
        !locked)
        return locked.error();
    if (DbError e = prepareTarget(conn, options, report))
        return e;
    if (isCancelled(options))
        return cancelledError();

    if (DbError e = setCountingTriggers(conn, false))
        return e;
    const QList<TableFormat> &tables = serverTables();
    Progress progress { options, {} };
    progress.state.rowsTotal = facts->clients + facts->files;
    FileTotals totals;
    QList<TableCheck> checks(tables.size());
    for (qsizetype i = 0; i < tables.size(); ++i) {
        const bool files = tables[i].table == QLatin1String("files");
        if (DbError e = copyTable(conn, source, tables[i], files ? facts->files : facts->clients,
                                  progress, report, checks[i], files ? &totals : nullptr))
            return e;
    }
    if (DbError e = recountCounters(conn))
        return e;
    if (DbError e = setCountingTriggers(conn, true))
        return e;

    if (options.beforeVerify)
        options.beforeVerify(conn);
    progress.state = { MoveProgress::Stage::Verifying, {}, 0, progress.state.rowsTotal };
    QStringList problems;
    for (qsizetype i = 0; i < tables.size(); ++i) {
        if (DbError e = hashTarget(conn, tables[i], progress, checks[i]))
            return e;
        if (!checks[i].matches())
            problems << QStringLiteral("%1: %2 rows with SHA-256 %3 in SQLite, %4 rows with "
                                       "SHA-256 %5 in PostgreSQL")
                                .arg(checks[i].table)
                                .arg(checks[i].sourceRows)
                                .arg(QString::fromLatin1(checks[i].sourceSha256.left(16)))
                                .arg(checks[i].targetRows)
                                .arg(QString::fromLatin1(checks[i].targetSha256.left(16)));
    }
    auto counters = counterDifferences(conn, facts->clients, totals);
    if (!counters)
        return counters.error().withContext(QStringLiteral("reading the target's counters"));
    problems << counters.value();
    if (!problems.isEmpty())
        return DbError(DbError::Kind::Corrupt,
                       QStringLiteral("the copy did not verify, so it was rolled back (%1): %2")
                               .arg(kNothingChanged, problems.join(QStringLiteral("; "))));
    report.tables = checks;
    report.countersVerified = true;
    if (DbError e = transaction.commit())
        return DbError(e.kind(),
                       QStringLiteral("the target's %1; %2").arg(e.message(), kNothingChanged));
    return report;
}

} // namespace

Result<MoveReport> moveToPostgres(const ConnectionSpec &target, const MoveOptions &options)
{
    QElapsedTimer timer;
    timer.start();
    if (options.sqlitePath.isEmpty())
        return DbError::invalidInput(QStringLiteral("--db"),
                                     QStringLiteral("no SQLite database given"));
    if (!QFileInfo(options.sqlitePath).isFile())
        return DbError::invalidInput(QStringLiteral("--db"),
                                     QStringLiteral("%1 does not exist").arg(options.sqlitePath));
    // A reader of the file as the app reads it (a read-only connection of the core's pool):
    // nothing of the move writes to the SQLite database, the server may keep writing to it.
    PoolConfig config;
    config.databasePath = options.sqlitePath;
    config.name = QStringLiteral("move-source");
    config.access = AccessMode::ReadOnly;
    config.coreSize = 1;
    config.maxOverflow = 0;
    config.housekeepingInterval = Milliseconds(0);
    ConnectionPool pool(config);
    if (DbError e = pool.start())
        return e.withContext(QStringLiteral("opening %1").arg(options.sqlitePath));
    Result<MoveReport> outcome = [&]() -> Result<MoveReport> {
        auto lease = pool.acquire();
        if (!lease)
            return lease.error();
        // One read transaction for the whole move: every table from the same snapshot.
        Transaction snapshot(lease.value(), TransactionMode::Deferred);
        if (snapshot.error())
            return snapshot.error();
        return moveSnapshot(lease.value().database(), target, options);
    }();
    pool.shutdown();
    if (outcome)
        outcome.value().seconds = double(timer.elapsed()) / 1000.0;
    return outcome;
}

} // namespace backupdb::pg
