// Operations that act while the database is open: a configuration change applied live (and a
// bad value refused), and the vacuum scheduler that waits for a quiet period.
#include "demo/demogenerator.h"
#include "maintenance/vacuumscheduler.h"
#include "ops/config.h"
#include "testsupport.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace backupdb;

class tst_LiveOps : public QObject
{
    Q_OBJECT

    static void writeIni(const QString &path, const QByteArray &text)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    }

private slots:
    void configChangeIsAppliedLive()
    {
        QTemporaryDir dir;
        auto session = test::openOrFail(test::options(dir.filePath(QStringLiteral("live.db"))));
        QVERIFY(session);
        const QString ini = dir.filePath(QStringLiteral("live.ini"));
        writeIni(ini, "[pool]\ncoreSize=2\n[query]\ntimeoutMs=30000\n");
        ConfigWatcher watcher(ini);
        watcher.setDebounceInterval(20);
        QVERIFY(watcher.start().ok());
        connect(&watcher, &ConfigWatcher::changed, this,
                [&](const AppConfig &config) { QVERIFY(!session->applyConfig(config)); });
        QSignalSpy changed(&watcher, &ConfigWatcher::changed);
        QSignalSpy problems(&watcher, &ConfigWatcher::problems);

        writeIni(ini,
                 "[pool]\ncoreSize=6\nacquireTimeoutMs=1234\n[query]\ntimeoutMs=4321\nslowMs=7\n");
        QVERIFY(changed.wait(5000));
        QCOMPARE(session->database().readers().config().coreSize, 6);
        QCOMPARE(session->database().readers().config().acquireTimeout.count(), 1234);
        QCOMPARE(session->database().writer().config().coreSize, 1); // the writer lane stays one
        QCOMPARE(session->database().policy().queryTimeout.count(), 4321);
        QCOMPARE(session->database().queryStats().slowThreshold().count(), 7);

        // A bad value is refused; the value in effect stays.
        writeIni(ini,
                 "[pool]\ncoreSize=0\nacquireTimeoutMs=1234\n[query]\ntimeoutMs=4321\nslowMs=7\n");
        QVERIFY(problems.wait(5000));
        QVERIFY(problems.last()
                        .first()
                        .value<QStringList>()
                        .join(QLatin1Char(' '))
                        .contains(QLatin1String("coreSize")));
        QCOMPARE(session->database().readers().config().coreSize, 6);
        // And the pool still works with what is in effect.
        QVERIFY(session->statistics().totals(CachePolicy::Bypass).ok());
    }

    void invalidConfigIsRefusedAsAWhole()
    {
        QTemporaryDir dir;
        auto session = test::openOrFail(test::options(dir.filePath(QStringLiteral("whole.db"))));
        QVERIFY(session);
        AppConfig bad;
        bad.coreSize = 0; // loadConfig would refuse it; applyConfig must too
        const DbError e = session->applyConfig(bad);
        QCOMPARE(e.kind(), DbError::Kind::InvalidInput);
        QCOMPARE(session->database().readers().config().coreSize, 2);
    }

    void vacuumWaitsForAQuietPeriod()
    {
        QTemporaryDir dir;
        auto session = test::openOrFail(test::options(dir.filePath(QStringLiteral("vacuum.db"))));
        QVERIFY(session);
        DemoOptions demo;
        demo.clients = 20;
        demo.files = 20000;
        QVERIFY(demo::populate(session->database(), demo).ok());
        // Free most of the file.
        QVERIFY(session->database()
                        .write([&](ConnectionLease &lease) {
                            return session->database().execute(lease,
                                                               QStringLiteral("DELETE FROM files"));
                        })
                        .ok());
        QVERIFY(session->size().checkpoint().ok());
        auto before = session->size().report();
        QVERIFY(before.ok());
        QVERIFY(before->freeBytes > 1024 * 1024);

        ManualClock clock;
        VacuumPolicy policy;
        policy.minFreeBytes = 1024 * 1024;
        policy.minFreeFraction = 0.01; // the DELETE audit rows took some of the freed pages
        policy.quietFor = Milliseconds(60000);
        VacuumScheduler scheduler(session->database(), session->size(), policy, clock);
        QSignalSpy vacuumed(&scheduler, &VacuumScheduler::vacuumed);

        QVERIFY(!scheduler.tick()); // first look: quiet only from now on
        clock.advance(Milliseconds(30000));
        QVERIFY(!scheduler.tick()); // not quiet long enough
        QVERIFY(session->statistics()
                        .totals(CachePolicy::Bypass)
                        .ok()); // someone uses the database
        clock.advance(Milliseconds(45000));
        QVERIFY(!scheduler.tick()); // the use restarted the quiet period
        clock.advance(Milliseconds(61000));
        QVERIFY(scheduler.tick()); // quiet for long enough: vacuum
        QCOMPARE(vacuumed.size(), 1);
        QVERIFY(vacuumed.first().first().toLongLong() > 0);
        auto after = session->size().report();
        QVERIFY(after->databaseBytes < before->databaseBytes);
        QVERIFY(after->freeBytes < before->freeBytes);
        auto audit = session->audit().entries({ 0, 10, QStringLiteral("vacuum") });
        QVERIFY(audit.ok());
        QCOMPARE(audit->size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_LiveOps)
#include "tst_liveops.moc"
