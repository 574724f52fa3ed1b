// The maintenance pages over a temporary demo database with orphans, through a DatabaseWorker:
// "Back up now" lists a verified backup; a full check lists the orphans and shows their rows;
// the orphan cleanup goes through its confirmation (declining changes nothing) and removes
// exactly the orphans; the audit page pages through the log and sorts; a restore brings the old
// rows back and every page reloads. (The dashboard and the settings dialog: tst_dashboard.)
#include "demo/demogenerator.h"
#include "pages/auditpage.h"
#include "pages/backupspage.h"
#include "pages/integritypage.h"
#include "messageboxanswer.h"
#include "testsupport.h"
#include "widgets/messagebanner.h"
#include "worker/databaseworker.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <sqlite3.h>

using namespace backupdb;
using namespace backupdb::ui;

// Signals are counted with QTRY_COMPARE rather than awaited with QSignalSpy::wait(): work that is
// done before its continuation is attached runs the continuation at once, inside the call that
// asked for it, and wait() waits for a further emission.

namespace {

constexpr int kClients = 25;
constexpr int kFiles = 3000;
constexpr int kOrphans = 7;
constexpr int kWaitMs = 30000;

// Counts on a connection of its own, past the pool and the services under test.
qint64 count(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    qint64 n = -1;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr)
        == SQLITE_OK) {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK
            && sqlite3_step(stmt) == SQLITE_ROW)
            n = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return n;
}

const char *const kOrphanCount = "SELECT COUNT(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM "
                                 "clients c WHERE c.ID = f.ClientID)";
const char *const kOwnedCount = "SELECT COUNT(*) FROM files f WHERE EXISTS (SELECT 1 FROM clients "
                                "c WHERE c.ID = f.ClientID)";
const char *const kClientCount = "SELECT COUNT(*) FROM clients";

} // namespace

class tst_Pages : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void backUpNowListsAVerifiedBackup();
    void fullCheckShowsFindingsAndRows();
    void orphanCleanupThroughConfirmation();
    void auditPagePagesAndSorts();
    void restoreBringsTheOldRowsBack();

private:
    QTemporaryDir m_dir;
    QString m_path;
    AppConfig m_config;
    std::shared_ptr<Session> m_session;
    DatabaseWorker *m_worker = nullptr;
    QString m_firstBackup;
};

void tst_Pages::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("pages.db"));
    m_session = test::openOrFail(test::options(m_path));
    QVERIFY(m_session);
    DemoOptions demo;
    demo.clients = kClients;
    demo.files = kFiles;
    demo.orphans = kOrphans;
    auto populated = demo::populate(m_session->database(), demo);
    QVERIFY2(populated, qPrintable(populated.error().message()));
    QCOMPARE(count(m_path, kOrphanCount), kOrphans);
    m_config.backupFolder = m_dir.filePath(QStringLiteral("backups"));
    m_worker = new DatabaseWorker;
    m_worker->setSession(m_session);
}

void tst_Pages::cleanupTestCase()
{
    delete m_worker; // waits for its threads
    m_worker = nullptr;
    m_session.reset();
}

void tst_Pages::backUpNowListsAVerifiedBackup()
{
    BackupsPage page(m_worker);
    page.setConfig(m_config);
    QCOMPARE(page.backupFolder(), m_config.backupFolder);
    QSignalSpy finished(&page, &BackupsPage::backupFinished);
    QSignalSpy loaded(&page, &BackupsPage::backupsLoaded);
    auto *button = page.findChild<QPushButton *>(QStringLiteral("backUpNowButton"));
    QVERIFY(button && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!button->isEnabled()); // one backup at a time
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kWaitMs);
    QCOMPARE(finished.first().first().toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(page.backups().size(), 1, kWaitMs);
    const BackupInfo backup = page.backups().first();
    QVERIFY(backup.verified);
    QVERIFY(QFileInfo::exists(backup.path));
    QCOMPARE(QFileInfo(backup.path).absolutePath(), QDir(m_config.backupFolder).absolutePath());
    auto *list = page.findChild<QTableWidget *>(QStringLiteral("backupList"));
    QCOMPARE(list->rowCount(), 1);
    QVERIFY2(list->item(0, 3)->text().startsWith(QLatin1String("yes")),
             qPrintable(list->item(0, 3)->text()));
    QCOMPARE(page.selectedPath(), backup.path); // the new backup is selected
    QVERIFY(button->isEnabled());
    QCOMPARE(m_worker->runningJobs(), 0); // the job ended: its progress is gone
    m_firstBackup = backup.path;

    QSignalSpy verified(&page, &BackupsPage::verifyFinished);
    page.verifySelected();
    QTRY_COMPARE_WITH_TIMEOUT(verified.count(), 1, kWaitMs);
    QCOMPARE(verified.first().first().toBool(), true);
    QVERIFY(page.findChild<MessageBanner *>()->text().contains(QLatin1String("intact")));
}

void tst_Pages::fullCheckShowsFindingsAndRows()
{
    IntegrityPage page(m_worker);
    page.setConfig(m_config);
    QTRY_COMPARE_WITH_TIMEOUT(page.orphanCount(), qint64(kOrphans), kWaitMs);
    QSignalSpy checked(&page, &IntegrityPage::checkFinished);
    page.runFullCheck();
    QVERIFY(page.isBusy());
    QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, kWaitMs);
    QCOMPARE(checked.first().first().toBool(), true);
    QVERIFY(page.report());
    QCOMPARE(page.report()->depth, IntegrityReport::Depth::Full);
    QCOMPARE(page.report()->orphanedFiles, qint64(kOrphans));

    auto *findings = page.findChild<QTreeWidget *>(QStringLiteral("findings"));
    QVERIFY(findings);
    QCOMPARE(findings->topLevelItemCount(), int(page.report()->findings.size()));
    QTreeWidgetItem *orphans = nullptr;
    for (int i = 0; i < findings->topLevelItemCount(); ++i)
        if (findings->topLevelItem(i)->text(0).contains(QLatin1String("belong to no client")))
            orphans = findings->topLevelItem(i);
    QVERIFY(orphans);
    QCOMPARE(orphans->text(2), QString::number(kOrphans));
    QVERIFY(!orphans->icon(0).isNull());

    QSignalSpy rows(&page, &IntegrityPage::findingRowsLoaded);
    findings->setCurrentItem(orphans);
    QTRY_COMPARE_WITH_TIMEOUT(rows.count(), 1, kWaitMs);
    QCOMPARE(rows.first().first().toInt(), kOrphans);
    auto *table = page.findChild<QTableWidget *>(QStringLiteral("findingRows"));
    QCOMPARE(table->rowCount(), kOrphans);
    const IntegrityFinding finding
            = page.report()->findings.at(orphans->data(0, Qt::UserRole).toInt());
    QSet<qint64> shown;
    for (int r = 0; r < table->rowCount(); ++r)
        shown.insert(table->item(r, 0)->text().toLongLong());
    QCOMPARE(shown, QSet<qint64>(finding.rowIds.cbegin(), finding.rowIds.cend()));
    auto *preview = page.findChild<QTableWidget *>(QStringLiteral("orphanPreview"));
    QCOMPARE(preview->rowCount(), kOrphans);
}

void tst_Pages::orphanCleanupThroughConfirmation()
{
    const qint64 clients = count(m_path, kClientCount);
    const qint64 owned = count(m_path, kOwnedCount);
    QCOMPARE(count(m_path, kOrphanCount), kOrphans);
    QVERIFY(clients == kClients && owned > 0);
    const qint64 backupsBefore = m_session->backups().list(m_config.backupFolder)->size();

    IntegrityPage page(m_worker);
    page.setConfig(m_config);
    QTRY_COMPARE_WITH_TIMEOUT(page.orphanCount(), qint64(kOrphans), kWaitMs);
    auto *cleanUp = page.findChild<QPushButton *>(QStringLiteral("cleanUpButton"));
    QVERIFY(cleanUp && cleanUp->isEnabled());

    // Declined: nothing happens.
    {
        MessageBoxAnswer answer(MessageBoxAnswer::Choice::Cancel);
        QTest::mouseClick(cleanUp, Qt::LeftButton);
        QVERIFY(answer.answered());
        QVERIFY(!page.isBusy());
        QCOMPARE(count(m_path, kOrphanCount), kOrphans);
    }

    QSignalSpy finished(&page, &IntegrityPage::cleanupFinished);
    MessageBoxAnswer answer(MessageBoxAnswer::Choice::Accept);
    QTest::mouseClick(cleanUp, Qt::LeftButton);
    QVERIFY(answer.answered());
    // The confirmation says how many rows go and that a backup is taken first.
    QVERIFY2(answer.text().contains(QString::number(kOrphans)), qPrintable(answer.text()));
    QVERIFY2(answer.text().contains(QLatin1String("backup")), qPrintable(answer.text()));
    QVERIFY2(answer.text().contains(QDir::toNativeSeparators(m_config.backupFolder)),
             qPrintable(answer.text()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kWaitMs);
    QCOMPARE(finished.first().first().toBool(), true);

    QCOMPARE(count(m_path, kOrphanCount), 0);
    QCOMPARE(count(m_path, kClientCount), clients);
    QCOMPARE(count(m_path, kOwnedCount), owned);
    QTRY_COMPARE_WITH_TIMEOUT(page.orphanCount(), qint64(0), kWaitMs);
    const QString banner = page.findChild<MessageBanner *>()->text();
    QVERIFY2(banner.contains(QLatin1String("Deleted 7 of 7"))
                     && banner.contains(QLatin1String("audit")),
             qPrintable(banner));
    QCOMPARE(m_session->backups().list(m_config.backupFolder)->size(), backupsBefore + 1);
    AuditQuery query;
    query.action = QStringLiteral("orphan-cleanup");
    auto entries = m_session->audit().entries(query);
    QVERIFY(entries && entries->size() == 1);
    QVERIFY(entries->first().details.contains(QLatin1String("\"deleted\":7")));
    // The page ran a quick check afterwards: the orphans finding is gone.
    QTRY_VERIFY_WITH_TIMEOUT(!page.isBusy() && page.report() && page.report()->orphanedFiles == 0,
                             kWaitMs);
    QVERIFY(!cleanUp->isEnabled());
}

void tst_Pages::auditPagePagesAndSorts()
{
    for (int i = 0; i < 2 * AuditPage::kPageSize + 50; ++i)
        QVERIFY(!m_session->audit().record(QStringLiteral("vacuum"),
                                           { { QStringLiteral("n"), i } }));
    const qint64 total = m_session->audit().count().valueOr(-1);
    AuditPage page(m_worker);
    page.resize(900, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *view = page.findChild<QTableView *>(QStringLiteral("auditView"));
    QVERIFY(view);
    QAbstractItemModelTester tester(view->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE_WITH_TIMEOUT(page.auditModel()->rowCount(), AuditPage::kPageSize, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(page.auditTotal(), total, kWaitMs);
    auto *more = page.findChild<QPushButton *>(QStringLiteral("loadMoreButton"));
    while (more->isEnabled()) {
        const int before = page.auditModel()->rowCount();
        QTest::mouseClick(more, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page.auditModel()->rowCount() > before || !more->isEnabled(),
                                 kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(page.auditModel()->rowCount() == total || more->isEnabled(),
                                 kWaitMs);
    }
    QCOMPARE(page.auditModel()->rowCount(), int(total));
    // Sorted by time, newest first; then by action.
    QAbstractItemModel *sorted = view->model();
    QVERIFY(sorted->index(0, 0).data(AuditPage::kSortRole).toLongLong()
            > sorted->index(sorted->rowCount() - 1, 0).data(AuditPage::kSortRole).toLongLong());
    view->sortByColumn(2, Qt::AscendingOrder);
    QCOMPARE(sorted->index(0, 2).data().toString(), QStringLiteral("DELETE"));
    QStringList actions;
    for (int r = 0; r < sorted->rowCount(); ++r)
        actions.append(sorted->index(r, 2).data().toString());
    QVERIFY(actions.contains(QStringLiteral("backup")));
    QVERIFY(actions.contains(QStringLiteral("orphan-cleanup")));
    QCOMPARE(actions.count(QStringLiteral("DELETE")), kOrphans); // the audit triggers
    QStringList sortedCopy = actions;
    std::sort(sortedCopy.begin(), sortedCopy.end());
    QCOMPARE(actions, sortedCopy);

    // The query statistics: statements and their timings.
    QTRY_VERIFY_WITH_TIMEOUT(page.statementModel()->rowCount() > 0, kWaitMs);
    QAbstractItemModelTester statementTester(
            page.findChild<QTableView *>(QStringLiteral("statementView"))->model(),
            QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_Pages::restoreBringsTheOldRowsBack()
{
    QVERIFY(!m_firstBackup.isEmpty());
    QCOMPARE(count(m_path, kOrphanCount), 0);
    IntegrityPage integrity(m_worker); // another page, to see that it reloads
    integrity.setConfig(m_config);
    QTRY_COMPARE_WITH_TIMEOUT(integrity.orphanCount(), qint64(0), kWaitMs);
    BackupsPage page(m_worker);
    page.setConfig(m_config);
    QTRY_VERIFY_WITH_TIMEOUT(page.backups().size() >= 2, kWaitMs);
    const int before = int(page.backups().size());
    page.selectBackup(m_firstBackup);
    QCOMPARE(page.selectedPath(), m_firstBackup);

    QSignalSpy restored(&page, &BackupsPage::restoreFinished);
    MessageBoxAnswer answer(MessageBoxAnswer::Choice::Accept);
    page.restoreSelected();
    QVERIFY(answer.answered());
    QVERIFY2(answer.text().contains(QLatin1String("backed up")), qPrintable(answer.text()));
    QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, kWaitMs);
    QCOMPARE(restored.first().first().toBool(), true);
    QCOMPARE(count(m_path, kOrphanCount), kOrphans); // the backup was taken before the cleanup
    QTRY_COMPARE_WITH_TIMEOUT(integrity.orphanCount(), qint64(kOrphans), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(int(page.backups().size()), before + 1, kWaitMs); // the safety backup
}

QTEST_MAIN(tst_Pages)
#include "tst_pages.moc"
