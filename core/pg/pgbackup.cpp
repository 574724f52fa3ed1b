#include "pgbackup.h"

#include "pgconnection.h"
#include "pgerrors.h"
#include "pgtool.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <filesystem>
#include <libpq-fe.h>
#include <memory>

namespace backupdb::pg {

namespace {

struct ResultDeleter
{
    void operator()(PGresult *result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnectionDeleter
{
    void operator()(PGconn *conn) const { PQfinish(conn); }
};
using PgConnection = std::unique_ptr<PGconn, ConnectionDeleter>;

DbError cancelledError(const QString &what)
{
    return DbError(DbError::Kind::Cancelled, what + QLatin1String(" cancelled"));
}

QString sidecarPath(const QString &file)
{
    return file + QLatin1String(".json");
}

DbError exec(PGconn *conn, const char *sql, const QString &what)
{
    PgResult result(PQexec(conn, sql));
    return fromPgResult(result.get(), QString::fromUtf8(PQerrorMessage(conn)), what);
}

// Rows of every ordinary table of the connection's current schema, in its current transaction.
Result<QMap<QString, qint64>> countRows(PGconn *conn)
{
    PgResult tables(
            PQexec(conn,
                   "SELECT c.relname, format('%I.%I', n.nspname, c.relname) FROM pg_class c "
                   "JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
                   "ORDER BY c.relname"));
    if (DbError e = fromPgResult(tables.get(), QString::fromUtf8(PQerrorMessage(conn)),
                                 QStringLiteral("listing the tables")))
        return e;
    QMap<QString, qint64> counts;
    for (int row = 0; row < PQntuples(tables.get()); ++row) {
        const QString name = QString::fromUtf8(PQgetvalue(tables.get(), row, 0));
        // The name is quoted by the server (format's %I).
        const QByteArray sql
                = "SELECT count(*) FROM " + QByteArray(PQgetvalue(tables.get(), row, 1));
        PgResult counted(PQexec(conn, sql.constData()));
        if (DbError e = fromPgResult(counted.get(), QString::fromUtf8(PQerrorMessage(conn)),
                                     QStringLiteral("counting the rows of %1").arg(name)))
            return e;
        counts.insert(name, QByteArray(PQgetvalue(counted.get(), 0, 0)).toLongLong());
    }
    return counts;
}

// A connection of libpq's own (the scratch database's, the restore target's).
Result<PgConnection> connect(const QString &conninfo, const QString &database = {})
{
    auto parsed = parseConninfo(conninfo);
    if (!parsed)
        return parsed.error();
    QMap<QString, QString> parameters = std::move(parsed).value();
    if (!database.isEmpty())
        parameters.insert(QStringLiteral("dbname"), database);
    PgConnection conn(PQconnectdb(formatConninfo(parameters).toUtf8().constData()));
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK)
        return DbError(DbError::Kind::CannotOpen,
                       QStringLiteral("cannot connect to %1: %2")
                               .arg(redactedConninfo(formatConninfo(parameters)),
                                    conn ? QString::fromUtf8(PQerrorMessage(conn.get())).trimmed()
                                         : QStringLiteral("out of memory")));
    PQsetClientEncoding(conn.get(), "UTF8");
    return conn;
}

QStringList compareCounts(const QMap<QString, qint64> &expected, const QMap<QString, qint64> &found)
{
    QStringList mismatches;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        if (!found.contains(it.key()))
            mismatches << QStringLiteral("%1: %2 row(s) in the dump's record, table missing")
                                  .arg(it.key())
                                  .arg(it.value());
        else if (found.value(it.key()) != it.value())
            mismatches << QStringLiteral("%1: %2 row(s) in the dump's record, %3 restored")
                                  .arg(it.key())
                                  .arg(it.value())
                                  .arg(found.value(it.key()));
    }
    return mismatches;
}

QJsonObject countsToJson(const QMap<QString, qint64> &counts)
{
    QJsonObject object;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

DbError writeSidecar(const PgBackupInfo &info)
{
    QJsonObject object {
        { QStringLiteral("format"), QStringLiteral("pg_dump custom") },
        { QStringLiteral("database"), info.database },
        { QStringLiteral("serverVersion"), info.serverVersion },
        { QStringLiteral("createdAt"), info.createdAt.toString(Qt::ISODateWithMs) },
        { QStringLiteral("bytes"), info.bytes },
        { QStringLiteral("seconds"), info.seconds },
        { QStringLiteral("rowCounts"), countsToJson(info.rowCounts) },
        { QStringLiteral("verified"), info.verified },
    };
    if (info.verifiedAt.isValid()) {
        object.insert(QStringLiteral("verifiedAt"), info.verifiedAt.toString(Qt::ISODateWithMs));
        object.insert(QStringLiteral("verifyMessage"), info.verifyMessage);
    }
    // The sidecar is shared with the backup service, which records the database's identity in
    // it: its keys are kept.
    QJsonObject merged;
    if (QFile existing(sidecarPath(info.path)); existing.open(QIODevice::ReadOnly))
        merged = QJsonDocument::fromJson(existing.read(1024 * 1024)).object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        merged.insert(it.key(), it.value());
    QSaveFile file(sidecarPath(info.path));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(merged).toJson()) < 0
        || !file.commit())
        return DbError(
                DbError::Kind::Io,
                QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
    return DbError();
}

// --verbose lines that mark one more table's data: pg_dump's "dumping contents of table",
// pg_restore's "processing data for table".
bool isTableDataLine(const QString &line)
{
    return line.contains(QLatin1String("dumping contents of table"))
            || line.contains(QLatin1String("processing data for table"));
}

} // namespace

Result<PgBackupInfo> backupDatabase(const QSqlDatabase &db, const QString &conninfo,
                                    const QString &file, const PgToolOptions &options,
                                    const PgToolProgress &progress, const std::atomic<bool> *cancel)
{
    QElapsedTimer timer;
    timer.start();
    const QString pgDump = findPgTool(QStringLiteral("pg_dump"), options.binDir);
    if (pgDump.isEmpty())
        return DbError(DbError::Kind::Io,
                       QStringLiteral("pg_dump not found (Debian: postgresql-client)"));
    auto tool = toolConnection(conninfo);
    if (!tool)
        return tool.error();
    PGconn *conn = nativeConnection(db);
    if (!conn)
        return DbError(DbError::Kind::Internal,
                       QStringLiteral("backup: not an open QPSQL connection"));
    if (PQtransactionStatus(conn) != PQTRANS_IDLE)
        return DbError(DbError::Kind::InvalidInput,
                       QStringLiteral("backup: the connection is inside a transaction; the "
                                      "dump's snapshot needs one of its own"));
    if (cancel && cancel->load())
        return cancelledError(QStringLiteral("backup"));

    // One snapshot for the counts and for pg_dump: the transaction stays open until the dump
    // is written, so that pg_dump can take the snapshot over.
    if (DbError e = exec(conn, "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                         QStringLiteral("backup: starting the snapshot")))
        return e;
    auto endTransaction = qScopeGuard([conn] { PgResult(PQexec(conn, "COMMIT")); });
    PgResult snapshot(PQexec(conn,
                             "SELECT pg_export_snapshot(), current_database(), "
                             "current_setting('server_version'), "
                             "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS')"));
    if (DbError e = fromPgResult(snapshot.get(), QString::fromUtf8(PQerrorMessage(conn)),
                                 QStringLiteral("backup: exporting the snapshot")))
        return e;
    PgBackupInfo info;
    info.path = QFileInfo(file).absoluteFilePath();
    const QString snapshotId = QString::fromUtf8(PQgetvalue(snapshot.get(), 0, 0));
    info.database = QString::fromUtf8(PQgetvalue(snapshot.get(), 0, 1));
    info.serverVersion = QString::fromUtf8(PQgetvalue(snapshot.get(), 0, 2));
    info.createdAt = QDateTime::fromString(QString::fromUtf8(PQgetvalue(snapshot.get(), 0, 3)),
                                           Qt::ISODateWithMs);
    info.createdAt.setTimeSpec(Qt::UTC);
    auto counts = countRows(conn);
    if (!counts)
        return counts.error().withContext(QStringLiteral("backup"));
    info.rowCounts = *counts;

    // The partial file is made first with mode 0600: pg_dump truncates and fills it, keeping
    // the mode, so the keys in it are never readable by others.
    const QString partial = info.path + QLatin1String(".partial");
    auto removePartial = qScopeGuard([&partial] { QFile::remove(partial); });
    {
        QFile f(partial);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return DbError(DbError::Kind::Io,
                           QStringLiteral("cannot write %1: %2").arg(partial, f.errorString()));
    }
    const int tables = qMax(1, int(info.rowCounts.size()));
    int dumped = 0;
    const QString secret = tool->environment.value(QStringLiteral("PGPASSWORD"));
    const ToolRun run = runTool(
            pgDump,
            { QStringLiteral("--format=custom"), QStringLiteral("--verbose"),
              QStringLiteral("--no-password"), QStringLiteral("--snapshot=") + snapshotId,
              QStringLiteral("--file=") + partial, QStringLiteral("--dbname=") + tool->conninfo },
            tool->environment, secret,
            [&](const QString &line) {
                if (progress && isTableDataLine(line))
                    progress(0.95 * qMin(1.0, double(++dumped) / tables));
            },
            options.timeout, cancel);
    endTransaction.dismiss();
    PgResult(PQexec(conn, "COMMIT"));
    if (!run.ok())
        return toolError(QStringLiteral("pg_dump"), run, options.timeout);

    // rename(2) replaces a dump of the same name in one step (QFile::rename would refuse it,
    // and removing it first leaves a moment with neither).
    std::error_code renameError;
    std::filesystem::rename(QFile::encodeName(partial).toStdString(),
                            QFile::encodeName(info.path).toStdString(), renameError);
    if (renameError)
        return DbError(
                DbError::Kind::Io,
                QStringLiteral("cannot rename %1 to %2: %3")
                        .arg(partial, info.path, QString::fromStdString(renameError.message())));
    removePartial.dismiss();
    info.bytes = QFileInfo(info.path).size();
    info.seconds = timer.elapsed() / 1000.0;
    if (DbError e = writeSidecar(info)) {
        QFile::remove(info.path);
        return e;
    }
    if (progress)
        progress(1.0);
    return info;
}

Result<PgBackupInfo> readBackupInfo(const QString &file)
{
    QFile sidecar(sidecarPath(file));
    if (!sidecar.open(QIODevice::ReadOnly))
        return DbError(
                DbError::Kind::NotFound,
                QStringLiteral("no record of the dump %1 (%2)").arg(file, sidecar.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(sidecar.readAll(), &parseError);
    if (!document.isObject())
        return DbError(DbError::Kind::Corrupt,
                       QStringLiteral("%1: %2").arg(sidecar.fileName(), parseError.errorString()));
    const QJsonObject object = document.object();
    PgBackupInfo info;
    info.path = QFileInfo(file).absoluteFilePath();
    info.bytes = QFileInfo(file).size();
    info.database = object.value(QStringLiteral("database")).toString();
    info.serverVersion = object.value(QStringLiteral("serverVersion")).toString();
    info.createdAt = QDateTime::fromString(object.value(QStringLiteral("createdAt")).toString(),
                                           Qt::ISODateWithMs);
    info.seconds = object.value(QStringLiteral("seconds")).toDouble();
    const QJsonObject counts = object.value(QStringLiteral("rowCounts")).toObject();
    for (auto it = counts.begin(); it != counts.end(); ++it)
        info.rowCounts.insert(it.key(), it.value().toInteger(-1));
    info.verified = object.value(QStringLiteral("verified")).toBool();
    info.verifiedAt = QDateTime::fromString(object.value(QStringLiteral("verifiedAt")).toString(),
                                            Qt::ISODateWithMs);
    info.verifyMessage = object.value(QStringLiteral("verifyMessage")).toString();
    return info;
}

Result<PgVerifyResult> verifyBackup(const QSqlDatabase &db, const QString &conninfo,
                                    const QString &file, const PgToolOptions &options,
                                    const PgToolProgress &progress, const std::atomic<bool> *cancel)
{
    const QString pgRestore = findPgTool(QStringLiteral("pg_restore"), options.binDir);
    if (pgRestore.isEmpty())
        return DbError(DbError::Kind::Io,
                       QStringLiteral("pg_restore not found (Debian: postgresql-client)"));
    if (!QFileInfo(file).isFile())
        return DbError(DbError::Kind::NotFound, QStringLiteral("no dump %1").arg(file));
    PgVerifyResult verdict;
    auto recorded = readBackupInfo(file);
    if (recorded)
        verdict.expected = recorded->rowCounts;

    // What the scratch restore leaves out: the extension amcheck, which the integrity check
    // installs (so most dumps hold it) and which only a superuser may create; no table
    // depends on it, and a role that may verify (CREATEDB) could not restore it.
    QTemporaryDir work;
    if (!work.isValid())
        return DbError(DbError::Kind::Io,
                       QStringLiteral("verify: no temporary folder: %1").arg(work.errorString()));
    const QString contents = work.filePath(QStringLiteral("contents.txt"));
    const QString useList = work.filePath(QStringLiteral("restore.txt"));
    const QString secret
            = QProcessEnvironment::systemEnvironment().value(QStringLiteral("PGPASSWORD"));
    const ToolRun listing
            = runTool(pgRestore, { QStringLiteral("--list"), QFileInfo(file).absoluteFilePath() },
                      QProcessEnvironment::systemEnvironment(), secret, {}, options.timeout, cancel,
                      contents);
    if (listing.cancelled || listing.timedOut || !listing.started)
        return toolError(QStringLiteral("pg_restore --list"), listing, options.timeout);
    auto record = [&](PgVerifyResult &result) {
        if (recorded) {
            PgBackupInfo info = recorded.value();
            info.verified = result.ok;
            info.verifiedAt = QDateTime::currentDateTimeUtc();
            info.verifyMessage = result.message;
            if (DbError e = writeSidecar(info))
                qWarning("verify: %s", qPrintable(e.message()));
        }
        if (progress)
            progress(1.0);
    };
    if (!listing.ok()) {
        verdict.message = QStringLiteral("the dump does not restore: %1")
                                  .arg(toolError(QStringLiteral("pg_restore --list"), listing,
                                                 options.timeout)
                                               .message());
        record(verdict);
        return verdict;
    }
    {
        QFile in(contents);
        QFile out(useList);
        if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly))
            return DbError(DbError::Kind::Io,
                           QStringLiteral("verify: cannot write %1").arg(useList));
        static const QRegularExpression amcheck(
                QStringLiteral("^\\d+; \\d+ \\d+ (EXTENSION - |COMMENT - EXTENSION )amcheck\\b"));
        while (!in.atEnd()) {
            const QByteArray line = in.readLine();
            if (!amcheck.match(QString::fromUtf8(line)).hasMatch())
                out.write(line);
        }
    }

    // The scratch database: a random name of our own prefix, so that a leftover one can be
    // recognised (and nothing else is ever dropped).
    const QString scratch
            = QStringLiteral("bdba_verify_%1")
                      .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
    auto tool = toolConnection(conninfo, scratch);
    if (!tool)
        return tool.error();
    {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("CREATE DATABASE %1 TEMPLATE template0 ENCODING 'UTF8'")
                            .arg(scratch)))
            return fromSqlError(q.lastError(),
                                QStringLiteral("verify: creating the scratch database"));
    }
    auto dropScratch = qScopeGuard([&db, &scratch] {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(scratch)))
            qWarning("verify: the scratch database %s was not dropped: %s", qPrintable(scratch),
                     qPrintable(q.lastError().text()));
    });

    const int tables = qMax(1, int(verdict.expected.size()));
    int restored = 0;
    const ToolRun run = runTool(
            pgRestore,
            { QStringLiteral("--verbose"), QStringLiteral("--no-password"),
              QStringLiteral("--exit-on-error"), QStringLiteral("--single-transaction"),
              QStringLiteral("--no-owner"), QStringLiteral("--no-privileges"),
              QStringLiteral("--use-list=") + useList, QStringLiteral("--dbname=") + tool->conninfo,
              QFileInfo(file).absoluteFilePath() },
            tool->environment, tool->environment.value(QStringLiteral("PGPASSWORD")),
            [&](const QString &line) {
                if (progress && isTableDataLine(line))
                    progress(0.9 * qMin(1.0, double(++restored) / tables));
            },
            options.timeout, cancel);
    if (run.cancelled || run.timedOut || !run.started)
        return toolError(QStringLiteral("pg_restore"), run, options.timeout);
    if (!run.ok()) {
        verdict.message = QStringLiteral("the dump does not restore: %1")
                                  .arg(toolError(QStringLiteral("pg_restore"), run, options.timeout)
                                               .message());
    } else {
        auto conn = connect(conninfo, scratch);
        if (!conn)
            return conn.error().withContext(QStringLiteral("verify"));
        auto counts = countRows(conn->get());
        if (!counts)
            return counts.error().withContext(QStringLiteral("verify"));
        verdict.restored = *counts;
        verdict.mismatches = compareCounts(verdict.expected, verdict.restored);
        if (!verdict.mismatches.isEmpty())
            verdict.message = QStringLiteral("the restored rows differ from the dump's record: %1")
                                      .arg(verdict.mismatches.join(QStringLiteral("; ")));
        else if (verdict.expected.isEmpty())
            verdict.message
                    = QStringLiteral("restores, but no row counts were recorded to compare");
        else
            verdict.message = QStringLiteral("ok");
        verdict.ok = verdict.mismatches.isEmpty() && !verdict.expected.isEmpty();
    }
    record(verdict);
    return verdict;
}

Result<PgRestoreResult> restoreBackup(const QString &conninfo, const QString &file,
                                      const PgToolOptions &options, const PgToolProgress &progress,
                                      const std::atomic<bool> *cancel)
{
    QElapsedTimer timer;
    timer.start();
    const QString pgRestore = findPgTool(QStringLiteral("pg_restore"), options.binDir);
    if (pgRestore.isEmpty())
        return DbError(DbError::Kind::Io,
                       QStringLiteral("pg_restore not found (Debian: postgresql-client)"));
    if (!QFileInfo(file).isFile())
        return DbError(DbError::Kind::NotFound, QStringLiteral("no dump %1").arg(file));
    auto tool = toolConnection(conninfo);
    if (!tool)
        return tool.error();
    auto recorded = readBackupInfo(file);
    const int tables = recorded ? qMax(1, int(recorded->rowCounts.size())) : 1;
    QStringList arguments {
        QStringLiteral("--verbose"),       QStringLiteral("--no-password"),
        QStringLiteral("--exit-on-error"), QStringLiteral("--single-transaction"),
        QStringLiteral("--clean"),         QStringLiteral("--if-exists")
    };
    if (options.owners == PgToolOptions::Owners::NoOwners)
        arguments << QStringLiteral("--no-owner");
    arguments << QStringLiteral("--dbname=") + tool->conninfo << QFileInfo(file).absoluteFilePath();
    int restored = 0;
    const ToolRun run = runTool(
            pgRestore, arguments, tool->environment,
            tool->environment.value(QStringLiteral("PGPASSWORD")),
            [&](const QString &line) {
                if (progress && isTableDataLine(line))
                    progress(0.9 * qMin(1.0, double(++restored) / tables));
            },
            options.timeout, cancel);
    if (!run.ok()) {
        DbError e = toolError(QStringLiteral("pg_restore"), run, options.timeout);
        // One transaction: a restore that failed or was killed changed nothing.
        return e.withContext(QStringLiteral("restore (nothing was changed)"));
    }
    auto conn = connect(conninfo);
    if (!conn)
        return conn.error().withContext(QStringLiteral("restore"));
    auto counts = countRows(conn->get());
    if (!counts)
        return counts.error().withContext(QStringLiteral("restore"));
    PgRestoreResult result;
    result.rowCounts = *counts;
    if (recorded)
        result.mismatches = compareCounts(recorded->rowCounts, result.rowCounts);
    result.seconds = timer.elapsed() / 1000.0;
    if (progress)
        progress(1.0);
    return result;
}

} // namespace backupdb::pg
