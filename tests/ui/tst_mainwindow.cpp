// The real main window over a temporary database: selecting a client shows exactly its files;
// filter by verified and by name, sort by a header; a file that is not a database (or a
// folder, a damaged or read-only file) shows a clear error and the window stays usable; a
// client is deleted through its confirmation with its files, and the other clients' files are
// kept; a database in the original server's layout is offered its migration; the pages and
// their shortcuts. BACKUPDB_SCREENSHOT_DIR=<folder> also saves a screenshot of the window.
#include "demo/demogenerator.h"
#include "mainwindow.h"
#include "models/pagedtablemodel.h"
#include "testsupport.h"
#include "widgets/jobprogress.h"
#include "worker/databaseworker.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStyleOptionHeader>
#include <QTableView>
#include <QTest>
#include <QThread>
#include <QToolButton>

using namespace backupdb;
using namespace backupdb::ui;

namespace {

constexpr int kWaitMs = 20000;
constexpr int kClients = 24;
constexpr int kFiles = 2400;

bool isLoaded(const QAbstractItemModel *model, int row)
{
    return model->index(row, 0).data(PagedTableModel::LoadedRole).toBool();
}

// Every row's ID, once every page has loaded (asking as a view would).
QList<QByteArray> shownIds(QAbstractItemModel *model)
{
    QList<QByteArray> ids;
    for (int row = 0; row < model->rowCount(); ++row) {
        model->index(row, 0).data();
        if (!QTest::qWaitFor([&] { return isLoaded(model, row); }, kWaitMs))
            return {};
        ids.append(model->index(row, 0).data(PagedTableModel::IdRole).toByteArray());
    }
    return ids;
}

QList<QByteArray> idsOf(const QList<FileRecord> &files)
{
    QList<QByteArray> ids;
    for (const FileRecord &f : files)
        ids.append(f.id);
    return ids;
}

template<typename T> T *findMessageBox(QWidget *window, const QString &name)
{
    const auto boxes = window->findChildren<T *>(name);
    for (T *box : boxes)
        if (box->isVisible())
            return box;
    return nullptr;
}

// Which way the sort arrow of header points as drawn on screen: +1 up, -1 down, 0 none. The
// section is drawn as it is and with the other order (signals blocked: nothing re-sorts); the
// label is the same in both, so the pixels darker in one than in the other are its arrow's. An
// arrow pointing up has its wide base, and so the centre of its pixels, lower than one pointing
// down.
int drawnSortArrow(QHeaderView *header)
{
    const int section = header->sortIndicatorSection();
    const Qt::SortOrder order = header->sortIndicatorOrder();
    const QRect rect(header->sectionViewportPosition(section), 0, header->sectionSize(section),
                     header->height());
    const QImage shown = header->viewport()->grab(rect).toImage();
    {
        const QSignalBlocker block(header);
        header->setSortIndicator(
                section, order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder);
        header->viewport()->repaint();
    }
    const QImage other = header->viewport()->grab(rect).toImage();
    {
        const QSignalBlocker block(header);
        header->setSortIndicator(section, order);
        header->viewport()->repaint();
    }
    double shownY = 0, otherY = 0;
    int shownCount = 0, otherCount = 0;
    for (int y = 0; y < shown.height(); ++y)
        for (int x = 0; x < shown.width(); ++x) {
            const int a = qGray(shown.pixel(x, y)), b = qGray(other.pixel(x, y));
            if (a < b - 16) {
                shownY += y;
                ++shownCount;
            } else if (b < a - 16) {
                otherY += y;
                ++otherCount;
            }
        }
    if (shownCount == 0 || otherCount == 0)
        return 0;
    return shownY / shownCount > otherY / otherCount ? 1 : -1;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void selectingAClientShowsExactlyItsFiles();
    void filterAndSortFiles();
    void openingAFileThatIsNotADatabaseShowsAnError_data();
    void openingAFileThatIsNotADatabaseShowsAnError();
    void badDatabaseOnTheCommandLine();
    void deletingAClientTakesItsFilesOnly();
    void serverLayoutIsOfferedItsMigration();
    void refreshKeepsTheSelectedClient();
    void pagesShortcutsAndStatusBar();
    void settingsAreSavedAndAppliedLive();
    void windowStateIsKept();
    void longJobsShowProgressAndCancel();
    void aJobShownOnItsPageHasOneProgressBar();

private:
    bool waitForWindow();
    bool selectClient(int row, QByteArray *id);
    Session &session() { return *m_window->worker()->session(); }

    QTemporaryDir m_dir;
    QString m_template; // the populated database, copied for each test
    QString m_dbPath;
    std::unique_ptr<MainWindow> m_window;
    QTableView *m_clients = nullptr;
    QTableView *m_files = nullptr;
    int m_run = 0;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings and config go to test folders
    QCoreApplication::setOrganizationName(QStringLiteral("BackupDB"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_template = m_dir.filePath(QStringLiteral("template.db"));
    auto session = test::openOrFail(test::options(m_template));
    QVERIFY(session);
    DemoOptions demo;
    demo.clients = kClients;
    demo.files = kFiles;
    QVERIFY(demo::populate(session->database(), demo).ok());
}

void TestMainWindow::init()
{
    // A fresh copy per test: deletes of one test do not reach the next.
    m_dbPath = m_dir.filePath(QStringLiteral("backup-%1.db").arg(++m_run));
    QVERIFY(QFile::copy(m_template, m_dbPath));
    MainWindowOptions options;
    options.databasePath = m_dbPath;
    options.configPath = m_dir.filePath(QStringLiteral("backupdb-admin.ini"));
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
    QVERIFY(waitForWindow());
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    QSettings().clear(); // the next test starts from no saved state
}

bool TestMainWindow::waitForWindow()
{
    return QTest::qWaitFor(
            [&] {
                m_clients->model()->index(0, 0).data(); // as the view would, were it visible
                return m_clients->model()->rowCount() == kClients
                        && m_files->model()->rowCount() == kFiles
                        && isLoaded(m_clients->model(), 0);
            },
            kWaitMs);
}

bool TestMainWindow::selectClient(int row, QByteArray *id)
{
    QAbstractItemModel *model = m_clients->model();
    model->index(row, 0).data();
    if (!QTest::qWaitFor([&] { return isLoaded(model, row); }, kWaitMs))
        return false;
    const QModelIndex index = model->index(row, 0); // the name column
    m_clients->scrollTo(index);
    QTest::mouseClick(m_clients->viewport(), Qt::LeftButton, {},
                      m_clients->visualRect(index).center());
    *id = index.data(PagedTableModel::IdRole).toByteArray();
    return m_clients->selectionModel()->isRowSelected(row, {}) && id->size() == 16;
}

void TestMainWindow::selectingAClientShowsExactlyItsFiles()
{
    for (int row : { 3, 0, kClients - 1 }) {
        QByteArray id;
        QVERIFY(selectClient(row, &id));
        auto expected = session().files().listForClient(id);
        QVERIFY(expected.ok());
        QVERIFY(!expected->isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_files->model()->rowCount(), int(expected->size()), kWaitMs);
        // Table order is rowid order, as listForClient's: the same rows in the same order.
        QCOMPARE(shownIds(m_files->model()), idsOf(*expected));
        const auto *title = m_window->findChild<QLabel *>(QStringLiteral("filesTitle"));
        QVERIFY(title->text().contains(
                m_clients->model()->index(row, 0).data(PagedTableModel::NameRole).toString()));
    }
    // "All clients" shows every file again.
    m_window->findChild<QAction *>(QStringLiteral("allClientsAction"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_files->model()->rowCount(), kFiles, kWaitMs);
    QVERIFY(m_clients->selectionModel()->selectedRows().isEmpty());
}

void TestMainWindow::filterAndSortFiles()
{
    QByteArray id;
    QVERIFY(selectClient(5, &id));
    auto files = session().files().listForClient(id);
    QVERIFY(files.ok());
    QTRY_COMPARE_WITH_TIMEOUT(m_files->model()->rowCount(), int(files->size()), kWaitMs);

    // Verified only.
    auto *verified = m_window->findChild<QComboBox *>(QStringLiteral("verifiedFilter"));
    verified->setCurrentIndex(verified->findData(int(VerifiedFilter::Verified)));
    QList<FileRecord> expected;
    for (const FileRecord &f : std::as_const(*files))
        if (f.verified)
            expected.append(f);
    QVERIFY(!expected.isEmpty() && expected.size() < files->size());
    QTRY_COMPARE_WITH_TIMEOUT(m_files->model()->rowCount(), int(expected.size()), kWaitMs);
    QCOMPARE(shownIds(m_files->model()), idsOf(expected));
    for (int row = 0; row < m_files->model()->rowCount(); ++row)
        QCOMPARE(m_files->model()->index(row, 4).data(Qt::CheckStateRole).toInt(),
                 int(Qt::Checked));

    // And a name typed into the filter field (debounced).
    const QString part = expected.first().fileName.left(3).toUpper(); // LIKE ignores ASCII case
    auto *search = m_window->findChild<QLineEdit *>(QStringLiteral("fileSearch"));
    QTest::keyClicks(search, part);
    QList<FileRecord> named;
    for (const FileRecord &f : std::as_const(expected))
        if (f.fileName.contains(part, Qt::CaseInsensitive))
            named.append(f);
    QVERIFY(!named.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_files->model()->rowCount(), int(named.size()), kWaitMs);
    QCOMPARE(shownIds(m_files->model()), idsOf(named));

    // Clear the name, sort by size with a header click: ascending, then descending.
    search->clear();
    QTRY_COMPARE_WITH_TIMEOUT(m_files->model()->rowCount(), int(expected.size()), kWaitMs);
    std::sort(expected.begin(), expected.end(), [](const FileRecord &a, const FileRecord &b) {
        if (a.fileSize != b.fileSize)
            return !a.fileSize || (b.fileSize && *a.fileSize < *b.fileSize); // NULLs first
        return a.rowId < b.rowId;
    });
    QHeaderView *header = m_files->horizontalHeader();
    const int sizeColumn = 2;
    const QPoint sizeHeader(header->sectionViewportPosition(sizeColumn)
                                    + header->sectionSize(sizeColumn) / 2,
                            header->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, sizeHeader);
    QCOMPARE(header->sortIndicatorSection(), sizeColumn);
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    QTRY_COMPARE_WITH_TIMEOUT(shownIds(m_files->model()), idsOf(expected), kWaitMs);
    QCOMPARE(drawnSortArrow(header), 1); // ascending: the arrow points up
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, sizeHeader);
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    std::reverse(expected.begin(), expected.end());
    QTRY_COMPARE_WITH_TIMEOUT(shownIds(m_files->model()), idsOf(expected), kWaitMs);
    QCOMPARE(drawnSortArrow(header), -1);

    // The same on every table: the audit log, newest first, points down.
    m_window->showPage(MainWindow::Audit);
    auto *audit = m_window->findChild<QTableView *>(QStringLiteral("auditView"));
    QVERIFY(audit);
    QCOMPARE(audit->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(drawnSortArrow(audit->horizontalHeader()), -1);
}

void TestMainWindow::openingAFileThatIsNotADatabaseShowsAnError_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expectedText");
    QTest::newRow("text file") << "text"
                               << "is not an SQLite database";
    QTest::newRow("folder") << "folder"
                            << "is a folder";
    QTest::newRow("damaged") << "damaged"
                             << "";
    QTest::newRow("read-only") << "readonly"
                               << "read-only";
    QTest::newRow("missing") << "missing"
                             << "does not exist";
}

void TestMainWindow::openingAFileThatIsNotADatabaseShowsAnError()
{
    QFETCH(QString, kind);
    QFETCH(QString, expectedText);
    QString path = m_dir.filePath(QStringLiteral("bad-%1-<x>.db").arg(kind)); // < > in messages
    if (kind == QLatin1String("text")) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello, I am not a database\n");
    } else if (kind == QLatin1String("folder")) {
        QVERIFY(QDir().mkpath(path));
    } else if (kind == QLatin1String("damaged")) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("SQLite format 3\0", 16) + QByteArray(8192, '\x5a'));
    } else if (kind == QLatin1String("readonly")) {
        QVERIFY(QFile::copy(m_template, path));
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup));
    }
    QSignalSpy failed(m_window.get(), &MainWindow::databaseOpenFailed);
    m_window->openDatabase(path);
    // The check may be answered at once (a continuation runs synchronously when its future
    // has already finished): the signal may be in before the wait starts.
    QVERIFY(!failed.isEmpty() || failed.wait(kWaitMs));
    QMessageBox *box = nullptr;
    QTRY_VERIFY(
            (box = findMessageBox<QMessageBox>(m_window.get(), QStringLiteral("errorMessage"))));
    QCOMPARE(box->textFormat(), Qt::PlainText);
    QVERIFY2(box->text().contains(QDir::toNativeSeparators(path)), qPrintable(box->text()));
    if (!expectedText.isEmpty())
        QVERIFY2(box->text().contains(expectedText, Qt::CaseInsensitive), qPrintable(box->text()));
    QVERIFY(box->text().contains(QLatin1String("stays open")));
    box->button(QMessageBox::Ok)->click();
    QTRY_VERIFY(!findMessageBox<QMessageBox>(m_window.get(), QStringLiteral("errorMessage")));

    // Still the same database, and the window works.
    QCOMPARE(session().path(), QFileInfo(m_dbPath).absoluteFilePath());
    QByteArray id;
    QVERIFY(selectClient(2, &id));
    QTRY_COMPARE_WITH_TIMEOUT(m_files->model()->rowCount(),
                              int(session().files().listForClient(id)->size()), kWaitMs);
}

void TestMainWindow::badDatabaseOnTheCommandLine()
{
    m_window.reset();
    const QString path = m_dir.filePath(QStringLiteral("notes.txt"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a database");
    f.close();
    MainWindowOptions options;
    options.databasePath = path;
    options.configPath = m_dir.filePath(QStringLiteral("backupdb-admin.ini"));
    options.openLastDatabase = false;
    options.offerDemoDatabase = false;
    m_window = std::make_unique<MainWindow>(options);
    m_window->show();
    QMessageBox *box = nullptr;
    QTRY_VERIFY(
            (box = findMessageBox<QMessageBox>(m_window.get(), QStringLiteral("errorMessage"))));
    QVERIFY(box->text().contains(QLatin1String("not an SQLite database")));
    box->button(QMessageBox::Ok)->click();
    QVERIFY(!m_window->worker()->isOpen());
    // Not a blank window: it says what failed and offers the ways forward.
    auto *panel = m_window->findChild<QWidget *>(QStringLiteral("noDatabasePanel"));
    QVERIFY(panel);
    QTRY_VERIFY(panel->isVisible());
    QVERIFY(!m_window->findChild<QWidget *>(QStringLiteral("navigation"))->isVisible());
    const QString detail = panel->findChild<QLabel *>(QStringLiteral("noDatabaseDetail"))->text();
    QVERIFY2(detail.contains(QDir::toNativeSeparators(path)), qPrintable(detail));
    QVERIFY2(detail.contains(QLatin1String("not an SQLite database")), qPrintable(detail));
    auto *retry = panel->findChild<QPushButton *>(QStringLiteral("noDatabaseRetryButton"));
    QVERIFY(retry && retry->isVisible());
    // Try Again opens the same file again (and fails again, with the same message).
    QSignalSpy failedAgain(m_window.get(), &MainWindow::databaseOpenFailed);
    retry->click();
    QVERIFY(!failedAgain.isEmpty() || failedAgain.wait(kWaitMs));
    QCOMPARE(failedAgain.first().at(0).toString(), path);
    QTRY_VERIFY(
            (box = findMessageBox<QMessageBox>(m_window.get(), QStringLiteral("errorMessage"))));
    box->button(QMessageBox::Ok)->click();
    QTRY_VERIFY(panel->isVisible());
    // Open Database… asks for a file.
    panel->findChild<QPushButton *>(QStringLiteral("noDatabaseOpenButton"))->click();
    QFileDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = findMessageBox<QFileDialog>(m_window.get(),
                                                      QStringLiteral("openDatabaseDialog"))));
    dialog->reject();
    // Usable: a good database opens after that, and the pages come back.
    QSignalSpy opened(m_window.get(), &MainWindow::databaseOpened);
    m_window->openDatabase(m_dbPath);
    QVERIFY(!opened.isEmpty() || opened.wait(kWaitMs));
    QTRY_VERIFY(!panel->isVisible());
    QVERIFY(m_window->findChild<QWidget *>(QStringLiteral("navigation"))->isVisible());
    QVERIFY(!retry->isVisible());
    m_clients = m_window->findChild<QTableView *>(QStringLiteral("clientsView"));
    m_files = m_window->findChild<QTableView *>(QStringLiteral("filesView"));
    QVERIFY(waitForWindow());
}

void TestMainWindow::deletingAClientTakesItsFilesOnly()
{
    QByteArray id;
    QVERIFY(selectClient(7, &id));
    const qint64 own = session().files().listForClient(id)->size();
    QVERIFY(own > 0);
    const qint64 totalBefore = session().files().count({}).valueOr(-1);

    // The Delete key on the clients table asks first, saying how many file records go along.
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_clients->setFocus();
    QTest::keyClick(m_clients, Qt::Key_Delete);
    QMessageBox *box = nullptr;
    QTRY_VERIFY(
            (box = findMessageBox<QMessageBox>(m_window.get(), QStringLiteral("confirmation"))));
    QVERIFY2(box->text().contains(QString::number(own)), qPrintable(box->text()));
    // Cancel changes nothing.
    box->button(QMessageBox::Cancel)->click();
    QCOMPARE(session().files().count({}).valueOr(-1), totalBefore);

    m_window->findChild<QAction *>(QStringLiteral("deleteClientAction"))->trigger();
    QTRY_VERIFY(
            (box = findMessageBox<QMessageBox>(m_window.get(), QStringLiteral("confirmation"))));
    box->findChild<QPushButton *>(QStringLiteral("acceptButton"))->click();

    QTRY_COMPARE_WITH_TIMEOUT(m_clients->model()->rowCount(), kClients - 1, kWaitMs);
    QVERIFY(session().files().listForClient(id)->isEmpty());
    QVERIFY(!session().clients().get(id)->has_value());
    QCOMPARE(session().files().count({}).valueOr(-1), totalBefore - own);
    QTRY_COMPARE_WITH_TIMEOUT(m_files->model()->rowCount(), int(totalBefore - own), kWaitMs);
    const QList<QByteArray> shown = shownIds(m_files->model());
    QCOMPARE(shown.size(), int(totalBefore - own));
    for (int row = 0; row < m_files->model()->rowCount(); ++row)
        QVERIFY(m_files->model()->index(row, 0).data(PagedTableModel::ClientIdRole).toByteArray()
                != id);
}

void TestMainWindow::serverLayoutIsOfferedItsMigration()
{
    const QString path = m_dir.filePath(QStringLiteral("server.db"));
    test::writeOriginalDatabase(path, 3, 10, 0);
    QSignalSpy opened(m_window.get(), &MainWindow::databaseOpened);
    m_window->openDatabase(path);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = findMessageBox<QMessageBox>(m_window.get(),
                                                   QStringLiteral("migrationConfirmation"))));
    QVERIFY(box->text().contains(QLatin1String("backup"), Qt::CaseInsensitive));
    QVERIFY(box->text().contains(QLatin1String("original backup server")));
    box->findChild<QPushButton *>(QStringLiteral("acceptButton"))->click();
    QVERIFY(!opened.isEmpty() || opened.wait(kWaitMs));
    QCOMPARE(session().path(), QFileInfo(path).absoluteFilePath());
    QVERIFY(!session().migration().backupPath.isEmpty());
    QVERIFY(QFileInfo::exists(session().migration().backupPath));
    QTRY_COMPARE_WITH_TIMEOUT(m_clients->model()->rowCount(), 3, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_files->model()->rowCount(), 30, kWaitMs);
}

void TestMainWindow::refreshKeepsTheSelectedClient()
{
    QByteArray id;
    QVERIFY(selectClient(6, &id));
    const int own = int(session().files().listForClient(id)->size());
    QTRY_COMPARE_WITH_TIMEOUT(m_files->model()->rowCount(), own, kWaitMs);
    QSignalSpy reset(m_clients->model(), &QAbstractItemModel::modelReset);
    m_window->refreshCurrentPage();
    QTRY_VERIFY_WITH_TIMEOUT(!reset.isEmpty(), kWaitMs);
    // Selected again once its row is back; the files stay that client's.
    QTRY_VERIFY_WITH_TIMEOUT(m_clients->selectionModel()->isRowSelected(6, {}), kWaitMs);
    QCOMPARE(m_files->model()->rowCount(), own);
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("deleteClientAction"))->isEnabled());
}

void TestMainWindow::pagesShortcutsAndStatusBar()
{
    auto *stack = m_window->findChild<QStackedWidget *>(QStringLiteral("pages"));
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    for (int page = MainWindow::PageCount - 1; page >= 0; --page) {
        QTest::keyClick(m_window.get(), Qt::Key(Qt::Key_1 + page), Qt::ControlModifier);
        QCOMPARE(stack->currentIndex(), page);
        QCOMPARE(int(m_window->currentPage()), page);
    }
    QSignalSpy reset(m_clients->model(), &QAbstractItemModel::modelReset);
    QTest::keyClick(m_window.get(), Qt::Key_F5); // refreshes the clients page
    QTRY_VERIFY_WITH_TIMEOUT(!reset.isEmpty(), kWaitMs);
    QVERIFY(waitForWindow());
    auto *path = m_window->findChild<QLabel *>(QStringLiteral("statusPath"));
    auto *health = m_window->findChild<QLabel *>(QStringLiteral("statusHealth"));
    auto *journal = m_window->findChild<QLabel *>(QStringLiteral("statusJournal"));
    QCOMPARE(path->text(), QFileInfo(m_dbPath).fileName());
    QTRY_VERIFY_WITH_TIMEOUT(health->text().contains(QLatin1String("Health")), kWaitMs);
    QCOMPARE(journal->text(), QStringLiteral("Journal: WAL"));

    if (const QString folder = qEnvironmentVariable("BACKUPDB_SCREENSHOT_DIR"); !folder.isEmpty()) {
        m_window->resize(1280, 800);
        QByteArray id;
        QVERIFY(selectClient(4, &id));
        const int own = int(session().files().listForClient(id)->size());
        QTRY_VERIFY(m_files->model()->rowCount() == own && isLoaded(m_files->model(), 0));
        m_window->findChild<QAction *>(QStringLiteral("deleteClientAction"))->trigger();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((
                box = findMessageBox<QMessageBox>(m_window.get(), QStringLiteral("confirmation"))));
        QVERIFY(box->grab().save(QDir(folder).filePath(QStringLiteral("delete-client.png"))));
        box->button(QMessageBox::Cancel)->click();
        m_window->openDatabase(m_dir.filePath(QStringLiteral("tst_mainwindow.moc")));
        QTRY_VERIFY((
                box = findMessageBox<QMessageBox>(m_window.get(), QStringLiteral("errorMessage"))));
        QVERIFY(box->grab().save(QDir(folder).filePath(QStringLiteral("open-error.png"))));
        box->button(QMessageBox::Ok)->click();
        for (int page = 0; page < MainWindow::PageCount; ++page) {
            m_window->showPage(MainWindow::Page(page));
            QVERIFY(m_window->grab().save(
                    QDir(folder).filePath(QStringLiteral("page-%1.png").arg(page))));
        }
    }
}

void TestMainWindow::settingsAreSavedAndAppliedLive()
{
    const QString path = m_window->configPath();
    QFile::remove(path);
    // Tools › Settings…, OK: the configuration is written to the file.
    m_window->findChild<QAction *>(QStringLiteral("settingsAction"))->trigger();
    QDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<QDialog *>(QStringLiteral("settingsDialog"))));
    dialog->accept();
    QTRY_VERIFY(QFileInfo::exists(path));

    // Edited on disk (by an editor, by configuration management): applied without a restart.
    AppConfig config = m_window->config();
    config.coreSize = 2;
    config.slowQueryMs = 250;
    QVERIFY(!saveConfig(config, path));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->config().coreSize, 2, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(session().database().readers().config().coreSize, 2, kWaitMs);
    QCOMPARE(session().database().policy().slowThreshold.count(), 250);
}

void TestMainWindow::windowStateIsKept()
{
    m_window->showPage(MainWindow::Backups);
    m_window->resize(1100, 700);
    m_window->close(); // saves geometry, state and the page
    m_window.reset();
    init();
    QCOMPARE(m_window->currentPage(), MainWindow::Backups);
    QCOMPARE(m_window->size(), QSize(1100, 700));
    QCOMPARE(QSettings().value(QStringLiteral("lastDatabase")).toString(),
             QFileInfo(m_dbPath).absoluteFilePath());
}

void TestMainWindow::longJobsShowProgressAndCancel()
{
    auto *progress = m_window->findChild<QProgressBar *>(QStringLiteral("statusProgress"));
    auto *cancel = m_window->findChild<QToolButton *>(QStringLiteral("statusCancel"));
    QVERIFY(progress && cancel);
    QVERIFY(!progress->isVisible());
    // A job that reports a quarter and then runs until it is cancelled.
    auto future = m_window->worker()->runLong(
            QStringLiteral("Test job"),
            [](Session &, const ProgressCallback &report, const CancelFlag *cancelled) -> DbError {
                report(0.25);
                while (!cancelled->load())
                    QThread::msleep(1); // the job's own work, on the worker thread
                return DbError(DbError::Kind::Cancelled, QStringLiteral("cancelled"));
            });
    QTRY_VERIFY(progress->isVisible() && cancel->isVisible());
    QTRY_COMPARE(progress->value(), 250);
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("statusJob"))
                    ->text()
                    .contains(QLatin1String("Test job")));
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY(future.isFinished());
    QCOMPARE(future.result().kind(), DbError::Kind::Cancelled);
    QTRY_VERIFY(!progress->isVisible());
}

void TestMainWindow::aJobShownOnItsPageHasOneProgressBar()
{
    const auto visibleBars = [this] {
        int n = 0;
        for (const QProgressBar *bar : m_window->findChildren<QProgressBar *>())
            n += bar->isVisible() ? 1 : 0;
        return n;
    };
    auto *statusBar = m_window->findChild<QProgressBar *>(QStringLiteral("statusProgress"));
    m_window->showPage(MainWindow::Integrity);
    // As the Integrity page runs its full check: the job is shown in the page's own progress.
    quint64 jobId = 0;
    auto future = m_window->worker()->runLong(
            QStringLiteral("Test check"),
            [](Session &, const ProgressCallback &report, const CancelFlag *cancelled) -> DbError {
                report(0.5);
                while (!cancelled->load())
                    QThread::msleep(1);
                return DbError(DbError::Kind::Cancelled, QStringLiteral("cancelled"));
            },
            &jobId);
    auto *pages = m_window->findChild<QStackedWidget *>(QStringLiteral("pages"));
    QVERIFY(pages);
    QWidget *page = pages->currentWidget();
    QVERIFY(page);
    auto *pageProgress = page->findChild<JobProgress *>();
    QVERIFY(pageProgress);
    pageProgress->track(jobId, QStringLiteral("Test check"));
    QTRY_VERIFY(pageProgress->isVisible());
    QTRY_COMPARE(visibleBars(), 1);
    QVERIFY(!statusBar->isVisible());
    // On another page, the status bar shows it (and only it).
    m_window->showPage(MainWindow::Dashboard);
    QTRY_VERIFY(statusBar->isVisible());
    QCOMPARE(visibleBars(), 1);
    m_window->showPage(MainWindow::Integrity);
    QTRY_VERIFY(!statusBar->isVisible());
    QCOMPARE(visibleBars(), 1);
    // The page's Cancel ends it; then no bar at all.
    pageProgress->cancel();
    QTRY_VERIFY(future.isFinished());
    QCOMPARE(future.result().kind(), DbError::Kind::Cancelled);
    QTRY_COMPARE(visibleBars(), 0);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
