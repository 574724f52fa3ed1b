// backupdb-screenshots <folder> [--language de]: renders the README's pictures of every page.
// It opens the real main window on the demo database (created as on first start, in a
// temporary data folder), does what an operator does on a first visit (selects a client, runs
// a full integrity check, takes two backups and verifies one, lets the dashboard sample for a
// while), and grabs each page and the orphan clean-up confirmation as PNG files.
// Runs offscreen unless QT_QPA_PLATFORM says otherwise. Exit code 0 when every picture saved.
#include "mainwindow.h"
#include "models/pagedtablemodel.h"
#include "pages/backupspage.h"
#include "pages/integritypage.h"

#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QLocale>
#include <QFile>
#include <QStandardPaths>
#include <QDir>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <cstdio>

using namespace backupdb::ui;

namespace {

constexpr int kWaitMs = 120000;

bool fail(const char *what)
{
    std::fprintf(stderr, "screenshots: %s\n", what);
    return false;
}

bool isLoaded(const QAbstractItemModel *model, int row)
{
    return model->rowCount() > row
            && model->index(row, 0).data(PagedTableModel::LoadedRole).toBool();
}

class Shooter
{
public:
    Shooter(MainWindow &window, const QString &folder)
        : m_window(window)
        , m_folder(folder)
    { }

    bool run();

private:
    template<typename T> T *find(const char *name) const
    {
        return m_window.findChild<T *>(QString::fromLatin1(name));
    }
    bool save(QWidget *widget, const QString &name);
    bool selectClient(int row);
    bool click(const char *button, const std::function<bool()> &done);
    bool shootCleanupConfirmation();

    MainWindow &m_window;
    QString m_folder;
};

bool Shooter::save(QWidget *widget, const QString &name)
{
    const QString path = QDir(m_folder).filePath(name + QStringLiteral(".png"));
    if (!widget->grab().save(path))
        return fail("could not save a picture");
    std::printf("saved %s\n", qPrintable(path));
    return true;
}

bool Shooter::selectClient(int row)
{
    auto *view = find<QTableView>("clientsView");
    QAbstractItemModel *model = view->model();
    if (!QTest::qWaitFor([&] { return model->rowCount() > row; }, kWaitMs))
        return fail("the clients did not load");
    model->index(row, 0).data(); // asks for the page, as a view would
    if (!QTest::qWaitFor([&] { return isLoaded(model, row); }, kWaitMs))
        return fail("the clients' page did not load");
    view->selectRow(row);
    auto *files = find<QTableView>("filesView");
    return QTest::qWaitFor([&] { return files->model()->index(0, 0).data().isValid()
                                        && isLoaded(files->model(), 0); }, kWaitMs)
            || fail("the client's files did not load");
}

bool Shooter::click(const char *button, const std::function<bool()> &done)
{
    auto *b = find<QPushButton>(button);
    if (!b || !QTest::qWaitFor([&] { return b->isEnabled(); }, kWaitMs))
        return fail(button);
    b->click();
    return QTest::qWaitFor(done, kWaitMs) || fail(button);
}

// The confirmation is modal (exec), so it is grabbed and cancelled from a timer.
bool Shooter::shootCleanupConfirmation()
{
    bool saved = false;
    QTimer::singleShot(300, &m_window, [&] {
        auto *box = m_window.findChild<QMessageBox *>(
                QStringLiteral("orphanCleanupConfirmation"));
        if (!box)
            return;
        saved = save(box, QStringLiteral("orphan-cleanup-confirmation"));
        box->button(QMessageBox::Cancel)->click();
    });
    auto *cleanup = find<QPushButton>("cleanUpButton");
    if (!cleanup || !QTest::qWaitFor([&] { return cleanup->isEnabled(); }, kWaitMs))
        return fail("the clean-up button stayed disabled");
    cleanup->click();
    return saved;
}

bool Shooter::run()
{
    m_window.resize(1280, 800);
    m_window.show();
    m_window.openDemoDatabase();
    auto *clients = find<QTableView>("clientsView");
    if (!QTest::qWaitFor([&] { return clients->model()->rowCount() > 0; }, kWaitMs))
        return fail("the demo database did not open");

    if (!selectClient(3))
        return false;

    // The dashboard samples every second while an operator's first minute happens on the
    // other pages (backups, a verify, a full check, browsing every client's files), so its
    // charts tell a story.
    m_window.showPage(MainWindow::Dashboard);
    find<QComboBox>("refreshInterval")->setCurrentIndex(0);
    QElapsedTimer sampling;
    sampling.start();
    QTest::qWait(5000);

    auto *backups = m_window.findChild<BackupsPage *>();
    auto *list = backups->findChild<QTableView *>(QStringLiteral("backupList"));
    for (int i = 1; i <= 2; ++i) {
        if (!click("backUpNowButton", [&] { return list->model()->rowCount() >= i; }))
            return false;
        QTest::qWait(4000);
    }
    list->selectRow(0);
    bool verified = false;
    QObject::connect(backups, &BackupsPage::verifyFinished, &m_window,
                     [&](bool ok) { verified = ok; });
    if (!click("verifyButton", [&] { return verified; }))
        return false;
    QTest::qWait(4000);

    auto *integrity = m_window.findChild<IntegrityPage *>();
    bool checked = false;
    QObject::connect(integrity, &IntegrityPage::checkFinished, &m_window,
                     [&](bool ok) { checked = ok; });
    if (!click("fullCheckButton", [&] { return checked; }))
        return false;

    // Reads: pages of other clients' files, as a browsing operator would load them.
    auto *clientsModel = find<QTableView>("clientsView")->model();
    auto *files = find<QTableView>("filesView");
    for (int client = 10; sampling.elapsed() < 80000; client = (client + 7) % 120) {
        clientsModel->index(client, 0).data();
        if (!QTest::qWaitFor([&] { return isLoaded(clientsModel, client); }, kWaitMs))
            return fail("a page of clients did not load");
        find<QTableView>("clientsView")->selectRow(client);
        if (!QTest::qWaitFor([&] { return files->model()->index(0, 0).data().isValid()
                                           && isLoaded(files->model(), 0); }, kWaitMs))
            return fail("a client's files did not load");
        for (int row = 0; row < files->model()->rowCount(); row += 97)
            files->model()->index(row, 0).data();
        QTest::qWait(1500 + 500 * (client % 5));
    }
    if (!selectClient(3))
        return false;

    m_window.showPage(MainWindow::Integrity);
    if (!shootCleanupConfirmation())
        return fail("the orphan clean-up confirmation was not shown");

    const QString names[] = { QStringLiteral("clients-and-files"), QStringLiteral("dashboard"),
                              QStringLiteral("integrity"), QStringLiteral("backups"),
                              QStringLiteral("audit") };
    for (int page = 0; page < MainWindow::PageCount; ++page) {
        m_window.showPage(MainWindow::Page(page));
        QTest::qWait(page == MainWindow::Audit ? 1500 : 500); // the page's reload arrives
        if (!save(&m_window, names[page]))
            return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // The demo database, the settings and the backups go to a temporary home.
    QTemporaryDir home;
    qputenv("XDG_DATA_HOME", QDir(home.path()).filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", QDir(home.path()).filePath(QStringLiteral("config")).toLocal8Bit());
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("BackupDB Admin"));
    QApplication::setOrganizationName(QStringLiteral("BackupDB"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Renders a picture of every page."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("folder"), QStringLiteral("Where to save."));
    const QCommandLineOption language(QStringLiteral("language"),
                                      QStringLiteral("The interface language (en, de, fr)."),
                                      QStringLiteral("CODE"), QStringLiteral("en"));
    parser.addOption(language);
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(2);
    const QString folder = parser.positionalArguments().first();
    if (!QDir().mkpath(folder)) {
        std::fprintf(stderr, "screenshots: cannot create %s\n", qPrintable(folder));
        return 1;
    }

    // The language, as an operator sets it: [ui] language in the app's configuration file.
    const QString configFolder = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    QDir().mkpath(configFolder);
    QFile ini(QDir(configFolder).filePath(QStringLiteral("backupdb-admin.ini")));
    if (!ini.open(QIODevice::WriteOnly)
        || ini.write(QStringLiteral("[ui]\nlanguage=%1\n").arg(parser.value(language)).toUtf8()) < 0) {
        std::fprintf(stderr, "screenshots: cannot write %s\n", qPrintable(ini.fileName()));
        return 1;
    }
    ini.close();
    QLocale::setDefault(QLocale(parser.value(language))); // as backupdb-admin's main() does

    MainWindowOptions options;
    options.openLastDatabase = false;
    options.offerDemoDatabase = false;
    MainWindow window(options);
    Shooter shooter(window, folder);
    return shooter.run() ? 0 : 1;
}
