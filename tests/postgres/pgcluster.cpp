#include "pgcluster.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

namespace backupdb::test {

bool PgCluster::load()
{
    m_file = qEnvironmentVariable("BACKUPDB_PG_CONNECTION_FILE");
    if (m_file.isEmpty()) {
        m_error = QStringLiteral(
                "BACKUPDB_PG_CONNECTION_FILE is not set: run the PostgreSQL tests through ctest "
                "(ctest --test-dir build -L postgres), whose fixture pg_cluster_start starts the "
                "throw-away cluster and names its connection file");
        return false;
    }
    QFile file(m_file);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        m_error = QStringLiteral(
                          "the throw-away PostgreSQL cluster's connection file %1 is missing (%2): "
                          "its fixture pg_cluster_start did not run or failed; run the tests "
                          "through ctest, see its output and %3/pgcluster.log")
                          .arg(m_file, file.errorString(), m_file.section(u'/', 0, -2));
        return false;
    }
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const QString key = line.section(u'=', 0, 0).trimmed();
        const QString value = line.section(u'=', 1).trimmed();
        if (key == QLatin1String("host"))
            m_host = value;
        else if (key == QLatin1String("port"))
            m_port = value.toInt();
        else if (key == QLatin1String("user"))
            m_user = value;
        else if (key == QLatin1String("dbname"))
            m_database = value;
    }
    if (m_host.isEmpty() || m_port <= 0 || m_user.isEmpty() || m_database.isEmpty()) {
        m_error = QStringLiteral("%1 lacks host, port, user or dbname").arg(m_file);
        return false;
    }
    return true;
}

QSqlDatabase PgCluster::open(const QString &database, const QString &connectionName,
                             const QString &osUser, QString *error) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(m_host); // a socket folder: libpq connects through the Unix socket in it
    db.setPort(m_port);
    db.setUserName(m_user);
    db.setDatabaseName(database);
    db.setConnectOptions(QStringLiteral("application_name=tst_pgschema;connect_timeout=10"));
    if (!db.open()) {
        *error = QStringLiteral("cannot connect to %1 on %2:%3: %4")
                         .arg(database, m_host)
                         .arg(m_port)
                         .arg(db.lastError().text());
        return db;
    }
    QSqlQuery set(db);
    // TRUNCATE ... CASCADE's notice would only clutter the test's output.
    set.exec(QStringLiteral("SET client_min_messages = warning"));
    if (!osUser.isEmpty()) {
        // set_config binds the value (a SET statement cannot take a parameter).
        set.prepare(QStringLiteral("SELECT set_config('bdba.os_user', ?, false)"));
        set.addBindValue(osUser);
        if (!set.exec()) {
            *error = set.lastError().text();
            db.close();
        }
    }
    return db;
}

void closeConnection(const QString &connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

} // namespace backupdb::test
