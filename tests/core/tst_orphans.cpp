// Orphan cleanup (M2; fix 12, improvement 17): the preview matches an independent query; the
// cleanup deletes exactly the orphaned rows (every other row unchanged, by hash), after a backup
// that still holds them, in bounded batches, with an audit entry for the action and one per
// deleted row; cancelling and having nothing to do change nothing.
#include "db/sqlitenative.h"
#include "maintenancefixture.h"
#include "nativeconnection.h"
#include "testsupport.h"

#include <QDir>
#include <QJsonObject>
#include <QTest>
#include <sqlite3.h>

using namespace backupdb;

namespace {

const QString kOrphans = QStringLiteral("files.ClientID NOT IN (SELECT ID FROM clients)");
const QString kNotOrphans = QStringLiteral("files.ClientID IN (SELECT ID FROM clients)");

} // namespace

class tst_Orphans : public QObject
{
    Q_OBJECT

private slots:
    void previewMatchesQuery_data();
    void previewMatchesQuery();
    void cleanupRemovesExactlyTheOrphans();
    void batches_data();
    void batches();
    void cancelBeforeStart();
    void cancelAfterFirstBatch();
    void nothingToDo();
    void badBatchSize();

private:
    const test::MaintenanceFixture m_fixture { test::MaintenanceFixture::QuickCheck::Skipped };
};

void tst_Orphans::previewMatchesQuery_data()
{
    QTest::addColumn<int>("orphans");
    QTest::addColumn<int>("limit");
    QTest::newRow("23 orphans, limit 10") << 23 << 10;
    QTest::newRow("23 orphans, limit 0") << 23 << 0;
    QTest::newRow("23 orphans, limit 1000") << 23 << 1000;
    QTest::newRow("no orphans") << 0 << 100;
}

void tst_Orphans::previewMatchesQuery()
{
    QFETCH(int, orphans);
    QFETCH(int, limit);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.db"));
    auto session = m_fixture.serverSession(path, 5, 10, orphans);
    QVERIFY(session);

    QStringList expected;
    {
        test::NativeConnection native(path);
        QVERIFY(native.isOpen());
        QCOMPARE(native.integer(QStringLiteral("SELECT COUNT(*) FROM files WHERE ") + kOrphans),
                 orphans);
        for (const QString &row :
             native.typedRows(QStringLiteral("SELECT ID, FileName, ClientID FROM files WHERE ")
                              + kOrphans + QStringLiteral(" ORDER BY rowid")))
            expected.append(row);
    }

    auto preview = session->orphans().preview(limit);
    QVERIFY2(preview, qPrintable(preview.error().message()));
    QCOMPARE(preview->count, orphans);
    QCOMPARE(preview->rows.size(), std::min(limit, orphans));
    for (qsizetype i = 0; i < preview->rows.size(); ++i) {
        const FileRecord &f = preview->rows.at(i);
        const QString row = QStringLiteral("4:%1:%2|3:%3:%4|4:%5:%6|")
                                    .arg(f.id.size())
                                    .arg(QString::fromLatin1(f.id.toHex()))
                                    .arg(f.fileName.toUtf8().size())
                                    .arg(QString::fromLatin1(f.fileName.toUtf8().toHex()))
                                    .arg(f.clientId.size())
                                    .arg(QString::fromLatin1(f.clientId.toHex()));
        QCOMPARE(row, expected.at(i));
        QVERIFY(f.rowId > 0);
    }
    // A preview changes nothing.
    test::NativeConnection native(path);
    QCOMPARE(native.integer(QStringLiteral("SELECT COUNT(*) FROM files WHERE ") + kOrphans),
             orphans);

    QVERIFY(!session->orphans().preview(-1));
}

void tst_Orphans::cleanupRemovesExactlyTheOrphans()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.db"));
    auto session = m_fixture.serverSession(path, 6, 30, 23);
    QVERIFY(session);

    const QString keptFiles = QStringLiteral("SELECT rowid, * FROM files WHERE ") + kNotOrphans
            + QStringLiteral(" ORDER BY rowid");
    const QString allClients = QStringLiteral("SELECT rowid, * FROM clients ORDER BY rowid");
    QByteArray filesBefore, clientsBefore;
    qint64 keptCount = 0;
    QStringList orphanIds;
    {
        test::NativeConnection native(path);
        QVERIFY(native.isOpen());
        filesBefore = native.hash(keptFiles);
        clientsBefore = native.hash(allClients);
        keptCount
                = native.integer(QStringLiteral("SELECT COUNT(*) FROM files WHERE ") + kNotOrphans);
        for (const QString &row :
             native.typedRows(QStringLiteral("SELECT ID FROM files WHERE ") + kOrphans))
            orphanIds.append(row.section(QLatin1Char(':'), 2).chopped(1).toUpper());
    }
    QCOMPARE(keptCount, 180);
    QCOMPARE(orphanIds.size(), 23);

    const QString folder = dir.filePath(QStringLiteral("backups"));
    QList<double> progress;
    auto result = session->orphans().cleanup(folder, 500, [&](double f) { progress.append(f); });
    QVERIFY2(result, qPrintable(result.error().message()));
    QCOMPARE(result->found, 23);
    QCOMPARE(result->deleted, 23);
    QCOMPARE(result->batches, 1);
    QVERIFY(!result->cancelled);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last(), 1.0);

    {
        test::NativeConnection native(path);
        QCOMPARE(native.integer(QStringLiteral("SELECT COUNT(*) FROM files WHERE ") + kOrphans), 0);
        QCOMPARE(native.integer(QStringLiteral("SELECT COUNT(*) FROM files")), keptCount);
        QCOMPARE(native.hash(keptFiles), filesBefore);
        QCOMPARE(native.hash(allClients), clientsBefore);
        // The counters followed.
        QCOMPARE(native.integer(QStringLiteral("SELECT files FROM bdba_counters")), keptCount);
    }

    // The backup was taken first: it exists and still holds the orphans.
    QVERIFY(!result->backupPath.isEmpty());
    QVERIFY(QFileInfo::exists(result->backupPath));
    QCOMPARE(QFileInfo(result->backupPath).absolutePath(), QDir(folder).absolutePath());
    {
        test::NativeConnection backup(result->backupPath);
        QVERIFY(backup.isOpen());
        QCOMPARE(backup.integer(QStringLiteral("SELECT COUNT(*) FROM files WHERE ") + kOrphans),
                 23);
        QCOMPARE(backup.integer(QStringLiteral("SELECT COUNT(*) FROM files")), keptCount + 23);
    }

    // The audit: one entry for the action, one per deleted row.
    const QList<AuditEntry> actions
            = test::auditEntries(*session, QStringLiteral("orphan-cleanup"));
    QCOMPARE(actions.size(), 1);
    const QJsonObject details = test::detailsOf(actions.first());
    QCOMPARE(details.value(QStringLiteral("deleted")).toInteger(), 23);
    QCOMPARE(details.value(QStringLiteral("found")).toInteger(), 23);
    QCOMPARE(details.value(QStringLiteral("backup")).toString(), result->backupPath);
    QCOMPARE(actions.first().osUser, AuditLog::osUser());

    const QList<AuditEntry> rows = test::auditEntries(*session, QStringLiteral("DELETE"));
    QCOMPARE(rows.size(), 23);
    QStringList audited;
    for (const AuditEntry &e : rows) {
        QCOMPARE(e.table, QStringLiteral("files"));
        QCOMPARE(e.osUser, AuditLog::osUser());
        audited.append(e.rowId.toUpper());
    }
    audited.sort();
    orphanIds.sort();
    QCOMPARE(audited, orphanIds);

    // And the integrity report agrees.
    auto report = session->integrity().check(IntegrityReport::Depth::Full);
    QVERIFY(report);
    QCOMPARE(report->orphanedFiles, 0);
    QCOMPARE(report->foreignKeyViolations, 0);
    QVERIFY(report->countersExact);
}

void tst_Orphans::batches_data()
{
    QTest::addColumn<int>("orphans");
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<int>("batches");
    QTest::newRow("50 by 7") << 50 << 7 << 8;
    QTest::newRow("50 by 10") << 50 << 10 << 5;
    QTest::newRow("50 by 1") << 50 << 1 << 50;
    QTest::newRow("50 by 50") << 50 << 50 << 1;
    QTest::newRow("50 by 500") << 50 << 500 << 1;
    QTest::newRow("3 by 2") << 3 << 2 << 2;
}

void tst_Orphans::batches()
{
    QFETCH(int, orphans);
    QFETCH(int, batchSize);
    QFETCH(int, batches);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.db"));
    auto session = m_fixture.serverSession(path, 3, 10, orphans);
    QVERIFY(session);
    auto result = session->orphans().cleanup(dir.filePath(QStringLiteral("backups")), batchSize);
    QVERIFY2(result, qPrintable(result.error().message()));
    QCOMPARE(result->found, orphans);
    QCOMPARE(result->deleted, orphans);
    QCOMPARE(result->batches, batches);
    test::NativeConnection native(path);
    QCOMPARE(native.integer(QStringLiteral("SELECT COUNT(*) FROM files")), 30);
    const QList<AuditEntry> actions
            = test::auditEntries(*session, QStringLiteral("orphan-cleanup"));
    QCOMPARE(actions.size(), 1);
    const QJsonObject details = test::detailsOf(actions.first());
    QCOMPARE(details.value(QStringLiteral("batches")).toInt(), batches);
}

void tst_Orphans::cancelBeforeStart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.db"));
    auto session = m_fixture.serverSession(path, 3, 10, 20);
    QVERIFY(session);
    const QByteArray hash = test::fileHash(path);
    CancelFlag cancel { true };
    const QString folder = dir.filePath(QStringLiteral("backups"));
    auto result = session->orphans().cleanup(folder, 5, {}, &cancel);
    QVERIFY2(result, qPrintable(result.error().message()));
    QVERIFY(result->cancelled);
    QCOMPARE(result->deleted, 0);
    QCOMPARE(result->batches, 0);
    QVERIFY(result->backupPath.isEmpty());
    QCOMPARE(test::fileHash(path), hash);
    QCOMPARE(test::entriesIn(folder), QStringList());
    test::NativeConnection native(path);
    QCOMPARE(native.integer(QStringLiteral("SELECT COUNT(*) FROM files WHERE ") + kOrphans), 20);
}

void tst_Orphans::cancelAfterFirstBatch()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.db"));
    auto session = m_fixture.serverSession(path, 3, 10, 50);
    QVERIFY(session);
    CancelFlag cancel { false };
    // Progress above 0.3 means a batch was deleted (the backup reports 0..0.3).
    auto result = session->orphans().cleanup(
            dir.filePath(QStringLiteral("backups")), 7,
            [&](double f) {
                if (f > 0.3)
                    cancel = true;
            },
            &cancel);
    QVERIFY2(result, qPrintable(result.error().message()));
    QVERIFY(result->cancelled);
    QCOMPARE(result->found, 50);
    QCOMPARE(result->batches, 1);
    QCOMPARE(result->deleted, 7);
    QVERIFY(QFileInfo::exists(result->backupPath));
    test::NativeConnection native(path);
    QCOMPARE(native.integer(QStringLiteral("SELECT COUNT(*) FROM files WHERE ") + kOrphans), 43);
    const QList<AuditEntry> actions
            = test::auditEntries(*session, QStringLiteral("orphan-cleanup"));
    QCOMPARE(actions.size(), 1);
    const QJsonObject details = test::detailsOf(actions.first());
    QCOMPARE(details.value(QStringLiteral("deleted")).toInt(), 7);
    QCOMPARE(details.value(QStringLiteral("cancelled")).toBool(), true);
}

void tst_Orphans::nothingToDo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.db"));
    auto session = m_fixture.serverSession(path, 4, 10, 0);
    QVERIFY(session);
    const QString folder = dir.filePath(QStringLiteral("backups"));
    auto result = session->orphans().cleanup(folder);
    QVERIFY2(result, qPrintable(result.error().message()));
    QCOMPARE(result->found, 0);
    QCOMPARE(result->deleted, 0);
    QCOMPARE(result->batches, 0);
    QVERIFY(result->backupPath.isEmpty());
    QVERIFY(!result->cancelled);
    QCOMPARE(test::entriesIn(folder), QStringList());
    auto listed = session->backups().list(folder);
    QVERIFY(listed);
    QVERIFY(listed->isEmpty());
    test::NativeConnection native(path);
    QCOMPARE(native.integer(QStringLiteral("SELECT COUNT(*) FROM files")), 40);
}

void tst_Orphans::badBatchSize()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.db"));
    auto session = m_fixture.serverSession(path, 2, 2, 5);
    QVERIFY(session);
    for (int size : { 0, -1, 100001 }) {
        auto result = session->orphans().cleanup(dir.filePath(QStringLiteral("backups")), size);
        QVERIFY(!result);
        QCOMPARE(result.error().kind(), DbError::Kind::InvalidInput);
    }
    test::NativeConnection native(path);
    QCOMPARE(native.integer(QStringLiteral("SELECT COUNT(*) FROM files WHERE ") + kOrphans), 5);
}

QTEST_GUILESS_MAIN(tst_Orphans)
#include "tst_orphans.moc"
