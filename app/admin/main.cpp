// backupdb-admin [--db PATH] [--config FILE]: the desktop application.
#include "db/connectionpool.h"
#include "mainwindow.h"
#include "ops/config.h"
#include "translation.h"
#include "widgets/icons.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>

namespace {

// The configuration file that --config names (default: the usual one), found by a quiet first
// pass over the arguments: its language is needed before the help text is built.
QString configFileOf(const QStringList &arguments)
{
    QCommandLineParser probe;
    probe.addHelpOption();
    probe.addVersionOption();
    probe.addOption({ QStringLiteral("db"), QString(), QStringLiteral("path") });
    probe.addOption({ QStringLiteral("config"), QString(), QStringLiteral("file") });
    probe.parse(arguments); // errors are reported by the real pass below
    const QString path = probe.value(QStringLiteral("config"));
    return path.isEmpty() ? backupdb::ui::MainWindow::defaultConfigPath() : path;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("BackupDB Admin"));
    QApplication::setOrganizationName(QStringLiteral("BackupDB"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("backupdb-admin"));
    QApplication::setWindowIcon(backupdb::ui::icon(backupdb::ui::Icon::App));

    // The [ui] language of the configuration, else the system's; the main window switches it
    // when the setting changes.
    backupdb::ui::Translation translation;
    const auto configured = backupdb::loadConfig(configFileOf(app.arguments()), nullptr);
    translation.setLanguage(configured ? configured->language : QString());
    // Numbers, sizes and dates in the configured language too ("5.000 ms" in German, not
    // "5,000 ms"). Set here, before any worker thread formats (QLocale::setDefault is not
    // thread-safe); a language changed while the app runs changes them at the next start.
    if (configured && !configured->language.isEmpty())
        QLocale::setDefault(backupdb::ui::Translation::localeFor(configured->language));

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
    options.translation = &translation;
    // The GUI thread never executes SQL (SPEC §1): a connection asked for on it is logged with
    // the code that asked (tst_truth makes it a failure).
    backupdb::ConnectionPool::forbidThread(app.thread());
    backupdb::ui::MainWindow window(options);
    window.show();
    return app.exec();
}
