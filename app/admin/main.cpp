// backupdb-admin [--db PATH]: the desktop application.
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("BackupDB Admin"));
    QApplication::setOrganizationName(QStringLiteral("BackupDB"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QApplication::translate("main", "Look after a backup server's database."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption db(
            QStringLiteral("db"),
            QApplication::translate("main", "Database file to open (default: the demo database)."),
            QStringLiteral("path"));
    parser.addOption(db);
    parser.process(app);

    backupdb::ui::MainWindow window(parser.value(db));
    window.show();
    return app.exec();
}
