// The health report (M7, improvement 16) and the size monitor it reads (M4): a fresh database
// warns that there is no backup; a backup in the configured folder clears that warning (an old
// or unverified one gives its own); size thresholds lower the score by the documented points;
// integrity findings show; the metrics snapshot carries the report's values. Sizes match SQLite's
// own numbers; checkpoint and vacuum do what they say and are audited.
#include "db/sqlitenative.h"
#include "maintenancefixture.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <sqlite3.h>

using namespace backupdb;

namespace {

bool hasWarning(const HealthReport &r, const QString &needle)
{
    for (const QString &w : r.warnings)
        if (w.contains(needle))
            return true;
    return false;
}

bool editSidecar(const QString &backup, const QJsonObject &changes)
{
    QFile f(backup + QStringLiteral(".json"));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    f.close();
    for (auto it = changes.begin(); it != changes.end(); ++it)
        o.insert(it.key(), it.value());
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(QJsonDocument(o).toJson()) > 0;
}

qint64 pragma(Session &session, const QString &name)
{
    return session.database()
            .read([&](ConnectionLease &lease) -> Result<qint64> {
                return sqlite::queryInt(sqlite::native(lease.handle()), QStringLiteral("PRAGMA %1").arg(name));
            })
            .valueOr(-1);
}

} // namespace

class tst_Health : public QObject
{
    Q_OBJECT

private slots:
    void freshDatabaseWarnsAboutBackups();
    void backupState_data();
    void backupState();
    void sizeThresholds_data();
    void sizeThresholds();
    void integrityFindingsShow();
    void snapshotMatchesReport();
    void sizeReportMatchesSqlite();
    void checkpointAndVacuum();
    void shouldVacuum_data();
    void shouldVacuum();

private:
    const test::MaintenanceFixture m_fixture;
};

void tst_Health::freshDatabaseWarnsAboutBackups()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("health.db")), 10, 300);
    QVERIFY(session);
    HealthOptions options;
    options.backupFolder = dir.filePath(QStringLiteral("backups"));
    auto report = session->health().report(options);
    QVERIFY2(report, qPrintable(report.error().message()));
    QVERIFY(report->score <= 100);
    QVERIFY(report->score >= 0);
    QVERIFY2(hasWarning(report.value(), QStringLiteral("no backup found")),
             qPrintable(report->warnings.join(QLatin1Char('\n'))));
    QVERIFY(!report->lastBackup);
    QCOMPARE(report->totals.clients, 10);
    QCOMPARE(report->totals.files, 300);
    QCOMPARE(report->journalMode, QStringLiteral("wal"));
    QVERIFY(report->at.isValid());
    // The quick check on open left a report; it found nothing.
    QVERIFY(report->integrity);
    QVERIFY(!hasWarning(report.value(), QStringLiteral("integrity")));
    // The score is the lower pool score minus the documented 15 points for the missing backup.
    QCOMPARE(report->score, std::min(report->writerHealth.score, report->readersHealth.score) - 15);

    // No folder configured: no backup to be found either.
    auto noFolder = session->health().report({});
    QVERIFY(noFolder);
    QVERIFY(hasWarning(noFolder.value(), QStringLiteral("no backup found")));
}

void tst_Health::backupState_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("warning"); // empty: no backup warning at all
    QTest::addColumn<int>("penalty");
    QTest::newRow("none") << QStringLiteral("none") << QStringLiteral("no backup found") << 15;
    QTest::newRow("fresh and verified") << QStringLiteral("fresh") << QString() << 0;
    QTest::newRow("three days old")
            << QStringLiteral("old") << QStringLiteral("older than 26 hours") << 10;
    QTest::newRow("not verified") << QStringLiteral("unverified") << QStringLiteral("not verified")
                                  << 10;
    QTest::newRow("old and not verified")
            << QStringLiteral("old-unverified") << QStringLiteral("older than 26 hours") << 20;
}

void tst_Health::backupState()
{
    QFETCH(QString, state);
    QFETCH(QString, warning);
    QFETCH(int, penalty);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("health.db")), 5, 100);
    QVERIFY(session);
    HealthOptions options;
    options.backupFolder = dir.filePath(QStringLiteral("backups"));
    QString path;
    if (state != QLatin1String("none")) {
        auto made = session->backups().backup(options.backupFolder);
        QVERIFY2(made, qPrintable(made.error().message()));
        path = made->path;
        QJsonObject changes;
        if (state.startsWith(QLatin1String("old")))
            changes.insert(QStringLiteral("created_at"),
                           QDateTime::currentDateTimeUtc().addDays(-3).toString(Qt::ISODateWithMs));
        if (state.endsWith(QLatin1String("unverified")))
            changes.insert(QStringLiteral("verified"), false);
        if (!changes.isEmpty())
            QVERIFY(editSidecar(path, changes));
    }
    auto report = session->health().report(options);
    QVERIFY2(report, qPrintable(report.error().message()));
    const QString all = report->warnings.join(QLatin1Char('\n'));
    if (warning.isEmpty()) {
        QVERIFY2(!hasWarning(report.value(), QStringLiteral("backup")), qPrintable(all));
    } else {
        QVERIFY2(hasWarning(report.value(), warning), qPrintable(all));
    }
    QCOMPARE(hasWarning(report.value(), QStringLiteral("no backup found")),
             state == QLatin1String("none"));
    QCOMPARE(hasWarning(report.value(), QStringLiteral("not verified")),
             state.endsWith(QLatin1String("unverified")));
    QCOMPARE(report->lastBackup.has_value(), state != QLatin1String("none"));
    if (report->lastBackup) {
        QCOMPARE(report->lastBackup->path, path);
        QCOMPARE(report->lastBackup->verified, !state.endsWith(QLatin1String("unverified")));
    }
    QCOMPARE(report->score,
             std::min(report->writerHealth.score, report->readersHealth.score) - penalty);
}

void tst_Health::sizeThresholds_data()
{
    QTest::addColumn<qint64>("warningBytes");
    QTest::addColumn<qint64>("criticalBytes");
    QTest::addColumn<SizeReport::Level>("level");
    QTest::addColumn<int>("penalty");
    QTest::newRow("default thresholds")
            << qint64(500LL * 1000 * 1000) << qint64(1000LL * 1000 * 1000) << SizeReport::Level::Ok
            << 0;
    QTest::newRow("warning at 1 byte")
            << qint64(1) << qint64(1000LL * 1000 * 1000) << SizeReport::Level::Warning << 10;
    QTest::newRow("critical at 1 byte")
            << qint64(1) << qint64(1) << SizeReport::Level::Critical << 25;
}

void tst_Health::sizeThresholds()
{
    QFETCH(qint64, warningBytes);
    QFETCH(qint64, criticalBytes);
    QFETCH(SizeReport::Level, level);
    QFETCH(int, penalty);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("health.db")), 5, 200);
    QVERIFY(session);
    HealthOptions options;
    options.backupFolder = dir.filePath(QStringLiteral("backups"));
    auto made = session->backups().backup(options.backupFolder);
    QVERIFY(made);
    auto baseline = session->health().report(options);
    QVERIFY(baseline);
    QCOMPARE(baseline->size.level, SizeReport::Level::Ok);

    options.thresholds.warningBytes = warningBytes;
    options.thresholds.criticalBytes = criticalBytes;
    auto report = session->health().report(options);
    QVERIFY2(report, qPrintable(report.error().message()));
    QCOMPARE(report->size.level, level);
    QCOMPARE(report->score, baseline->score - penalty);
    const bool warned = report->warnings.contains(report->size.message);
    QCOMPARE(warned, level != SizeReport::Level::Ok);
    if (level == SizeReport::Level::Warning)
        QVERIFY(report->size.message.contains(QStringLiteral("warning threshold")));
    if (level == SizeReport::Level::Critical)
        QVERIFY(report->size.message.contains(QStringLiteral("critical threshold")));

    // Thresholds that make no sense are refused.
    options.thresholds.warningBytes = 0;
    QVERIFY(!session->health().report(options));
    options.thresholds.warningBytes = 10;
    options.thresholds.criticalBytes = 5;
    QVERIFY(!session->health().report(options));
}

void tst_Health::integrityFindingsShow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("health.db")), 5, 100, 12);
    QVERIFY(session);
    HealthOptions options;
    options.backupFolder = dir.filePath(QStringLiteral("backups"));
    QVERIFY(session->backups().backup(options.backupFolder));
    // Taken as it is, the last report is the check on open, from before the orphans were written.
    options.recheckStale = false;
    auto asItIs = session->health().report(options);
    QVERIFY(asItIs);
    QVERIFY(asItIs->integrity);
    QCOMPARE(asItIs->integrity->orphanedFiles, 0);

    // As the app and the CLI ask for it: the demo data changed the content, so it is measured
    // again, without anyone running a check.
    options.recheckStale = true;
    auto now = session->health().report(options);
    QVERIFY(now);
    QVERIFY(now->integrity);
    QVERIFY(!now->integrity->isStale());
    QCOMPARE(now->integrity->orphanedFiles, 12);
    QVERIFY2(hasWarning(now.value(), QStringLiteral("12 orphaned file record(s)")),
             qPrintable(now->warnings.join(QLatin1Char('\n'))));
    // The orphans are one problem with one penalty, not a foreign-key problem as well.
    QVERIFY(!hasWarning(now.value(), QStringLiteral("foreign key violation")));
    QCOMPARE(now->integrity->foreignKeyViolations, 0);
    QCOMPARE(now->score, asItIs->score - 10);

    auto check = session->integrity().check(IntegrityReport::Depth::Quick);
    QVERIFY(check);
    QCOMPARE(check->orphanedFiles, 12);
    auto after = session->health().report(options);
    QVERIFY(after);
    QCOMPARE(after->integrity->checkedAt, check->checkedAt); // nothing changed: that report
    QCOMPARE(after->score, now->score);
}

void tst_Health::snapshotMatchesReport()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("health.db")), 7, 250, 3);
    QVERIFY(session);
    HealthOptions options;
    options.backupFolder = dir.filePath(QStringLiteral("backups"));
    auto made = session->backups().backup(options.backupFolder);
    QVERIFY(made);
    QVERIFY(session->integrity().check(IntegrityReport::Depth::Quick));
    auto report = session->health().report(options);
    QVERIFY2(report, qPrintable(report.error().message()));
    const HealthReport &r = report.value();
    const MetricsSnapshot s = HealthService::snapshot(r, session->database().queryStats());

    QCOMPARE(s.healthScore, r.score);
    QCOMPARE(s.pools.size(), 2);
    QCOMPARE(s.pools.at(0).name, r.writer.name);
    QCOMPARE(s.pools.at(1).name, r.readers.name);
    QCOMPARE(s.poolHealth.size(), 2);
    QCOMPARE(s.poolHealth.at(0).score, r.writerHealth.score);
    QCOMPARE(s.poolHealth.at(1).score, r.readersHealth.score);
    QCOMPARE(s.databaseBytes, r.size.databaseBytes);
    QCOMPARE(s.walBytes, r.size.walBytes);
    QCOMPARE(s.freeBytes, r.size.freeBytes);
    QCOMPARE(s.clients, r.totals.clients);
    QCOMPARE(s.files, r.totals.files);
    QCOMPARE(s.fileBytes, r.totals.totalSizeBytes);
    QCOMPARE(s.clients, 7);
    QCOMPARE(s.files, 253);
    QVERIFY(s.hasBackup);
    QCOMPARE(s.lastBackupAt, r.lastBackup->createdAt);
    QCOMPARE(s.lastBackupAt, made->createdAt);
    QCOMPARE(s.lastBackupVerified, true);
    QCOMPARE(s.lastBackupBytes, made->bytes);
    QVERIFY(s.integrityChecked);
    QCOMPARE(s.integrityOk, true);
    QCOMPARE(s.orphanedFiles, 3);
    QCOMPARE(s.foreignKeyViolations, 0); // the 3 orphans are one problem, counted once, as orphans
    QCOMPARE(s.slowQueriesTotal, r.slowQueries);
    QVERIFY(s.statementsTotal > 0);
    QVERIFY(s.statements.size() <= 20);
    for (const StatementMetrics &m : s.statements)
        QVERIFY(m.sql.size() <= 200);
    QVERIFY(r.slowest.size() <= 10);
}

void tst_Health::sizeReportMatchesSqlite()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("size.db"));
    auto session = m_fixture.demoSession(path, 10, 2000);
    QVERIFY(session);
    auto size = session->size().report();
    QVERIFY2(size, qPrintable(size.error().message()));
    QCOMPARE(size->pageSize, pragma(*session, QStringLiteral("page_size")));
    QCOMPARE(size->databaseBytes,
             pragma(*session, QStringLiteral("page_size"))
                     * pragma(*session, QStringLiteral("page_count")));
    QCOMPARE(size->freeBytes,
             pragma(*session, QStringLiteral("page_size"))
                     * pragma(*session, QStringLiteral("freelist_count")));
    QCOMPARE(size->walBytes, QFileInfo(path + QStringLiteral("-wal")).size());
    QCOMPARE(size->level, SizeReport::Level::Ok);
    QVERIFY(!size->autoVacuum.isEmpty());
    QVERIFY(size->databaseBytes > 100 * 1024);
}

void tst_Health::checkpointAndVacuum()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("size.db"));
    auto session = m_fixture.demoSession(path, 10, 6000);
    QVERIFY(session);

    // Free a lot of pages: delete most files.
    auto deleted = session->database().write([&](ConnectionLease &lease) -> Result<qint64> {
        return session->database().execute(
                lease, QStringLiteral("DELETE FROM files WHERE rowid % 10 != 0"));
    });
    QVERIFY2(deleted, qPrintable(deleted.error().message()));
    QVERIFY(deleted.value() > 5000);

    const qint64 walBefore = QFileInfo(path + QStringLiteral("-wal")).size();
    QVERIFY(walBefore > 100 * 1024);
    auto checkpoint = session->size().checkpoint();
    QVERIFY2(checkpoint, qPrintable(checkpoint.error().message()));
    QVERIFY(!checkpoint->busy);
    QVERIFY(checkpoint->walFrames > 0);
    QCOMPARE(checkpoint->checkpointedFrames, checkpoint->walFrames);
    // TRUNCATE: the WAL is emptied (the audit entry of the checkpoint is all that is in it now).
    QVERIFY(QFileInfo(path + QStringLiteral("-wal")).size() < 16 * 1024);
    auto before = session->size().report();
    QVERIFY(before);
    QVERIFY(before->freeBytes > 0);

    auto freed = session->size().vacuum();
    QVERIFY2(freed, qPrintable(freed.error().message()));
    auto after = session->size().report();
    QVERIFY(after);
    QVERIFY(after->databaseBytes < before->databaseBytes);
    QCOMPARE(freed.value(), before->databaseBytes - after->databaseBytes);
    QCOMPARE(after->freeBytes, 0);

    QCOMPARE(test::auditEntries(*session, QStringLiteral("vacuum")).size(), 1);
    const QList<AuditEntry> checkpoints
            = test::auditEntries(*session, QStringLiteral("checkpoint"));
    QCOMPARE(checkpoints.size(), 1);
    const QJsonObject details = test::detailsOf(checkpoints.first());
    QCOMPARE(details.value(QStringLiteral("wal_frames")).toInt(), checkpoint->walFrames);
    QCOMPARE(details.value(QStringLiteral("checkpointed")).toInt(), checkpoint->walFrames);

    // The data survived.
    auto totals = session->statistics().totals();
    QVERIFY(totals);
    QCOMPARE(totals->files, 6000 - deleted.value());
    auto check = session->integrity().check(IntegrityReport::Depth::Full);
    QVERIFY(check);
    QVERIFY(check->ok());
}

void tst_Health::shouldVacuum_data()
{
    QTest::addColumn<qint64>("databaseBytes");
    QTest::addColumn<qint64>("freeBytes");
    QTest::addColumn<qint64>("quietMs");
    QTest::addColumn<bool>("expected");
    const qint64 mb = 1024 * 1024;
    const qint64 quiet = 5 * 60 * 1000;
    QTest::newRow("lots free, quiet") << 100 * mb << 50 * mb << quiet << true;
    QTest::newRow("lots free, busy") << 100 * mb << 50 * mb << quiet - 1 << false;
    QTest::newRow("small share free") << 1000 * mb << 100 * mb << quiet << false;
    QTest::newRow("large share, few bytes") << 10 * mb << 5 * mb << quiet << false;
    QTest::newRow("exactly the minimums") << 80 * mb << 16 * mb << quiet << true;
    QTest::newRow("empty database") << qint64(0) << qint64(0) << quiet << false;
}

void tst_Health::shouldVacuum()
{
    QFETCH(qint64, databaseBytes);
    QFETCH(qint64, freeBytes);
    QFETCH(qint64, quietMs);
    QFETCH(bool, expected);
    SizeReport size;
    size.databaseBytes = databaseBytes;
    size.freeBytes = freeBytes;
    QCOMPARE(SizeMonitor::shouldVacuum(size, VacuumPolicy {}, Milliseconds(quietMs)), expected);
}

QTEST_GUILESS_MAIN(tst_Health)
#include "tst_health.moc"
