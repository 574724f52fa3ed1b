// The real main window on PostgreSQL (issue 12): a database of the throw-away cluster is opened
// through File › Open PostgreSQL… as an operator would, its clients and files tables show the
// database's rows, a client's files are exactly its own; the password typed in the dialog goes
// to libpq (PGPASSWORD of this process) and into no setting; a wrong database or a password
// written into the connection string is refused with a message and changes nothing. And the
// issue's "the GUI's tables agree on both": an SQLite database written as the server writes it,
// moved into PostgreSQL through Tools › Move to PostgreSQL… (cancelled first: the target stays
// empty; then to the end, verified, and opened from the result), shows the same clients, the
// same files and the same per-client files in the window on both engines; a second move into
// the target, which now holds rows, asks before replacing them.
#include "demo/demogenerator.h"
#include "dialogs/postgresdialog.h"
#include "mainwindow.h"
#include "models/pagedtablemodel.h"
#include "db/engine.h"
#include "pg/pgmigrator.h"
#include "pgtestdatabase.h"
#include "testsupport.h"
#include "worker/databaseworker.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace backupdb;
using namespace backupdb::ui;
using namespace backupdb::test;

namespace {

constexpr int kWaitMs = 20000;
const QString kPassword = QStringLiteral("typed-Pa55word-9183");

bool isLoaded(const QAbstractItemModel *model, int row)
{
    return model->index(row, 0).data(PagedTableModel::LoadedRole).toBool();
}

bool isLoading(const QAbstractItemModel *model)
{
    const auto *paged = qobject_cast<const PagedTableModel *>(model);
    return !paged || paged->isLoading();
}

// Every row's value of role, once every page has loaded (asking as a view would: again on each
// repaint, so a request made while the count was still on its way is made again).
QStringList shown(QAbstractItemModel *model, int role, int column = 0)
{
    QStringList values;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (!QTest::qWaitFor(
                    [&] {
                        model->index(row, 0).data();
                        return isLoaded(model, row);
                    },
                    kWaitMs))
            return { QStringLiteral("row %1 never loaded").arg(row) };
        const QVariant v = model->index(row, column).data(role);
        values << (v.typeId() == QMetaType::QByteArray ? QString::fromLatin1(v.toByteArray().toHex())
                                                       : v.toString());
    }
    return values;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

// The message box (of that object name, when given) the window shows, once it shows one.
QMessageBox *waitForMessageBox(QWidget *window, const QString &name = QString())
{
    QMessageBox *shown = nullptr;
    const bool appeared = QTest::qWaitFor(
            [&] {
                for (QMessageBox *box : window->findChildren<QMessageBox *>())
                    if (box->isVisible() && (name.isEmpty() || box->objectName() == name))
                        shown = box;
                return shown != nullptr;
            },
            kWaitMs);
    return appeared ? shown : nullptr;
}

} // namespace

class tst_PgWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase() { m_pg.stop(); }

    void opensThroughTheDialogAndShowsTheRows();
    void aWrongDatabaseOrAPasswordInTheStringChangesNothing();
    void theMovedDatabaseShowsTheSameTablesOnBothEngines();

private:
    // The window's tables, once they show `clients` clients and `files` files.
    bool waitForTables(int clients, int files);
    // Fills the dialog (opened from the File menu) and presses Open.
    PostgresDialog *openDialog(const QString &action = QStringLiteral("openPostgresAction"));
    void fill(PostgresDialog *dialog, const QString &database, const QString &password);
    bool openThroughDialog(const QString &database, const QString &password);
    // The tables as the window shows them: clients (ID and name), every file ID, and for
    // three clients the files shown when each is selected.
    struct Shown
    {
        QStringList clients, files;
        QMap<QString, QStringList> filesOf;
    };
    Shown collect(const QStringList &someClientNames);

    PgTestDatabase m_pg;
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    QTableView *m_clients = nullptr;
    QTableView *m_files = nullptr;
};

void tst_PgWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("BackupDB"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_pgwindow"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    qunsetenv("PGPASSWORD");
}

void tst_PgWindow::init()
{
    QString error;
    QVERIFY2(m_pg.createMigrated(&error), qPrintable(error));
    MainWindowOptions options;
    options.configPath = m_dir.filePath(QStringLiteral("backupdb-admin.ini"));
    options.openLastDatabase = false;
    options.offerDemoDatabase = false;
    m_window = std::make_unique<MainWindow>(options);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_clients = m_window->findChild<QTableView *>(QStringLiteral("clientsView"));
    m_files = m_window->findChild<QTableView *>(QStringLiteral("filesView"));
    QVERIFY(m_clients && m_files);
}

void tst_PgWindow::cleanup()
{
    m_window.reset(); // its session ends before the databases are dropped
    m_pg.drop();
    QSettings().clear();
    qunsetenv("PGPASSWORD");
}

bool tst_PgWindow::waitForTables(int clients, int files)
{
    return QTest::qWaitFor(
            [&] {
                m_clients->model()->index(0, 0).data();
                // Not loading: the rows shown until a new count arrives are the previous
                // database's.
                return m_clients->model()->rowCount() == clients
                        && m_files->model()->rowCount() == files
                        && !isLoading(m_clients->model()) && !isLoading(m_files->model())
                        && (clients == 0 || isLoaded(m_clients->model(), 0));
            },
            kWaitMs);
}

PostgresDialog *tst_PgWindow::openDialog(const QString &action)
{
    m_window->findChild<QAction *>(action)->trigger();
    PostgresDialog *dialog = nullptr;
    const bool shownUp = QTest::qWaitFor(
            [&] {
                dialog = m_window->findChild<PostgresDialog *>(QStringLiteral("postgresDialog"));
                return dialog && dialog->isVisible();
            },
            kWaitMs);
    return shownUp ? dialog : nullptr;
}

void tst_PgWindow::fill(PostgresDialog *dialog, const QString &database, const QString &password)
{
    const PgCluster &cluster = m_pg.cluster();
    dialog->findChild<QLineEdit *>(QStringLiteral("pgHost"))->setText(cluster.host());
    dialog->findChild<QSpinBox *>(QStringLiteral("pgPort"))->setValue(cluster.port());
    dialog->findChild<QLineEdit *>(QStringLiteral("pgDatabase"))->setText(database);
    dialog->findChild<QLineEdit *>(QStringLiteral("pgUser"))->setText(cluster.user());
    dialog->findChild<QLineEdit *>(QStringLiteral("pgConnection"))->clear();
    auto *typed = dialog->findChild<QLineEdit *>(QStringLiteral("pgPassword"));
    typed->clear();
    QTest::keyClicks(typed, password);
}

bool tst_PgWindow::openThroughDialog(const QString &database, const QString &password)
{
    PostgresDialog *dialog = openDialog();
    if (!dialog)
        return false;
    fill(dialog, database, password);
    QSignalSpy opened(m_window.get(), &MainWindow::databaseOpened);
    QSignalSpy failed(m_window.get(), &MainWindow::databaseOpenFailed);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open)->click();
    return QTest::qWaitFor([&] { return !opened.isEmpty() || !failed.isEmpty(); }, kWaitMs)
            && !opened.isEmpty();
}

tst_PgWindow::Shown tst_PgWindow::collect(const QStringList &someClientNames)
{
    Shown out;
    QAbstractItemModel *clients = m_clients->model();
    const QStringList ids = shown(clients, PagedTableModel::IdRole);
    const QStringList names = shown(clients, PagedTableModel::NameRole);
    for (int i = 0; i < ids.size() && i < names.size(); ++i)
        out.clients << names.at(i) + QLatin1Char(' ') + ids.at(i);
    out.files = shown(m_files->model(), PagedTableModel::IdRole);
    for (const QString &name : someClientNames) {
        const int row = names.indexOf(name);
        if (row < 0)
            continue;
        const QModelIndex index = clients->index(row, 0);
        m_clients->scrollTo(index);
        QTest::mouseClick(m_clients->viewport(), Qt::LeftButton, {},
                          m_clients->visualRect(index).center());
        const QByteArray id = index.data(PagedTableModel::IdRole).toByteArray();
        // Wait until the files table shows this client's count (the status it keeps).
        const auto count = m_window->worker()->session()->clients().fileCount(id);
        if (!count || !QTest::qWaitFor([&] { return m_files->model()->rowCount() == count.value(); },
                                       kWaitMs))
            continue;
        out.filesOf[name] = sorted(shown(m_files->model(), PagedTableModel::IdRole));
    }
    m_window->findChild<QAction *>(QStringLiteral("allClientsAction"))->trigger();
    return out;
}

void tst_PgWindow::opensThroughTheDialogAndShowsTheRows()
{
    // The rows, written through a session of their own on the test database.
    const QString location = m_pg.cluster().conninfo(m_pg.name());
    QStringList expectedClients;
    qint64 files = 0;
    {
        auto session = Session::open(options(location));
        QVERIFY2(session, qPrintable(session.error().message()));
        DemoOptions demo;
        demo.clients = 12;
        demo.files = 900;
        demo.orphans = 0;
        auto written = demo::populate(session.value()->database(), demo);
        QVERIFY2(written.ok(), qPrintable(written.error().message()));
        files = written->filesAdded;
        ClientQuery all;
        all.limit = 100;
        auto listed = session.value()->clients().page(all);
        QVERIFY(listed);
        for (const ClientSummary &c : listed->rows)
            expectedClients << c.name;
    }
    QCOMPARE(expectedClients.size(), 12);
    QVERIFY(files > 0);

    QVERIFY(openThroughDialog(m_pg.name(), kPassword));
    QVERIFY(waitForTables(12, int(files)));
    QCOMPARE(sorted(shown(m_clients->model(), PagedTableModel::NameRole)), sorted(expectedClients));
    QVERIFY2(m_window->windowTitle().contains(m_pg.name()), qPrintable(m_window->windowTitle()));

    // A client's files are exactly its own.
    const Shown seen = collect({ expectedClients.first(), expectedClients.last() });
    QCOMPARE(seen.filesOf.size(), 2);
    auto session = m_window->worker()->session();
    for (auto it = seen.filesOf.cbegin(); it != seen.filesOf.cend(); ++it) {
        QByteArray id;
        for (const QString &row : seen.clients)
            if (row.startsWith(it.key() + QLatin1Char(' ')))
                id = QByteArray::fromHex(row.section(QLatin1Char(' '), -1).toLatin1());
        auto own = session->files().listForClient(id);
        QVERIFY(own);
        QStringList ids;
        for (const FileRecord &f : own.value())
            ids << QString::fromLatin1(f.id.toHex());
        QCOMPARE(it.value(), sorted(ids));
    }

    // The password went to libpq, and into no setting: not the dialog's fields, not the last
    // database, not the configuration file.
    QCOMPARE(qgetenv("PGPASSWORD"), kPassword.toUtf8());
    QSettings().sync();
    for (const QString &file : { QSettings().fileName(), m_window->configPath() }) {
        QFile f(file);
        if (f.open(QIODevice::ReadOnly))
            QVERIFY2(!f.readAll().contains(kPassword.toUtf8()), qPrintable(file));
    }
    QVERIFY(QSettings().value(QStringLiteral("postgres/database")).toString() == m_pg.name());
    // Opening again without one puts back what the process had (nothing here).
    QVERIFY(openThroughDialog(m_pg.name(), QString()));
    QVERIFY(!qEnvironmentVariableIsSet("PGPASSWORD"));
}

void tst_PgWindow::aWrongDatabaseOrAPasswordInTheStringChangesNothing()
{
    QVERIFY(openThroughDialog(m_pg.name(), kPassword));
    QVERIFY(waitForTables(0, 0));
    const QString before = m_window->worker()->session()->path();

    // A database the server does not have: libpq's reason, the open one stays, with the
    // password it was opened with (not the one typed for the failed open).
    QVERIFY(!openThroughDialog(QStringLiteral("bdba_no_such_database"), QStringLiteral("other")));
    QCOMPARE(qgetenv("PGPASSWORD"), kPassword.toUtf8());
    QMessageBox *box = waitForMessageBox(m_window.get());
    QVERIFY(box);
    QVERIFY2(box->text().contains(QLatin1String("does not exist")), qPrintable(box->text()));
    QVERIFY2(box->text().contains(QLatin1String("stays open")), qPrintable(box->text()));
    box->accept();
    QCOMPARE(m_window->worker()->session()->path(), before);

    // A password written into the connection string: the dialog refuses it and stays open;
    // nothing is saved.
    PostgresDialog *dialog = openDialog();
    QVERIFY(dialog);
    const QString uri = QStringLiteral("postgresql://%1:%2@localhost:%3/%4")
                                .arg(m_pg.cluster().user(), kPassword)
                                .arg(m_pg.cluster().port())
                                .arg(m_pg.name());
    dialog->findChild<QLineEdit *>(QStringLiteral("pgConnection"))->setText(uri);
    const QString previewed = dialog->findChild<QLabel *>(QStringLiteral("pgPreview"))->text();
    QVERIFY2(!previewed.contains(kPassword), qPrintable(previewed)); // not even while typing
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open)->click();
    QVERIFY(dialog->isVisible());
    const QString said = dialog->findChild<QLabel *>(QStringLiteral("pgPreview"))->text();
    QVERIFY2(said.contains(QLatin1String("pgpass")), qPrintable(said));
    QVERIFY2(!said.contains(kPassword), qPrintable(said));
    QVERIFY(!QSettings().value(QStringLiteral("postgres/connection")).toString().contains(kPassword));
    dialog->reject();
    QCOMPARE(m_window->worker()->session()->path(), before);
}

void tst_PgWindow::theMovedDatabaseShowsTheSameTablesOnBothEngines()
{
    // The source: an SQLite database written as the server writes it (the demo generator's
    // dates in the server's several forms), open in the window.
    const QString file = m_dir.filePath(QStringLiteral("moved.db"));
    {
        auto session = openOrFail(options(file));
        QVERIFY(session);
        DemoOptions demo;
        demo.clients = 30;
        demo.files = 3000;
        demo.orphans = 0;
        QVERIFY(demo::populate(session->database(), demo).ok());
    }
    QString error;
    const QString target = m_pg.createEmpty(&error);
    QVERIFY2(!target.isEmpty(), qPrintable(error));
    QSignalSpy opened(m_window.get(), &MainWindow::databaseOpened);
    m_window->openDatabase(file);
    QVERIFY(opened.wait(kWaitMs));
    QVERIFY(waitForTables(30, 3000));
    const QStringList some = sorted(shown(m_clients->model(), PagedTableModel::NameRole)).mid(0, 3);
    const Shown onSqlite = collect(some);

    // Tools › Move to PostgreSQL…, cancelled as soon as it starts: the target stays empty.
    QSignalSpy finished(m_window->worker(), &DatabaseWorker::jobFinished);
    PostgresDialog *dialog = openDialog(QStringLiteral("moveToPostgresAction"));
    QVERIFY(dialog);
    fill(dialog, target, QString());
    QObject::connect(m_window->worker(), &DatabaseWorker::jobStarted, m_window.get(),
                     [this](quint64 id) { m_window->worker()->cancel(id); },
                     Qt::SingleShotConnection);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open)->click();
    QVERIFY(finished.wait(kWaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().contains(
                                     QLatin1String("Move cancelled")),
                             kWaitMs);
    QCOMPARE(postgresEngine().pendingMigrations(m_pg.cluster().conninfo(target)).valueOr(-1),
             pg::latestVersion()); // nothing of ours in it

    // Again, to the end: the result, verified, is offered to be opened, and opened.
    dialog = openDialog(QStringLiteral("moveToPostgresAction"));
    QVERIFY(dialog);
    fill(dialog, target, QString());
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open)->click();
    QMessageBox *done = waitForMessageBox(m_window.get(), QStringLiteral("moveDone"));
    QVERIFY(done);
    QVERIFY2(done->text().contains(QLatin1String("Both sides agree")), qPrintable(done->text()));
    QVERIFY2(done->text().contains(QLatin1String("3,000 files")), qPrintable(done->text()));
    opened.clear();
    done->findChild<QPushButton *>(QStringLiteral("acceptButton"))->click();
    QVERIFY(opened.wait(kWaitMs));
    QCOMPARE(m_window->worker()->session()->database().engine().name(), QStringLiteral("PostgreSQL"));
    QVERIFY(waitForTables(30, 3000));
    const Shown onPostgres = collect(some);

    QCOMPARE(onSqlite.filesOf.size(), 3);
    QCOMPARE(sorted(onPostgres.clients), sorted(onSqlite.clients));
    QVERIFY2(onPostgres.files.size() == onSqlite.files.size(), qPrintable(onPostgres.files.value(0)));
    QCOMPARE(sorted(onPostgres.files), sorted(onSqlite.files));
    QCOMPARE(onPostgres.filesOf, onSqlite.filesOf);

    // From the SQLite file again into the target that now holds rows: asked first; No leaves it.
    m_window->openDatabase(file);
    QVERIFY(opened.wait(kWaitMs));
    dialog = openDialog(QStringLiteral("moveToPostgresAction"));
    QVERIFY(dialog);
    fill(dialog, target, QString());
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open)->click();
    QMessageBox *ask = waitForMessageBox(m_window.get(), QStringLiteral("replaceConfirmation"));
    QVERIFY(ask);
    QVERIFY2(ask->text().contains(QLatin1String("30 clients and 3,000 files")), qPrintable(ask->text()));
    ask->reject();
    QTest::qWait(100);
    QVERIFY(!m_window->findChild<QMessageBox *>(QStringLiteral("moveDone")));

    // Asked again and answered Replace: the target gets this database's rows instead (one
    // client fewer now), and the result says what it replaced.
    auto gone = m_window->worker()->session()->clients().remove(
            QByteArray::fromHex(onSqlite.clients.first().section(QLatin1Char(' '), -1).toLatin1()));
    if (!gone)
        QFAIL(qPrintable(gone.error().message()));
    const qint64 filesLeft = m_window->worker()->session()->files().count({}).valueOr(-1);
    dialog = openDialog(QStringLiteral("moveToPostgresAction"));
    QVERIFY(dialog);
    fill(dialog, target, QString());
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Open)->click();
    ask = waitForMessageBox(m_window.get(), QStringLiteral("replaceConfirmation"));
    QVERIFY(ask);
    ask->findChild<QPushButton *>(QStringLiteral("acceptButton"))->click();
    done = waitForMessageBox(m_window.get(), QStringLiteral("moveDone"));
    QVERIFY(done);
    QVERIFY2(done->text().contains(QLatin1String("Moved 29 clients")), qPrintable(done->text()));
    QVERIFY2(done->text().contains(QLatin1String("The 30 clients and 3,000 files it held before "
                                                 "were replaced")),
             qPrintable(done->text()));
    done->reject();
    auto moved = Session::open(options(m_pg.cluster().conninfo(target)));
    QVERIFY2(moved, qPrintable(moved.error().message()));
    QCOMPARE(moved.value()->clients().count().valueOr(-1), 29);
    QCOMPARE(moved.value()->files().count({}).valueOr(-1), filesLeft);
}

QTEST_MAIN(tst_PgWindow)
#include "tst_pgwindow.moc"
