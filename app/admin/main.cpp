// backupdb-admin [--db PATH] [--config FILE]: the desktop application.
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("BackupDB Admin"));
    QApplication::setOrganizationName(QStringLiteral("BackupDB"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("backupdb-admin"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QApplication::translate("main", "Look after a backup server's database."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption db(QStringLiteral("db"),
                                QApplication::translate("main",
                                                        "Database file to open (default: the "
                                                        "last one used, or the demo database)."),
                                QStringLiteral("path"));
    const QCommandLineOption config(
            QStringLiteral("config"),
            QApplication::translate("main",
                                    "Configuration file (default: backupdb-admin.ini in the "
                                    "application's configuration folder); reloaded on change."),
            QStringLiteral("file"));
    parser.addOption(db);
    parser.addOption(config);
    parser.process(app);

    backupdb::ui::MainWindowOptions options;
    options.databasePath = parser.value(db);
    options.configPath = parser.value(config);
    backupdb::ui::MainWindow window(options);
    window.show();
    return app.exec();
}
