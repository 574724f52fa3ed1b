#include "cliapp.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("backupdb-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("BackupDB"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    return backupdb::cli::run(QCoreApplication::arguments());
}
