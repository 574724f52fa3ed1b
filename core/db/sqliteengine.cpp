// The SQLite engine: the Engine interface over the SQLite C API (sqlitenative.h), and the
// engine-neutral native statements of the hot paths.
#include "engine.h"
#include "nativestatement.h"
#include "pooledconnection.h"
#include "sqlitenative.h"
#include "sqliteschema.h"

#include "../schema/migrator.h"

#include <QFile>
#include <QFileInfo>
#include <sqlite3.h>

namespace backupdb {

namespace {

qint64 columnInt64(sqlite3_stmt *st, int column)
{
    return sqlite3_column_int64(st, column);
}

QString columnText(sqlite3_stmt *st, int column)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, column)),
                             sqlite3_column_bytes(st, column));
}

QByteArray columnBlob(sqlite3_stmt *st, int column)
{
    return QByteArray(static_cast<const char *>(sqlite3_column_blob(st, column)),
                      sqlite3_column_bytes(st, column));
}

// A read-only connection of its own to a file. For a copy (a backup, which no other process
// uses) it leaves the folder as it was: a read-only open of a file in WAL mode creates -wal and
// -shm beside it, which the close removes again when this open created them and the -wal
// stayed empty. A live database's side files are never touched (a server may map them).
enum class SideFiles { Keep, RemoveCreated };

class ReadOnlyOpen
{
public:
    explicit ReadOnlyOpen(const QString &path, SideFiles sideFiles,
                          Milliseconds busyTimeout = Milliseconds(5000))
    {
        if (sideFiles == SideFiles::RemoveCreated)
            for (const QString &side : { QStringLiteral("-wal"), QStringLiteral("-shm") })
                if (!QFileInfo::exists(path + side))
                    m_created.append(path + side);
        auto opened = sqlite::openNative(path, SQLITE_OPEN_READONLY, busyTimeout);
        if (opened)
            m_handle = opened.value();
        else
            m_error = opened.error();
    }
    ~ReadOnlyOpen()
    {
        if (m_handle)
            sqlite::closeNative(m_handle);
        if (m_created.size() == 2 && QFileInfo(m_created.first()).size() == 0) {
            QFile::remove(m_created.at(0));
            QFile::remove(m_created.at(1));
        }
    }
    Q_DISABLE_COPY_MOVE(ReadOnlyOpen)
    sqlite3 *handle() const { return m_handle; }
    const DbError &error() const { return m_error; }

private:
    sqlite3 *m_handle = nullptr;
    DbError m_error;
    QStringList m_created;
};

// SQLite's prepared statement behind NativeStatement.
class SqliteCursor final : public NativeCursor
{
public:
    explicit SqliteCursor(sqlite::Statement statement)
        : m_statement(std::move(statement))
    { }
    void bindBlob(int index, const QByteArray &value) override
    {
        m_statement.bindBlob(index, value);
    }
    void bindBlobNoCopy(int index, const QByteArray &value) override
    {
        m_statement.bindBlobNoCopy(index, value);
    }
    void bindText(int index, const QString &value) override { m_statement.bindText(index, value); }
    void bindInt(int index, qint64 value) override { m_statement.bindInt(index, value); }
    void bindNull(int index) override { m_statement.bindNull(index); }
    void bindVariant(int index, const QVariant &value) override
    {
        m_statement.bindVariant(index, value);
    }
    NativeStep step() override
    {
        switch (m_statement.step()) {
        case SQLITE_ROW:
            return NativeStep::Row;
        case SQLITE_DONE:
            return NativeStep::Done;
        default:
            return NativeStep::Failed;
        }
    }
    qint64 int64(int column) const override { return columnInt64(m_statement.get(), column); }
    QString text(int column) const override { return columnText(m_statement.get(), column); }
    QByteArray blob(int column) const override { return columnBlob(m_statement.get(), column); }
    bool isNull(int column) const override
    {
        return sqlite3_column_type(m_statement.get(), column) == SQLITE_NULL;
    }
    void reset() override { m_statement.reset(); }

private:
    sqlite::Statement m_statement;
};

class SqliteEngine final : public Engine
{
public:
    SqliteEngine()
    {
        m_dialect.beginWrite = QStringLiteral("BEGIN IMMEDIATE");
        m_dialect.beginRead = QStringLiteral("BEGIN");
        m_dialect.rowKey = QStringLiteral("rowid");
        m_dialect.insertOrIgnore = QStringLiteral("INSERT OR IGNORE INTO");
        // SQLite's LIKE ignores the case of ASCII letters unless case_sensitive_like is on.
        m_dialect.caseInsensitiveLike = QStringLiteral("LIKE");
        // SQLite's columns take any type: a text or number ID is as wrong as a short one.
        m_dialect.notSixteenBytes = QStringLiteral("typeof(%1) != 'blob' OR length(%1) != 16");
        m_dialect.isTrue = QStringLiteral("%1 != 0");
        m_dialect.isNotTrue = QStringLiteral("(%1 = 0 OR %1 IS NULL)");
        m_dialect.countTrue = QStringLiteral("SUM(%1 != 0)");
    }

    QString name() const override { return QStringLiteral("SQLite"); }
    QString qtDriver() const override { return QStringLiteral("QSQLITE"); }
    EngineCapabilities capabilities() const override
    {
        EngineCapabilities c;
        c.writeAheadLog = true;
        c.onlineBackup = true;
        c.readOnlyConnections = true;
        c.singleFile = true;
        c.uncheckedWrites = true;
        c.uncountedImportFrom = 20000;
        c.uncountedImportRebuildsIndexes = true;
        return c;
    }
    const EngineDialect &dialect() const override { return m_dialect; }

    DbError openConnection(PooledConnection &c, const QString &qtName, const PoolConfig &cfg,
                           QString *journalMode) const override
    {
        const QString &path = cfg.databasePath;
        QSqlDatabase db = QSqlDatabase::addDatabase(qtDriver(), qtName);
        db.setDatabaseName(path);
        QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(cfg.busyTimeout.count());
        if (cfg.access == AccessMode::ReadOnly)
            options += QStringLiteral(";QSQLITE_OPEN_READONLY");
        db.setConnectOptions(options);
        if (!db.open())
            return sqlite::errorFromQt(db.lastError(), QStringLiteral("opening %1").arg(path));
        c.db = db;
        sqlite3 *handle = sqlite::handleOf(db);
        c.handle = sqlite::neutral(handle);
        if (!handle)
            return DbError(DbError::Kind::Internal, QStringLiteral("no native SQLite handle"));
        DbError error
                = sqlite::configureConnection(handle, cfg.access, cfg.cacheSizeKiB, journalMode);
        if (!error && cfg.access == AccessMode::ReadWrite && !cfg.connectionInitSql.isEmpty())
            error = sqlite::exec(handle, cfg.connectionInitSql);
        if (error)
            return error.withContext(QStringLiteral("configuring a connection to %1").arg(path));
        sqlite::installProgressHandler(handle, &c.guard);
        return DbError();
    }

    Result<MigrationOutcome> migrate(const QString &location,
                                     const QString &backupFolder) const override
    {
        return Migrator().migrate(location, backupFolder);
    }

    Result<NativeStatement> prepare(NativeHandle handle, const QString &sql) const override
    {
        auto prepared = sqlite::Statement::prepare(sqlite::native(handle), sql);
        if (!prepared)
            return prepared.error();
        return NativeStatement(std::make_unique<SqliteCursor>(std::move(prepared.value())));
    }

    DbError execute(NativeHandle handle, const QString &sql) const override
    {
        return sqlite::exec(sqlite::native(handle), sql);
    }
    Result<qint64> queryInt(NativeHandle handle, const QString &sql) const override
    {
        return sqlite::queryInt(sqlite::native(handle), sql);
    }
    Result<QString> queryText(NativeHandle handle, const QString &sql) const override
    {
        return sqlite::queryText(sqlite::native(handle), sql);
    }
    bool inTransaction(NativeHandle handle) const override
    {
        return sqlite::inTransaction(sqlite::native(handle));
    }
    qint64 changes(NativeHandle handle) const override
    {
        return sqlite::changes(sqlite::native(handle));
    }
    DbError lastError(NativeHandle handle, const QString &context) const override
    {
        return sqlite::errorFromHandle(sqlite::native(handle), context);
    }
    DbError errorOf(const QSqlError &error, const QString &context) const override
    {
        return sqlite::errorFromQt(error, context);
    }

    bool isForeignKeyViolation(const DbError &error) const override
    {
        // The extended code when the statement failed; a deferred key fails at COMMIT with
        // the plain constraint code and SQLite's fixed text for it.
        return error.kind() == DbError::Kind::Constraint
                && (error.nativeCode() == SQLITE_CONSTRAINT_FOREIGNKEY
                    || error.message().contains(QLatin1String("FOREIGN KEY constraint failed")));
    }

    // BackupDB Admin's own files indexes and its counting triggers are dropped and created
    // again afterwards, the indexes then built in one sorted pass. Nothing of the server's is
    // touched.
    Result<UncountedImport> uncountedImport(NativeHandle handle) const override
    {
        auto objects = schemaObjects(handle, QStringLiteral("files"));
        if (!objects)
            return objects.error();
        static const QStringList triggers { QStringLiteral("bdba_files_count_insert"),
                                            QStringLiteral("bdba_files_count_capture"),
                                            QStringLiteral("bdba_files_count_replaced") };
        UncountedImport statements;
        bool triggerFound = false;
        for (const SchemaObject &object : objects.value()) {
            if ((object.type == QLatin1String("index")
                 && object.name.startsWith(QLatin1String("bdba_idx_files_")))
                || (object.type == QLatin1String("trigger") && triggers.contains(object.name))) {
                triggerFound = triggerFound || object.name == triggers.first();
                statements.before.append(
                        QStringLiteral("DROP %1 %2").arg(object.type.toUpper(), object.name));
                statements.after.append(object.sql);
            }
        }
        if (!triggerFound)
            return DbError(DbError::Kind::Internal,
                           QStringLiteral("the counter trigger is missing"));
        // The import inserts with OR IGNORE, so it replaces nothing; a note left by an earlier
        // ignored insert must not be taken for one of its rows.
        statements.before.append(QStringLiteral("DELETE FROM bdba_replaced_file"));
        return statements;
    }

    Result<QList<SchemaObject>> schemaObjects(NativeHandle handle,
                                              const QString &table) const override
    {
        auto stmt = sqlite::Statement::prepare(
                sqlite::native(handle),
                QStringLiteral("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND "
                               "sql IS NOT NULL AND type IN ('index', 'trigger')"));
        if (!stmt)
            return stmt.error();
        stmt->bindText(1, table);
        QList<SchemaObject> objects;
        int rc;
        while ((rc = stmt->step()) == SQLITE_ROW) {
            objects.append({ columnText(stmt->get(), 0), columnText(stmt->get(), 1),
                             columnText(stmt->get(), 2) });
        }
        if (rc != SQLITE_DONE)
            return sqlite::errorFromHandle(sqlite::native(handle),
                                           QStringLiteral("reading the schema of %1").arg(table));
        return objects;
    }

    Result<bool> locationHasTable(const QString &location, const QString &table) const override
    {
        const ReadOnlyOpen opened(location, SideFiles::Keep, Milliseconds(2000));
        if (!opened.handle())
            return opened.error();
        return schema::hasTable(opened.handle(), table);
    }

    Result<QList<RedundantIndex>> redundantIndexes(NativeHandle handle,
                                                   const QStringList &tables) const override
    {
        return schema::redundantIndexes(sqlite::native(handle), tables);
    }

    OtherProcesses otherProcesses(const QString &location) const override
    {
        const sqlite::LockSurvey survey = sqlite::surveyLocks(location);
        return { survey.known, survey.shmUsers, survey.lockless };
    }

    Result<StorageFigures> storageFigures(NativeHandle handle,
                                          const QString &location) const override
    {
        sqlite3 *h = sqlite::native(handle);
        auto pageSize = sqlite::queryInt(h, QStringLiteral("PRAGMA page_size"));
        auto pageCount = sqlite::queryInt(h, QStringLiteral("PRAGMA page_count"));
        auto freePages = sqlite::queryInt(h, QStringLiteral("PRAGMA freelist_count"));
        auto autoVacuum = sqlite::queryInt(h, QStringLiteral("PRAGMA auto_vacuum"));
        for (const DbError *e :
             { &pageSize.error(), &pageCount.error(), &freePages.error(), &autoVacuum.error() })
            if (e->isError())
                return *e;
        StorageFigures f;
        f.pageSize = pageSize.value();
        f.databaseBytes = pageSize.value() * pageCount.value();
        f.freeBytes = pageSize.value() * freePages.value();
        static const QStringList modes { QStringLiteral("none"), QStringLiteral("full"),
                                         QStringLiteral("incremental") };
        f.autoVacuum = modes.value(int(autoVacuum.value()), QStringLiteral("unknown"));
        f.sideBytes = QFileInfo(location + QStringLiteral("-wal")).size();
        return f;
    }
    Result<qint64> storagePages(NativeHandle handle) const override
    {
        return sqlite::queryInt(sqlite::native(handle), QStringLiteral("PRAGMA page_count"));
    }
    QString storageCheckSql(bool full, int maxMessages) const override
    {
        return (full ? QStringLiteral("PRAGMA integrity_check(%1)")
                     : QStringLiteral("PRAGMA quick_check(%1)"))
                .arg(maxMessages);
    }
    Result<EngineCheck> checkWhole(const QSqlDatabase &, bool, const std::function<void(double)> &,
                                   const std::atomic<bool> *) const override
    {
        // SQLite's checks are statements (storageCheckSql), run by the integrity checker.
        return DbError(DbError::Kind::Internal, QStringLiteral("SQLite checks by statements"));
    }
    QString storageCheckName(bool full) const override
    {
        return full ? QStringLiteral("integrity_check") : QStringLiteral("quick_check");
    }
    QString foreignKeyCheckSql() const override
    {
        // Its rows: table, rowid, referenced table, index of the foreign key.
        return QStringLiteral("PRAGMA foreign_key_check");
    }
    QString checkpointSql(CheckpointMode mode) const override
    {
        return mode == CheckpointMode::Truncate ? QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")
                                                : QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)");
    }
    QString vacuumSql(const QString &autoVacuum) const override
    {
        return autoVacuum == QLatin1String("incremental")
                ? QStringLiteral("PRAGMA incremental_vacuum")
                : QStringLiteral("VACUUM");
    }

    DbError probe(const QString &location) const override
    {
        return sqlite::probeDatabase(location);
    }
    Result<int> pendingMigrations(const QString &location) const override
    {
        return Migrator().pendingCount(location);
    }
    DbError checkLocation(const QString &) const override { return DbError(); }
    QString displayName(const QString &location) const override
    {
        return QFileInfo(location).fileName();
    }
    bool opensWithoutWriting(const QString &location) const override
    {
        return sqlite::isInWalMode(location);
    }
    Result<QStringList> quickCheck(const QString &location, int maxMessages) const override
    {
        return sqlite::quickCheckFile(location, maxMessages);
    }
    DbError copyLocation(const QString &source, const QString &target) const override
    {
        return sqlite::copyFile(source, target);
    }
    DbError writeUnchecked(const QString &location,
                           const std::function<DbError(NativeHandle)> &f) const override
    {
        auto opened = sqlite::openNative(location, SQLITE_OPEN_READWRITE, Milliseconds(10000));
        if (!opened)
            return opened.error();
        sqlite3 *h = opened.value();
        DbError error
                = sqlite::exec(h, QStringLiteral("PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE"));
        if (!error)
            error = f(sqlite::neutral(h));
        if (!error)
            error = sqlite::exec(h, QStringLiteral("COMMIT"));
        if (error && sqlite::inTransaction(h))
            sqlite::exec(h, QStringLiteral("ROLLBACK"));
        sqlite::closeNative(h);
        return error;
    }

    DbError copyTo(NativeHandle source, const QString &target, int pagesPerStep,
                   const std::function<bool(int, int)> &onProgress) const override
    {
        sqlite3 *h = sqlite::native(source);
        // One read transaction for the whole copy: a fixed snapshot while writers go on.
        if (DbError e
            = sqlite::exec(h, QStringLiteral("BEGIN; SELECT COUNT(*) FROM sqlite_master")))
            return e;
        const DbError e = sqlite::backupToFile(h, target, pagesPerStep, onProgress);
        sqlite::exec(h, QStringLiteral("COMMIT"));
        return e;
    }
    DbError restoreFrom(NativeHandle destination, const QString &copy) const override
    {
        return sqlite::restoreFromFile(sqlite::native(destination), copy);
    }
    bool isDatabaseFile(const QString &file) const override
    {
        return sqlite::hasSqliteHeader(file);
    }
    Result<QStringList> checkCopy(const QString &copy,
                                  const std::atomic<bool> *cancel) const override
    {
        // Asked to stop before it began: a small copy's check could end before the progress
        // handler first looks at the flag.
        if (cancel && cancel->load())
            return DbError(DbError::Kind::Cancelled, QStringLiteral("verification cancelled"));
        const ReadOnlyOpen opened(copy, SideFiles::RemoveCreated);
        if (!opened.handle())
            return opened.error();
        sqlite3 *h = opened.handle();
        StatementGuard guard;
        guard.cancelFlag.store(cancel);
        sqlite::installProgressHandler(h, &guard);
        auto stmt = sqlite::Statement::prepare(h, QStringLiteral("PRAGMA integrity_check(20)"));
        QStringList messages;
        if (!stmt)
            return QStringList { stmt.error().message() };
        int rc;
        while ((rc = stmt->step()) == SQLITE_ROW)
            messages.append(columnText(stmt->get(), 0));
        if (rc != SQLITE_DONE) {
            if ((rc & 0xff) == SQLITE_INTERRUPT)
                return DbError(DbError::Kind::Cancelled, QStringLiteral("verification cancelled"));
            messages.append(sqlite::errorFromHandle(h, QString()).message());
        }
        return messages;
    }
    QString backupBaseName(const QString &location) const override
    {
        return QFileInfo(location).completeBaseName();
    }
    QString backupSuffix() const override { return QStringLiteral(".sqlite"); }
    Result<QVariantList> readCopy(const QString &copy, const QStringList &queries) const override
    {
        const ReadOnlyOpen opened(copy, SideFiles::RemoveCreated);
        if (!opened.handle())
            return opened.error();
        QVariantList values;
        for (const QString &sql : queries) {
            auto value = sqlite::queryText(opened.handle(), sql);
            values.append(value ? QVariant(value.value()) : QVariant());
        }
        return values;
    }

private:
    EngineDialect m_dialect;
};

} // namespace

const Engine &sqliteEngine()
{
    static const SqliteEngine engine;
    return engine;
}


} // namespace backupdb
