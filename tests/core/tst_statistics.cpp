// Statistics (C9; fixes 4, 6, 18): counters kept exact by triggers against COUNT(*)/SUM after a
// random mix of writes (including cascades and orphans), a cache that every write invalidates,
// TTL expiry on a manual clock, and consistent cached reads from several threads.
#include "db/clock.h"
#include "db/sqlitenative.h"
#include "demo/demogenerator.h"
#include "testsupport.h"

#include <QRandomGenerator>
#include <QTest>
#include <QUuid>
#include <sqlite3.h>
#include <thread>
#include <vector>

using namespace backupdb;

namespace {

QString dbPath(const QTemporaryDir &dir)
{
    return dir.filePath(QStringLiteral("stats.db"));
}

char *describe(const DatabaseTotals &t)
{
    return qstrdup(qPrintable(QStringLiteral("clients %1, files %2, size %3, sized %4, verified %5")
                                      .arg(t.clients)
                                      .arg(t.files)
                                      .arg(t.totalSizeBytes)
                                      .arg(t.sizedFiles)
                                      .arg(t.verifiedFiles)));
}

struct Totals
{
    qint64 files = 0, size = 0, verified = 0;
    bool operator==(const Totals &) const = default;
};

// perClient() as a map, and the same computed by GROUP BY over the files table.
QMap<QByteArray, Totals> perClientOf(const QList<ClientTotals> &list)
{
    QMap<QByteArray, Totals> map;
    for (const ClientTotals &c : list)
        map.insert(c.clientId, { c.files, c.totalSizeBytes, c.verifiedFiles });
    return map;
}

Result<QMap<QByteArray, Totals>> groupBy(Database &db)
{
    QMap<QByteArray, Totals> map;
    const DbError e = db.read([&](ConnectionLease &lease) {
        return db.forEachRow(lease,
                             QStringLiteral("SELECT ClientID, COUNT(*), COALESCE(SUM(FileSize), "
                                            "0), COALESCE(SUM(Verified != 0), 0) "
                                            "FROM files GROUP BY ClientID"),
                             {}, [&](const QSqlQuery &q) {
                                 map.insert(q.value(0).toByteArray(),
                                            { q.value(1).toLongLong(), q.value(2).toLongLong(),
                                              q.value(3).toLongLong() });
                             });
    });
    if (e)
        return e;
    return map;
}

QList<QByteArray> idsOf(Database &db, const QString &sql)
{
    QList<QByteArray> ids;
    const DbError e = db.read([&](ConnectionLease &lease) {
        return db.forEachRow(lease, sql, {},
                             [&](const QSqlQuery &q) { ids.append(q.value(0).toByteArray()); });
    });
    if (e)
        qWarning("%s", qPrintable(e.message()));
    return ids;
}

Result<qint64> write(Database &db, const QString &sql, const QVariantList &binds)
{
    return db.write([&](ConnectionLease &lease) { return db.execute(lease, sql, binds); });
}

ClientRecord newClient(const QString &name)
{
    ClientRecord c;
    c.name = name;
    c.lastSeen = QStringLiteral("2025-01-10 12:00:00");
    return c;
}

FileRecord newFile(const QByteArray &clientId, const QString &name, std::optional<qint64> size,
                   bool verified)
{
    FileRecord f;
    f.id = QUuid::createUuid().toRfc4122(); // bulk inserts need IDs; add() would make one
    f.clientId = clientId;
    f.fileName = name;
    f.pathName = QStringLiteral("/srv/") + name;
    f.fileSize = size;
    f.verified = verified;
    return f;
}

} // namespace

namespace QTest {
template<> char *toString(const DatabaseTotals &t)
{
    return describe(t);
}
} // namespace QTest

class TestStatistics : public QObject
{
    Q_OBJECT

private slots:
    void countersStayExact_data();
    void countersStayExact();
    void countersOnOriginalServerDatabase();
    void demoPopulateExtends();
    void cacheInvalidatedByWrite();
    void ttlExpiry();
    void concurrentCachedReads();
    void concurrentReadsDuringWrites();

private:
    void checkExact(Session &s, const QString &when);
};

void TestStatistics::checkExact(Session &s, const QString &when)
{
    auto counted = s.statistics().totals(CachePolicy::Bypass);
    QVERIFY2(counted.ok(), qPrintable(counted.error().message()));
    auto scanned = s.statistics().countExactly();
    QVERIFY2(scanned.ok(), qPrintable(scanned.error().message()));
    QVERIFY2(counted.value() == scanned.value(),
             qPrintable(QStringLiteral("%1: counters [%2] != scan [%3]")
                                .arg(when,
                                     QString::fromLatin1(
                                             QScopedArrayPointer<char>(describe(counted.value()))
                                                     .data()),
                                     QString::fromLatin1(
                                             QScopedArrayPointer<char>(describe(scanned.value()))
                                                     .data()))));
    auto perClient = s.statistics().perClient();
    QVERIFY2(perClient.ok(), qPrintable(perClient.error().message()));
    auto grouped = groupBy(s.database());
    QVERIFY2(grouped.ok(), qPrintable(grouped.error().message()));
    const QMap<QByteArray, Totals> counters = perClientOf(perClient.value());
    QCOMPARE(counters.size(), perClient->size()); // no client twice
    QVERIFY2(counters == grouped.value(),
             qPrintable(QStringLiteral("%1: per-client totals differ (%2 vs %3 clients)")
                                .arg(when)
                                .arg(counters.size())
                                .arg(grouped->size())));
    // perClient is ordered by total size, largest first.
    for (qsizetype i = 1; i < perClient->size(); ++i)
        QVERIFY(perClient->at(i - 1).totalSizeBytes >= perClient->at(i).totalSizeBytes);
}

void TestStatistics::countersStayExact_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::newRow("seed 1") << 1u;
    QTest::newRow("seed 20250110") << 20250110u;
    QTest::newRow("seed 777") << 777u;
}

void TestStatistics::countersStayExact()
{
    QFETCH(quint32, seed);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    Database &db = s->database();

    DemoOptions demo;
    demo.clients = 12;
    demo.files = 250;
    demo.orphans = 30;
    demo.seed = seed;
    demo.batchSize = 100;
    auto populated = demo::populate(db, demo);
    QVERIFY2(populated.ok(), qPrintable(populated.error().message()));
    QCOMPARE(populated->clientsAdded, 12);
    QCOMPARE(populated->filesAdded, 250);
    QCOMPARE(populated->orphansAdded, 30);
    checkExact(*s, QStringLiteral("after populate"));
    if (QTest::currentTestFailed())
        return;
    auto orphans = idsOf(db,
                         QStringLiteral("SELECT f.ID FROM files f LEFT JOIN clients c ON c.ID = "
                                        "f.ClientID WHERE c.ID IS NULL"));
    QCOMPARE(orphans.size(), 30);

    QRandomGenerator rng(seed);
    auto randomSize = [&]() -> std::optional<qint64> {
        if (rng.bounded(6) == 0)
            return std::nullopt;
        return qint64(rng.bounded(1000000));
    };
    int clientsMade = 0;
    for (int step = 1; step <= 400; ++step) {
        const QList<QByteArray> clients = idsOf(db, QStringLiteral("SELECT ID FROM clients"));
        const QList<QByteArray> files = idsOf(db, QStringLiteral("SELECT ID FROM files"));
        QVERIFY(!files.isEmpty());
        const QByteArray someFile = files.at(rng.bounded(int(files.size())));
        const int op = rng.bounded(100);
        if (clients.size() < 3 || op < 4) {
            auto c = s->clients().add(newClient(QStringLiteral("random-%1").arg(++clientsMade)));
            QVERIFY2(c.ok(), qPrintable(c.error().message()));
            continue;
        }
        const QByteArray someClient = clients.at(rng.bounded(int(clients.size())));
        if (op < 30) {
            auto f = s->files().add(newFile(someClient, QStringLiteral("n%1").arg(step),
                                            randomSize(), rng.bounded(2)));
            QVERIFY2(f.ok(), qPrintable(f.error().message()));
        } else if (op < 45) {
            auto owner = s->files().get(someFile);
            QVERIFY(owner.ok() && owner->has_value());
            auto removed = s->files().remove((*owner)->clientId, someFile);
            QVERIFY(removed.ok() && removed.value());
        } else if (op < 60) {
            const std::optional<qint64> size = randomSize();
            auto r = write(db, QStringLiteral("UPDATE files SET FileSize = ? WHERE ID = ?"),
                           { size ? QVariant(*size) : QVariant(QMetaType(QMetaType::LongLong)),
                             someFile });
            QVERIFY2(r.ok() && r.value() == 1, qPrintable(r.error().message()));
        } else if (op < 72) {
            QVERIFY(!s->files().setVerified(someFile, rng.bounded(2)));
        } else if (op < 84) {
            // Moves a file (an orphan too) to another client: both clients' totals change.
            auto r = write(db, QStringLiteral("UPDATE files SET ClientID = ? WHERE ID = ?"),
                           { someClient, someFile });
            QVERIFY2(r.ok() && r.value() == 1, qPrintable(r.error().message()));
        } else if (op < 88) {
            // Several columns at once, and a NULL Verified as old server rows have.
            auto r = write(
                    db,
                    QStringLiteral("UPDATE files SET FileSize = ?, Verified = ?, ClientID = ? "
                                   "WHERE ID = ?"),
                    { qint64(rng.bounded(5000)),
                      rng.bounded(3) == 0 ? QVariant(QMetaType(QMetaType::Int)) : QVariant(1),
                      someClient, someFile });
            QVERIFY2(r.ok() && r.value() == 1, qPrintable(r.error().message()));
        } else if (op < 92) {
            auto count = s->clients().fileCount(someClient);
            QVERIFY(count.ok());
            auto removed = s->clients().remove(someClient);
            QVERIFY2(removed.ok(), qPrintable(removed.error().message()));
            QCOMPARE(removed.value(), count.value());
        } else if (op < 95) {
            // The foreign key's own cascade (no explicit delete of the files first).
            auto r = write(db, QStringLiteral("DELETE FROM clients WHERE ID = ?"), { someClient });
            QVERIFY2(r.ok() && r.value() == 1, qPrintable(r.error().message()));
        } else if (op < 97) {
            QList<FileRecord> batch;
            for (int i = 0; i < 5; ++i)
                batch.append(newFile(someClient, QStringLiteral("bulk%1-%2").arg(step).arg(i),
                                     randomSize(), i % 2));
            batch.append(batch.first()); // a duplicate: skipped, not counted
            auto r = s->bulk().insertFiles(batch);
            QVERIFY2(r.ok(), qPrintable(r.error().message()));
            QCOMPARE(r->skipped, 1);
        } else {
            DemoOptions more;
            more.orphans = 3;
            more.seed = seed;
            auto r = demo::populate(db, more);
            QVERIFY2(r.ok(), qPrintable(r.error().message()));
            QCOMPARE(r->orphansAdded, 3);
        }
        if (step % 40 == 0) {
            checkExact(*s, QStringLiteral("after step %1").arg(step));
            if (QTest::currentTestFailed())
                return;
        }
    }
    checkExact(*s, QStringLiteral("at the end"));
    if (QTest::currentTestFailed())
        return;
    // A recount from a scan changes nothing when the counters are exact.
    auto before = s->statistics().totals(CachePolicy::Bypass);
    QVERIFY(!s->statistics().recount());
    QCOMPARE(s->statistics().totals(CachePolicy::Bypass).valueOr({}), before.valueOr({}));
    checkExact(*s, QStringLiteral("after recount"));
}

void TestStatistics::countersOnOriginalServerDatabase()
{
    // A database the original server wrote (no counters, orphans): the migration counts it.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    test::writeOriginalDatabase(dbPath(dir), 15, 8, 6);
    if (QTest::currentTestFailed())
        return;
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    auto totals = s->statistics().totals(CachePolicy::Bypass);
    QVERIFY(totals.ok());
    QCOMPARE(totals->clients, 15);
    QCOMPARE(totals->files, 15 * 8 + 6);
    checkExact(*s, QStringLiteral("after migration"));
    // Deleting a client with the repository takes its files and keeps the counters exact.
    auto clients = idsOf(s->database(), QStringLiteral("SELECT ID FROM clients ORDER BY rowid"));
    auto removed = s->clients().remove(clients.first());
    QVERIFY(removed.ok());
    QCOMPARE(removed.value(), 8);
    checkExact(*s, QStringLiteral("after a client delete"));
}

void TestStatistics::demoPopulateExtends()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    DemoOptions o;
    o.clients = 30;
    o.files = 120;
    o.orphans = 7;
    o.batchSize = 8;
    qint64 lastDone = 0, calls = 0;
    auto r = demo::populate(s->database(), o, [&](qint64 done, qint64 total) {
        ++calls;
        lastDone = done;
        return total == 157;
    });
    QVERIFY2(r.ok(), qPrintable(r.error().message()));
    QCOMPARE(r->clientsAdded, 30);
    QCOMPARE(r->filesAdded, 120);
    QCOMPARE(r->orphansAdded, 7);
    QCOMPARE(lastDone, 157);
    QVERIFY(calls > 3);
    checkExact(*s, QStringLiteral("after populate"));

    // Remove two clients, then extend: every requested row is new, nothing collides.
    auto clients = idsOf(s->database(), QStringLiteral("SELECT ID FROM clients ORDER BY rowid"));
    QVERIFY(s->clients().remove(clients.at(3)).ok());
    QVERIFY(s->clients().remove(clients.at(17)).ok());
    const qint64 filesLeft = s->statistics().countExactly().valueOr({}).files;
    DemoOptions more;
    more.clients = 10;
    more.files = 40;
    more.orphans = 5;
    auto again = demo::populate(s->database(), more);
    QVERIFY2(again.ok(), qPrintable(again.error().message()));
    QCOMPARE(again->clientsAdded, 10);
    QCOMPARE(again->filesAdded, 40);
    QCOMPARE(again->orphansAdded, 5);
    auto exact = s->statistics().countExactly();
    QVERIFY(exact.ok());
    QCOMPARE(exact->clients, 38);
    QCOMPARE(exact->files, filesLeft + 45);
    checkExact(*s, QStringLiteral("after extending"));

    // Stopping early keeps the finished batches.
    DemoOptions stop;
    stop.clients = 20;
    stop.batchSize = 5;
    auto stopped
            = demo::populate(s->database(), stop, [](qint64 done, qint64) { return done < 10; });
    QVERIFY(stopped.ok());
    QCOMPARE(stopped->clientsAdded, 10);
    QCOMPARE(s->statistics().countExactly().valueOr({}).clients, 48);
}

void TestStatistics::cacheInvalidatedByWrite()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto options = test::options(dbPath(dir));
    options.statisticsTtl = Milliseconds(3600 * 1000); // only a write can make it stale
    auto s = test::openOrFail(options);
    QVERIFY(s);
    auto client = s->clients().add(newClient(QStringLiteral("only")));
    QVERIFY(client.ok());
    StatisticsService &stats = s->statistics();

    auto first = stats.totals(CachePolicy::UseCache);
    QVERIFY(first.ok());
    QCOMPARE(first->clients, 1);
    QCOMPARE(first->files, 0);
    const qint64 hits = stats.cacheHits();
    auto second = stats.totals(CachePolicy::UseCache);
    QVERIFY(second.ok());
    QCOMPARE(second.value(), first.value());
    QCOMPARE(stats.cacheHits(), hits + 1);

    auto file = s->files().add(newFile(client->id, QStringLiteral("new.txt"), 1234, true));
    QVERIFY(file.ok());
    auto third = stats.totals(CachePolicy::UseCache);
    QVERIFY(third.ok());
    QCOMPARE(third->files, 1);
    QCOMPARE(third->totalSizeBytes, 1234);
    QCOMPARE(third->verifiedFiles, 1);
    QCOMPARE(third->averageSizeBytes(), 1234.0);

    QVERIFY(!s->files().setVerified(file->id, false));
    QCOMPARE(stats.totals(CachePolicy::UseCache).valueOr({}).verifiedFiles, 0);

    auto bulk = s->bulk().insertFiles(
            { newFile(client->id, QStringLiteral("b1"), std::nullopt, false),
              newFile(client->id, QStringLiteral("b2"), 6, false) });
    QVERIFY(bulk.ok());
    auto fourth = stats.totals(CachePolicy::UseCache);
    QCOMPARE(fourth.valueOr({}).files, 3);
    QCOMPARE(fourth.valueOr({}).sizedFiles, 2);
    QCOMPARE(fourth.valueOr({}).averageSizeBytes(), 620.0);

    auto removed = s->files().remove(client->id, file->id);
    QVERIFY(removed.ok() && removed.value());
    QCOMPARE(stats.totals(CachePolicy::UseCache).valueOr({}).files, 2);

    // Orphans written by the demo generator's own connection count too (it reports the write).
    DemoOptions o;
    o.orphans = 4;
    QVERIFY(demo::populate(s->database(), o).ok());
    QCOMPARE(stats.totals(CachePolicy::UseCache).valueOr({}).files, 6);

    auto cascade = s->clients().remove(client->id);
    QVERIFY(cascade.ok());
    QCOMPARE(cascade.value(), 2);
    auto last = stats.totals(CachePolicy::UseCache);
    QCOMPARE(last.valueOr({}).clients, 0);
    QCOMPARE(last.valueOr({}).files, 4);
    QCOMPARE(last.valueOr({}), stats.countExactly().valueOr({}));

    // invalidate() drops the cache: the next read is a miss.
    const qint64 misses = stats.cacheMisses();
    stats.invalidate();
    QVERIFY(stats.totals(CachePolicy::UseCache).ok());
    QCOMPARE(stats.cacheMisses(), misses + 1);
}

void TestStatistics::ttlExpiry()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    ManualClock clock;
    StatisticsService stats(s->database(), Milliseconds(1000), clock);

    auto first = stats.totals();
    QVERIFY(first.ok());
    QCOMPARE(first->clients, 0);
    QCOMPARE(stats.cacheMisses(), 1);

    // A writer that does not go through this Database (another process): only the TTL helps.
    {
        auto opened = sqlite::openNative(s->path(), SQLITE_OPEN_READWRITE, Milliseconds(5000));
        QVERIFY2(opened.ok(), qPrintable(opened.error().message()));
        const DbError e = sqlite::exec(
                opened.value(),
                QStringLiteral("INSERT INTO clients (ID, Name, LastSeen) "
                               "VALUES (randomblob(16), 'foreign', '2025-01-10 12:00:00')"));
        sqlite::closeNative(opened.value());
        QVERIFY2(!e, qPrintable(e.message()));
    }
    QCOMPARE(stats.totals(CachePolicy::Bypass).valueOr({}).clients, 1);
    // The Bypass read refreshed the cache; make it stale again by reading before the write.
    stats.invalidate();
    QVERIFY(stats.totals().ok());
    {
        auto opened = sqlite::openNative(s->path(), SQLITE_OPEN_READWRITE, Milliseconds(5000));
        QVERIFY(opened.ok());
        const DbError e = sqlite::exec(
                opened.value(),
                QStringLiteral("INSERT INTO clients (ID, Name, LastSeen) "
                               "VALUES (randomblob(16), 'foreign 2', '2025-01-10 12:00:00')"));
        sqlite::closeNative(opened.value());
        QVERIFY2(!e, qPrintable(e.message()));
    }
    const qint64 hits = stats.cacheHits();
    QCOMPARE(stats.totals().valueOr({}).clients, 1); // cached
    clock.advance(Milliseconds(999));
    QCOMPARE(stats.totals().valueOr({}).clients, 1); // still within the TTL
    QCOMPARE(stats.cacheHits(), hits + 2);
    clock.advance(Milliseconds(1));
    QCOMPARE(stats.totals().valueOr({}).clients, 2); // expired: read again
    QCOMPARE(stats.cacheHits(), hits + 2);
    QCOMPARE(stats.totals().valueOr({}).clients, 2);
    QCOMPARE(stats.cacheHits(), hits + 3);

    // A shorter TTL applies at once; 0 means no caching.
    stats.setTtl(Milliseconds(0));
    const qint64 misses = stats.cacheMisses();
    QVERIFY(stats.totals().ok());
    QVERIFY(stats.totals().ok());
    QCOMPARE(stats.cacheMisses(), misses + 2);
    QCOMPARE(stats.cacheHits(), hits + 3);
}

void TestStatistics::concurrentCachedReads()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    DemoOptions o;
    o.clients = 10;
    o.files = 500;
    QVERIFY(demo::populate(s->database(), o).ok());
    auto expected = s->statistics().countExactly();
    QVERIFY(expected.ok());

    ManualClock clock;
    StatisticsService stats(s->database(), Milliseconds(1000), clock);
    constexpr int kThreads = 4, kReads = 300;
    std::atomic<int> wrong { 0 }, failed { 0 };
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kReads; ++i) {
                if (t == 0 && i % 50 == 0)
                    clock.advance(Milliseconds(600)); // expiries while the others read
                if (t == 1 && i % 70 == 0)
                    stats.invalidate();
                auto r = stats.totals();
                if (!r)
                    ++failed;
                else if (!(r.value() == expected.value()))
                    ++wrong;
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    QCOMPARE(failed.load(), 0);
    QCOMPARE(wrong.load(), 0);
    QCOMPARE(stats.cacheHits() + stats.cacheMisses(), qint64(kThreads * kReads));
    QVERIFY(stats.cacheHits() > 0);
    QVERIFY(stats.cacheMisses() >= 1);
}

void TestStatistics::concurrentReadsDuringWrites()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    auto client = s->clients().add(newClient(QStringLiteral("writer")));
    QVERIFY(client.ok());
    StatisticsService &stats = s->statistics();

    // Every file added has size 1000 and is verified: any consistent snapshot has
    // size == 1000 * files == 1000 * verified. A torn or mixed read breaks that.
    constexpr int kFiles = 150, kReaders = 3;
    std::atomic<bool> done { false };
    std::atomic<int> torn { 0 }, failed { 0 };
    std::vector<std::thread> readers;
    for (int t = 0; t < kReaders; ++t) {
        readers.emplace_back([&] {
            while (!done.load()) {
                auto r = stats.totals();
                if (!r) {
                    ++failed;
                    continue;
                }
                if (r->totalSizeBytes != 1000 * r->files || r->verifiedFiles != r->files
                    || r->clients != 1)
                    ++torn;
            }
        });
    }
    int written = 0;
    for (int i = 0; i < kFiles; ++i) {
        auto f = s->files().add(newFile(client->id, QStringLiteral("f%1").arg(i), 1000, true));
        if (f.ok())
            ++written;
        else
            qWarning("%s", qPrintable(f.error().message()));
        // The writer's own next read sees its write (read-your-writes through the cache).
        if (stats.totals().valueOr({}).files != written)
            ++torn;
    }
    done = true;
    for (std::thread &t : readers)
        t.join();
    QCOMPARE(written, kFiles);
    QCOMPARE(failed.load(), 0);
    QCOMPARE(torn.load(), 0);
    QCOMPARE(stats.totals().valueOr({}).files, kFiles);
    QCOMPARE(stats.totals().valueOr({}), stats.countExactly().valueOr({}));
}

QTEST_GUILESS_MAIN(TestStatistics)
#include "tst_statistics.moc"
