#include "pgtestdatabase.h"

#include "pgmigrations.h"
#include "pgtestdata.h"

#include <QCoreApplication>

namespace backupdb::test {

namespace {

const QString kAdmin = QStringLiteral("pg-admin");

} // namespace

QString PgTestDatabase::osUser()
{
    return QStringLiteral("bdba-test-operator");
}

QString PgTestDatabase::mainConnectionName()
{
    return QStringLiteral("pg-main");
}

bool PgTestDatabase::start(QString *error)
{
    // Nothing here is skipped when missing: CI must run these suites.
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        *error = QStringLiteral(
                "Qt's QPSQL driver is not installed (Debian: libqt6sql6-psql; ./run tests "
                "installs it)");
        return false;
    }
    if (!m_cluster.load()) {
        *error = m_cluster.errorString();
        return false;
    }
    if (pgMigrations().isEmpty()) {
        *error = QStringLiteral("no migrations under :/sql/postgres");
        return false;
    }
    return m_cluster.open(m_cluster.maintenanceDatabase(), kAdmin, {}, error).isOpen();
}

void PgTestDatabase::stop()
{
    drop();
    closeConnection(kAdmin);
}

QString PgTestDatabase::createEmpty(QString *error)
{
    const QString name = QStringLiteral("bdba_tst_%1_%2")
                                 .arg(QCoreApplication::applicationPid())
                                 .arg(++m_counter);
    const QString failed = execOrError(
            QSqlDatabase::database(kAdmin),
            QStringLiteral("CREATE DATABASE %1 TEMPLATE template0 ENCODING 'UTF8'").arg(name));
    if (!failed.isEmpty()) {
        *error = failed;
        return {};
    }
    m_extra << name;
    return name;
}

bool PgTestDatabase::createMigrated(QString *error)
{
    drop(); // Qt Test calls no cleanup() after a failed init()
    m_database = createEmpty(error);
    if (m_database.isEmpty())
        return false;
    QSqlDatabase db = m_cluster.open(m_database, mainConnectionName(), osUser(), error);
    if (!db.isOpen())
        return false;
    int applied = 0;
    const PgScriptResult outcome = applyPendingPgMigrations(db, &applied);
    if (!outcome.ok) {
        *error = outcome.message;
        return false;
    }
    if (applied != pgMigrations().size()) {
        *error = QStringLiteral("%1 of %2 migrations applied to a new database")
                         .arg(applied)
                         .arg(pgMigrations().size());
        return false;
    }
    return true;
}

void PgTestDatabase::drop()
{
    closeConnection(mainConnectionName());
    for (const QString &name : std::as_const(m_extra)) {
        const QString error
                = execOrError(QSqlDatabase::database(kAdmin),
                              QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name));
        if (!error.isEmpty())
            qWarning("%s", qPrintable(error));
    }
    m_extra.clear();
    m_database.clear();
}

QSqlDatabase PgTestDatabase::main() const
{
    return QSqlDatabase::database(mainConnectionName());
}

QSqlDatabase PgTestDatabase::open(const QString &connectionName, const QString &user,
                                  const QString &database) const
{
    QString error;
    QSqlDatabase db = m_cluster.open(database.isEmpty() ? m_database : database, connectionName,
                                     user, &error);
    if (!db.isOpen())
        qWarning("%s", qPrintable(error));
    return db;
}

} // namespace backupdb::test
