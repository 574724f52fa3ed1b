// The integrity report (M1, fix 8): a clean database is ok; orphaned file records, foreign-key
// violations and malformed IDs are counted exactly (against independent queries on a native
// connection) with the right rows; the full check compares the O(1) counters with the tables;
// progress climbs to 1.0; a cancel stops the check; a damaged file is reported, not a crash.
#include "db/sqlitenative.h"
#include "maintenancefixture.h"
#include "nativeconnection.h"
#include "testsupport.h"

#include <QFile>
#include <QTest>
#include <algorithm>
#include <sqlite3.h>

using namespace backupdb;

namespace {

QStringList kindsOf(const IntegrityReport &report)
{
    QStringList kinds;
    for (const IntegrityFinding &f : report.findings)
        if (f.severity != IntegrityFinding::Severity::Info)
            kinds.append(f.kind);
    return kinds;
}

const QString kIndependentOrphans
        = QStringLiteral("SELECT files.rowid FROM files WHERE files.ClientID NOT IN (SELECT "
                         "clients.ID FROM clients) ORDER BY files.rowid");

} // namespace

class tst_Integrity : public QObject
{
    Q_OBJECT

private slots:
    void cleanDatabaseIsOk_data();
    void cleanDatabaseIsOk();
    void orphansAndForeignKeys_data();
    void orphansAndForeignKeys();
    void orphanSample();
    void malformedIds_data();
    void malformedIds();
    void brokenCountersAreReported_data();
    void brokenCountersAreReported();
    void cancellation_data();
    void cancellation();
    void progressClimbsToOne_data();
    void progressClimbsToOne();
    void reportGoesStaleAndIsMeasuredAgain();
    void healthFollowsARestoreWithOrphans();

private:
    const test::MaintenanceFixture m_fixture { test::MaintenanceFixture::QuickCheck::Skipped };
};

void tst_Integrity::cleanDatabaseIsOk_data()
{
    QTest::addColumn<IntegrityReport::Depth>("depth");
    QTest::newRow("quick") << IntegrityReport::Depth::Quick;
    QTest::newRow("full") << IntegrityReport::Depth::Full;
}

void tst_Integrity::cleanDatabaseIsOk()
{
    QFETCH(IntegrityReport::Depth, depth);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("clean.db")), 15, 900);
    QVERIFY(session);
    QVERIFY(!session->integrity().lastReport());

    auto report = session->integrity().check(depth);
    QVERIFY2(report, qPrintable(report.error().message()));
    QVERIFY2(report->ok(), qPrintable(kindsOf(report.value()).join(QLatin1Char(','))));
    QCOMPARE(report->depth, depth);
    QCOMPARE(report->integrityMessages, QStringList { QStringLiteral("ok") });
    QCOMPARE(report->integrity(), QStringLiteral("ok"));
    QCOMPARE(report->foreignKeyViolations, 0);
    QCOMPARE(report->orphanedFiles, 0);
    QCOMPARE(report->malformedIds, 0);
    QVERIFY(report->countersExact);
    QCOMPARE(kindsOf(report.value()), QStringList());
    QVERIFY(report->checkedAt.isValid());
    QVERIFY(report->seconds >= 0);

    auto last = session->integrity().lastReport();
    QVERIFY(last);
    QCOMPARE(last->depth, depth);
    QCOMPARE(last->checkedAt, report->checkedAt);
}

void tst_Integrity::orphansAndForeignKeys_data()
{
    QTest::addColumn<int>("orphans");
    QTest::addColumn<IntegrityReport::Depth>("depth");
    for (int orphans : { 0, 1, 37, 120 }) {
        QTest::addRow("%d orphans, quick", orphans) << orphans << IntegrityReport::Depth::Quick;
        QTest::addRow("%d orphans, full", orphans) << orphans << IntegrityReport::Depth::Full;
    }
}

void tst_Integrity::orphansAndForeignKeys()
{
    QFETCH(int, orphans);
    QFETCH(IntegrityReport::Depth, depth);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.db"));
    test::writeOriginalDatabase(path, 6, 25, orphans);
    if (QTest::currentTestFailed())
        return;
    auto session = test::openOrFail(m_fixture.options(path));
    QVERIFY(session);

    QList<qint64> expectedRows;
    int expectedViolations = 0;
    {
        test::NativeConnection native(path, SQLITE_OPEN_READONLY);
        QVERIFY(native.isOpen());
        expectedRows = native.integers(kIndependentOrphans);
        expectedViolations = native.rowCount(QStringLiteral("PRAGMA foreign_key_check(files)"));
        QCOMPARE(native.integer(QStringLiteral("SELECT COUNT(*) FROM files")), 6 * 25 + orphans);
    }
    QCOMPARE(expectedRows.size(), orphans);
    QCOMPARE(expectedViolations, orphans);

    auto report = session->integrity().check(depth);
    QVERIFY2(report, qPrintable(report.error().message()));
    QCOMPARE(report->orphanedFiles, qint64(expectedRows.size()));
    // Each orphan also violates the files→clients foreign key: it is one problem, reported once
    // (as an orphan), not a second time with another severity.
    QCOMPARE(report->foreignKeyViolations, 0);
    QCOMPARE(report->malformedIds, 0);
    QCOMPARE(report->integrityMessages, QStringList { QStringLiteral("ok") });
    QCOMPARE(report->ok(), orphans == 0);
    if (depth == IntegrityReport::Depth::Full)
        QVERIFY(report->countersExact); // the migration counted the orphans too

    const IntegrityFinding *orphanFinding
            = test::findingOf(report.value(), QStringLiteral("orphaned_files"));
    const IntegrityFinding *fkFinding = test::findingOf(report.value(), QStringLiteral("foreign_key"));
    if (orphans == 0) {
        QVERIFY(!orphanFinding);
        QVERIFY(!fkFinding);
        return;
    }
    QVERIFY(orphanFinding);
    QCOMPARE(orphanFinding->count, qint64(orphans));
    QCOMPARE(orphanFinding->table, QStringLiteral("files"));
    QList<qint64> rows = orphanFinding->rowIds;
    std::sort(rows.begin(), rows.end());
    QCOMPARE(rows, expectedRows);
    QVERIFY(!fkFinding);
    QCOMPARE(orphanFinding->severity, IntegrityFinding::Severity::Warning);
    const auto problems = std::count_if(report->findings.cbegin(), report->findings.cend(),
                                        [](const IntegrityFinding &f) {
                                            return f.severity != IntegrityFinding::Severity::Info;
                                        });
    QCOMPARE(problems, 1);
}

void tst_Integrity::orphanSample()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.db"));
    test::writeOriginalDatabase(path, 4, 10, 40);
    if (QTest::currentTestFailed())
        return;
    auto session = test::openOrFail(m_fixture.options(path));
    QVERIFY(session);
    QList<qint64> expected;
    {
        test::NativeConnection native(path, SQLITE_OPEN_READONLY);
        expected = native.integers(kIndependentOrphans);
    }
    QCOMPARE(expected.size(), 40);
    for (int sample : { 0, 5, 40, 1000 }) {
        auto found = session->integrity().orphans(sample);
        QVERIFY2(found, qPrintable(found.error().message()));
        QCOMPARE(found->first, 40);
        QCOMPARE(found->second.size(), std::min(sample, 40));
        for (qint64 row : found->second)
            QVERIFY(expected.contains(row));
    }
}

void tst_Integrity::malformedIds_data()
{
    QTest::addColumn<QString>("insert");
    QTest::addColumn<QString>("table");
    QTest::addColumn<bool>("alsoOrphan");
    QTest::newRow("client ID of 15 bytes")
            << QStringLiteral("INSERT INTO clients (ID, Name, LastSeen) VALUES (randomblob(15), "
                              "'short-id', '2025-01-10 12:00:00')")
            << QStringLiteral("clients") << false;
    QTest::newRow("client ID as text")
            << QStringLiteral("INSERT INTO clients (ID, Name, LastSeen) VALUES "
                              "('0123456789abcdef', 'text-id', '2025-01-10 12:00:00')")
            << QStringLiteral("clients") << false;
    QTest::newRow("client ID of 17 bytes")
            << QStringLiteral("INSERT INTO clients (ID, Name, LastSeen) VALUES (randomblob(17), "
                              "'long-id', '2025-01-10 12:00:00')")
            << QStringLiteral("clients") << false;
    QTest::newRow("file ID of 15 bytes")
            << QStringLiteral("INSERT INTO files (ID, FileName, PathName, ClientID) "
                              "VALUES (randomblob(15), 'a.txt', '/a.txt', (SELECT ID FROM clients "
                              "ORDER BY rowid LIMIT 1))")
            << QStringLiteral("files") << false;
    QTest::newRow("file ID as integer") << QStringLiteral(
            "INSERT INTO files (ID, FileName, PathName, ClientID) "
            "VALUES (42, 'b.txt', '/b.txt', (SELECT ID FROM clients ORDER BY rowid LIMIT 1))")
                                        << QStringLiteral("files") << false;
    QTest::newRow("file ClientID as hex text")
            << QStringLiteral("INSERT INTO files (ID, FileName, PathName, ClientID) "
                              "VALUES (randomblob(16), 'c.txt', '/c.txt', (SELECT hex(ID) FROM "
                              "clients ORDER BY rowid LIMIT 1))")
            << QStringLiteral("files") << true;
}

void tst_Integrity::malformedIds()
{
    QFETCH(QString, insert);
    QFETCH(QString, table);
    QFETCH(bool, alsoOrphan);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("ids.db"));
    auto session = m_fixture.demoSession(path, 5, 50);
    QVERIFY(session);
    qint64 rowId = 0;
    {
        // Another program, with foreign keys off, the way the original server wrote.
        test::NativeConnection native(path, SQLITE_OPEN_READWRITE);
        QVERIFY(native.isOpen());
        QVERIFY(!native.exec(QStringLiteral("PRAGMA foreign_keys = OFF")));
        const DbError e = native.exec(insert);
        QVERIFY2(!e, qPrintable(e.message()));
        rowId = sqlite3_last_insert_rowid(native.handle());
    }
    QVERIFY(rowId > 0);

    auto report = session->integrity().check(IntegrityReport::Depth::Quick);
    QVERIFY2(report, qPrintable(report.error().message()));
    QCOMPARE(report->malformedIds, 1);
    QVERIFY(!report->ok());
    const IntegrityFinding *f = test::findingOf(report.value(), QStringLiteral("malformed_id"));
    QVERIFY(f);
    QCOMPARE(f->table, table);
    QCOMPARE(f->count, 1);
    QCOMPARE(f->rowIds, QList<qint64> { rowId });
    QCOMPARE(f->severity, IntegrityFinding::Severity::Error);
    QCOMPARE(report->orphanedFiles, alsoOrphan ? 1 : 0);
}

void tst_Integrity::brokenCountersAreReported_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<bool>("broken");
    QTest::newRow("untouched") << QString() << false;
    QTest::newRow("files + 5") << QStringLiteral("UPDATE bdba_counters SET files = files + 5")
                               << true;
    QTest::newRow("clients - 1") << QStringLiteral("UPDATE bdba_counters SET clients = clients - 1")
                                 << true;
    QTest::newRow("total_size + 1")
            << QStringLiteral("UPDATE bdba_counters SET total_size = total_size + 1") << true;
    QTest::newRow("verified + 1") << QStringLiteral(
            "UPDATE bdba_counters SET verified = verified + 1")
                                  << true;
    QTest::newRow("sized_files - 1")
            << QStringLiteral("UPDATE bdba_counters SET sized_files = sized_files - 1") << true;
    QTest::newRow("one client's total")
            << QStringLiteral("UPDATE bdba_client_totals SET files = files + 1 WHERE client_id = "
                              "(SELECT MIN(client_id) FROM bdba_client_totals)")
            << true;
    QTest::newRow("a client's totals missing")
            << QStringLiteral("DELETE FROM bdba_client_totals WHERE client_id = "
                              "(SELECT MAX(client_id) FROM bdba_client_totals)")
            << true;
    QTest::newRow("counter row missing") << QStringLiteral("DELETE FROM bdba_counters") << true;
}

void tst_Integrity::brokenCountersAreReported()
{
    QFETCH(QString, damage);
    QFETCH(bool, broken);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("counters.db"));
    auto session = m_fixture.demoSession(path, 8, 400);
    QVERIFY(session);
    if (!damage.isEmpty()) {
        test::NativeConnection native(path, SQLITE_OPEN_READWRITE);
        QVERIFY(native.isOpen());
        const DbError e = native.exec(damage);
        QVERIFY2(!e, qPrintable(e.message()));
        QCOMPARE(sqlite3_changes(native.handle()), 1);
    }

    auto full = session->integrity().check(IntegrityReport::Depth::Full);
    QVERIFY2(full, qPrintable(full.error().message()));
    QCOMPARE(full->countersExact, !broken);
    // Wrong counters are repaired by the check that finds them (and said so), so no figure
    // shown afterwards is one the tool could know to be wrong.
    QCOMPARE(full->ok(), true);
    QCOMPARE(kindsOf(full.value()), QStringList());
    QCOMPARE(bool(test::findingOf(full.value(), QStringLiteral("counters_repaired"))), broken);
    QCOMPARE(full->integrityMessages, QStringList { QStringLiteral("ok") });
    auto exact = session->statistics().countExactly();
    auto counted = session->statistics().totals(CachePolicy::Bypass);
    QVERIFY(exact && counted);
    QCOMPARE(counted.value(), exact.value());

    // After the repair both depths find them exact.
    for (auto depth : { IntegrityReport::Depth::Quick, IntegrityReport::Depth::Full }) {
        auto again = session->integrity().check(depth);
        QVERIFY2(again, qPrintable(again.error().message()));
        QVERIFY(again->countersExact);
        QVERIFY(again->ok());
    }
}

void tst_Integrity::cancellation_data()
{
    QTest::addColumn<IntegrityReport::Depth>("depth");
    QTest::addColumn<bool>("beforeStart");
    QTest::addColumn<int>("files");
    for (int files : { 3000, 5 }) {
        QTest::addRow("quick, cancelled before start, %d files", files)
                << IntegrityReport::Depth::Quick << true << files;
        QTest::addRow("full, cancelled before start, %d files", files)
                << IntegrityReport::Depth::Full << true << files;
        QTest::addRow("quick, cancelled from progress, %d files", files)
                << IntegrityReport::Depth::Quick << false << files;
        QTest::addRow("full, cancelled from progress, %d files", files)
                << IntegrityReport::Depth::Full << false << files;
    }
}

void tst_Integrity::cancellation()
{
    QFETCH(IntegrityReport::Depth, depth);
    QFETCH(bool, beforeStart);
    QFETCH(int, files);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A tiny file too: its statements end before SQLite's progress handler ever looks at the flag.
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("cancel.db")), 2, files, 10);
    QVERIFY(session);

    CancelFlag cancel { beforeStart };
    QList<double> seen;
    auto report = session->integrity().check(
            depth,
            [&](double f) {
                seen.append(f);
                cancel = true;
            },
            &cancel);
    QVERIFY(!report);
    QCOMPARE(report.error().kind(), DbError::Kind::Cancelled);
    QVERIFY(!seen.contains(1.0));
    QVERIFY(!session->integrity().lastReport());

    // A new check without the flag runs to the end.
    auto again = session->integrity().check(depth);
    QVERIFY2(again, qPrintable(again.error().message()));
    QCOMPARE(again->orphanedFiles, 10);
}

void tst_Integrity::progressClimbsToOne_data()
{
    QTest::addColumn<IntegrityReport::Depth>("depth");
    QTest::addColumn<int>("files");
    QTest::newRow("quick, small") << IntegrityReport::Depth::Quick << 20;
    QTest::newRow("full, small") << IntegrityReport::Depth::Full << 20;
    QTest::newRow("quick, larger") << IntegrityReport::Depth::Quick << 20000;
    QTest::newRow("full, larger") << IntegrityReport::Depth::Full << 20000;
}

void tst_Integrity::progressClimbsToOne()
{
    QFETCH(IntegrityReport::Depth, depth);
    QFETCH(int, files);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("progress.db")), 20, files);
    QVERIFY(session);
    QList<double> seen;
    auto report = session->integrity().check(depth, [&](double f) { seen.append(f); });
    QVERIFY2(report, qPrintable(report.error().message()));
    QVERIFY(seen.size() >= 3);
    QCOMPARE(seen.last(), 1.0);
    QCOMPARE(seen.count(1.0), 1);
    for (qsizetype i = 0; i < seen.size(); ++i) {
        QVERIFY2(seen.at(i) >= 0.0 && seen.at(i) <= 1.0, qPrintable(QString::number(seen.at(i))));
        if (i > 0)
            QVERIFY2(seen.at(i) >= seen.at(i - 1),
                     qPrintable(QStringLiteral("%1 after %2").arg(seen.at(i)).arg(seen.at(i - 1))));
    }
}

// The report tells the state now, or says it does not: another program's writes mark it stale
// (re-measured once it is a minute old), this program's own content changes re-measure at once.
void tst_Integrity::reportGoesStaleAndIsMeasuredAgain()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("server.db"));
    test::writeOriginalDatabase(path, 3, 10, 0);
    if (QTest::currentTestFailed())
        return;
    auto session = test::openOrFail(m_fixture.options(path));
    QVERIFY(session);
    QVERIFY(!session->integrity().lastReport());
    auto first = session->integrity().current(); // none yet: one is made
    QVERIFY2(first, qPrintable(first.error().message()));
    QVERIFY(!first->isStale());
    QCOMPARE(first->orphanedFiles, 0);
    QVERIFY(first->basis);
    QCOMPARE(first->basis->totals.files, 30);
    auto same = session->integrity().current(); // nothing changed: the same report
    QVERIFY(same);
    QCOMPARE(same->checkedAt, first->checkedAt);
    QVERIFY(!same->isStale());

    {
        // The server writes 4 orphans (it never enforces foreign keys).
        test::NativeConnection server(path, SQLITE_OPEN_READWRITE);
        QVERIFY(!server.exec(QStringLiteral(
                "INSERT INTO files (ID, FileName, PathName, Verified, FileSize, ClientID) "
                "SELECT randomblob(16), 'late' || value, '/x', 0, 1, randomblob(16) "
                "FROM (WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n "
                "WHERE value < 4) SELECT value FROM n)")));
    }
    auto stale = session->integrity().current();
    QVERIFY(stale);
    QCOMPARE(stale->checkedAt, first->checkedAt); // younger than a minute: not re-run...
    QVERIFY(stale->isStale()); // ...but not shown as the state now either
    QVERIFY2(stale->staleReason.contains(QStringLiteral("files 30 → 34")),
             qPrintable(stale->staleReason));

    // A change of this program's own (a restore, a clean-up, an import): measured again now.
    session->database().noteContentChanged(QStringLiteral("a test's import"));
    auto fresh = session->integrity().current();
    QVERIFY(fresh);
    QVERIFY(!fresh->isStale());
    QCOMPARE(fresh->orphanedFiles, 4);
    QVERIFY(fresh->checkedAt >= first->checkedAt);
    QCOMPARE(fresh->basis->totals.files, 34);
}

// A backup holding orphans is restored: the health report (what the dashboard and the status
// bar show) counts them without anyone running a check, once, as orphans.
void tst_Integrity::healthFollowsARestoreWithOrphans()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const test::MaintenanceFixture withCheck;
    auto session = withCheck.demoSession(dir.filePath(QStringLiteral("live.db")), 3, 60, 30);
    QVERIFY(session);
    auto orphaned = session->backups().backup(dir.filePath(QStringLiteral("backups")));
    QVERIFY(orphaned);
    auto cleaned = session->orphans().cleanup(dir.filePath(QStringLiteral("backups")));
    QVERIFY2(cleaned, qPrintable(cleaned.error().message()));
    QCOMPARE(cleaned->deleted, 30);
    HealthOptions options;
    options.backupFolder = dir.filePath(QStringLiteral("backups"));
    auto healthy = session->health().report(options);
    QVERIFY(healthy);
    QCOMPARE(healthy->integrity->orphanedFiles, 0);

    auto restored = session->backups().restore(orphaned->path, dir.filePath(QStringLiteral("safety")));
    QVERIFY2(restored, qPrintable(restored.error().message()));
    auto after = session->health().report(options);
    QVERIFY(after);
    QVERIFY(after->integrity);
    QVERIFY(!after->integrity->isStale());
    QCOMPARE(after->integrity->orphanedFiles, 30);
    QCOMPARE(after->integrity->foreignKeyViolations, 0);
    QCOMPARE(after->score, healthy->score - 10);
    const QStringList orphanWarnings = after->warnings.filter(QStringLiteral("orphan"));
    QCOMPARE(orphanWarnings.size(), 1);
    QVERIFY(after->warnings.filter(QStringLiteral("foreign key")).isEmpty());
}

QTEST_GUILESS_MAIN(tst_Integrity)
#include "tst_integrity.moc"
