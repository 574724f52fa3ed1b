// The main window (G1, G6, G7): a navigation list and the pages (Clients & Files, Dashboard,
// Integrity, Backups, Audit & Slow queries), the menus, the status bar, the configuration file
// with live reload, and the window state kept in QSettings. It owns the DatabaseWorker, the
// one way the pages reach the database.
// Thread-safety: GUI thread only.
#pragma once

#include "dialogs/postgresdialog.h"

#include "ops/config.h"

#include <QMainWindow>
#include <functional>

class QAction;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace backupdb {
class ConfigWatcher;
}

namespace backupdb::ui {

class AuditPage;
class BackupsPage;
class ClientsPage;
class DashboardPage;
class DatabaseOpener;
class DatabaseWorker;
class IntegrityPage;
class NoDatabasePanel;
class SortArrowStyle;
class StatusPanel;
class Translation;

struct MainWindowOptions
{
    QString databasePath; // --db; empty: the last database used, or the demo database
    QString configPath; // --config; empty: backupdb-admin.ini in the app's config folder
    bool openLastDatabase = true;
    bool offerDemoDatabase = true;
    // The application's translator (main.cpp's); null: the window keeps one of its own. The
    // window applies the configuration's [ui] language to it.
    Translation *translation = nullptr;
    // Called on a worker thread before the open-time checks of each database (tests hold the
    // checks with it to see the window work without them).
    std::function<void()> beforeOpenChecks;
};

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum Page { ClientsAndFiles, Dashboard, Integrity, Backups, Audit, PageCount };

    explicit MainWindow(const MainWindowOptions &options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    DatabaseWorker *worker() const { return m_worker; }
    QString configPath() const { return m_configPath; }
    AppConfig config() const { return m_config; }
    Page currentPage() const;
    static QString defaultConfigPath();
    Translation *translation() const { return m_translation; }

public slots:
    void showPage(backupdb::ui::MainWindow::Page page);
    // Opens path (empty: the demo database), with the checks and the migration offer.
    void openDatabase(const QString &path);
    void chooseDatabase();
    // File › Open PostgreSQL…: the connection dialog, then openDatabase of its location.
    void choosePostgresDatabase();
    // Tools › Move to PostgreSQL…: the open SQLite database copied into a PostgreSQL database
    // and verified there (a job with progress and Cancel); offered to be opened afterwards.
    void moveToPostgres();
    void openDemoDatabase();
    void refreshCurrentPage();
    void showSettings();
    void showAbout();

signals:
    void databaseOpened(const QString &path);
    void databaseOpenFailed(const QString &path, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildPages();
    void buildMenus();
    void retranslateUi();
    void startUp();
    void offerDemo();
    void loadConfig();
    void applyConfig();
    void onOpened(const QString &path, const QString &note);
    void updateTitle();
    void updateNoDatabasePanel();
    void saveWindowState() const;
    void restoreWindowState();
    void saveRefreshInterval(int milliseconds);

    MainWindowOptions m_options;
    DatabaseWorker *m_worker = nullptr;
    DatabaseOpener *m_opener = nullptr;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_stack = nullptr;
    QStackedWidget *m_central = nullptr; // the pages, or m_noDatabasePanel
    NoDatabasePanel *m_noDatabasePanel = nullptr;
    bool m_startedUp = false;
    SortArrowStyle *m_sortArrowStyle = nullptr; // the table headers' style
    ClientsPage *m_clientsPage = nullptr;
    DashboardPage *m_dashboardPage = nullptr;
    IntegrityPage *m_integrityPage = nullptr;
    BackupsPage *m_backupsPage = nullptr;
    AuditPage *m_auditPage = nullptr;
    StatusPanel *m_statusPanel = nullptr;
    QString m_configPath;
    AppConfig m_config;
    ConfigWatcher *m_configWatcher = nullptr;
    Translation *m_translation = nullptr;
    // What retranslateUi() sets the texts of.
    QMenu *m_fileMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_toolsMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_openAction = nullptr;
    void startMove(const QString &target, bool replaceExisting);
    QAction *m_openDemoAction = nullptr;
    QAction *m_openPostgresAction = nullptr;
    QAction *m_moveAction = nullptr;
    // PGPASSWORD before the open under way handed a typed one over (put back if it fails).
    std::optional<HandedPassword> m_passwordBeforeOpen;
    QAction *m_quitAction = nullptr;
    QList<QAction *> m_pageActions;
    QAction *m_refreshAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_backUpNowAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
};

} // namespace backupdb::ui
