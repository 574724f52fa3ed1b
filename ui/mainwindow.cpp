#include "mainwindow.h"

#include "appsession.h"
#include "databaseopener.h"
#include "dialogs/postgresdialog.h"
#include "maintenance/auditlog.h"
#include "maintenance/databasemove.h"
#include "dialogs/settingsdialog.h"
#include "pages/auditpage.h"
#include "pages/backupspage.h"
#include "pages/clientspage.h"
#include "pages/dashboardpage.h"
#include "pages/integritypage.h"
#include "translation.h"
#include "widgets/icons.h"
#include "widgets/jobprogress.h"
#include "widgets/messages.h"
#include "widgets/nodatabasepanel.h"
#include "widgets/sortarrowstyle.h"
#include "widgets/statuspanel.h"
#include "worker/databaseworker.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <algorithm>

namespace backupdb::ui {

namespace {

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kPageKey = QStringLiteral("mainWindow/page");
const QString kClientsPageKey = QStringLiteral("clientsPage/state");
const QString kLastDatabaseKey = QStringLiteral("lastDatabase");
constexpr int kStatusMessageMs = 8000;

} // namespace

MainWindow::MainWindow(const MainWindowOptions &options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(options)
    , m_worker(new DatabaseWorker(this))
    , m_translation(options.translation ? options.translation : new Translation(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(icon(Icon::App));
    m_worker->setBeforeOpenChecks(options.beforeOpenChecks);
    m_opener = new DatabaseOpener(m_worker, this);
    m_statusPanel = new StatusPanel(m_worker, this);
    statusBar()->addPermanentWidget(m_statusPanel);
    buildPages();
    buildMenus();
    loadConfig();

    // One progress bar per job: a job that the current page shows with its own bar and Cancel
    // (a full check on the Integrity page) is left out of the status bar; on another page the
    // status bar shows it.
    m_statusPanel->setShownElsewhere([this](quint64 jobId) {
        const auto shown = m_stack->currentWidget()->findChildren<JobProgress *>();
        return std::any_of(shown.cbegin(), shown.cend(), [&](const JobProgress *progress) {
            return progress->jobId() == jobId && progress->isVisibleTo(m_stack->currentWidget());
        });
    });
    for (JobProgress *progress : m_stack->findChildren<JobProgress *>())
        connect(progress, &JobProgress::trackingChanged, m_statusPanel,
                &StatusPanel::showCurrentJob);
    connect(m_stack, &QStackedWidget::currentChanged, m_statusPanel, &StatusPanel::showCurrentJob);

    // Up for ascending, down for descending, on every table (see SortArrowStyle).
    m_sortArrowStyle = new SortArrowStyle;
    m_sortArrowStyle->setParent(this);
    for (QHeaderView *header : findChildren<QHeaderView *>())
        header->setStyle(m_sortArrowStyle);

    connect(m_opener, &DatabaseOpener::busyChanged, this, [this](const QString &what) {
        if (what.isEmpty())
            m_statusPanel->clearBusy();
        else
            m_statusPanel->setBusy(what);
        updateNoDatabasePanel();
    });
    // An open that does not happen leaves the open database the password it was opened with.
    const auto restorePassword = [this] {
        if (m_passwordBeforeOpen)
            restorePostgresPassword(*m_passwordBeforeOpen);
        m_passwordBeforeOpen.reset();
    };
    connect(m_opener, &DatabaseOpener::cancelled, this, [this, restorePassword] {
        restorePassword();
        updateNoDatabasePanel();
    });
    connect(m_opener, &DatabaseOpener::opened, this, [this](const QString &path, const QString &note) {
        m_passwordBeforeOpen.reset();
        onOpened(path, note);
    });
    connect(m_opener, &DatabaseOpener::failed, this,
            [this, restorePassword](const QString &path, const QString &message) {
                restorePassword();
                statusBar()->showMessage(
                        tr("Could not open %1").arg(displayLocation(path)),
                        kStatusMessageMs);
                if (!m_worker->isOpen())
                    m_noDatabasePanel->setFailure(path, message);
                updateNoDatabasePanel();
                emit databaseOpenFailed(path, message);
            });
    connect(m_worker, &DatabaseWorker::sessionChanged, this, [this] {
        applyConfig(); // the new session gets the configured pool and query settings
        updateTitle();
        updateNoDatabasePanel();
    });

    restoreWindowState();
    updateTitle();
    // After the constructor: the window is shown before any dialog of the start-up appears.
    QTimer::singleShot(0, this, &MainWindow::startUp);
}

MainWindow::~MainWindow()
{
    // Before the pages go: no job may still run (their continuations would find no page).
    m_worker->cancelAll();
    m_worker->waitForIdle();
}

QString MainWindow::defaultConfigPath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    return QDir(folder).filePath(QStringLiteral("backupdb-admin.ini"));
}

void MainWindow::buildPages()
{
    m_navigation = new QListWidget(this);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setIconSize(QSize(24, 24));
    m_navigation->setSpacing(2);
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setFocusPolicy(Qt::TabFocus);
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("pages"));

    m_clientsPage = new ClientsPage(m_worker, m_stack);
    m_dashboardPage = new DashboardPage(m_worker, m_stack);
    m_integrityPage = new IntegrityPage(m_worker, m_stack);
    m_backupsPage = new BackupsPage(m_worker, m_stack);
    m_auditPage = new AuditPage(m_worker, m_stack);
    const struct
    {
        QWidget *page;
        QString title;
        Icon icon;
    } pages[] = {
        { m_clientsPage, tr("Clients & Files"), Icon::Clients },
        { m_dashboardPage, tr("Dashboard"), Icon::Dashboard },
        { m_integrityPage, tr("Integrity"), Icon::Integrity },
        { m_backupsPage, tr("Backups"), Icon::Backups },
        { m_auditPage, tr("Audit & Slow queries"), Icon::Audit },
    };
    int widest = 0;
    for (const auto &p : pages) {
        m_stack->addWidget(p.page);
        auto *item = new QListWidgetItem(icon(p.icon), p.title, m_navigation);
        item->setSizeHint(QSize(0, fontMetrics().height() + 18));
        widest = std::max(widest, fontMetrics().horizontalAdvance(p.title));
    }
    m_navigation->setFixedWidth(widest + 24 + 48);
    connect(m_navigation, &QListWidget::currentRowChanged, m_stack,
            &QStackedWidget::setCurrentIndex);
    m_navigation->setCurrentRow(ClientsAndFiles);
    connect(m_clientsPage, &ClientsPage::statusMessage, this, [this](const QString &message) {
        statusBar()->showMessage(message, kStatusMessageMs);
    });
    connect(m_dashboardPage, &DashboardPage::refreshIntervalChanged, this,
            &MainWindow::saveRefreshInterval);

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_navigation);
    auto *line = new QFrame(central);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);
    layout->addWidget(m_stack, 1);

    // The pages, or what to do while no database is open.
    m_central = new QStackedWidget(this);
    m_central->setObjectName(QStringLiteral("central"));
    m_central->addWidget(central);
    m_noDatabasePanel = new NoDatabasePanel(m_central);
    m_central->addWidget(m_noDatabasePanel);
    connect(m_noDatabasePanel, &NoDatabasePanel::openRequested, this, &MainWindow::chooseDatabase);
    connect(m_noDatabasePanel, &NoDatabasePanel::openDemoRequested, this,
            &MainWindow::openDemoDatabase);
    connect(m_noDatabasePanel, &NoDatabasePanel::retryRequested, this, [this](const QString &path) {
        if (path.isEmpty())
            openDemoDatabase();
        else
            openDatabase(path);
    });
    setCentralWidget(m_central);
}

void MainWindow::updateNoDatabasePanel()
{
    // Not before the start-up has chosen what to open, and not while an open is under way:
    // the pages stay in front, so the first rows of a database being opened are not delayed.
    const bool none = m_startedUp && !m_worker->isOpen() && !m_opener->isBusy();
    if (m_worker->isOpen())
        m_noDatabasePanel->clearFailure();
    m_central->setCurrentWidget(none ? static_cast<QWidget *>(m_noDatabasePanel)
                                     : m_central->widget(0));
}

void MainWindow::buildMenus()
{
    QMenu *file = m_fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(icon(Icon::Open), tr("&Open Database…"), this,
                                    &MainWindow::chooseDatabase);
    open->setShortcut(QKeySequence::Open);
    m_openAction = open;
    open->setObjectName(QStringLiteral("openDatabaseAction"));
    m_openPostgresAction = file->addAction(tr("Open &PostgreSQL…"), this,
                                           &MainWindow::choosePostgresDatabase);
    m_openPostgresAction->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    m_openPostgresAction->setObjectName(QStringLiteral("openPostgresAction"));
    m_openDemoAction
            = file->addAction(tr("Open &Demo Database"), this, &MainWindow::openDemoDatabase);
    m_openDemoAction->setObjectName(QStringLiteral("openDemoAction"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(tr("Ctrl+Q")));
    quit->setMenuRole(QAction::QuitRole);
    m_quitAction = quit;

    QMenu *view = m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (int page = 0; page < PageCount; ++page) {
        QAction *go = view->addAction(m_navigation->item(page)->icon(),
                                      m_navigation->item(page)->text(), this,
                                      [this, page] { showPage(Page(page)); });
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + page)));
        m_pageActions.append(go);
    }
    view->addSeparator();
    QAction *refresh = view->addAction(icon(Icon::Refresh), tr("&Refresh"), this,
                                       &MainWindow::refreshCurrentPage);
    refresh->setShortcut(QKeySequence::Refresh);
    m_refreshAction = refresh;

    QMenu *tools = m_toolsMenu = menuBar()->addMenu(tr("&Tools"));
    // From any page: the Backups page shows the progress and the result.
    m_backUpNowAction = tools->addAction(icon(Icon::BackUpNow), tr("&Back Up Now"), this, [this] {
        showPage(Backups);
        m_backupsPage->backUpNow();
    });
    m_backUpNowAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_backUpNowAction->setObjectName(QStringLiteral("backUpNowAction"));
    m_moveAction = tools->addAction(tr("&Move to PostgreSQL…"), this, &MainWindow::moveToPostgres);
    m_moveAction->setObjectName(QStringLiteral("moveToPostgresAction"));
    tools->addSeparator();
    QAction *settings = tools->addAction(icon(Icon::Settings), tr("&Settings…"), this,
                                         &MainWindow::showSettings);
    settings->setShortcut(QKeySequence(tr("Ctrl+,")));
    settings->setMenuRole(QAction::PreferencesRole);
    settings->setObjectName(QStringLiteral("settingsAction"));
    m_settingsAction = settings;

    QMenu *help = m_helpMenu = menuBar()->addMenu(tr("&Help"));
    m_aboutAction = help->addAction(tr("&About BackupDB Admin"), this, &MainWindow::showAbout);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    m_aboutQtAction = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

// Every text buildPages() and buildMenus() set, again in the language now installed (the
// pages and widgets retranslate themselves on the same event).
void MainWindow::retranslateUi()
{
    const QString titles[PageCount] = { tr("Clients & Files"), tr("Dashboard"), tr("Integrity"),
                                        tr("Backups"), tr("Audit & Slow queries") };
    int widest = 0;
    for (int page = 0; page < PageCount; ++page) {
        m_navigation->item(page)->setText(titles[page]);
        if (page < m_pageActions.size())
            m_pageActions.at(page)->setText(titles[page]);
        widest = std::max(widest, fontMetrics().horizontalAdvance(titles[page]));
    }
    m_navigation->setFixedWidth(widest + 24 + 48);

    m_fileMenu->setTitle(tr("&File"));
    m_openAction->setText(tr("&Open Database…"));
    m_openDemoAction->setText(tr("Open &Demo Database"));
    m_openPostgresAction->setText(tr("Open &PostgreSQL…"));
    m_openPostgresAction->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    m_quitAction->setText(tr("&Quit"));
    m_quitAction->setShortcut(QKeySequence(tr("Ctrl+Q")));
    m_viewMenu->setTitle(tr("&View"));
    m_refreshAction->setText(tr("&Refresh"));
    m_toolsMenu->setTitle(tr("&Tools"));
    m_backUpNowAction->setText(tr("&Back Up Now"));
    m_moveAction->setText(tr("&Move to PostgreSQL…"));
    m_settingsAction->setText(tr("&Settings…"));
    m_settingsAction->setShortcut(QKeySequence(tr("Ctrl+,")));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About BackupDB Admin"));
    m_aboutQtAction->setText(tr("About &Qt"));
    updateTitle();
}

void MainWindow::startUp()
{
    m_startedUp = true;
    updateNoDatabasePanel(); // shown at once when nothing is opened below
    if (!m_options.databasePath.isEmpty()) {
        openDatabase(m_options.databasePath);
        return;
    }
    if (m_options.openLastDatabase) {
        const QString last = QSettings().value(kLastDatabaseKey).toString();
        // A server database is tried again too (libpq finds its password, as at the first
        // open, or the open fails with libpq's reason and the window offers to open another).
        if (!last.isEmpty() && (QFileInfo(last).isFile() || isPostgresLocation(last))) {
            openDatabase(last);
            return;
        }
    }
    if (m_options.offerDemoDatabase)
        offerDemo();
}

void MainWindow::offerDemo()
{
    if (QFileInfo::exists(demoDatabasePath())) {
        openDemoDatabase();
        return;
    }
    messages::confirm(
            this, tr("No database open"),
            tr("No database is open. Create the demo database (120 clients, 60,000 file "
               "records, a few orphans) in %1?\n\nYou can open a backup server's database with "
               "File › Open Database… at any time.")
                    .arg(QDir::toNativeSeparators(QFileInfo(demoDatabasePath()).absolutePath())),
            tr("Create demo database"), [this] { openDemoDatabase(); }, QMessageBox::Question,
            [this] { updateNoDatabasePanel(); });
}

void MainWindow::openDatabase(const QString &path)
{
    m_opener->open(path);
}

void MainWindow::chooseDatabase()
{
    const auto session = m_worker->session();
    const QString start = session && session->database().engine().capabilities().singleFile
            ? QFileInfo(session->path()).absolutePath()
            : QDir::homePath();
    auto *dialog = new QFileDialog(this, tr("Open Database"), start,
                                   tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"));
    dialog->setObjectName(QStringLiteral("openDatabaseDialog"));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::openDatabase);
    dialog->open();
}

void MainWindow::choosePostgresDatabase()
{
    auto *dialog = new PostgresDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (m_opener->isBusy())
            return; // the open under way goes on; this one is not started
        m_passwordBeforeOpen = usePostgresPassword(dialog->password());
        openDatabase(dialog->location());
    });
    dialog->open();
}

void MainWindow::moveToPostgres()
{
    const auto session = m_worker->session();
    if (!session || !session->database().engine().capabilities().singleFile) {
        messages::showError(this, tr("Move to PostgreSQL"),
                            tr("Open the SQLite database to move first (File › Open Database…)."));
        return;
    }
    auto *dialog = new PostgresDialog(this);
    dialog->setWindowTitle(tr("Move %1 to PostgreSQL")
                                   .arg(session->database().engine().displayName(session->path())));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        usePostgresPassword(dialog->password());
        startMove(dialog->location(), false);
    });
    dialog->open();
}

void MainWindow::startMove(const QString &target, bool replaceExisting)
{
    DatabaseMove move;
    move.target = target;
    move.replaceExisting = replaceExisting;
    move.osUser = AuditLog::osUser();
    const QString shownTarget = displayLocation(target);
    m_worker->runLong(tr("Moving to %1").arg(shownTarget),
                      [move](Session &s, const ProgressCallback &progress,
                             const CancelFlag *cancel) mutable {
                          move.source = s.path();
                          return moveDatabase(move, progress, cancel);
                      })
            .then(this, [this, target, shownTarget](const Result<MovedDatabase> &moved) {
                if (!moved) {
                    if (moved.error().kind() == DbError::Kind::Cancelled)
                        statusBar()->showMessage(tr("Move cancelled: %1 is as it was.")
                                                         .arg(shownTarget),
                                                 kStatusMessageMs);
                    else
                        messages::showError(this, tr("Move to PostgreSQL"),
                                            tr("The move to %1 failed; the target is as it "
                                               "was.\n\n%2")
                                                    .arg(shownTarget, moved.error().message()));
                    return;
                }
                if (moved->refusedForData()) {
                    QMessageBox *box = messages::confirm(
                            this, tr("Replace the target's data?"),
                            tr("%1 already holds %2 clients and %3 files. Replace them with "
                               "this database's? The replacement is recorded in its audit "
                               "log; nothing is changed if the move fails.")
                                    .arg(shownTarget, QLocale().toString(moved->heldClients),
                                         QLocale().toString(moved->heldFiles)),
                            tr("Replace"), [this, target] { startMove(target, true); });
                    box->setObjectName(QStringLiteral("replaceConfirmation"));
                    return;
                }
                const QString replaced = moved->replacedClients + moved->replacedFiles > 0
                        ? tr(" The %1 clients and %2 files it held before were replaced.")
                                  .arg(QLocale().toString(moved->replacedClients),
                                       QLocale().toString(moved->replacedFiles))
                        : QString();
                const QString text
                        = tr("Moved %1 clients and %2 files to %3 in %4 s.%6 %5")
                                  .arg(QLocale().toString(moved->clients),
                                       QLocale().toString(moved->files), shownTarget,
                                       QLocale().toString(moved->seconds, 'f', 1),
                                       moved->verified
                                               ? tr("Both sides agree: row counts, a SHA-256 "
                                                    "of every table and the counters.")
                                               : tr("The verification did not confirm every "
                                                    "table: do not switch the server over."),
                                       replaced);
                QMessageBox *box = messages::confirm(this, tr("Moved to PostgreSQL"),
                                                     text + tr("\n\nOpen it now?"),
                                                     tr("Open"), [this, target] {
                                                         openDatabase(target);
                                                     },
                                                     QMessageBox::Information);
                box->setObjectName(QStringLiteral("moveDone"));
            });
}

void MainWindow::openDemoDatabase()
{
    m_opener->open(QString());
}

void MainWindow::onOpened(const QString &path, const QString &note)
{
    QSettings().setValue(kLastDatabaseKey, path);
    statusBar()->showMessage(note.isEmpty() ? tr("Opened %1").arg(displayLocation(path))
                                            : note,
                             kStatusMessageMs);
    updateTitle();
    emit databaseOpened(path);
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_stack->currentIndex());
}

void MainWindow::showPage(Page page)
{
    if (page >= 0 && page < PageCount)
        m_navigation->setCurrentRow(page);
}

void MainWindow::refreshCurrentPage()
{
    // Every page offers a refresh() slot; a page without one has nothing to reload.
    QMetaObject::invokeMethod(m_stack->currentWidget(), "refresh");
    m_statusPanel->refresh();
}

void MainWindow::loadConfig()
{
    m_configPath = m_options.configPath.isEmpty() ? defaultConfigPath() : m_options.configPath;
    m_configWatcher = new ConfigWatcher(m_configPath, this);
    QStringList problems;
    m_configWatcher->start(&problems); // a missing file means the defaults, and is watched for
    m_config = m_configWatcher->config();
    connect(m_configWatcher, &ConfigWatcher::changed, this, [this](const AppConfig &config) {
        m_config = config;
        applyConfig();
        statusBar()->showMessage(
                tr("Settings applied from %1").arg(QDir::toNativeSeparators(m_configPath)),
                kStatusMessageMs);
    });
    connect(m_configWatcher, &ConfigWatcher::problems, this, [this](const QStringList &problems) {
        messages::showError(this, tr("Settings"),
                            tr("Some settings in %1 were refused; the previous values stay in "
                               "effect.")
                                    .arg(QDir::toNativeSeparators(m_configPath)),
                            problems.join(QLatin1Char('\n')));
    });
    if (!problems.isEmpty())
        statusBar()->showMessage(tr("Some settings were refused: %1").arg(problems.first()),
                                 kStatusMessageMs);
    applyConfig();
}

void MainWindow::applyConfig()
{
    m_translation->setLanguage(m_config.language); // nothing happens when it is the same
    m_statusPanel->setConfig(m_config);
    m_dashboardPage->setConfig(m_config);
    m_integrityPage->setConfig(m_config);
    m_backupsPage->setConfig(m_config);
    // Other programs' writes reach the tables within the dashboard's interval (no F5).
    m_worker->setChangePollInterval(m_config.refreshIntervalMs);
    if (!m_worker->isOpen())
        return;
    const AppConfig config = m_config;
    m_worker->run([config](Session &s) { return s.applyConfig(config); })
            .then(this, [this](const DbError &error) {
                if (error)
                    messages::showError(this, tr("Settings"),
                                        tr("The settings could not be applied; the previous "
                                           "ones stay in effect.\n\n%1")
                                                .arg(error.message()));
            });
}

// The interval chosen on the dashboard is kept in the configuration file, where the settings
// dialog keeps it too: the next start uses it. Only that key changes; the rest is the file's.
void MainWindow::saveRefreshInterval(int milliseconds)
{
    if (milliseconds == m_config.refreshIntervalMs)
        return;
    AppConfig config = backupdb::loadConfig(m_configPath, nullptr, m_config).valueOr(m_config);
    config.refreshIntervalMs = milliseconds;
    m_config.refreshIntervalMs = milliseconds; // before the watcher's reload: no round trip
    QDir().mkpath(QFileInfo(m_configPath).absolutePath());
    if (DbError e = saveConfig(config, m_configPath))
        statusBar()->showMessage(tr("Could not save the refresh interval to %1: %2")
                                         .arg(QDir::toNativeSeparators(m_configPath), e.message()),
                                 kStatusMessageMs);
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_config, this);
    dialog->setObjectName(QStringLiteral("settingsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        QDir().mkpath(QFileInfo(m_configPath).absolutePath());
        if (DbError e = saveConfig(dialog->config(), m_configPath)) {
            messages::showError(this, tr("Settings"),
                                tr("Could not save the settings to %1.\n\n%2")
                                        .arg(QDir::toNativeSeparators(m_configPath), e.message()));
            return;
        }
        m_configWatcher->reload(); // now, not after the watcher's debounce
    });
    dialog->open();
}

void MainWindow::showAbout()
{
    auto *box = new QMessageBox(
            QMessageBox::Information, tr("About BackupDB Admin"),
            tr("BackupDB Admin %1\n\nLooks after the database of an encrypted "
               "file-backup server: its clients and their files, the health "
               "of the connection pool, integrity, backups and the audit "
               "log.\n\nBuilt with Qt %2 and SQLite.")
                    .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())),
            QMessageBox::Ok, this);
    box->setTextFormat(Qt::PlainText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::updateTitle()
{
    const auto session = m_worker->session();
    setWindowTitle(session ? tr("%1 — BackupDB Admin")
                                     .arg(session->database().engine().displayName(session->path()))
                           : tr("BackupDB Admin"));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    QMainWindow::closeEvent(event);
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kPageKey, int(currentPage()));
    settings.setValue(kClientsPageKey, m_clientsPage->saveState());
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(kStateKey).toByteArray());
    showPage(Page(std::clamp(settings.value(kPageKey, 0).toInt(), 0, PageCount - 1)));
    m_clientsPage->restoreState(settings.value(kClientsPageKey).toByteArray());
}

} // namespace backupdb::ui
