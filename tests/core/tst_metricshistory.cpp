// The dashboard's pool-health history (G2): samples survive a reopen, last(N) gives the newest N
// oldest first, a missing queries-per-second stays missing, prune removes by age only, bad input
// changes nothing, and the history row is written by migration 5 into an original server file.
#include "demo/demogenerator.h"
#include "maintenance/rowinspector.h"
#include "testsupport.h"

#include <QTest>

using namespace backupdb;

namespace {

MetricsSample sample(const QDateTime &at, int i)
{
    MetricsSample s;
    s.at = at;
    s.utilisationPercent = 10.0 * i;
    s.active = i;
    s.idle = 4 - i % 4;
    s.waiting = i % 3;
    s.acquireP95Ms = 0.25 * i;
    if (i % 2 == 0)
        s.queriesPerSecond = 100.0 + i;
    s.health = 100 - i;
    return s;
}

QDateTime base()
{
    return QDateTime(QDate(2025, 7, 29), QTime(12, 0, 0, 250), Qt::UTC);
}

} // namespace

class tst_MetricsHistory : public QObject
{
    Q_OBJECT

private slots:
    void roundTripAndReopen();
    void lastReturnsNewestOldestFirst_data();
    void lastReturnsNewestOldestFirst();
    void pruneRemovesOnlyOldSamples();
    void refusesBadInput();
    void migratesAnOriginalServerFile();
    void rowInspectorShowsRowsMasked();
};

void tst_MetricsHistory::roundTripAndReopen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.db"));
    QList<MetricsSample> written;
    {
        auto session = test::openOrFail(test::options(path));
        QVERIFY(session);
        for (int i = 0; i < 5; ++i) {
            written.append(sample(base().addSecs(i), i));
            QVERIFY(!session->metricsHistory().append(written.last()));
        }
    }
    auto session = test::openOrFail(test::options(path));
    QVERIFY(session);
    auto loaded = session->metricsHistory().last(100);
    QVERIFY2(loaded, qPrintable(loaded.error().message()));
    QCOMPARE(loaded->size(), 5);
    QCOMPARE(loaded.value(), written);
    QVERIFY(!loaded->at(1).queriesPerSecond.has_value());
    QCOMPARE(*loaded->at(2).queriesPerSecond, 102.0);
    QCOMPARE(loaded->at(0).at.timeSpec(), Qt::UTC);
}

void tst_MetricsHistory::lastReturnsNewestOldestFirst_data()
{
    QTest::addColumn<int>("stored");
    QTest::addColumn<int>("asked");
    QTest::newRow("fewer than asked") << 3 << 10;
    QTest::newRow("exactly") << 10 << 10;
    QTest::newRow("more than asked") << 40 << 7;
    QTest::newRow("one") << 5 << 1;
}

void tst_MetricsHistory::lastReturnsNewestOldestFirst()
{
    QFETCH(int, stored);
    QFETCH(int, asked);
    QTemporaryDir dir;
    auto session = test::openOrFail(test::options(dir.filePath(QStringLiteral("h.db"))));
    QVERIFY(session);
    // Appended newest first: the order of the rows must not matter, only their times.
    for (int i = stored - 1; i >= 0; --i)
        QVERIFY(!session->metricsHistory().append(sample(base().addSecs(i), i)));
    auto loaded = session->metricsHistory().last(asked);
    QVERIFY(loaded);
    const int expected = std::min(stored, asked);
    QCOMPARE(loaded->size(), expected);
    for (int k = 0; k < expected; ++k)
        QCOMPARE(loaded->at(k).at, base().addSecs(stored - expected + k));
}

void tst_MetricsHistory::pruneRemovesOnlyOldSamples()
{
    QTemporaryDir dir;
    auto session = test::openOrFail(test::options(dir.filePath(QStringLiteral("h.db"))));
    QVERIFY(session);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // 10, 9, 8 and 7 days and a minute ago, ...: 4 older than 7 days. A minute off the
    // boundary: a sample exactly 7 days old is kept when the prune runs in the same millisecond.
    for (int i = 0; i < 12; ++i)
        QVERIFY(!session->metricsHistory().append(
                sample(now.addDays(-10).addDays(i).addSecs(-60), i)));
    QCOMPARE(session->metricsHistory().count().valueOr(-1), 12);
    auto pruned = session->metricsHistory().prune(7);
    QVERIFY2(pruned, qPrintable(pruned.error().message()));
    QCOMPARE(pruned.value(), 4);
    QCOMPARE(session->metricsHistory().count().valueOr(-1), 8);
    auto left = session->metricsHistory().last(100);
    QVERIFY(left);
    for (const MetricsSample &s : left.value())
        QVERIFY(s.at >= now.addDays(-7));
    QCOMPARE(session->metricsHistory().prune(7).valueOr(-1), 0);
}

void tst_MetricsHistory::refusesBadInput()
{
    QTemporaryDir dir;
    auto session = test::openOrFail(test::options(dir.filePath(QStringLiteral("h.db"))));
    QVERIFY(session);
    MetricsHistory &h = session->metricsHistory();
    QCOMPARE(h.append(MetricsSample {}).kind(), DbError::Kind::InvalidInput); // no time
    MetricsSample nan = sample(base(), 1);
    nan.acquireP95Ms = std::numeric_limits<double>::quiet_NaN();
    QCOMPARE(h.append(nan).kind(), DbError::Kind::InvalidInput);
    QCOMPARE(h.last(0).error().kind(), DbError::Kind::InvalidInput);
    QCOMPARE(h.last(MetricsHistory::kMaxLoad + 1).error().kind(), DbError::Kind::InvalidInput);
    QCOMPARE(h.prune(0).error().kind(), DbError::Kind::InvalidInput);
    QCOMPARE(h.count().valueOr(-1), 0);
}

void tst_MetricsHistory::migratesAnOriginalServerFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("server.db"));
    test::writeOriginalDatabase(path, 3, 2, 1);
    auto session = test::openOrFail(test::options(path));
    QVERIFY(session);
    QVERIFY(session->migration().applied.join(QLatin1Char('|')).contains(QLatin1String("5: ")));
    QVERIFY(!session->metricsHistory().append(sample(base(), 3)));
    QCOMPARE(session->metricsHistory().count().valueOr(-1), 1);
    // The index serves ORDER BY at (the dashboard loads the newest rows at every start).
    QString plan;
    const DbError e = session->database().read([&](ConnectionLease &lease) {
        return session->database().forEachRow(
                lease,
                QStringLiteral("EXPLAIN QUERY PLAN SELECT at FROM bdba_metrics_history "
                               "ORDER BY at DESC LIMIT 10"),
                {}, [&](const QSqlQuery &q) { plan += q.value(3).toString(); });
    });
    QVERIFY(!e);
    QVERIFY2(plan.contains(QLatin1String("bdba_metrics_history_at")), qPrintable(plan));
}

void tst_MetricsHistory::rowInspectorShowsRowsMasked()
{
    QTemporaryDir dir;
    auto session = test::openOrFail(test::options(dir.filePath(QStringLiteral("r.db"))));
    QVERIFY(session);
    DemoOptions d;
    d.clients = 3;
    d.files = 12;
    QVERIFY(demo::populate(session->database(), d));
    RowInspector inspector(session->database());
    auto clients = inspector.rows(QStringLiteral("clients"), { 3, 1, 999 });
    QVERIFY2(clients, qPrintable(clients.error().message()));
    QCOMPARE(clients->rows.size(), 2); // 999 does not exist
    QCOMPARE(clients->rows.at(0).at(0), QStringLiteral("1"));
    const int aes = int(clients->columns.indexOf(QStringLiteral("AESKey")));
    const int id = int(clients->columns.indexOf(QStringLiteral("ID")));
    QVERIFY(aes > 0 && id > 0);
    QVERIFY2(clients->rows.at(0).at(aes).contains(QLatin1String("SHA-256")),
             qPrintable(clients->rows.at(0).at(aes)));
    QCOMPARE(clients->rows.at(0).at(id).size(), 36); // a UUID
    QCOMPARE(inspector.rows(QStringLiteral("sqlite_master"), { 1 }).error().kind(),
             DbError::Kind::InvalidInput);
    auto none = inspector.rows(QStringLiteral("files"), {});
    QVERIFY(none && none->rows.isEmpty());
}

QTEST_GUILESS_MAIN(tst_MetricsHistory)
#include "tst_metricshistory.moc"
