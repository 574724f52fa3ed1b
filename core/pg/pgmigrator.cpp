#include "pgmigrator.h"

#include "pgconnection.h"

#include <libpq-fe.h>
#include <memory>

#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace backupdb::pg {

QList<Migration> migrations()
{
    static const QRegularExpression numbered(QStringLiteral("^(\\d{4})_[a-z0-9_]+\\.sql$"));
    QList<Migration> list;
    const QDir dir(QStringLiteral(":/sql/postgres"));
    for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
        const auto match = numbered.match(name);
        if (!match.hasMatch())
            continue;
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        list.append({ match.captured(1).toInt(), name, QString::fromUtf8(file.readAll()) });
    }
    return list;
}

int latestVersion()
{
    const QList<Migration> all = migrations();
    return all.isEmpty() ? 0 : all.last().version;
}

int schemaVersion(PGconn *conn)
{
    // Two statements: a query naming a table that does not exist is refused as a whole.
    auto exists = query(conn, "SELECT to_regclass('bdba_schema_version') IS NOT NULL");
    if (!exists || exists->count() != 1)
        return -1;
    if (exists->bytes(0, 0) != "t")
        return 0;
    auto version = query(conn, "SELECT COALESCE(MAX(version), 0) FROM bdba_schema_version");
    if (!version || version->count() != 1)
        return -1;
    return int(version->integer(0, 0));
}

ScriptResult applyPending(PGconn *conn, int *applied, TransactionUse use)
{
    *applied = 0;
    const int current = schemaVersion(conn);
    if (current < 0)
        return { false, {}, QStringLiteral("cannot read the schema version") };
    for (const Migration &m : migrations()) {
        if (m.version <= current)
            continue;
        ScriptResult outcome = use == TransactionUse::OwnPerMigration
                ? execInOwnTransaction(conn, m.sql.toUtf8())
                : exec(conn, m.sql.toUtf8());
        if (!outcome.ok) {
            outcome.message = QStringLiteral("%1: %2").arg(m.fileName, outcome.message);
            return outcome;
        }
        ++*applied;
    }
    return { true, {}, {} };
}

namespace {

struct Finish
{
    void operator()(PGconn *conn) const { PQfinish(conn); }
};
using ConnectionPtr = std::unique_ptr<PGconn, Finish>;

Result<ConnectionPtr> connectTo(const QString &location, const QString &shown)
{
    auto parameters = locationParameters(location);
    if (!parameters)
        return parameters.error();
    ConnectionPtr conn(PQconnectdb(location.toUtf8().constData()));
    if (PQstatus(conn.get()) != CONNECTION_OK)
        return DbError(DbError::Kind::CannotOpen,
                       QStringLiteral("cannot connect to %1: %2")
                               .arg(shown, QString::fromUtf8(PQerrorMessage(conn.get())).trimmed()));
    return conn;
}

// The database's schema version, when this BackupDB Admin may migrate it: SchemaTooNew when a
// newer one wrote it, NotADatabase when it has no schema of ours but tables of another
// application (a wrong dbname: migrating would write BackupDB Admin's tables, functions and
// triggers into it; only an empty database becomes a new BackupDB Admin database).
Result<int> migratableVersion(PGconn *conn, const QString &shown)
{
    const int version = schemaVersion(conn);
    if (version < 0)
        return DbError(DbError::Kind::MigrationFailed,
                       QStringLiteral("cannot read the schema version of %1").arg(shown));
    if (version > latestVersion())
        return DbError(DbError::Kind::SchemaTooNew,
                       QStringLiteral("%1 has schema version %2; this BackupDB Admin knows up to "
                                      "%3: use a newer BackupDB Admin")
                               .arg(shown)
                               .arg(version)
                               .arg(latestVersion()));
    if (version == 0) {
        auto tables = query(conn,
                            "SELECT count(*), string_agg(relname, ', ' ORDER BY relname) "
                            "FILTER (WHERE rank <= 5) FROM (SELECT c.relname, row_number() "
                            "OVER (ORDER BY c.relname) AS rank FROM pg_class c JOIN "
                            "pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN "
                            "('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', "
                            "'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
                            "AND n.nspname NOT LIKE 'pg\\_temp%') t");
        if (!tables)
            return tables.error().withContext(
                    QStringLiteral("reading the tables of %1").arg(shown));
        if (const qint64 count = tables->integer(0, 0); count > 0)
            return DbError(
                    DbError::Kind::NotADatabase,
                    QStringLiteral("%1 is not a BackupDB Admin database: it holds tables "
                                   "of another application (%2) and no BackupDB Admin "
                                   "schema; nothing was changed. Give BackupDB Admin an "
                                   "empty database")
                            .arg(shown,
                                 tables->text(0, 1)
                                         + (count > 5 ? QStringLiteral(", ...") : QString())));
    }
    return version;
}

// A connection to the database, and its version when it may be migrated.
struct Migratable
{
    ConnectionPtr conn;
    int version = 0;
};

Result<Migratable> openMigratable(const QString &location, const QString &shown)
{
    auto conn = connectTo(location, shown);
    if (!conn)
        return conn.error();
    auto version = migratableVersion(conn->get(), shown);
    if (!version)
        return version.error();
    return Migratable { std::move(conn).value(), version.value() };
}

} // namespace

Result<DatabaseState> inspectDatabase(const QString &location)
{
    auto db = openMigratable(location, redactedConninfo(location));
    if (!db)
        return db.error();
    return DatabaseState { db->version, latestVersion() - db->version };
}

// A PostgreSQL database: reachable, not written by a newer BackupDB Admin, migrated to the
// current schema over a libpq connection of its own (QSqlQuery would not report a script's
// failing last statement), closed again before the pool opens its connections.
Result<MigrationOutcome> migrateDatabase(const QString &location)
{
    const QString shown = redactedConninfo(location);
    auto db = openMigratable(location, shown);
    if (!db)
        return db.error();
    MigrationOutcome outcome;
    outcome.fromVersion = db->version;
    int applied = 0;
    const ScriptResult result = applyPending(db->conn.get(), &applied);
    if (!result.ok)
        return result.toError(DbError::Kind::MigrationFailed)
                .withContext(QStringLiteral("migrating %1").arg(shown));
    outcome.toVersion = outcome.fromVersion + applied;
    for (const Migration &m : migrations())
        if (m.version > outcome.fromVersion && m.version <= outcome.toVersion)
            outcome.applied.append(m.fileName);
    return outcome;
}

} // namespace backupdb::pg
