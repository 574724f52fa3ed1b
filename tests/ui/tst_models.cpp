// The lazy table models (G1): every model passes QAbstractItemModelTester while pages load
// and filters and sorts change; what a model shows, read in any order (forwards, backwards,
// jumping around), is exactly what the repositories return; stale answers are dropped; the
// cache stays bounded; and at 1,000,000 rows the first and the last page show without loading
// the rows in between (rows fetched are counted).
//
// Built twice: tst_models over SQLite files, and tst_pgmodels (tests/postgres, with
// BACKUPDB_MODELS_ON_POSTGRES) over a database of the throw-away PostgreSQL cluster, where every
// model test runs on the same demo rows and the 1,000,000-row one is left out (the bench's
// page_fetch measures that size on PostgreSQL).
#include "common/secret.h"
#include "demo/demogenerator.h"
#include "models/clienttablemodel.h"
#include "models/filetablemodel.h"
#include "testsupport.h"
#include "worker/databaseworker.h"
#ifdef BACKUPDB_MODELS_ON_POSTGRES
#include "pgtestdatabase.h"
#endif

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QUuid>
#include <atomic>

using namespace backupdb;
using namespace backupdb::ui;

namespace {

constexpr int kPageSize = 50;
constexpr int kWaitMs = 20000;

enum class Visit { Forwards, Backwards, Jumping };

std::shared_ptr<Session> populated(const QString &path, const DemoOptions &demo)
{
    std::shared_ptr<Session> session = test::openOrFail(test::options(path));
    if (!session)
        return nullptr;
    auto result = demo::populate(session->database(), demo);
    if (!result) {
        qWarning("populate: %s", qPrintable(result.error().message()));
        return nullptr;
    }
    return session;
}

bool isLoaded(const QAbstractItemModel *model, int row)
{
    return model->index(row, 0).data(PagedTableModel::LoadedRole).toBool();
}

// Asks for the row (as a view painting it would) and waits until its page is in.
bool waitForRow(QAbstractItemModel *model, int row)
{
    model->index(row, 0).data(Qt::DisplayRole);
    return QTest::qWaitFor([&] { return isLoaded(model, row); }, kWaitMs);
}

bool waitForCount(PagedTableModel *model, int expected)
{
    return QTest::qWaitFor([&] { return !model->isLoading() && model->rowCount() == expected; },
                           kWaitMs);
}

// The IDs of every row, visiting the model's pages (of pageSize rows) in the given order.
bool readAll(QAbstractItemModel *model, Visit visit, int pageSize, QList<QByteArray> *ids)
{
    const int rows = model->rowCount();
    const int pages = (rows + pageSize - 1) / pageSize;
    QList<int> order;
    for (int p = 0; p < pages; ++p)
        order.append(p);
    if (visit == Visit::Backwards)
        std::reverse(order.begin(), order.end());
    if (visit == Visit::Jumping && pages > 2) {
        // The middle first (only the anchors reach it), then the last, then the rest spread.
        QList<int> jumping { pages / 2, pages - 1 };
        for (int step = 0; step < pages; ++step) {
            const int p = (step * 7) % pages;
            if (!jumping.contains(p))
                jumping.append(p);
        }
        for (int p = 0; p < pages; ++p)
            if (!jumping.contains(p))
                jumping.append(p);
        order = jumping;
    }
    ids->fill(QByteArray(), rows);
    for (int p : std::as_const(order)) {
        for (int row = p * pageSize; row < std::min(rows, (p + 1) * pageSize); ++row) {
            if (!waitForRow(model, row)) {
                qWarning("row %d never loaded", row);
                return false;
            }
            (*ids)[row] = model->index(row, 0).data(PagedTableModel::IdRole).toByteArray();
        }
    }
    return true;
}

QList<QByteArray> expectedFiles(Session &s, FileQuery query)
{
    query.limit = 100000;
    QList<QByteArray> ids;
    auto page = s.files().page(query);
    if (page)
        for (const FileRecord &f : page->rows)
            ids.append(f.id);
    return ids;
}

QList<QByteArray> expectedClients(Session &s, ClientQuery query)
{
    query.limit = 100000;
    QList<QByteArray> ids;
    auto page = s.clients().page(query);
    if (page)
        for (const ClientSummary &c : page->rows)
            ids.append(c.id);
    return ids;
}

} // namespace

Q_DECLARE_METATYPE(Visit)
Q_DECLARE_METATYPE(VerifiedFilter)

class TestModels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void fileModelShowsTheRepositoryRows_data();
    void fileModelShowsTheRepositoryRows();
    void clientModelShowsTheRepositoryRows_data();
    void clientModelShowsTheRepositoryRows();
    void clientModelMasksKeys();
    void newestRequestWins();
    void cacheStaysBounded();
    void noDatabaseMeansNoRows();
    void millionRowsFirstAndLastPage();

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Session> m_small;
    std::shared_ptr<Session> m_million;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<DatabaseWorker> m_millionWorker;
#ifdef BACKUPDB_MODELS_ON_POSTGRES
    test::PgTestDatabase m_pg;
#endif
};

void TestModels::initTestCase()
{
    QVERIFY(m_dir.isValid());
    DemoOptions small;
    small.clients = 40;
    small.files = 3000;
#ifdef BACKUPDB_MODELS_ON_POSTGRES
    QString error;
    QVERIFY2(m_pg.start(&error), qPrintable(error));
    QVERIFY2(m_pg.createMigrated(&error), qPrintable(error));
    m_small = populated(m_pg.cluster().conninfo(m_pg.name()), small);
    QVERIFY(m_small);
    QCOMPARE(m_small->database().engine().name(), QStringLiteral("PostgreSQL"));
    m_worker = std::make_unique<DatabaseWorker>();
    m_worker->setSession(m_small);
    return;
#else
    m_small = populated(m_dir.filePath(QStringLiteral("small.db")), small);
    QVERIFY(m_small);
    m_worker = std::make_unique<DatabaseWorker>();
    m_worker->setSession(m_small);
#endif

    // The one large database of the suite (BACKUPDB_SKIP_MILLION=1 skips it while developing).
    if (qEnvironmentVariableIsSet("BACKUPDB_SKIP_MILLION"))
        return;
    QElapsedTimer timer;
    timer.start();
    DemoOptions large;
    large.clients = 1000;
    large.files = 1000000;
    large.batchSize = 50000;
    m_million = populated(m_dir.filePath(QStringLiteral("million.db")), large);
    QVERIFY(m_million);
    qInfo("1,000,000-row database created in %lld ms", timer.elapsed());
    m_millionWorker = std::make_unique<DatabaseWorker>();
    m_millionWorker->setSession(m_million);
}

void TestModels::cleanupTestCase()
{
    m_worker.reset();
    m_millionWorker.reset();
    m_small.reset();
    m_million.reset();
#ifdef BACKUPDB_MODELS_ON_POSTGRES
    m_pg.drop();
    m_pg.stop();
#endif
}

void TestModels::fileModelShowsTheRepositoryRows_data()
{
    QTest::addColumn<int>("sortColumn"); // -1: table order
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<VerifiedFilter>("verified");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("oneClient");
    QTest::addColumn<Visit>("visit");

    const auto A = Qt::AscendingOrder, D = Qt::DescendingOrder;
    const auto any = VerifiedFilter::Any;
    QTest::newRow("table order, forwards")
            << -1 << A << any << QString() << false << Visit::Forwards;
    QTest::newRow("table order, backwards")
            << -1 << A << any << QString() << false << Visit::Backwards;
    QTest::newRow("table order, jumping") << -1 << A << any << QString() << false << Visit::Jumping;
    for (int column = 0; column < FileTableModel::ColumnCount; ++column) {
        for (auto order : { A, D }) {
            QTest::addRow("sort %d %s, jumping", column, order == A ? "asc" : "desc")
                    << column << order << any << QString() << false << Visit::Jumping;
        }
    }
    QTest::newRow("size desc, verified, backwards")
            << int(FileTableModel::Size) << D << VerifiedFilter::Verified << QString() << false
            << Visit::Backwards;
    QTest::newRow("unverified, jumping")
            << -1 << A << VerifiedFilter::Unverified << QString() << false << Visit::Jumping;
    QTest::newRow("name filter, name desc, jumping")
            << int(FileTableModel::Name) << D << any << QStringLiteral("a") << false
            << Visit::Jumping;
    QTest::newRow("one client, forwards") << -1 << A << any << QString() << true << Visit::Forwards;
    QTest::newRow("one client, modified asc, unverified, backwards")
            << int(FileTableModel::Modified) << A << VerifiedFilter::Unverified << QString() << true
            << Visit::Backwards;
    QTest::newRow("no match") << -1 << A << any << QStringLiteral("no such file") << false
                              << Visit::Forwards;
}

void TestModels::fileModelShowsTheRepositoryRows()
{
    QFETCH(int, sortColumn);
    QFETCH(Qt::SortOrder, order);
    QFETCH(VerifiedFilter, verified);
    QFETCH(QString, name);
    QFETCH(bool, oneClient);
    QFETCH(Visit, visit);

    FileTableModel model(m_worker.get(), nullptr, kPageSize);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(waitForCount(&model, int(m_small->files().count({}).valueOr(-1))));

    // Change everything at once, as an impatient operator would.
    FileQuery query;
    if (oneClient) {
        query.clientId = DemoGenerator().clientId(3);
        model.setClient(query.clientId);
    }
    model.setVerifiedFilter(verified);
    model.setNameFilter(name);
    model.sort(sortColumn, order);
    query.verified = verified;
    query.nameContains = name;
    query.sortColumn
            = model.headerData(sortColumn, Qt::Horizontal, PagedTableModel::SortKeyRole).toString();
    query.order = order == Qt::AscendingOrder ? SortOrder::Ascending : SortOrder::Descending;
    const QList<QByteArray> expected = expectedFiles(*m_small, query);
    QVERIFY(waitForCount(&model, int(expected.size())));

    QList<QByteArray> shown;
    QVERIFY(readAll(&model, visit, kPageSize, &shown));
    QCOMPARE(shown, expected);
    const PageLoaderStats stats = model.loaderStats();
    if (visit != Visit::Jumping)
        QCOMPARE(stats.anchorScans, 0); // forwards and backwards chain from page to page
    QVERIFY(stats.cachedPages <= 64);
}

void TestModels::clientModelShowsTheRepositoryRows_data()
{
    QTest::addColumn<int>("sortColumn");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QString>("name");
    QTest::addColumn<Visit>("visit");
    for (int column = -1; column < ClientTableModel::ColumnCount; ++column)
        for (auto order : { Qt::AscendingOrder, Qt::DescendingOrder })
            QTest::addRow("sort %d %s", column, order == Qt::AscendingOrder ? "asc" : "desc")
                    << column << order << QString() << Visit::Jumping;
    QTest::newRow("name filter, backwards")
            << int(ClientTableModel::FileCount) << Qt::DescendingOrder << QStringLiteral("1")
            << Visit::Backwards;
}

void TestModels::clientModelShowsTheRepositoryRows()
{
    QFETCH(int, sortColumn);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QString, name);
    QFETCH(Visit, visit);

    constexpr int kClientPageSize = 3; // 40 clients: 14 pages to visit in every order
    ClientTableModel model(m_worker.get(), nullptr, kClientPageSize);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setNameFilter(name);
    model.sort(sortColumn, order);
    ClientQuery query;
    query.nameContains = name;
    // Key columns cannot sort: the model stays in table order.
    query.sortColumn
            = model.headerData(sortColumn, Qt::Horizontal, PagedTableModel::SortKeyRole).toString();
    if (!query.sortColumn.isEmpty())
        query.order = order == Qt::AscendingOrder ? SortOrder::Ascending : SortOrder::Descending;
    const QList<QByteArray> expected = expectedClients(*m_small, query);
    QVERIFY(waitForCount(&model, int(expected.size())));

    QList<QByteArray> shown;
    QVERIFY(readAll(&model, visit, kClientPageSize, &shown));
    QCOMPARE(shown, expected);
}

void TestModels::clientModelMasksKeys()
{
    ClientTableModel model(m_worker.get(), nullptr, kPageSize);
    QVERIFY(waitForCount(&model, 40));
    QVERIFY(waitForRow(&model, 0));
    const QByteArray id = model.index(0, 0).data(PagedTableModel::IdRole).toByteArray();
    auto client = m_small->clients().get(id);
    QVERIFY(client.ok() && client->has_value());
    const ClientRecord &record = **client;
    QVERIFY(!record.aesKey.isEmpty());

    QCOMPARE(model.index(0, ClientTableModel::Name).data().toString(), record.name);
    QCOMPARE(QUuid(model.index(0, ClientTableModel::Id).data().toString()).toRfc4122(), id);
    const QString aes = model.index(0, ClientTableModel::AesKey).data().toString();
    const QString publicKey = model.index(0, ClientTableModel::PublicKey).data().toString();
    QCOMPARE(aes, maskSecret(record.aesKey));
    QCOMPARE(publicKey, maskSecret(record.publicKey));
    QVERIFY(QRegularExpression(QStringLiteral("^\\d+ bytes, SHA-256 [0-9a-f]{8}…$"))
                    .match(aes)
                    .hasMatch());
    // No cell of the row carries the key, in any role the views read.
    for (int column = 0; column < model.columnCount(); ++column) {
        for (int role : { int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::EditRole) }) {
            const QVariant v = model.index(0, column).data(role);
            QVERIFY(!v.toByteArray().contains(record.aesKey));
            QVERIFY(!v.toString().contains(QString::fromLatin1(record.aesKey.toHex())));
        }
    }
}

void TestModels::newestRequestWins()
{
    FileTableModel model(m_worker.get(), nullptr, kPageSize);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(waitForCount(&model, 3000));
    QVERIFY(waitForRow(&model, 0));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

    // Hold the worker's threads, so that every answer below comes back after the last request
    // (an answer that is ready at once would be applied at once, while it is still the newest).
    std::atomic<bool> gate { false };
    QList<QFuture<DbError>> blockers;
    for (int i = 0; i < m_worker->threadCount(); ++i)
        blockers.append(m_worker->run([&gate](Session &) {
            while (!gate.load())
                QThread::msleep(1);
            return DbError();
        }));
    // Typing "report" one key at a time, sorting meanwhile: only the last query may show.
    const QString typed = QStringLiteral("report");
    for (int i = 1; i <= typed.size(); ++i) {
        model.setNameFilter(typed.left(i));
        model.data(model.index(0, 0)); // a view painting between keys
        if (i == 3)
            model.sort(FileTableModel::Size, Qt::DescendingOrder);
    }
    // Until the newest answer arrives, the old rows stay (no flicker to an empty table).
    QCOMPARE(model.rowCount(), 3000);
    QVERIFY(isLoaded(&model, 0));
    gate = true;

    FileQuery query;
    query.nameContains = typed;
    query.sortColumn = QStringLiteral("FileSize");
    query.order = SortOrder::Descending;
    const QList<QByteArray> expected = expectedFiles(*m_small, query);
    QVERIFY(waitForCount(&model, int(expected.size())));
    for (auto &blocker : blockers)
        blocker.waitForFinished();
    QTRY_VERIFY(!model.isLoading());
    // Seven generations were asked for; only the newest one's answer reset the model.
    QCOMPARE(resets.size(), 1);
    QList<QByteArray> shown;
    QVERIFY(readAll(&model, Visit::Forwards, kPageSize, &shown));
    QCOMPARE(shown, expected);
    QCOMPARE(resets.size(), 1);
}

void TestModels::cacheStaysBounded()
{
    FileTableModel model(m_worker.get(), nullptr, 10); // 300 pages of 10
    QVERIFY(waitForCount(&model, 3000));
    for (int row = 0; row < model.rowCount(); row += 10)
        QVERIFY(waitForRow(&model, row));
    const PageLoaderStats stats = model.loaderStats();
    QVERIFY2(stats.cachedPages <= 64, qPrintable(QString::number(stats.cachedPages)));
    QVERIFY(!isLoaded(&model, 0)); // the pages farthest from the view went first
    QVERIFY(isLoaded(&model, 2999));
    QCOMPARE(stats.anchorScans, 0);
    // An evicted page comes back when the view returns to it.
    QVERIFY(waitForRow(&model, 0));
}

void TestModels::noDatabaseMeansNoRows()
{
    DatabaseWorker closed;
    FileTableModel files(&closed);
    ClientTableModel clients(&closed);
    QAbstractItemModelTester tester(&files, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(files.rowCount(), 0);
    QCOMPARE(clients.rowCount(), 0);
    files.setNameFilter(QStringLiteral("x"));
    files.sort(FileTableModel::Name);
    QCOMPARE(files.rowCount(), 0);
    // A database appears: the models load it.
    QSignalSpy counted(&files, &PagedTableModel::rowCountKnown);
    closed.setSession(m_small);
    QTRY_VERIFY_WITH_TIMEOUT(!counted.isEmpty(), kWaitMs); // may be answered at once
    FileQuery query;
    query.nameContains = QStringLiteral("x");
    QCOMPARE(files.rowCount(), int(m_small->files().count(query).valueOr(-1)));
    QVERIFY(waitForCount(&clients, 40));
}

void TestModels::millionRowsFirstAndLastPage()
{
    if (!m_million)
        QSKIP("BACKUPDB_SKIP_MILLION is set, or on PostgreSQL (the bench's page_fetch)");
    QElapsedTimer timer;
    timer.start();
    FileTableModel model(m_millionWorker.get()); // the default page size, as the app uses it
    QVERIFY(waitForCount(&model, 1000000));
    const qint64 countMs = timer.elapsed();
    QVERIFY(waitForRow(&model, 0));
    const qint64 firstMs = timer.elapsed();
    timer.restart();
    QVERIFY(waitForRow(&model, 999999));
    QVERIFY(waitForRow(&model, 999800));
    const qint64 lastMs = timer.elapsed();
    PageLoaderStats stats = model.loaderStats();
    qInfo("1M rows: count %lld ms, first page %lld ms (from construction), last page %lld ms; "
          "rows fetched %lld in %d requests, %d anchor scans",
          countMs, firstMs, lastMs, stats.rowsFetched, stats.pageRequests, stats.anchorScans);
    QVERIFY2(stats.rowsFetched < 5 * 200, qPrintable(QString::number(stats.rowsFetched)));
    QCOMPARE(stats.anchorScans, 0);

    // The last row is the file with the highest rowid (table order), the first the lowest.
    const QByteArray lastId = model.index(999999, 0).data(PagedTableModel::IdRole).toByteArray();
    FileQuery newest;
    newest.order = SortOrder::Descending;
    newest.limit = 1;
    QCOMPARE(m_million->files().page(newest)->rows.first().id, lastId);

    // A jump into the middle: one anchor scan, then the page, which is the right one.
    timer.restart();
    QVERIFY(waitForRow(&model, 500000));
    const qint64 middleMs = timer.elapsed();
    stats = model.loaderStats();
    QCOMPARE(stats.anchorScans, 1);
    FileQuery middle;
    middle.limit = 1;
    middle.after.atStart = false;
    middle.after.rowId = 500000; // the rows were written in one go: rowids 1..1,000,000
    QCOMPARE(model.index(500000, 0).data(PagedTableModel::IdRole).toByteArray(),
             m_million->files().page(middle)->rows.first().id);
    timer.restart();
    QVERIFY(waitForRow(&model, 750000)); // the anchors are known now: no second scan
    const qint64 secondJumpMs = timer.elapsed();
    QCOMPARE(model.loaderStats().anchorScans, 1);
    qInfo("1M rows: jump to the middle %lld ms (anchor scan included), next jump %lld ms; rows "
          "fetched %lld",
          middleMs, secondJumpMs, model.loaderStats().rowsFetched);

    // Sorted by name (an indexed column): first and last page again without loading the rest.
    timer.restart();
    model.sort(FileTableModel::Name, Qt::AscendingOrder);
    const qint64 before = model.loaderStats().rowsFetched;
    QVERIFY(waitForCount(&model, 1000000));
    QVERIFY(waitForRow(&model, 0));
    const qint64 sortedFirstMs = timer.elapsed();
    timer.restart();
    QVERIFY(waitForRow(&model, 999999));
    const qint64 sortedLastMs = timer.elapsed();
    const qint64 fetched = model.loaderStats().rowsFetched - before;
    qInfo("1M rows sorted by name: first page %lld ms, last page %lld ms, rows fetched %lld",
          sortedFirstMs, sortedLastMs, fetched);
    QVERIFY(fetched < 5 * 200);
    QVERIFY(model.index(0, 0).data().toString() <= model.index(999999, 0).data().toString());
}

QTEST_MAIN(TestModels)
#include "tst_models.moc"
