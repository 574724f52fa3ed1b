// The main window (G1, G6, G7): a navigation list and the pages (Clients & Files, Dashboard,
// Integrity, Backups, Audit & Slow queries), the menus, the status bar, the configuration file
// with live reload, and the window state kept in QSettings. It owns the DatabaseWorker, the
// one way the pages reach the database.
// Thread-safety: GUI thread only.
#pragma once

#include "ops/config.h"

#include <QMainWindow>

class QAction;
class QListWidget;
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
class StatusPanel;

struct MainWindowOptions
{
    QString databasePath; // --db; empty: the last database used, or the demo database
    QString configPath; // --config; empty: backupdb-admin.ini in the app's config folder
    bool openLastDatabase = true;
    bool offerDemoDatabase = true;
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

public slots:
    void showPage(backupdb::ui::MainWindow::Page page);
    // Opens path (empty: the demo database), with the checks and the migration offer.
    void openDatabase(const QString &path);
    void chooseDatabase();
    void openDemoDatabase();
    void refreshCurrentPage();
    void showSettings();
    void showAbout();

signals:
    void databaseOpened(const QString &path);
    void databaseOpenFailed(const QString &path, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildPages();
    void buildMenus();
    void startUp();
    void offerDemo();
    void loadConfig();
    void applyConfig();
    void onOpened(const QString &path, const QString &note);
    void updateTitle();
    void saveWindowState() const;
    void restoreWindowState();

    MainWindowOptions m_options;
    DatabaseWorker *m_worker = nullptr;
    DatabaseOpener *m_opener = nullptr;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_stack = nullptr;
    ClientsPage *m_clientsPage = nullptr;
    DashboardPage *m_dashboardPage = nullptr;
    IntegrityPage *m_integrityPage = nullptr;
    BackupsPage *m_backupsPage = nullptr;
    AuditPage *m_auditPage = nullptr;
    StatusPanel *m_statusPanel = nullptr;
    QString m_configPath;
    AppConfig m_config;
    ConfigWatcher *m_configWatcher = nullptr;
};

} // namespace backupdb::ui
