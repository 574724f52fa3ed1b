// The throw-away PostgreSQL cluster of the tests (tests/postgres/pgcluster.sh, a CTest fixture):
// its connection file, a fresh database per test, and connections to it through Qt's QPSQL.
// Thread-safety: a PgCluster may be read from any thread; every connection it opens belongs to
// the thread that opened it (Qt's rule), and must be closed by that thread.
#pragma once

#include <QSqlDatabase>
#include <QString>

namespace backupdb::test {

class PgCluster
{
public:
    // Reads the file the fixture writes (BACKUPDB_PG_CONNECTION_FILE, set by CTest). On failure,
    // errorString() says what is missing and how to get it.
    bool load();
    QString errorString() const { return m_error; }
    QString connectionFile() const { return m_file; }

    // A connection to `database` under `connectionName`, with bdba.os_user set to `osUser`
    // unless it is empty (an empty one stands for a program other than BackupDB Admin).
    QSqlDatabase open(const QString &database, const QString &connectionName, const QString &osUser,
                      QString *error) const;

    QString host() const { return m_host; }
    int port() const { return m_port; }
    QString user() const { return m_user; }
    // libpq's conninfo of one of its databases (no password: the cluster trusts its socket).
    QString conninfo(const QString &database) const
    {
        return QStringLiteral("host=%1 port=%2 user=%3 dbname=%4")
                .arg(m_host)
                .arg(m_port)
                .arg(m_user, database);
    }
    QString maintenanceDatabase() const { return m_database; }

private:
    QString m_file;
    QString m_error;
    QString m_host;
    int m_port = 0;
    QString m_user;
    QString m_database;
};

// Removes a named connection after the handles of this scope are gone (Qt warns otherwise).
void closeConnection(const QString &connectionName);

} // namespace backupdb::test
