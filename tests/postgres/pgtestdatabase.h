// A fresh database per test on the throw-away cluster (PgCluster), with every migration
// applied, under the connection name mainConnectionName(). Create it in init(), drop it in
// cleanup(); databases made with createEmpty() are dropped with it.
// Thread-safety: the test's thread; open() may be called from any thread, for a connection that
// thread then owns.
#pragma once

#include "pgcluster.h"

#include <QSqlDatabase>
#include <QStringList>

namespace backupdb::test {

class PgTestDatabase
{
public:
    // The operating-system user the main connection says it runs for (bdba.os_user).
    static QString osUser();
    static QString mainConnectionName();

    // initTestCase(): the driver, the cluster's connection file, the maintenance connection.
    bool start(QString *error);
    void stop();

    // init(): a new database with every migration applied, opened as mainConnectionName().
    bool createMigrated(QString *error);
    // cleanup(): closes the main connection and drops every database this test made.
    void drop();

    // Another new database, without migrations; dropped by drop().
    QString createEmpty(QString *error);

    QSqlDatabase main() const;
    // A connection of the calling thread to the test's database (or `database`); an empty
    // osUser stands for another program. Close it with closeConnection().
    QSqlDatabase open(const QString &connectionName, const QString &user = osUser(),
                      const QString &database = QString()) const;

    const PgCluster &cluster() const { return m_cluster; }
    QString name() const { return m_database; }

private:
    PgCluster m_cluster;
    QString m_database;
    QStringList m_extra;
    int m_counter = 0;
};

} // namespace backupdb::test
