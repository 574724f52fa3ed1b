// The dashboard (G2) and the settings dialog (G5) over a temporary database, through a
// DatabaseWorker: the chart keeps its window and breaks its lines at gaps; after N refreshes
// the charts hold N points and the score and warnings are shown; a new page finds the history
// in the database; the page samples on its own at the configured interval (1-5 s); the settings
// dialog refuses bad values with a message naming them and returns the edited configuration.
#include "demo/demogenerator.h"
#include "dialogs/settingsdialog.h"
#include "pages/dashboardpage.h"
#include "testsupport.h"
#include "widgets/poolhealthchart.h"
#include "worker/databaseworker.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace backupdb;
using namespace backupdb::ui;

// Signals are counted with QTRY_COMPARE rather than awaited with QSignalSpy::wait(): work that is
// done before its continuation is attached runs the continuation at once, inside the call that
// asked for it, and wait() waits for a further emission.

namespace {
constexpr int kWaitMs = 30000;
} // namespace

class tst_Dashboard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void chartKeepsTheWindowAndBreaksAtGaps();
    void dashboardReceivesPointsAndScore();
    void dashboardHistoryIsPersisted();
    void dashboardRefreshesOnItsOwn();
    void settingsRefusesBadValues_data();
    void settingsRefusesBadValues();
    void settingsReturnsTheEditedConfig();

private:
    QTemporaryDir m_dir;
    AppConfig m_config;
    std::shared_ptr<Session> m_session;
    DatabaseWorker *m_worker = nullptr;
};

void tst_Dashboard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_session = test::openOrFail(test::options(m_dir.filePath(QStringLiteral("dashboard.db"))));
    QVERIFY(m_session);
    DemoOptions demo;
    demo.clients = 10;
    demo.files = 500;
    QVERIFY(demo::populate(m_session->database(), demo));
    m_config.backupFolder = m_dir.filePath(QStringLiteral("backups"));
    m_worker = new DatabaseWorker;
    m_worker->setSession(m_session);
}

void tst_Dashboard::cleanupTestCase()
{
    delete m_worker; // waits for its threads
    m_worker = nullptr;
    m_session.reset();
}

void tst_Dashboard::chartKeepsTheWindowAndBreaksAtGaps()
{
    PoolHealthChart chart;
    const int line = chart.addSeries(QStringLiteral("line"));
    chart.setWindow(10);
    chart.setGapThreshold(15000);
    const QDateTime start = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < 6; ++i)
        chart.append(line, start.addSecs(i), i);
    QCOMPARE(chart.segmentCount(line), 1);
    // An hour without samples: a new stretch of line, the points still counted together.
    for (int i = 0; i < 6; ++i)
        chart.append(line, start.addSecs(3600 + i), 10 + i);
    QCOMPARE(chart.segmentCount(line), 2);
    QCOMPARE(chart.pointCount(line), 10); // the window
    QCOMPARE(chart.lastValue(line), 15.0);
    QCOMPARE(chart.valueMaximum(), 20.0); // auto range: a round number above 15 * 1.1
    for (int i = 6; i < 12; ++i)
        chart.append(line, start.addSecs(3600 + i), 1);
    QCOMPARE(chart.segmentCount(line), 1); // the stretch before the gap left the window
    QCOMPARE(chart.pointCount(line), 10);
    chart.append(line, start.addSecs(3700), qQNaN()); // ignored
    QCOMPARE(chart.pointCount(line), 10);
    chart.clear();
    QCOMPARE(chart.pointCount(line), 0);
    QCOMPARE(chart.segmentCount(line), 1);
}

void tst_Dashboard::dashboardReceivesPointsAndScore()
{
    DashboardPage page(m_worker);
    page.setConfig(m_config);
    page.setPaused(true); // samples only when asked, so that they can be counted
    QTRY_VERIFY_WITH_TIMEOUT(page.isHistoryLoaded(), kWaitMs);
    auto *utilisation = page.findChild<PoolHealthChart *>(QStringLiteral("utilisationChart"));
    auto *connections = page.findChild<PoolHealthChart *>(QStringLiteral("connectionsChart"));
    auto *latency = page.findChild<PoolHealthChart *>(QStringLiteral("latencyChart"));
    auto *throughput = page.findChild<PoolHealthChart *>(QStringLiteral("throughputChart"));
    QVERIFY(utilisation && connections && latency && throughput);
    QCOMPARE(utilisation->pointCount(0), 0); // a new database has no history
    QCOMPARE(connections->seriesCount(), 3);
    QCOMPARE(page.healthScore(), -1);

    constexpr int kSamples = 6;
    for (int i = 0; i < kSamples; ++i) {
        QSignalSpy sampled(&page, &DashboardPage::sampled);
        page.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(sampled.count(), 1, kWaitMs);
    }
    QCOMPARE(utilisation->pointCount(0), kSamples);
    for (int s = 0; s < 3; ++s)
        QCOMPARE(connections->pointCount(s), kSamples);
    QCOMPARE(latency->pointCount(0), kSamples);
    QCOMPARE(throughput->pointCount(0),
             kSamples - 1); // the first sample has nothing to compare with
    QVERIFY(throughput->lastValue(0) > 0); // sampling itself runs statements

    const int score = page.healthScore();
    QVERIFY2(score >= 0 && score <= 100, qPrintable(QString::number(score)));
    auto *scoreLabel = page.findChild<QLabel *>(QStringLiteral("healthScore"));
    QVERIFY(scoreLabel);
    QCOMPARE(scoreLabel->text(), QString::number(score));
    // No backup yet: the warnings say so.
    QVERIFY2(page.warnings().join(QLatin1Char('|')).contains(QLatin1String("no backup")),
             qPrintable(page.warnings().join(QLatin1Char('|'))));
    auto *warnings = page.findChild<QListWidget *>(QStringLiteral("healthWarnings"));
    QVERIFY(warnings);
    QCOMPARE(warnings->count(), page.warnings().size());
    QVERIFY(score < 100);
    QCOMPARE(m_session->metricsHistory().count().valueOr(-1), kSamples);
}

void tst_Dashboard::dashboardHistoryIsPersisted()
{
    const qint64 stored = m_session->metricsHistory().count().valueOr(-1);
    QVERIFY(stored > 0);
    DashboardPage page(m_worker);
    page.setPaused(true);
    QTRY_VERIFY_WITH_TIMEOUT(page.isHistoryLoaded(), kWaitMs);
    auto *utilisation = page.findChild<PoolHealthChart *>(QStringLiteral("utilisationChart"));
    QCOMPARE(utilisation->pointCount(0), int(stored));
    QCOMPARE(page.findChild<PoolHealthChart *>(QStringLiteral("throughputChart"))->pointCount(0),
             int(stored) - 1);
    QVERIFY(utilisation->window() >= 75);
}

void tst_Dashboard::dashboardRefreshesOnItsOwn()
{
    DashboardPage page(m_worker);
    page.setRefreshInterval(200);
    QCOMPARE(page.refreshInterval(), 1000); // 1..5 s
    page.setRefreshInterval(60000);
    QCOMPARE(page.refreshInterval(), 5000);
    AppConfig config = m_config;
    config.refreshIntervalMs = 1000;
    page.setConfig(config);
    QCOMPARE(page.refreshInterval(), 1000);
    QTRY_VERIFY_WITH_TIMEOUT(page.isHistoryLoaded(), kWaitMs);
    auto *utilisation = page.findChild<PoolHealthChart *>(QStringLiteral("utilisationChart"));
    const int start = utilisation->pointCount(0);
    // One sample when the history is in, then one a second: three take about two seconds.
    QTRY_VERIFY_WITH_TIMEOUT(utilisation->pointCount(0) >= start + 3, kWaitMs);
    page.setPaused(true);
}

void tst_Dashboard::settingsRefusesBadValues_data()
{
    QTest::addColumn<QString>("widget");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("warning above critical")
            << QStringLiteral("sizeWarning") << QVariant(2000) << QStringLiteral("critical");
    QTest::newRow("slow above timeout")
            << QStringLiteral("slowQuery") << QVariant(40000) << QStringLiteral("query timeout");
    QTest::newRow("folder is a file")
            << QStringLiteral("backupFolder") << QVariant(QStringLiteral("<file>"))
            << QStringLiteral("is a file");
    QTest::newRow("relative folder")
            << QStringLiteral("backupFolder") << QVariant(QStringLiteral("backups/here"))
            << QStringLiteral("full path");
}

void tst_Dashboard::settingsRefusesBadValues()
{
    QFETCH(QString, widget);
    QFETCH(QVariant, value);
    QFETCH(QString, message);
    SettingsDialog dialog(AppConfig {});
    QVERIFY(dialog.problems().isEmpty()); // the defaults are valid
    if (auto *spin = dialog.findChild<QSpinBox *>(widget)) {
        spin->setValue(value.toInt());
        QCOMPARE(spin->value(), value.toInt());
    } else {
        auto *edit = dialog.findChild<QLineEdit *>(widget);
        QVERIFY(edit);
        QString text = value.toString();
        if (text == QLatin1String("<file>")) {
            text = m_dir.filePath(QStringLiteral("not-a-folder"));
            QFile file(text);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        edit->setText(text);
    }
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected)); // still open
    auto *errors = dialog.findChild<QLabel *>(QStringLiteral("settingsErrors"));
    QVERIFY(errors);
    QVERIFY(!errors->isHidden());
    QVERIFY2(errors->text().contains(message), qPrintable(errors->text()));
    QCOMPARE(dialog.problems().size(), 1);
}

void tst_Dashboard::settingsReturnsTheEditedConfig()
{
    AppConfig start;
    start.language = QStringLiteral("de");
    start.metricsPort = 9999; // not shown by the dialog: kept
    SettingsDialog dialog(start);
    QCOMPARE(dialog.config(), start);
    dialog.findChild<QSpinBox *>(QStringLiteral("coreSize"))->setValue(6);
    dialog.findChild<QSpinBox *>(QStringLiteral("refreshInterval"))->setValue(2);
    dialog.findChild<QSpinBox *>(QStringLiteral("keepLast"))->setValue(3);
    dialog.findChild<QLineEdit *>(QStringLiteral("backupFolder"))
            ->setText(m_dir.filePath(QStringLiteral("new/backups")));
    auto *language = dialog.findChild<QComboBox *>(QStringLiteral("language"));
    QCOMPARE(language->currentData().toString(), QStringLiteral("de"));
    language->setCurrentIndex(language->findData(QStringLiteral("fr")));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const AppConfig edited = dialog.config();
    QCOMPARE(edited.coreSize, 6);
    QCOMPARE(edited.refreshIntervalMs, 2000);
    QCOMPARE(edited.backupKeepLast, 3);
    QCOMPARE(edited.backupFolder, m_dir.filePath(QStringLiteral("new/backups")));
    QCOMPARE(edited.language, QStringLiteral("fr"));
    QCOMPARE(edited.metricsPort, 9999);
}

QTEST_MAIN(tst_Dashboard)
#include "tst_dashboard.moc"
