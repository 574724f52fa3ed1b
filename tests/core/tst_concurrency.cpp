// C2 and C12 under load: 8 threads x 10,000 operations through the pooled core, correct
// results, every connection used only by the thread that owns its driver, and no Qt warning
// about connections used from the wrong thread (the message catcher turns them into failures).
#include "demo/demogenerator.h"
#include "testsupport.h"

#include <QSqlDriver>
#include <QTest>
#include <QThread>
#include <future>

using namespace backupdb;

class tst_Concurrency : public QObject
{
    Q_OBJECT

private slots:
    void eightThreadsThroughThePool()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("concurrency.db"));
        SessionOptions o = test::options(path);
        o.pool.coreSize = 3; // fewer connections than threads: handovers must happen
        o.pool.maxOverflow = 1;
        o.pool.acquireTimeout = Milliseconds(30000);
        auto session = test::openOrFail(o);
        QVERIFY(session);
        DemoOptions demo;
        demo.clients = 50;
        QVERIFY(demo::populate(session->database(), demo).ok());
        const DemoGenerator generator(demo.seed);

        test::MessageCatcher catcher;
        constexpr int kThreads = 8;
        constexpr int kOperations = 10000;
        std::atomic<int> wrongResults { 0 }, wrongThread { 0 }, errors { 0 }, writes { 0 };
        std::vector<std::future<void>> workers;
        for (int t = 0; t < kThreads; ++t) {
            workers.push_back(std::async(std::launch::async, [&, t] {
                for (int i = 0; i < kOperations; ++i) {
                    const int index = (t * 7919 + i) % 50;
                    if (i % 100 == 99) {
                        FileRecord f = generator.file(qint64(t) * kOperations + i,
                                                      generator.clientId(index));
                        auto added = session->files().add(f);
                        added ? ++writes : ++errors;
                        continue;
                    }
                    auto outcome = session->database().read(
                            [&](ConnectionLease &lease) -> Result<QString> {
                                if (lease.database().driver()->thread() != QThread::currentThread())
                                    ++wrongThread;
                                auto name = session->database().scalar(
                                        lease,
                                        QStringLiteral("SELECT Name FROM clients WHERE ID = ?"),
                                        { generator.clientId(index) });
                                if (!name)
                                    return name.error();
                                return name->toString();
                            });
                    if (!outcome)
                        ++errors;
                    else if (outcome.value() != generator.client(index).name)
                        ++wrongResults;
                }
            }));
        }
        for (auto &w : workers)
            w.get();

        QCOMPARE(errors.load(), 0);
        QCOMPARE(wrongResults.load(), 0);
        QCOMPARE(wrongThread.load(), 0);
        QCOMPARE(writes.load(), kThreads * (kOperations / 100));
        auto totals = session->statistics().totals(CachePolicy::Bypass);
        QVERIFY(totals.ok());
        QCOMPARE(totals->files, qint64(kThreads * (kOperations / 100)));
        const QStringList messages = catcher.messages();
        for (const QString &m : messages) {
            QVERIFY2(!m.contains(QLatin1String("does not belong to the calling thread")),
                     qPrintable(m));
            QVERIFY2(!m.contains(QLatin1String("moveToThread")), qPrintable(m));
            QVERIFY2(!m.contains(QLatin1String("QSqlDatabase")), qPrintable(m));
        }
        const PoolMetrics m = session->database().readers().metrics();
        QCOMPARE(m.active, 0);
        QVERIFY(m.size <= o.pool.coreSize + o.pool.maxOverflow);
        QVERIFY(m.handovers > 0);
    }

    // The rule is enforced, not only followed: a lookup by name from a foreign thread is what Qt
    // warns about, and the catcher sees it. (Guards against a catcher that sees nothing.)
    void catcherSeesWrongThreadWarning()
    {
        QTemporaryDir dir;
        const QString name = QStringLiteral("foreign-thread-probe");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(dir.filePath(QStringLiteral("probe.db")));
            QVERIFY(db.open());
        }
        test::MessageCatcher catcher;
        std::async(std::launch::async, [&] { QSqlDatabase::database(name); }).get();
        QVERIFY(catcher.count(QStringLiteral("does not belong to the calling thread")) >= 1);
        QSqlDatabase::removeDatabase(name);
    }

    void threadExitParksItsConnection()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("exit.db"));
        SessionOptions o = test::options(path);
        o.pool.coreSize = 1;
        o.pool.maxOverflow = 0;
        auto session = test::openOrFail(o);
        QVERIFY(session);
        // A thread borrows the only reader connection and ends; the next thread must get it.
        for (int i = 0; i < 5; ++i) {
            const bool ok = std::async(std::launch::async, [&] {
                                auto lease = session->database().readers().acquire();
                                return lease.ok()
                                        && lease->database().driver()->thread()
                                        == QThread::currentThread();
                            }).get();
            QVERIFY(ok);
        }
        QCOMPARE(session->database().readers().metrics().timeouts, 0);
    }
};

QTEST_GUILESS_MAIN(tst_Concurrency)
#include "tst_concurrency.moc"
