// The migrator of the SQLite engine (core/schema/migrator.h says what a run does).
#include "../schema/migrator.h"

#include "../common/logging.h"
#include "sqliteschema.h"
#include "sqlitenative.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <sqlite3.h>

namespace backupdb {

namespace {

QString resourceText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing built-in resource %s", qPrintable(path));
    return QString::fromUtf8(file.readAll());
}

// The 8 indexes of schema v1 (SPEC §2). Each is created only if no index of the server's
// already covers exactly these columns.
DbError createMissingIndexes(NativeHandle neutralHandle)
{
    sqlite3 *handle = sqlite::native(neutralHandle);
    struct Wanted
    {
        const char *table;
        QStringList columns;
    };
    const QList<Wanted> wanted {
        { "clients", { QStringLiteral("Name") } },
        { "clients", { QStringLiteral("LastSeen") } },
        { "files", { QStringLiteral("ClientID") } },
        { "files", { QStringLiteral("FileName") } },
        { "files", { QStringLiteral("ClientID"), QStringLiteral("FileName") } },
        { "files", { QStringLiteral("Verified") } },
        { "files", { QStringLiteral("ModificationDate") } },
        { "files", { QStringLiteral("FileSize") } },
    };
    for (const Wanted &w : wanted) {
        const QString table = QString::fromLatin1(w.table);
        auto existing = schema::indexes(handle, table);
        if (!existing)
            return existing.error();
        // Any full index on exactly these columns serves the same lookups, including the one
        // SQLite made for a UNIQUE constraint (clients.Name): a second one would only be a
        // duplicate. A partial index, or one with another collation, does not count.
        bool covered = false;
        for (const IndexInfo &index : existing.value())
            covered = covered || index.covers(w.columns);
        if (covered)
            continue;
        const QString name
                = QStringLiteral("bdba_idx_%1_%2").arg(table, w.columns.join(u'_').toLower());
        if (DbError e
            = sqlite::exec(handle,
                           QStringLiteral("CREATE INDEX IF NOT EXISTS %1 ON %2 (%3)")
                                   .arg(name, table, w.columns.join(QStringLiteral(", ")))))
            return e;
    }
    return DbError();
}

DbError execIn(sqlite3 *handle, const Migration &m)
{
    if (!m.sql.isEmpty())
        if (DbError e = sqlite::exec(handle, m.sql))
            return e;
    if (m.step)
        if (DbError e = m.step(sqlite::neutral(handle)))
            return e;
    return DbError();
}

void appendNotes(sqlite3 *handle, MigrationOutcome *outcome)
{
    if (auto redundant = schema::redundantIndexes(
                handle, { QStringLiteral("clients"), QStringLiteral("files") })) {
        for (const RedundantIndex &r : redundant.value()) {
            const bool ours = r.redundant.startsWith(QLatin1String("bdba_"));
            outcome->notes.append(
                    QStringLiteral("index %1 duplicates %2 on %3(%4); %5")
                            .arg(r.redundant, r.kept, r.table, r.columns.join(QStringLiteral(", ")),
                                 ours ? QStringLiteral("it is BackupDB Admin's and can be dropped")
                                      : QStringLiteral("it is the server's, so it is kept")));
        }
    }
    if (auto fk = schema::filesHaveClientForeignKey(handle); fk && !fk.value())
        outcome->notes.append(QStringLiteral(
                "files.ClientID has no foreign key to clients(ID): deleting a client "
                "will not delete its files, and orphans can appear"));
}

} // namespace

QList<Migration> Migrator::standardMigrations()
{
    return {
        { 1, QStringLiteral("the server's tables and their 8 indexes"),
          resourceText(QStringLiteral(":/sql/0001_base_schema.sql")), createMissingIndexes },
        { 2,
          QStringLiteral("counters for O(1) statistics"),
          resourceText(QStringLiteral(":/sql/0002_counters.sql")),
          {} },
        { 3,
          QStringLiteral("query statistics and slow-query log"),
          resourceText(QStringLiteral(":/sql/0003_query_stats.sql")),
          {} },
        { 4,
          QStringLiteral("audit log"),
          resourceText(QStringLiteral(":/sql/0004_audit.sql")),
          {} },
        { 5,
          QStringLiteral("pool-health history for the dashboard"),
          resourceText(QStringLiteral(":/sql/0005_metrics_history.sql")),
          {} },
        { 6,
          QStringLiteral("counters exact under REPLACE, UPSERT and foreign writers"),
          resourceText(QStringLiteral(":/sql/0006_exact_counters.sql")),
          {} },
        { 7,
          QStringLiteral("maintenance history (scheduled and manual runs)"),
          resourceText(QStringLiteral(":/sql/0007_maintenance_history.sql")),
          {} },
        { 8,
          QStringLiteral("the database's own identity, which its backups record"),
          resourceText(QStringLiteral(":/sql/0008_database_identity.sql")),
          {} },
    };
}

Migrator::Migrator(QList<Migration> migrations)
    : m_migrations(std::move(migrations))
{
    std::sort(m_migrations.begin(), m_migrations.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
}

int Migrator::latestVersion() const
{
    return m_migrations.isEmpty() ? 0 : m_migrations.last().version;
}

Result<int> Migrator::currentVersion(NativeHandle neutralHandle)
{
    sqlite3 *handle = sqlite::native(neutralHandle);
    auto exists = schema::hasTable(handle, QStringLiteral("bdba_schema_version"));
    if (!exists)
        return exists.error();
    if (!exists.value())
        return 0;
    auto version = sqlite::queryInt(
            handle, QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM bdba_schema_version"));
    if (!version)
        return version.error();
    return int(version.value());
}

Result<int> Migrator::pendingCount(const QString &path) const
{
    auto opened = sqlite::openNative(path, SQLITE_OPEN_READONLY, Milliseconds(5000));
    if (!opened)
        return opened.error();
    auto current = currentVersion(sqlite::neutral(opened.value()));
    sqlite::closeNative(opened.value());
    if (!current)
        return current.error();
    return int(std::count_if(m_migrations.begin(), m_migrations.end(),
                             [&](const Migration &m) { return m.version > current.value(); }));
}

Result<MigrationOutcome> Migrator::migrate(const QString &path, const QString &backupFolder) const
{
    auto opened = sqlite::openNative(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                     Milliseconds(5000));
    if (!opened)
        return opened.error();
    sqlite3 *handle = opened.value();
    const auto closer = qScopeGuard([handle] { sqlite::closeNative(handle); });

    MigrationOutcome outcome;
    auto current = currentVersion(sqlite::neutral(handle));
    if (!current)
        return current.error().withContext(QStringLiteral("reading %1").arg(path));
    outcome.fromVersion = outcome.toVersion = current.value();
    if (current.value() > latestVersion()) {
        return DbError(
                DbError::Kind::SchemaTooNew,
                QStringLiteral("%1 was written by a newer BackupDB Admin (schema version %2; this "
                               "version knows up to %3). Use the newer version.")
                        .arg(path)
                        .arg(current.value())
                        .arg(latestVersion()));
    }

    QList<Migration> pending;
    for (const Migration &m : m_migrations)
        if (m.version > current.value())
            pending.append(m);

    if (pending.isEmpty()) {
        appendNotes(handle, &outcome);
        return outcome;
    }

    // The write lock is held from the backup to the last migration: nothing can be written in
    // between, so the backup is exactly the state a failed run returns to, and no write of the
    // server's can be lost by going back.
    if (DbError e = sqlite::exec(handle, QStringLiteral("BEGIN IMMEDIATE")))
        return e.withContext(QStringLiteral("locking %1 for migration").arg(path));
    auto tables = sqlite::queryInt(handle, QStringLiteral("SELECT COUNT(*) FROM sqlite_master"));
    if (!tables) {
        sqlite::exec(handle, QStringLiteral("ROLLBACK"));
        return tables.error().withContext(QStringLiteral("reading %1").arg(path));
    }
    if (tables.value() > 0) {
        const QFileInfo info(path);
        const QString folder = backupFolder.isEmpty() ? info.absolutePath() : backupFolder;
        DbError backupError;
        if (!QDir().mkpath(folder)) {
            backupError = DbError(
                    DbError::Kind::MigrationFailed,
                    QStringLiteral(
                            "could not create the backup folder %1 before migrating, nothing was "
                            "changed")
                            .arg(folder));
        } else {
            outcome.backupPath = QDir(folder).filePath(
                    QStringLiteral("%1.pre-v%2-%3.bak")
                            .arg(info.fileName())
                            .arg(pending.last().version)
                            .arg(QDateTime::currentDateTimeUtc().toString(
                                    QStringLiteral("yyyyMMdd-HHmmss-zzz"))));
            if (DbError e = sqlite::copyFile(path, outcome.backupPath))
                backupError = DbError(DbError::Kind::MigrationFailed,
                                      QStringLiteral("could not take the backup before migrating, "
                                                     "nothing was changed: %1")
                                              .arg(e.message()));
        }
        if (backupError) {
            sqlite::exec(handle, QStringLiteral("ROLLBACK"));
            return backupError;
        }
        qCInfo(lcSchema).noquote() << "backup before migration:" << outcome.backupPath;
    }

    // Each migration is its own transaction (a savepoint within the locked run).
    DbError error
            = sqlite::exec(handle,
                           QStringLiteral("CREATE TABLE IF NOT EXISTS bdba_schema_version ("
                                          "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                                          "applied_at TEXT NOT NULL)"));
    const Migration *failed = pending.isEmpty() ? nullptr : &pending.first();
    for (const Migration &m : pending) {
        if (error)
            break;
        failed = &m;
        error = sqlite::exec(handle, QStringLiteral("SAVEPOINT bdba_migration"));
        if (!error)
            error = execIn(handle, m);
        if (!error) {
            auto insert = sqlite::Statement::prepare(
                    handle,
                    QStringLiteral("INSERT INTO bdba_schema_version (version, description, "
                                   "applied_at) VALUES (?, ?, ?)"));
            if (!insert) {
                error = insert.error();
            } else {
                insert->bindInt(1, m.version);
                insert->bindText(2, m.description);
                insert->bindText(3, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
                if (insert->step() != SQLITE_DONE)
                    error = sqlite::errorFromHandle(handle, QString());
            }
        }
        if (!error)
            error = sqlite::exec(handle, QStringLiteral("RELEASE bdba_migration"));
        if (!error) {
            outcome.toVersion = m.version;
            outcome.applied.append(QStringLiteral("%1: %2").arg(m.version).arg(m.description));
        }
    }
    if (!error)
        error = sqlite::exec(handle, QStringLiteral("COMMIT"));
    if (error) {
        QString message = QStringLiteral("migration %1 (%2) failed: %3.")
                                  .arg(failed->version)
                                  .arg(failed->description, error.message());
        const DbError rollback = sqlite::inTransaction(handle)
                ? sqlite::exec(handle, QStringLiteral("ROLLBACK"))
                : DbError();
        if (!rollback) {
            message += QStringLiteral(
                    " Every migration of this run was rolled back: the database is restored to "
                    "its state before the migration");
            message += outcome.backupPath.isEmpty()
                    ? QStringLiteral(".")
                    : QStringLiteral(" (the backup taken before is %1).").arg(outcome.backupPath);
        } else if (!outcome.backupPath.isEmpty()) {
            if (DbError restore = sqlite::restoreFromFile(handle, outcome.backupPath))
                message += QStringLiteral(" Rolling back failed (%1) and restoring the backup %2 "
                                          "failed too: %3. "
                                          "Restore it by hand.")
                                   .arg(rollback.message(), outcome.backupPath, restore.message());
            else
                message += QStringLiteral(" Rolling back failed (%1); the database was restored "
                                          "from the backup %2.")
                                   .arg(rollback.message(), outcome.backupPath);
        }
        qCWarning(lcSchema).noquote() << message;
        outcome.toVersion = outcome.fromVersion;
        return DbError(DbError::Kind::MigrationFailed, message, {}, error.nativeCode());
    }
    for (const QString &applied : outcome.applied)
        qCInfo(lcSchema).noquote() << "applied migration" << applied;

    appendNotes(handle, &outcome);
    return outcome;
}

} // namespace backupdb
