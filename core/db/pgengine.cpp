// The PostgreSQL engine: the Engine interface over Qt's QPSQL driver and libpq (core/pg for the
// error classification and the conninfo). What PostgreSQL does not have in the form the
// interface asks for (a file to copy, sqlite's storage check) is refused with a clear error, not
// faked: its backups, checks and sizes are core/pg's pg_dump, amcheck and pg_database_size.
#include "engine.h"
#include "nativestatement.h"
#include "pginterrupt.h"
#include "pgstatement.h"
#include "pooledconnection.h"

#include "../pg/pgbackup.h"
#include "../pg/pgconnection.h"
#include "../pg/pgerrors.h"
#include "../pg/pgintegrity.h"
#include "../pg/pgmigrator.h"

#include <QFile>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlQuery>
#include <libpq-fe.h>
#include <algorithm>
#include <memory>
#include <vector>

namespace backupdb {

using namespace pgstatement;

namespace {

PGconn *pgOf(NativeHandle handle)
{
    return reinterpret_cast<PGconn *>(handle);
}


DbError notOnPostgres(const QString &what)
{
    return DbError(DbError::Kind::Refused,
                   QStringLiteral("%1 is not available for PostgreSQL databases").arg(what));
}

class PostgresEngine final : public Engine
{
public:
    PostgresEngine()
    {
        m_dialect.beginWrite = QStringLiteral("BEGIN");
        // One snapshot for the whole read, as an SQLite read transaction has.
        m_dialect.beginRead = QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        m_dialect.rowKey = QStringLiteral("row_id"); // migration 9 (resources/sql/postgres)
        m_dialect.insertOrIgnore = QStringLiteral("INSERT INTO");
        m_dialect.insertOrIgnoreEnd = QStringLiteral(" ON CONFLICT DO NOTHING");
        m_dialect.caseInsensitiveLike = QStringLiteral("ILIKE");
        m_dialect.notSixteenBytes = QStringLiteral("%1 IS NULL OR octet_length(%1) <> 16");
        m_dialect.nullsSortLast = true;
        m_dialect.isTrue = QStringLiteral("%1");
        m_dialect.isNotTrue = QStringLiteral("%1 IS NOT TRUE");
        m_dialect.countTrue = QStringLiteral("COUNT(*) FILTER (WHERE %1)");
        m_dialect.typedDates = true;
    }

    QString name() const override { return QStringLiteral("PostgreSQL"); }
    QString qtDriver() const override { return QStringLiteral("QPSQL"); }
    EngineCapabilities capabilities() const override
    {
        EngineCapabilities c;
        c.writeAheadLog = true; // MVCC: readers never wait for the writer
        c.onlineBackup = true; // pg_dump takes a consistent snapshot (core/pg/pgbackup)
        c.readOnlyConnections = true; // default_transaction_read_only on the readers
        c.singleFile = false;
        c.backupIsDump = true;
        // 1,000 rows of one transaction cost ~10 ms in counter updates; 10,000 ~0.9 s.
        c.uncountedImportFrom = 1000;
        return c;
    }
    const EngineDialect &dialect() const override { return m_dialect; }

    DbError openConnection(PooledConnection &c, const QString &qtName, const PoolConfig &cfg,
                           QString *journalMode) const override
    {
        auto parameters = pg::locationParameters(cfg.databasePath);
        if (!parameters)
            return parameters.error();
        QSqlDatabase db = QSqlDatabase::addDatabase(qtDriver(), qtName);
        if (!db.isValid())
            return DbError(DbError::Kind::CannotOpen,
                           QStringLiteral("Qt's PostgreSQL driver (QPSQL) is not installed: "
                                          "install libqt6sql6-psql"));
        // Qt composes the conninfo from these and the connect options; the rest of libpq's
        // keywords (sslmode, service, connect_timeout ...) go through as options.
        QStringList options;
        for (auto it = parameters->cbegin(); it != parameters->cend(); ++it) {
            if (it.key() == QLatin1String("host"))
                db.setHostName(it.value());
            else if (it.key() == QLatin1String("port"))
                db.setPort(it.value().toInt());
            else if (it.key() == QLatin1String("dbname"))
                db.setDatabaseName(it.value());
            else if (it.key() == QLatin1String("user"))
                db.setUserName(it.value());
            else
                options.append(it.key() + u'=' + it.value());
        }
        if (!parameters->contains(QStringLiteral("application_name")))
            options.append(QStringLiteral("application_name=backupdb-admin"));
        db.setConnectOptions(options.join(u';'));
        const QString where = pg::redactedConninfo(cfg.databasePath);
        if (!db.open())
            return pg::fromSqlError(db.lastError(), QStringLiteral("opening %1").arg(where));
        c.db = db;
        PGconn *conn = pg::nativeConnection(db);
        if (!conn)
            return DbError(DbError::Kind::Internal, QStringLiteral("no native PostgreSQL handle"));
        c.handle = reinterpret_cast<NativeHandle>(conn);
        // The pool's statement timeout and cancel flag (c.guard), as SQLite's progress handler
        // honours them: by a cancel request from the watchdog (pginterrupt.h).
        c.engineState = pg::watchStatements(conn, &c.guard);
        if (!c.engineState)
            return DbError(DbError::Kind::CannotOpen,
                           QStringLiteral("no cancel key for the connection to %1").arg(where));
        // The busy timeout is how long a statement waits for a lock; a read-only connection
        // refuses writes by the server's own rule.
        QString setup = QStringLiteral("SET lock_timeout = %1").arg(cfg.busyTimeout.count());
        // The audit trail names the operating-system user of BackupDB Admin's own sessions
        // (bdba_audit.os_user); the server's sessions leave it unset.
        const QByteArray user = qEnvironmentVariable("USER", QStringLiteral("unknown")).toUtf8();
        if (char *quoted = PQescapeLiteral(conn, user.constData(), size_t(user.size()))) {
            setup += QStringLiteral("; SET bdba.os_user = %1").arg(QString::fromUtf8(quoted));
            PQfreemem(quoted);
        }
        if (cfg.access == AccessMode::ReadOnly)
            setup += QStringLiteral("; SET default_transaction_read_only = on");
        DbError error = execute(c.handle, setup);
        if (!error && cfg.access == AccessMode::ReadWrite && !cfg.connectionInitSql.isEmpty())
            error = execute(c.handle, cfg.connectionInitSql);
        if (error)
            return error.withContext(QStringLiteral("configuring a connection to %1").arg(where));
        if (journalMode)
            *journalMode = QStringLiteral("wal"); // PostgreSQL always logs ahead
        return DbError();
    }

    Result<MigrationOutcome> migrate(const QString &location, const QString &) const override
    {
        return pg::migrateDatabase(location);
    }

    Result<NativeStatement> prepare(NativeHandle handle, const QString &sql) const override
    {
        static std::atomic<quint64> serial { 0 };
        int parameters = 0;
        const QString numbered = numberedParameters(sql, &parameters);
        const QByteArray name = "bdba_native_" + QByteArray::number(++serial);
        PGconn *conn = pgOf(handle);
        const QByteArray text = numbered.toUtf8();
        DbError error;
        once(conn, &error,
             [&] { return PQprepare(conn, name.constData(), text.constData(), 0, nullptr); });
        if (error)
            return error;
        return NativeStatement(pgstatement::makeCursor(conn, name, parameters));
    }

    DbError execute(NativeHandle handle, const QString &sql) const override
    {
        DbError error;
        run(pgOf(handle), sql, &error);
        return error;
    }
    Result<qint64> queryInt(NativeHandle handle, const QString &sql) const override
    {
        auto text = queryText(handle, sql);
        if (!text)
            return text.error();
        return text->toLongLong();
    }
    Result<QString> queryText(NativeHandle handle, const QString &sql) const override
    {
        DbError error;
        ResultPtr r = run(pgOf(handle), sql, &error);
        if (error)
            return error;
        if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) < 1)
            return DbError(DbError::Kind::NotFound, QStringLiteral("no row"));
        return QString::fromUtf8(PQgetvalue(r.get(), 0, 0));
    }
    bool inTransaction(NativeHandle handle) const override
    {
        settle(pgOf(handle));
        const PGTransactionStatusType status = PQtransactionStatus(pgOf(handle));
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
    }
    qint64 changes(NativeHandle) const override { return pgstatement::lastChanges(); }
    DbError lastError(NativeHandle handle, const QString &context) const override
    {
        DbError e = pgstatement::lastError() ? pgstatement::lastError()
                                : DbError(PQstatus(pgOf(handle)) == CONNECTION_OK
                                                  ? DbError::Kind::Sql
                                                  : DbError::Kind::CannotOpen,
                                          QString::fromUtf8(PQerrorMessage(pgOf(handle)))
                                                  .trimmed());
        return context.isEmpty() ? e : e.withContext(context);
    }
    DbError errorOf(const QSqlError &error, const QString &context) const override
    {
        return pg::fromSqlError(error, context);
    }
    bool isForeignKeyViolation(const DbError &error) const override
    {
        return pg::sqlStateOf(error) == QLatin1String("23503");
    }

    // The trigger is switched off, not dropped: ALTER TABLE ... DISABLE TRIGGER takes a SHARE ROW
    // EXCLUSIVE lock, which stops other writers of files but not readers, and its catalog change
    // is seen by no one before the commit that switches it on again. The counter row is locked
    // first: a server transaction that counted a client (and so holds that row) and then writes
    // a file would otherwise wait for the table while the import waits for the row at its end,
    // a deadlock. Locked in this order, the import waits (up to the pool's lock timeout, then
    // Busy) before it has written anything. The indexes stay: PostgreSQL maintains them at a
    // cost that does not grow with the transaction.
    // ALTER TABLE needs the table's owner (or a member of its role): a role given only reads
    // and writes imports counted, slower but right. A trigger a DBA left in another state than
    // plain enabled (disabled, REPLICA, ALWAYS) is not touched either.
    Result<UncountedImport> uncountedImport(NativeHandle handle) const override
    {
        auto mayAlter = queryText(
                handle,
                QStringLiteral("SELECT pg_has_role(c.relowner, 'USAGE') AND t.tgenabled = 'O' "
                               "FROM pg_class c JOIN pg_trigger t ON t.tgrelid = c.oid "
                               "WHERE c.oid = 'files'::regclass "
                               "AND t.tgname = 'bdba_files_count_insert_delete'"));
        if (!mayAlter && mayAlter.error().kind() == DbError::Kind::NotFound)
            return DbError(DbError::Kind::Internal,
                           QStringLiteral("the counter trigger bdba_files_count_insert_delete is "
                                          "missing"));
        if (!mayAlter)
            return mayAlter.error();
        if (mayAlter.value() != QLatin1String("t"))
            return UncountedImport { false, {}, {} };
        return UncountedImport {
            true,
            { QStringLiteral("SELECT 1 FROM bdba_counters WHERE id = 1 FOR UPDATE"),
              QStringLiteral("ALTER TABLE files DISABLE TRIGGER bdba_files_count_insert_delete") },
            { QStringLiteral("ALTER TABLE files ENABLE TRIGGER bdba_files_count_insert_delete") }
        };
    }

    Result<QList<SchemaObject>> schemaObjects(NativeHandle handle,
                                              const QString &table) const override
    {
        // Indexes a constraint made (the primary key, UNIQUE) have no statement of their own.
        PGconn *conn = pgOf(handle);
        const QByteArray name = table.toLower().toUtf8();
        const char *values[] = { name.constData() };
        ResultPtr r(PQexecParams(
                conn,
                "SELECT 'index', i.indexname, i.indexdef FROM pg_indexes i "
                "WHERE i.schemaname = current_schema() AND i.tablename = $1 AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname) "
                "UNION ALL SELECT 'trigger', t.tgname, pg_get_triggerdef(t.oid) "
                "FROM pg_trigger t WHERE t.tgrelid = to_regclass($1) AND NOT t.tgisinternal "
                "ORDER BY 1, 2",
                1, nullptr, values, nullptr, nullptr, 0));
        if (DbError e = pg::fromPgResult(r.get(), QString::fromUtf8(PQerrorMessage(conn)),
                                         QStringLiteral("reading the schema of %1").arg(table)))
            return e;
        QList<SchemaObject> objects;
        for (int i = 0; i < PQntuples(r.get()); ++i)
            objects.append({ QString::fromUtf8(PQgetvalue(r.get(), i, 0)),
                             QString::fromUtf8(PQgetvalue(r.get(), i, 1)),
                             QString::fromUtf8(PQgetvalue(r.get(), i, 2)) });
        return objects;
    }
    Result<bool> locationHasTable(const QString &location, const QString &table) const override
    {
        auto parameters = pg::locationParameters(location);
        if (!parameters)
            return parameters.error();
        std::unique_ptr<PGconn, void (*)(PGconn *)> conn(
                PQconnectdb(location.toUtf8().constData()), PQfinish);
        if (PQstatus(conn.get()) != CONNECTION_OK)
            return DbError(DbError::Kind::CannotOpen,
                           QStringLiteral("cannot connect to %1: %2")
                                   .arg(pg::redactedConninfo(location),
                                        QString::fromUtf8(PQerrorMessage(conn.get())).trimmed()));
        const QByteArray name = table.toLower().toUtf8();
        const char *values[] = { name.constData() };
        ResultPtr r(PQexecParams(conn.get(), "SELECT to_regclass($1) IS NOT NULL", 1, nullptr,
                                 values, nullptr, nullptr, 0));
        if (DbError e = pg::fromPgResult(r.get(), QString::fromUtf8(PQerrorMessage(conn.get()))))
            return e;
        return qstrcmp(PQgetvalue(r.get(), 0, 0), "t") == 0;
    }
    Result<QList<RedundantIndex>> redundantIndexes(NativeHandle, const QStringList &) const override
    {
        return notOnPostgres(QStringLiteral("the redundant-index analysis"));
    }
    OtherProcesses otherProcesses(const QString &) const override
    {
        return {}; // the server's sessions are in pg_stat_activity (core/pg/pgsize.h)
    }

    Result<StorageFigures> storageFigures(NativeHandle handle, const QString &) const override
    {
        auto bytes = queryInt(handle, QStringLiteral("SELECT pg_database_size(current_database())"));
        if (!bytes)
            return bytes.error();
        auto autovacuum = queryText(handle, QStringLiteral("SHOW autovacuum"));
        StorageFigures f;
        f.pageSize = 8192;
        f.databaseBytes = bytes.value();
        f.autoVacuum = autovacuum && autovacuum.value() == QLatin1String("on")
                ? QStringLiteral("autovacuum")
                : QStringLiteral("none");
        return f;
    }
    Result<qint64> storagePages(NativeHandle handle) const override
    {
        auto bytes = queryInt(handle, QStringLiteral("SELECT pg_database_size(current_database())"));
        if (!bytes)
            return bytes.error();
        return bytes.value() / 8192;
    }
    QString storageCheckSql(bool, int) const override { return QString(); }
    Result<EngineCheck> checkWhole(const QSqlDatabase &db, bool full,
                                   const std::function<void(double)> &progress,
                                   const std::atomic<bool> *cancel) const override
    {
        pg::PgIntegrityOptions options;
        options.depth = full ? pg::PgIntegrityReport::Depth::Full : pg::PgIntegrityReport::Depth::Quick;
        // A check writes nothing: amcheck is used where it is installed, not installed by it.
        options.installAmcheck = pg::PgIntegrityOptions::InstallAmcheck::Never;
        auto report = pg::checkIntegrity(db, options, progress, cancel);
        if (!report)
            return report.error();
        EngineCheck check;
        check.storageMessages = report->corruptIndexes.isEmpty() ? QStringList { QStringLiteral("ok") }
                                                                 : report->corruptIndexes;
        check.foreignKeyViolations = report->foreignKeyViolations;
        check.orphanedFiles = report->orphanedFiles;
        check.malformedIds = report->malformedIds;
        check.countersExact = report->countersExact;
        for (const pg::PgIntegrityFinding &f : std::as_const(report->findings))
            check.findings.append({ EngineCheckFinding::Severity(int(f.severity)), f.kind, f.message,
                                    f.table, f.count });
        return check;
    }
    QString storageCheckName(bool full) const override
    {
        return full ? QStringLiteral("amcheck heapallindexed") : QStringLiteral("amcheck");
    }
    QString foreignKeyCheckSql() const override
    {
        // PostgreSQL enforces the key itself; rows of a NOT VALID constraint are the only ones
        // that can break it, and the orphan check finds those.
        return QStringLiteral("SELECT 'files', f.row_id, 'clients' FROM files f WHERE NOT EXISTS "
                              "(SELECT 1 FROM clients c WHERE c.id = f.clientid)");
    }
    QString checkpointSql(CheckpointMode) const override { return QString(); }
    QString vacuumSql(const QString &) const override { return QStringLiteral("VACUUM (ANALYZE)"); }

    DbError probe(const QString &location) const override
    {
        auto has = locationHasTable(location, QStringLiteral("clients"));
        if (!has)
            return has.error();
        return DbError();
    }
    Result<int> pendingMigrations(const QString &location) const override
    {
        auto state = pg::inspectDatabase(location);
        if (!state)
            return state.error();
        return state->pending;
    }
    DbError checkLocation(const QString &location) const override
    {
        auto parameters = pg::locationParameters(location);
        return parameters ? DbError() : parameters.error();
    }
    // "backup on db.example:5433", "backup (local)" for a socket; the raw text when libpq
    // cannot read it (it never holds a password: such a location is refused).
    QString displayName(const QString &location) const override
    {
        auto parameters = pg::locationParameters(location);
        if (!parameters)
            return pg::redactedConninfo(location);
        const QString dbname = parameters->value(QStringLiteral("dbname"));
        const QString host = parameters->value(QStringLiteral("host"));
        const QString port = parameters->value(QStringLiteral("port"));
        const QString name = dbname.isEmpty() ? QStringLiteral("postgresql") : dbname;
        if (host.isEmpty() || host.startsWith(QLatin1Char('/')))
            return QStringLiteral("%1 (local)").arg(name);
        return port.isEmpty() ? QStringLiteral("%1 on %2").arg(name, host)
                              : QStringLiteral("%1 on %2:%3").arg(name, host, port);
    }
    bool opensWithoutWriting(const QString &) const override { return true; }
    Result<QStringList> quickCheck(const QString &, int) const override
    {
        return notOnPostgres(QStringLiteral("SQLite's quick check"));
    }
    DbError copyLocation(const QString &, const QString &) const override
    {
        return notOnPostgres(QStringLiteral("a file copy (use pg_dump: backupdb-cli backup)"));
    }
    DbError writeUnchecked(const QString &,
                           const std::function<DbError(NativeHandle)> &) const override
    {
        return notOnPostgres(QStringLiteral("writing without foreign keys"));
    }
    DbError copyTo(NativeHandle, const QString &, int,
                   const std::function<bool(int, int)> &) const override
    {
        return notOnPostgres(QStringLiteral("an SQLite online copy (pg_dump makes its backups)"));
    }
    DbError restoreFrom(NativeHandle, const QString &) const override
    {
        return notOnPostgres(QStringLiteral("restoring an SQLite copy"));
    }
    bool isDatabaseFile(const QString &file) const override
    {
        // pg_dump's custom format begins with "PGDMP".
        QFile f(file);
        return f.open(QIODevice::ReadOnly) && f.read(5) == "PGDMP";
    }
    Result<QStringList> checkCopy(const QString &, const std::atomic<bool> *) const override
    {
        return notOnPostgres(QStringLiteral("checking an SQLite copy"));
    }
    Result<QVariantList> readCopy(const QString &, const QStringList &) const override
    {
        return notOnPostgres(QStringLiteral("reading an SQLite copy"));
    }

    QString backupBaseName(const QString &location) const override
    {
        auto parameters = pg::locationParameters(location);
        const QString name = parameters ? parameters->value(QStringLiteral("dbname")) : QString();
        return name.isEmpty() ? QStringLiteral("postgresql") : name;
    }
    QString backupSuffix() const override { return QStringLiteral(".dump"); }
    Result<DumpRecord> dumpTo(const QSqlDatabase &db, const QString &location, const QString &file,
                              const std::function<void(double)> &progress,
                              const std::atomic<bool> *cancel) const override
    {
        auto dumped = pg::backupDatabase(db, location, file, {}, progress, cancel);
        if (!dumped)
            return dumped.error();
        return DumpRecord { dumped->bytes, dumped->createdAt, dumped->rowCounts };
    }
    Result<DumpCheck> checkDump(const QSqlDatabase &db, const QString &location,
                                const QString &file, const std::function<void(double)> &progress,
                                const std::atomic<bool> *cancel) const override
    {
        auto verdict = pg::verifyBackup(db, location, file, {}, progress, cancel);
        if (!verdict)
            return verdict.error();
        return DumpCheck { verdict->ok, verdict->message, verdict->restored };
    }
    Result<QMap<QString, qint64>> restoreDump(const QString &location, const QString &file,
                                              const std::function<void(double)> &progress,
                                              const std::atomic<bool> *cancel) const override
    {
        auto restored = pg::restoreBackup(location, file, {}, progress, cancel);
        if (!restored)
            return restored.error();
        if (!restored->mismatches.isEmpty())
            return DbError(DbError::Kind::Corrupt,
                           QStringLiteral("the restored rows differ from the dump's record: %1")
                                   .arg(restored->mismatches.join(QStringLiteral("; "))));
        return restored->rowCounts;
    }

private:
    EngineDialect m_dialect;
};

} // namespace

const Engine &postgresEngine()
{
    static const PostgresEngine engine;
    return engine;
}

bool isPostgresLocation(const QString &location)
{
    // A libpq URI, or a conninfo of keyword=value pairs (a file path has no "dbname=" or "host=").
    static const QRegularExpression conninfo(
            QStringLiteral("^\\s*(host|hostaddr|port|dbname|user|service)\\s*="));
    return location.startsWith(QLatin1String("postgresql://"))
            || location.startsWith(QLatin1String("postgres://"))
            || conninfo.match(location).hasMatch();
}

} // namespace backupdb
