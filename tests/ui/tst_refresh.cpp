// The main window keeps its pages in step without F5 (DatabaseWorker::dataChanged): an orphan
// cleanup on the Integrity page shows in the Clients & Files tables, the backups list and the
// audit log; a client deleted on Clients & Files shows in the audit log; a restore reloads every
// page at once and the selected client stays selected. The dashboard's refresh interval is kept
// for the next start. The window, navigation and main actions use the project's own icons, and
// the main actions have their shortcuts in the menus.
#include "demo/demogenerator.h"
#include "mainwindow.h"
#include "models/pagedtablemodel.h"
#include "pages/auditpage.h"
#include "pages/backupspage.h"
#include "pages/dashboardpage.h"
#include "pages/integritypage.h"
#include "testsupport.h"
#include "widgets/icons.h"
#include "worker/databaseworker.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <iterator>

using namespace backupdb;
using namespace backupdb::ui;

namespace {

constexpr int kWaitMs = 30000;
constexpr int kClients = 20;
constexpr int kFiles = 1200;
constexpr int kOrphans = 5;

bool isLoaded(const QAbstractItemModel *model, int row)
{
    return model->index(row, 0).data(PagedTableModel::LoadedRole).toBool();
}

// Whether the image has a pixel that is not (almost) transparent: the SVG was really drawn.
bool hasInk(const QImage &image)
{
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qAlpha(image.pixel(x, y)) > 64)
                return true;
    return false;
}

QImage rendered(const QIcon &icon)
{
    return icon.pixmap(QSize(24, 24)).toImage().convertToFormat(QImage::Format_ARGB32);
}

// Clicks the accept button of the next QMessageBox that exec() opens (a nested event loop).
class AcceptNextMessageBox
{
public:
    AcceptNextMessageBox()
    {
        QTimer::singleShot(0, &m_context, [this] { poll(); });
    }
    bool answered() const { return m_answered; }

private:
    void poll()
    {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            QTimer::singleShot(10, &m_context, [this] { poll(); });
            return;
        }
        m_answered = true;
        for (QAbstractButton *button : box->buttons())
            if (box->buttonRole(button) == QMessageBox::AcceptRole) {
                button->click();
                return;
            }
        box->reject();
    }

    QObject m_context;
    bool m_answered = false;
};

} // namespace

class TestRefresh : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void orphanCleanupShowsOnTheOtherPages();
    void clientDeleteShowsInTheAuditLog();
    void restoreReloadsEveryPageAndKeepsTheSelection();
    void dashboardIntervalIsKept();
    void iconsLoad();
    void mainActionsHaveShortcutsInMenus_data();
    void mainActionsHaveShortcutsInMenus();

private:
    void openWindow();
    bool waitForTables(int clients, int files);
    bool selectClient(int row, QByteArray *id);
    bool deleteSelectedClient();
    Session &session() { return *m_window->worker()->session(); }
    template<typename T> T *page() { return m_window->findChild<T *>(); }

    QTemporaryDir m_dir;
    QString m_template;
    QString m_dbPath;
    QString m_configPath;
    std::unique_ptr<MainWindow> m_window;
    QTableView *m_clients = nullptr;
    QTableView *m_files = nullptr;
    int m_run = 0;
};

void TestRefresh::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("BackupDB"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_refresh"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_template = m_dir.filePath(QStringLiteral("template.db"));
    auto session = test::openOrFail(test::options(m_template));
    QVERIFY(session);
    DemoOptions demo;
    demo.clients = kClients;
    demo.files = kFiles;
    demo.orphans = kOrphans;
    QVERIFY(demo::populate(session->database(), demo).ok());
}

void TestRefresh::init()
{
    m_dbPath = m_dir.filePath(QStringLiteral("refresh-%1.db").arg(++m_run));
    m_configPath = m_dir.filePath(QStringLiteral("config-%1.ini").arg(m_run));
    QVERIFY(QFile::copy(m_template, m_dbPath));
    AppConfig config; // the defaults, but backups of this test's own
    config.backupFolder = m_dir.filePath(QStringLiteral("backups-%1").arg(m_run));
    QVERIFY(!saveConfig(config, m_configPath));
    openWindow();
}

void TestRefresh::openWindow()
{
    MainWindowOptions options;
    options.databasePath = m_dbPath;
    options.configPath = m_configPath;
    options.openLastDatabase = false;
    options.offerDemoDatabase = false;
    m_window = std::make_unique<MainWindow>(options);
    QSignalSpy opened(m_window.get(), &MainWindow::databaseOpened);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(!opened.isEmpty() || opened.wait(kWaitMs));
    m_clients = m_window->findChild<QTableView *>(QStringLiteral("clientsView"));
    m_files = m_window->findChild<QTableView *>(QStringLiteral("filesView"));
    QVERIFY(m_clients && m_files);
    QVERIFY(waitForTables(kClients, kFiles + kOrphans));
}

void TestRefresh::cleanup()
{
    m_window.reset();
    QSettings().clear();
}

bool TestRefresh::waitForTables(int clients, int files)
{
    return QTest::qWaitFor(
            [&] {
                m_clients->model()->index(0, 0).data();
                return m_clients->model()->rowCount() == clients
                        && m_files->model()->rowCount() == files && isLoaded(m_clients->model(), 0);
            },
            kWaitMs);
}

bool TestRefresh::selectClient(int row, QByteArray *id)
{
    QAbstractItemModel *model = m_clients->model();
    model->index(row, 0).data();
    if (!QTest::qWaitFor([&] { return isLoaded(model, row); }, kWaitMs))
        return false;
    const QModelIndex index = model->index(row, 0);
    m_clients->scrollTo(index);
    QTest::mouseClick(m_clients->viewport(), Qt::LeftButton, {},
                      m_clients->visualRect(index).center());
    *id = index.data(PagedTableModel::IdRole).toByteArray();
    return m_clients->selectionModel()->isRowSelected(row, {}) && id->size() == 16;
}

bool TestRefresh::deleteSelectedClient()
{
    m_window->findChild<QAction *>(QStringLiteral("deleteClientAction"))->trigger();
    QMessageBox *box = nullptr;
    const bool asked = QTest::qWaitFor(
            [&] {
                box = m_window->findChild<QMessageBox *>(QStringLiteral("confirmation"));
                return box && box->isVisible();
            },
            kWaitMs);
    if (!asked)
        return false;
    box->findChild<QPushButton *>(QStringLiteral("acceptButton"))->click();
    return true;
}

void TestRefresh::orphanCleanupShowsOnTheOtherPages()
{
    auto *integrity = page<IntegrityPage>();
    auto *backups = page<BackupsPage>();
    auto *audit = page<AuditPage>();
    QVERIFY(integrity && backups && audit);
    m_window->showPage(MainWindow::Audit);
    QTRY_VERIFY_WITH_TIMEOUT(audit->auditTotal() >= 0, kWaitMs);
    const qint64 auditBefore = audit->auditTotal();
    m_window->showPage(MainWindow::Backups);
    QCOMPARE(backups->backups().size(), 0); // a folder of this test's own

    m_window->showPage(MainWindow::Integrity);
    QTRY_COMPARE_WITH_TIMEOUT(integrity->orphanCount(), qint64(kOrphans), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!integrity->isBusy(), kWaitMs);
    QSignalSpy finished(integrity, &IntegrityPage::cleanupFinished);
    AcceptNextMessageBox answer;
    integrity->cleanUpOrphans();
    QVERIFY(answer.answered());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kWaitMs);
    QCOMPARE(finished.first().first().toBool(), true);

    // Back on Clients & Files, with no F5: the orphans are gone from the files of all clients.
    QSignalSpy refreshed(m_files->model(), &QAbstractItemModel::modelReset);
    m_window->showPage(MainWindow::ClientsAndFiles);
    QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), kWaitMs);
    QVERIFY(waitForTables(kClients, kFiles));
    QCOMPARE(session().files().count({}).valueOr(-1), qint64(kFiles));
    // The backup taken before the deletion is listed, and the audit entries of the deletes.
    m_window->showPage(MainWindow::Backups);
    QTRY_COMPARE_WITH_TIMEOUT(backups->backups().size(), 1, kWaitMs);
    m_window->showPage(MainWindow::Audit);
    QTRY_VERIFY_WITH_TIMEOUT(audit->auditTotal() >= auditBefore + kOrphans, kWaitMs);
}

void TestRefresh::clientDeleteShowsInTheAuditLog()
{
    auto *audit = page<AuditPage>();
    m_window->showPage(MainWindow::Audit);
    QTRY_VERIFY_WITH_TIMEOUT(audit->auditTotal() >= 0, kWaitMs);
    const qint64 before = audit->auditTotal();
    m_window->showPage(MainWindow::ClientsAndFiles);
    QByteArray id;
    QVERIFY(selectClient(2, &id));
    const int own = int(session().files().listForClient(id)->size());
    QVERIFY(own > 0);
    QVERIFY(deleteSelectedClient());
    QVERIFY(waitForTables(kClients - 1, kFiles + kOrphans - own));

    m_window->showPage(MainWindow::Audit);
    // The entries the audit triggers wrote for the client and its file records.
    QTRY_COMPARE_WITH_TIMEOUT(audit->auditTotal(), session().audit().count().valueOr(-1), kWaitMs);
    QVERIFY(audit->auditTotal() > before);
}

void TestRefresh::restoreReloadsEveryPageAndKeepsTheSelection()
{
    QByteArray kept;
    QVERIFY(selectClient(3, &kept));
    const int keptFiles = int(session().files().listForClient(kept)->size());
    QTRY_COMPARE_WITH_TIMEOUT(m_files->model()->rowCount(), keptFiles, kWaitMs);

    // Ctrl+B, from the Clients & Files page: a backup, shown on the Backups page.
    auto *backups = page<BackupsPage>();
    QSignalSpy backedUp(backups, &BackupsPage::backupFinished);
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_B, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(backedUp.count(), 1, kWaitMs);
    QCOMPARE(backedUp.first().first().toBool(), true);
    QCOMPARE(m_window->currentPage(), MainWindow::Backups);
    QTRY_VERIFY_WITH_TIMEOUT(!backups->selectedPath().isEmpty(), kWaitMs);
    const QString backup = backups->selectedPath();

    // Another client goes; the kept one is selected again.
    m_window->showPage(MainWindow::ClientsAndFiles);
    QByteArray gone;
    QVERIFY(selectClient(6, &gone));
    const int goneFiles = int(session().files().listForClient(gone)->size());
    QVERIFY(deleteSelectedClient());
    QVERIFY(waitForTables(kClients - 1, kFiles + kOrphans - goneFiles));
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("allClientsAction"))->isChecked());
    QVERIFY(selectClient(3, &kept));
    QTRY_COMPARE_WITH_TIMEOUT(m_files->model()->rowCount(), keptFiles, kWaitMs);

    // Restored from the Backups page: the hidden Clients & Files page reloads at once.
    m_window->showPage(MainWindow::Backups);
    backups->selectBackup(backup);
    QSignalSpy restored(backups, &BackupsPage::restoreFinished);
    AcceptNextMessageBox answer;
    backups->restoreSelected();
    QVERIFY(answer.answered());
    QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, kWaitMs);
    QCOMPARE(restored.first().first().toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(m_clients->model()->rowCount(), kClients, kWaitMs);
    QCOMPARE(page<IntegrityPage>()->isVisible(), false);
    QTRY_COMPARE_WITH_TIMEOUT(page<IntegrityPage>()->orphanCount(), qint64(kOrphans), kWaitMs);

    m_window->showPage(MainWindow::ClientsAndFiles);
    QVERIFY(waitForTables(kClients, keptFiles));
    m_clients->model()->index(3, 0).data();
    QTRY_VERIFY_WITH_TIMEOUT(m_clients->selectionModel()->isRowSelected(3, {}), kWaitMs);
    QCOMPARE(m_clients->model()->index(3, 0).data(PagedTableModel::IdRole).toByteArray(), kept);
    QVERIFY(session().clients().get(gone)->has_value());
}

void TestRefresh::dashboardIntervalIsKept()
{
    auto *dashboard = page<DashboardPage>();
    auto *interval = m_window->findChild<QComboBox *>(QStringLiteral("refreshInterval"));
    QVERIFY(dashboard && interval);
    QCOMPARE(dashboard->refreshInterval(), AppConfig().refreshIntervalMs);
    m_window->showPage(MainWindow::Dashboard);
    // As the operator does: the combo box, by keyboard (emits activated()).
    interval->setFocus();
    QTest::keyClick(interval, Qt::Key_Home);
    QTest::keyClick(interval, Qt::Key_Down);
    QCOMPARE(interval->currentData().toInt(), 2000);
    QCOMPARE(dashboard->refreshInterval(), 2000);
    QTRY_COMPARE_WITH_TIMEOUT(loadConfig(m_configPath, nullptr).valueOr({}).refreshIntervalMs, 2000,
                              kWaitMs);

    m_window->close();
    m_window.reset();
    openWindow();
    dashboard = page<DashboardPage>();
    interval = m_window->findChild<QComboBox *>(QStringLiteral("refreshInterval"));
    QCOMPARE(dashboard->refreshInterval(), 2000);
    QCOMPARE(interval->currentData().toInt(), 2000);
    QCOMPARE(m_window->config().refreshIntervalMs, 2000);
}

void TestRefresh::iconsLoad()
{
    const QImage app = rendered(icon(Icon::App));
    QVERIFY2(hasInk(app), "the SVG icon engine (libqt6svg6) is missing, or :/icons is not linked");
    QVERIFY(QFile::exists(iconPath(Icon::App)));
    QVERIFY(!m_window->windowIcon().isNull());
    QCOMPARE(rendered(m_window->windowIcon()), app);

    auto *navigation = m_window->findChild<QListWidget *>(QStringLiteral("navigation"));
    const Icon expected[]
            = { Icon::Clients, Icon::Dashboard, Icon::Integrity, Icon::Backups, Icon::Audit };
    QCOMPARE(navigation->count(), int(std::size(expected)));
    for (int row = 0; row < navigation->count(); ++row) {
        const QImage shown = rendered(navigation->item(row)->icon());
        QVERIFY2(hasInk(shown), qPrintable(navigation->item(row)->text()));
        QCOMPARE(shown, rendered(icon(expected[row])));
    }
    for (const char *name : { "openDatabaseAction", "settingsAction", "backUpNowAction",
                              "deleteClientAction", "allClientsAction" }) {
        auto *action = m_window->findChild<QAction *>(QLatin1String(name));
        QVERIFY2(action && hasInk(rendered(action->icon())), name);
    }
    for (const char *name : { "backUpNowButton", "verifyButton", "restoreButton", "cleanUpButton",
                              "quickCheckButton", "fullCheckButton" }) {
        auto *button = m_window->findChild<QPushButton *>(QLatin1String(name));
        QVERIFY2(button && hasInk(rendered(button->icon())), name);
    }
}

void TestRefresh::mainActionsHaveShortcutsInMenus_data()
{
    QTest::addColumn<QKeySequence>("shortcut");
    QTest::newRow("open") << QKeySequence(Qt::CTRL | Qt::Key_O);
    QTest::newRow("back up now") << QKeySequence(Qt::CTRL | Qt::Key_B);
    QTest::newRow("settings") << QKeySequence(Qt::CTRL | Qt::Key_Comma);
    QTest::newRow("refresh") << QKeySequence(Qt::Key_F5);
    QTest::newRow("quit") << QKeySequence(Qt::CTRL | Qt::Key_Q);
    for (int page = 0; page < MainWindow::PageCount; ++page)
        QTest::addRow("page %d", page + 1) << QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + page));
}

void TestRefresh::mainActionsHaveShortcutsInMenus()
{
    QFETCH(QKeySequence, shortcut);
    // In a menu of the menu bar, where its shortcut is shown beside its text.
    QAction *found = nullptr;
    for (QAction *top : m_window->menuBar()->actions())
        if (QMenu *menu = top->menu())
            for (QAction *action : menu->actions())
                if (action->shortcuts().contains(shortcut))
                    found = action;
    QVERIFY2(found, qPrintable(shortcut.toString()));
    QVERIFY(!found->text().isEmpty());
    QVERIFY(found->isEnabled());
}

QTEST_MAIN(TestRefresh)
#include "tst_refresh.moc"
