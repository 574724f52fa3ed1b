#include "benchpostgres.h"

#include "data/timestamps.h"
#include "demo/demogenerator.h"
#include "pg/pgconnection.h"
#include "pg/pglibpq.h"
#include "pg/pgtool.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <chrono>
#include <cstdio>
#include <libpq-fe.h>

// The goals, and why (the SQLite ones are in benchmeasures.cpp):
//   bulk_insert   >= 0.5     both sides send one PQexecPrepared per row over the same socket in
//                            one transaction; the project's rows also fire the counter trigger
//                            (an UPDATE of the counter row and an upsert of the client's totals
//                            in PL/pgSQL, what O(1) statistics cost), allowed to cost as much as
//                            the row's own insert. The engine has no import path that drops it.
//   stats_totals  >= 300     as on SQLite: reading the counters against a scan of the files.
//   stats_cached  >= 100000  as on SQLite: the cache is the process's own.
//   pool_cycle    >= 0.1     the pool's own cycle, no statement: as on SQLite.
//   point_lookup  >= 0.8     both are one PQexecPrepared round trip; what the project adds (the
//                            lease, the ID's check, the record, bytea decoding) runs in process
//                            beside a round trip of tens of microseconds.
//   backup        >= 0.8     as on SQLite: the backup service runs pg_dump itself (through
//                            core/pg/pgbackup), plus the row counts in its snapshot and the
//                            sidecar.
//   orphan_scan   >= 0.8     as on SQLite: the same anti-join, read through Qt's QPSQL.
//   page_fetch    >= 10      as on SQLite: a page by key against LIMIT/OFFSET at 90 %.
namespace backupdb::bench {

namespace {

using Clock = std::chrono::steady_clock;

// The baseline's schema: the server's two tables in the PostgreSQL schema's types (migration 1),
// with the foreign key and the 8 indexes (clients.name's is the UNIQUE constraint's); no row
// key, no counters, no checks of the project's.
const char *const kRawSchema = R"(
CREATE TABLE clients (id bytea PRIMARY KEY, name text COLLATE "C" NOT NULL UNIQUE, publickey bytea,
                      lastseen timestamptz NOT NULL, aeskey bytea);
CREATE TABLE files (id bytea PRIMARY KEY, filename text COLLATE "C" NOT NULL,
                    pathname text COLLATE "C" NOT NULL, verified boolean DEFAULT false,
                    filesize bigint, modificationdate timestamptz, crc bigint,
                    clientid bytea NOT NULL REFERENCES clients (id) ON DELETE CASCADE);
CREATE INDEX i2 ON clients (lastseen); CREATE INDEX i3 ON files (clientid);
CREATE INDEX i4 ON files (filename); CREATE INDEX i5 ON files (clientid, filename);
CREATE INDEX i6 ON files (verified); CREATE INDEX i7 ON files (modificationdate);
CREATE INDEX i8 ON files (filesize);
)";

const char *const kScanTotals = "SELECT COUNT(*), SUM(filesize), AVG(filesize), "
                                "COUNT(*) FILTER (WHERE verified) FROM files";

// Runs sql (statements without rows, or a query whose rows are not needed).
void run(PGconn *conn, const QByteArray &sql)
{
    const pg::ScriptResult r = pg::exec(conn, sql);
    if (!r.ok)
        fail(QStringLiteral("%1: %2").arg(QString::fromUtf8(sql.left(60)), r.message));
}

void prepare(PGconn *conn, const char *name, const char *sql)
{
    PGresult *r = PQprepare(conn, name, sql, 0, nullptr);
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok)
        fail(QStringLiteral("preparing %1: %2")
                     .arg(QLatin1String(sql), QString::fromUtf8(PQerrorMessage(conn)).trimmed()));
}

// One run of a prepared statement that must answer with status; returns its result (the
// caller clears it).
PGresult *execPrepared(PGconn *conn, const char *name, int count, const char *const *values,
                       const int *lengths, const int *formats, ExecStatusType status)
{
    PGresult *r = PQexecPrepared(conn, name, count, values, lengths, formats, 0);
    if (PQresultStatus(r) != status) {
        const QString why = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
        PQclear(r);
        fail(QStringLiteral("%1: %2").arg(QLatin1String(name), why));
    }
    return r;
}


// The raw INSERTs: one prepared statement per table, its parameters text (bytea binary).
void insertClients(PGconn *conn, const QList<ClientRecord> &clients)
{
    run(conn, "BEGIN");
    prepare(conn, "clients",
            "INSERT INTO clients (id, name, publickey, lastseen, aeskey) "
            "VALUES ($1, $2, $3, $4, $5)");
    static const int formats[] = { 1, 0, 1, 0, 1 };
    for (const ClientRecord &c : clients) {
        const QByteArray name = c.name.toUtf8(), lastSeen = c.lastSeen.toUtf8();
        const char *values[] = { c.id.constData(), name.constData(), c.publicKey.constData(),
                                 lastSeen.constData(), c.aesKey.constData() };
        const int lengths[]
                = { int(c.id.size()), 0, int(c.publicKey.size()), 0, int(c.aesKey.size()) };
        PQclear(execPrepared(conn, "clients", 5, values, lengths, formats, PGRES_COMMAND_OK));
    }
    run(conn, "COMMIT");
}

void insertFiles(PGconn *conn, const QList<FileRecord> &files)
{
    run(conn, "BEGIN");
    prepare(conn, "files",
            "INSERT INTO files (id, filename, pathname, verified, filesize, modificationdate, "
            "crc, clientid) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    static const int formats[] = { 1, 0, 0, 0, 0, 0, 0, 1 };
    for (const FileRecord &f : files) {
        const QByteArray name = f.fileName.toUtf8(), path = f.pathName.toUtf8(),
                         size = QByteArray::number(*f.fileSize), date = f.modificationDate.toUtf8(),
                         crc = QByteArray::number(*f.crc);
        const char *values[]
                = { f.id.constData(), name.constData(), path.constData(), f.verified ? "t" : "f",
                    size.constData(), date.constData(), crc.constData(),  f.clientId.constData() };
        const int lengths[] = { int(f.id.size()), 0, 0, 0, 0, 0, 0, int(f.clientId.size()) };
        PQclear(execPrepared(conn, "files", 8, values, lengths, formats, PGRES_COMMAND_OK));
    }
    run(conn, "COMMIT");
}

} // namespace

// A raw libpq connection, as a hand-written tool opens it.
struct RawConnection
{
    explicit RawConnection(const QString &conninfo)
        : conn(PQconnectdb(conninfo.toUtf8().constData()))
    { }
    ~RawConnection() { PQfinish(conn); }
    Q_DISABLE_COPY_MOVE(RawConnection)
    bool ok() const { return PQstatus(conn) == CONNECTION_OK; }
    QString error() const { return QString::fromUtf8(PQerrorMessage(conn)).trimmed(); }
    PGconn *conn;
};

namespace {

std::unique_ptr<RawConnection> connect(const QString &conninfo)
{
    auto c = std::make_unique<RawConnection>(conninfo);
    if (!c->ok())
        fail(QStringLiteral("cannot connect to %1: %2")
                     .arg(pg::redactedConninfo(conninfo), c->error()));
    return c;
}

} // namespace

Result<QString> postgresServer(const QString &value)
{
    QString conninfo = value;
    QString file;
    if (value.startsWith(u'@'))
        file = value.mid(1);
    else if (value.isEmpty())
        file = qEnvironmentVariable("BACKUPDB_PG_CONNECTION_FILE");
    if (value.isEmpty() && file.isEmpty())
        return DbError::invalidInput(
                QStringLiteral("--db"),
                QStringLiteral("--engine postgres needs --db CONNINFO, --db @FILE or "
                               "BACKUPDB_PG_CONNECTION_FILE"));
    if (!file.isEmpty()) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
            return DbError(DbError::Kind::CannotOpen,
                           QStringLiteral("cannot read %1: %2").arg(file, f.errorString()));
        conninfo = QString::fromUtf8(f.readAll()).simplified(); // one keyword=value a line
    }
    if (auto parameters = pg::locationParameters(conninfo); !parameters)
        return parameters.error();
    return conninfo;
}

PgBench::PgBench(const QString &server, const QString &folder, const Sizes &sizes)
    : EngineBench(sizes)
    , m_server(server)
    , m_folder(folder)
{ }

PgBench::~PgBench()
{
    setBeforeFailing({});
    m_session.reset();
    dropAllScratch();
}

DbError PgBench::start()
{
    m_admin = std::make_unique<RawConnection>(m_server);
    if (!m_admin->ok())
        return DbError(DbError::Kind::CannotOpen,
                       QStringLiteral("cannot connect to %1: %2")
                               .arg(pg::redactedConninfo(m_server), m_admin->error()));
    m_serverVersion = QString::fromUtf8(PQparameterStatus(m_admin->conn, "server_version"));
    // A measure that fails stops the process: its scratch databases go first.
    setBeforeFailing([this] { dropAllScratch(); });
    return DbError();
}

QString PgBench::createScratch()
{
    const QString name = QStringLiteral("bdba_bench_%1_%2")
                                 .arg(QCoreApplication::applicationPid())
                                 .arg(++m_counter);
    run(m_admin->conn,
        QStringLiteral("CREATE DATABASE %1 TEMPLATE template0 ENCODING 'UTF8'").arg(name).toUtf8());
    QMap<QString, QString> parameters = must(pg::parseConninfo(m_server));
    parameters.remove(QStringLiteral("dbname"));
    // dbname first: Session::open knows a PostgreSQL location by its first keyword.
    const QString location
            = QStringLiteral("dbname=%1 ").arg(name) + pg::formatConninfo(parameters);
    m_scratch.append(location);
    return location;
}

void PgBench::dropScratch(const QString &location)
{
    const QString name = must(pg::parseConninfo(location)).value(QStringLiteral("dbname"));
    // FORCE: a connection left open (a failed measure's) does not keep it.
    const pg::ScriptResult r = pg::exec(
            m_admin->conn,
            QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name).toUtf8());
    if (!r.ok)
        std::fprintf(stderr, "backupdb-bench: could not drop %s: %s\n", qPrintable(name),
                     qPrintable(r.message));
    m_scratch.removeAll(location);
}

void PgBench::dropAllScratch()
{
    if (!m_admin || !m_admin->ok())
        return;
    for (const QString &location : QStringList(m_scratch))
        dropScratch(location);
}

Measure PgBench::bulkInsert()
{
    Measure m = Measure::ratio(QStringLiteral("bulk_insert"), 0.5);
    const DemoRows rows = demoRows(m_sizes);
    // Some demo clients have LastSeen in an older form of the server's ("+00:00Z", ctime's),
    // which timestamptz refuses as text: the project's bulk insert reads them first
    // (timestamps::stored); the raw baseline gets them as ISO 8601, at no cost to its timing.
    QList<ClientRecord> rawClients = rows.clients;
    for (ClientRecord &c : rawClients)
        c.lastSeen = timestamps::stored(c.lastSeen, true);
    std::vector<double> project, baseline;
    for (int rep = 0; rep < m_sizes.insertRepetitions; ++rep) {
        // Project: a new database migrated by Session::open (schema, triggers), the clients,
        // then the timed bulk insert of the files.
        if (m_session) {
            m_session.reset();
            dropScratch(m_project);
        }
        m_project = createScratch();
        m_session = openSession(m_project);
        project.push_back(projectPath::bulkInsertMs(*m_session, rows));

        // Baseline: the same rows with one prepared INSERT in one transaction.
        const QString rawLocation = createScratch();
        {
            const auto raw = connect(rawLocation);
            run(raw->conn, kRawSchema);
            insertClients(raw->conn, rawClients);
            const auto start = Clock::now();
            insertFiles(raw->conn, rows.files);
            baseline.push_back(msSince(start));
        }
        dropScratch(rawLocation);
    }
    // What autovacuum does after a load, now rather than at a moment of its choosing: the
    // measures after this one read a vacuumed, analysed database.
    run(connect(m_project)->conn, "VACUUM (ANALYZE)");
    m.projectMs = median(project);
    m.baselineMs = median(baseline);
    setRatio(m);
    m.note = rowsPerSecondNote(m, m_sizes.files)
            + QStringLiteral("; project: one insertFiles; baseline: PQexecPrepared per row, "
                             "one transaction");
    return m;
}

double PgBench::scanTotalsMs() const
{
    const auto raw = connect(m_project);
    return medianMs(m_sizes.repetitions, [&] { run(raw->conn, kScanTotals); });
}

Measure PgBench::pointLookup()
{
    Measure m = Measure::ratio(QStringLiteral("point_lookup"), 0.8);
    const QList<QByteArray> ids = demoClientIds(m_sizes.clients);
    // A round trip each: fewer than SQLite's 100,000 keep the run short.
    constexpr int kInner = 20'000;
    qint64 found = 0;
    {
        const auto raw = connect(m_project);
        prepare(raw->conn, "lookup",
                "SELECT id, name, publickey, lastseen, aeskey FROM clients WHERE id = $1");
        static const int formats[] = { 1 };
        m.baselineMs = medianMs(m_sizes.repetitions,
                                [&] {
                                    for (int i = 0; i < kInner; ++i) {
                                        const QByteArray &id = ids.at(i % ids.size());
                                        const char *values[] = { id.constData() };
                                        const int lengths[] = { int(id.size()) };
                                        PGresult *r
                                                = execPrepared(raw->conn, "lookup", 1, values,
                                                               lengths, formats, PGRES_TUPLES_OK);
                                        found += PQntuples(r);
                                        PQclear(r);
                                    }
                                })
                / kInner;
    }
    m.projectMs = projectPath::lookupMs(*m_session, ids, kInner, m_sizes.repetitions, &found);
    if (found != qint64(kInner) * 2 * m_sizes.repetitions)
        fail(QStringLiteral("point lookups missed rows"));
    setRatio(m);
    m.note = microsecondsNote(m) + QStringLiteral("; baseline: PQexecPrepared");
    return m;
}

Measure PgBench::backup()
{
    Measure m = Measure::ratio(QStringLiteral("backup"), 0.8);
    m.projectMs = projectPath::backupMs(
            *m_session, QDir(m_folder).filePath(QStringLiteral("backups")), m_sizes.repetitions);
    // The same pg_dump the project runs (pg::findPgTool), as one would type it.
    const QString pgDump = pg::findPgTool(QStringLiteral("pg_dump"));
    const pg::ToolConnection tool = must(pg::toolConnection(m_project));
    const QString target = QDir(m_folder).filePath(QStringLiteral("raw.dump"));
    qint64 bytes = 0;
    m.baselineMs = medianMs(m_sizes.repetitions, [&] {
        QProcess dump;
        dump.setProcessEnvironment(tool.environment);
        dump.start(pgDump,
                   { QStringLiteral("-Fc"), QStringLiteral("--file=") + target,
                     QStringLiteral("--dbname=") + tool.conninfo });
        if (!dump.waitForFinished(-1) || dump.exitStatus() != QProcess::NormalExit
            || dump.exitCode() != 0)
            fail(QStringLiteral("pg_dump: %1 %2")
                         .arg(dump.errorString(),
                              QString::fromLocal8Bit(dump.readAllStandardError())));
        bytes = QFileInfo(target).size();
        QFile::remove(target);
    });
    setRatio(m);
    m.note = QStringLiteral("the backup service's dump, no verification, vs pg_dump -Fc (%1 MB)")
                     .arg(double(bytes) / 1e6, 0, 'f', 1);
    return m;
}

void PgBench::addOrphans()
{
    // Rows whose client does not exist, as a server database moved from SQLite can hold them:
    // written with the foreign key dropped, which comes back NOT VALID (it then guards new rows
    // only). Owning the table is enough; the counter triggers count them as the project would.
    const auto raw = connect(m_project);
    pg::Rows key = must(pg::query(raw->conn,
                                  "SELECT conname FROM pg_constraint WHERE conrelid = "
                                  "'files'::regclass AND contype = 'f'"));
    if (key.count() != 1)
        fail(QStringLiteral("files has %1 foreign keys, not 1").arg(key.count()));
    const QByteArray name = key.bytes(0, 0);
    const DemoGenerator gen;
    QList<FileRecord> orphans;
    for (qint64 i = 0; i < m_sizes.orphans; ++i)
        orphans.append(gen.orphan(m_sizes.files + i));
    run(raw->conn, "ALTER TABLE files DROP CONSTRAINT " + name);
    insertFiles(raw->conn, orphans);
    run(raw->conn,
        "ALTER TABLE files ADD CONSTRAINT " + name
                + " FOREIGN KEY (clientid) REFERENCES clients (id) ON DELETE CASCADE NOT VALID");
    run(raw->conn, "ANALYZE files");
}

double PgBench::rawOrphansMs(qint64 *count) const
{
    const auto raw = connect(m_project);
    return medianMs(m_sizes.repetitions, [&] {
        PGresult *r = PQexec(raw->conn,
                             "SELECT f.row_id FROM files f WHERE NOT EXISTS "
                             "(SELECT 1 FROM clients c WHERE c.id = f.clientid)");
        *count = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) : -1;
        PQclear(r);
    });
}

double PgBench::offsetPageMs(qint64 offset, int rows, qint64 *firstKey) const
{
    const auto raw = connect(m_project);
    const QByteArray limit = QByteArray::number(rows), skip = QByteArray::number(offset);
    const char *values[] = { limit.constData(), skip.constData() };
    return medianMs(m_sizes.repetitions, [&] {
        PGresult *r = PQexecParams(raw->conn,
                                   "SELECT row_id, id, filename, pathname, verified, filesize, "
                                   "modificationdate, crc, clientid FROM files "
                                   "ORDER BY row_id LIMIT $1 OFFSET $2",
                                   2, nullptr, values, nullptr, nullptr, 0);
        *firstKey = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0
                ? QByteArray(PQgetvalue(r, 0, 0)).toLongLong()
                : -1;
        PQclear(r);
    });
}

} // namespace backupdb::bench
