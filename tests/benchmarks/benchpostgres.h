// backupdb-bench --engine postgres: the measures on a PostgreSQL server, each against what a
// hand-written libpq tool would do, back to back in the same run (goals in benchpostgres.cpp).
// Every row goes into scratch databases of the bench's own (bdba_bench_<pid>_<n>), made with
// CREATE DATABASE through the database the server conninfo names and dropped at the end, also
// when a measure fails: the project's database through Session::open (every migration), the raw
// baseline's with the server's two tables and 8 indexes only. The GUI measures are SQLite's only.
// Thread-safety: the main thread.
#pragma once

#include "benchmeasures.h"

#include <QStringList>
#include <memory>

namespace backupdb::bench {

struct RawConnection; // a libpq connection of the bench's own

// Where the server is: value (a conninfo or URI, or @FILE: FILE holds the conninfo, one
// keyword=value a line as tests/postgres/pgcluster.sh writes it); empty: the file that
// BACKUPDB_PG_CONNECTION_FILE names (CTest's cluster fixture). A password is refused: libpq
// takes it from PGPASSWORD or ~/.pgpass, so that it is never printed.
Result<QString> postgresServer(const QString &value);

class PgBench final : public EngineBench
{
public:
    // server: a database of a server on which the bench's role may CREATE DATABASE.
    PgBench(const QString &server, const QString &folder, const Sizes &sizes);
    ~PgBench() override;
    Q_DISABLE_COPY_MOVE(PgBench)

    // Connects to the server; the error says why it could not.
    DbError start();
    QString serverVersion() const { return m_serverVersion; }

    Measure bulkInsert() override;
    Measure pointLookup() override;
    Measure backup() override;

private:
    // A new scratch database: its conninfo.
    QString createScratch();
    void dropScratch(const QString &location);
    // Drops every scratch database left (their connections too: FORCE).
    void dropAllScratch();
    double scanTotalsMs() const override;
    void addOrphans() override;
    double rawOrphansMs(qint64 *count) const override;
    double offsetPageMs(qint64 offset, int rows, qint64 *firstKey) const override;

    QString m_server;
    QString m_folder;
    std::unique_ptr<RawConnection> m_admin; // to the server's database, for CREATE/DROP DATABASE
    QString m_serverVersion;
    QStringList m_scratch; // the scratch databases' conninfos, until dropped
    int m_counter = 0;
    QString m_project; // its conninfo
};

} // namespace backupdb::bench
