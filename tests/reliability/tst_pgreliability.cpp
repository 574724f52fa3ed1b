// The reliability suites that make sense on PostgreSQL too (issue 12), against databases of the
// throw-away cluster (fixture pg_cluster, tests/postgres):
//   poolLoad        8 threads through a ConnectionPool on PostgreSQL: committed, autocommitted,
//                   rolled-back-by-the-pool and read leases, a few held past the leak threshold.
//                   Afterwards every committed row is there with its contents and no other, the
//                   counters equal COUNT(*), no lease is outstanding, the metrics add up, and
//                   the server has no session of the pool left.
//   lockStorm       another connection (libpq, in a thread) holds, in bursts, an ACCESS
//                   EXCLUSIVE lock on files, a row lock on the client, and a lock on the
//                   counters the triggers update, while the session adds files with a small
//                   lock_timeout (PoolConfig::busyTimeout) and retry budget: each add succeeds or
//                   fails Busy (SQLSTATE 55P03, "gave up"), none hangs, exactly the successful
//                   rows are stored, whole. With a long busy timeout a write waits out the lock.
//   killedImportIsAllOrNothing
//                   backupdb_importer bulk-imports into PostgreSQL in one transaction and is
//                   killed with SIGKILL at random moments: the database holds none or all of
//                   each import, its full integrity check is clean, the counters equal COUNT(*),
//                   and it opens and takes writes afterwards.
//   badLocations    unreachable servers, a conninfo libpq cannot read, passwords in the address,
//                   another application's database, a newer schema, a wrong sslmode: through
//                   Session::open and backupdb-cli, each a clear error of the right kind, no
//                   password echoed, and every database of the suite unchanged.
// A suite of its own rather than PostgreSQL rows in the SQLite suites, which hold SQLite's lock
// (backupdb_lockholder) and compare file hashes; it shares their load, storm and kill-run code
// (poolwatch.h, reliability.h, crashcheck.h).
#include "crashcheck.h"
#include "pgtestdatabase.h"
#include "poolwatch.h"
#include "reliability.h"
#include "testsupport.h"

#include "demo/demogenerator.h"
#include "pg/pgerrors.h"
#include "pg/pglibpq.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHash>
#include <QTest>
#include <QUrl>
#include <atomic>
#include <functional>
#include <stdexcept>
#include <thread>

using namespace backupdb;
using namespace backupdb::test;

namespace {

// A libpq connection of the test's own (core/pg/pglibpq.h), beside the pools under test.
std::unique_ptr<pg::Connection> connectRaw(const QString &conninfo)
{
    auto spec = pg::ConnectionSpec::parse(conninfo);
    if (!spec) {
        qWarning("%s", qPrintable(spec.error().message()));
        return nullptr;
    }
    auto opened = pg::Connection::open(spec.value(), QStringLiteral("tst_pgreliability"));
    if (!opened) {
        qWarning("%s", qPrintable(opened.error().message()));
        return nullptr;
    }
    return std::move(opened).value();
}

// The first value of a one-row query, or "ERROR: ..." (so that a comparison fails visibly).
QString valueOf(PGconn *conn, const QByteArray &sql,
                const QList<std::optional<QByteArray>> &parameters = {})
{
    auto rows = pg::query(conn, sql, parameters);
    if (!rows)
        return QStringLiteral("ERROR: ") + rows.error().message();
    return rows->count() > 0 ? rows->text(0, 0) : QStringLiteral("(no row)");
}

// A file ID that says which thread and cycle wrote it (16 bytes, as the server's).
QByteArray loadFileId(int thread, qint64 cycle)
{
    return QCryptographicHash::hash(QByteArray::number(thread) + '-' + QByteArray::number(cycle),
                                    QCryptographicHash::Md5);
}

// The stored files of a client against the ones written (ID -> record): none lost, none extra,
// none changed. Empty when they agree, else the first difference.
QString compareFiles(Session &session, const QByteArray &clientId,
                     const QHash<QByteArray, FileRecord> &written)
{
    auto rows = session.files().listForClient(clientId);
    if (!rows)
        return rows.error().message();
    if (rows->size() != written.size())
        return QStringLiteral("%1 rows stored, %2 written").arg(rows->size()).arg(written.size());
    for (const FileRecord &f : rows.value()) {
        const auto it = written.constFind(f.id);
        if (it == written.cend())
            return QStringLiteral("a row that was not written: %1").arg(f.fileName);
        if (f.fileName != it->fileName || f.pathName != it->pathName || f.fileSize != it->fileSize)
            return QStringLiteral("row %1 reads back as %2 %3")
                    .arg(it->fileName, f.fileName, f.pathName);
    }
    return QString();
}

// Counters (trigger-kept), COUNT(*) and the integrity checker agree on `files` rows.
QString checkTotals(Session &session, qint64 files)
{
    auto totals = session.statistics().totals(CachePolicy::Bypass);
    auto exact = session.statistics().countExactly();
    if (!totals || !exact)
        return QStringLiteral("statistics failed");
    if (totals->files != files || exact->files != files)
        return QStringLiteral("counters say %1 files, COUNT(*) %2, expected %3")
                .arg(totals->files)
                .arg(exact->files)
                .arg(files);
    auto report = session.integrity().check(IntegrityReport::Depth::Quick);
    if (!report)
        return report.error().message();
    if (!report->countersExact || report->integrity() != QLatin1String("ok"))
        return QStringLiteral("integrity %1, counters exact %2")
                .arg(report->integrity())
                .arg(report->countersExact);
    return QString();
}

// The password of the bad locations: it must never be shown.
constexpr char kSecret[] = "s3cret-Pw0rd";

} // namespace

class tst_PgReliability : public QObject
{
    Q_OBJECT

    PgTestDatabase m_pg;
    std::unique_ptr<pg::Connection> m_admin; // to the maintenance database
    // The databases the bad locations point at, made on the first row (see badLocations).
    QHash<QString, QString> m_fixtures; // placeholder -> database name

    QString location(const QString &database) const
    {
        return QStringLiteral("host=%1 port=%2 user=%3 dbname=%4")
                .arg(m_pg.cluster().host())
                .arg(m_pg.cluster().port())
                .arg(m_pg.cluster().user(), database);
    }

    // A new empty database, made into BackupDB Admin's by Session::open (which migrates it).
    std::unique_ptr<Session> openNew(QString *database,
                                     const std::function<void(SessionOptions &)> &tune = {})
    {
        QString error;
        *database = m_pg.createEmpty(&error);
        if (database->isEmpty()) {
            qWarning("%s", qPrintable(error));
            return nullptr;
        }
        SessionOptions o = test::options(location(*database));
        if (tune)
            tune(o);
        return openOrFail(o);
    }

    // Waits until the server has no session on database (the backends of a killed or closed
    // client end asynchronously; a killed client's transaction is over only then).
    bool waitForNoSessions(const QString &database, int timeoutMs = 30000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            if (valueOf(m_admin->handle(),
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = $1",
                        { database.toUtf8() })
                == QLatin1String("0"))
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    // What "changed nothing" compares: the relations and functions outside the catalogues, and
    // every table's rows.
    QString fingerprint(const QString &database)
    {
        auto conn = connectRaw(location(database));
        if (!conn)
            return QStringLiteral("cannot connect to ") + database;
        PGconn *c = conn->handle();
        QString out = valueOf(c,
                              "SELECT string_agg(x, ',' ORDER BY x) FROM (SELECT n.nspname || '.' "
                              "|| c.relname || ':' || c.relkind AS x FROM pg_class c JOIN "
                              "pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN "
                              "('pg_catalog', 'information_schema') AND n.nspname NOT LIKE "
                              "'pg\\_to%') s")
                + u'\n'
                + valueOf(c,
                          "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = "
                          "p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', "
                          "'information_schema')");
        auto tables = pg::query(c,
                                "SELECT format('%I.%I', table_schema, table_name) FROM "
                                "information_schema.tables WHERE table_type = 'BASE TABLE' AND "
                                "table_schema NOT IN ('pg_catalog', 'information_schema') "
                                "ORDER BY 1");
        if (!tables)
            return tables.error().message();
        for (int i = 0; i < tables->count(); ++i)
            out += u'\n' + tables->text(i, 0) + u' '
                    + valueOf(c,
                              "SELECT count(*) || ' ' || md5(COALESCE(string_agg(t::text, '|' "
                              "ORDER BY t::text), '')) FROM "
                                      + tables->bytes(i, 0) + " t");
        return out;
    }

    // The suite's own databases on the cluster (other suites make and drop theirs meanwhile).
    QString ownDatabases()
    {
        const QByteArray prefix
                = "bdba_tst_" + QByteArray::number(QCoreApplication::applicationPid()) + '_';
        return valueOf(m_admin->handle(),
                       "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database "
                       "WHERE left(datname, length($1)) = $1",
                       { prefix });
    }

    static QStringList fixtureKeys()
    {
        return { QStringLiteral("GOOD"), QStringLiteral("NEWER"), QStringLiteral("EMPTY"),
                 QStringLiteral("FOREIGN"), QStringLiteral("CLASH") };
    }

    bool makeBadInputFixtures()
    {
        QString error;
        const auto make = [&](const QString &key) {
            const QString name = m_pg.createEmpty(&error);
            m_fixtures.insert(key, name);
            return !name.isEmpty();
        };
        const auto run = [&](const QString &key, const QByteArray &sql) {
            auto conn = connectRaw(location(m_fixtures.value(key)));
            const pg::ScriptResult r = conn ? pg::exec(conn->handle(), sql) : pg::ScriptResult();
            if (!r.ok)
                qWarning("%s: %s", qPrintable(key), qPrintable(r.message));
            return r.ok;
        };
        // A BackupDB Admin database with data, one written by a newer BackupDB Admin, an empty
        // one (the refusals before connecting must leave it empty), and two of another
        // application: one with a table of its own, one whose table is called clients.
        for (const QString &key : fixtureKeys()) {
            if (!make(key)) {
                qWarning("%s", qPrintable(error));
                return false;
            }
        }
        for (const QString &key : { QStringLiteral("GOOD"), QStringLiteral("NEWER") }) {
            auto session = openOrFail(test::options(location(m_fixtures.value(key))));
            if (!session)
                return false;
            DemoOptions d;
            d.clients = 3;
            d.files = 40;
            if (!demo::populate(session->database(), d))
                return false;
        }
        m_fixtures.insert(QStringLiteral("MISSING"),
                          m_fixtures.value(QStringLiteral("GOOD")) + QStringLiteral("_missing"));
        return run(QStringLiteral("NEWER"),
                   "INSERT INTO bdba_schema_version (version, description) "
                   "VALUES (9999, 'from the future')")
                && run(QStringLiteral("FOREIGN"),
                       "CREATE TABLE orders (id integer PRIMARY KEY, item text); "
                       "INSERT INTO orders VALUES (1, 'a'), (2, 'b')")
                && run(QStringLiteral("CLASH"),
                       "CREATE TABLE clients (id integer PRIMARY KEY, name text); "
                       "INSERT INTO clients VALUES (1, 'someone else''s')");
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_pg.start(&error), qPrintable(error));
        m_admin = connectRaw(location(m_pg.cluster().maintenanceDatabase()));
        QVERIFY(m_admin);
    }

    // Databases are dropped at the end, not per test: badLocations' rows share theirs.
    void cleanupTestCase()
    {
        m_admin.reset();
        m_pg.stop();
    }

    void poolLoad()
    {
        QString database;
        auto session = openNew(&database);
        QVERIFY(session);
        const QString where = location(database);
        auto owner = session->clients().add(reliability::testClient(QStringLiteral("load")));
        QVERIFY2(owner, qPrintable(owner.error().message()));
        const QByteArray clientId = owner->id;

        constexpr int threads = 8;
        const qint64 perThread = reliability::count(250, 5000);
        const qint64 cycles = threads * perThread;

        // A long busy timeout: every insert waits for the counters' row the others update.
        const PoolConfig config = reliability::loadConfig(where, QStringLiteral("pgload"), 3, 3,
                                                          Milliseconds(10000));

        auto catcher = std::make_unique<MessageCatcher>();
        ConnectionPool pool(config);
        QVERIFY(!pool.start());
        const qint64 acquiresAtStart = pool.metrics().acquires;
        const int limit = config.coreSize + config.maxOverflow;

        reliability::PoolSampler sampler(pool, limit);

        // Per thread: the rows it committed (ID -> record) and the first failure it saw.
        std::vector<QHash<QByteArray, FileRecord>> committed(threads);
        std::vector<QString> firstFailure(threads);
        std::atomic<qint64> failures { 0 }, throws { 0 }, rolledBack { 0 }, reads { 0 };
        const QString insert
                = QStringLiteral("INSERT INTO files (ID, FileName, PathName, Verified, FileSize, "
                                 "ModificationDate, ClientID) VALUES (?, ?, ?, ?, ?, ?, ?)");
        const auto fail = [&](int t, const QString &what) {
            if (firstFailure[t].isEmpty())
                firstFailure[t] = what;
            ++failures;
        };
        const qint64 caught = reliability::runLoad(threads, perThread, [&](int t, qint64 i) {
            auto lease = pool.acquire();
            if (!lease) {
                fail(t, lease.error().message());
                return;
            }
            const Engine &engine = lease->engine();
            const NativeHandle h = lease->handle();
            // 0: inside a transaction, then a throw (the pool's release rolls it
            // back); 1: autocommit, then a throw (it stays); 2: a read; else a
            // committed transaction.
            const int kind = int((i * 7 + t) % 10);
            if (kind == 2) {
                auto n = engine.queryInt(h, QStringLiteral("SELECT count(*) FROM files"));
                if (!n)
                    fail(t, n.error().message());
                ++reads;
            } else {
                if (kind != 1)
                    if (DbError e = engine.execute(h, QStringLiteral("BEGIN")))
                        fail(t, e.message());
                FileRecord f;
                f.id = loadFileId(t, i);
                f.fileName = QStringLiteral("t%1-%2.bin").arg(t).arg(i);
                f.pathName = QStringLiteral("/load/t%1").arg(t);
                f.fileSize = t * 1'000'000 + i;
                DbError error;
                NativeStatement *s = lease->nativeStatement(insert, &error);
                if (!s) {
                    fail(t, error.message());
                    return;
                }
                NativeBinds b = s->binds();
                b.bindBlob(1, f.id);
                b.bindText(2, f.fileName);
                b.bindText(3, f.pathName);
                b.bindVariant(4, (i % 2) == 0);
                b.bindInt(5, *f.fileSize);
                b.bindText(6, QStringLiteral("2025-01-10T09:00:00Z"));
                b.bindBlob(7, clientId);
                const bool inserted = s->step() == NativeStep::Done;
                if (!inserted)
                    fail(t, engine.lastError(h, QStringLiteral("insert")).message());
                s->reset();
                if (kind == 0) {
                    ++throws;
                    ++rolledBack;
                    throw std::runtime_error("failure inside a transaction");
                }
                if (kind != 1) {
                    if (DbError e = engine.execute(h, QStringLiteral("COMMIT")))
                        fail(t, e.message());
                }
                if (inserted)
                    committed[t].insert(f.id, f);
                if (kind == 1) {
                    ++throws;
                    throw std::runtime_error("failure after an autocommit write");
                }
            }
            // A few leases outlive the leak threshold (two per thread).
            if (i == perThread / 3 || i == 2 * perThread / 3)
                std::this_thread::sleep_for(config.leakThreshold * 3);
        });
        pool.runHousekeeping();
        sampler.stop();

        const PoolMetrics m = pool.metrics();
        const QList<ConnectionPool::LeakReport> leaks = pool.leaks();
        pool.shutdown();
        const int sizeAfterShutdown = pool.metrics().size;
        const int leaksLogged = catcher->count(QStringLiteral("possible connection leak"));
        const int rollbacksLogged = catcher->count(QStringLiteral("returned inside a transaction"));
        catcher.reset();

        QHash<QByteArray, FileRecord> written;
        for (const auto &rows : committed)
            written.insert(rows);
        QString failure;
        for (const QString &f : firstFailure)
            failure = failure.isEmpty() ? f : failure;
        qInfo("RELIABILITY pg_pool_load cycles=%lld committed=%lld rolled_back=%lld reads=%lld "
              "throws=%lld leaks_logged=%d leaks_detected=%lld max_open=%d samples=%lld "
              "acquires=%lld handovers=%lld created=%lld",
              cycles, qint64(written.size()), qint64(rolledBack), qint64(reads), qint64(throws),
              leaksLogged, m.leaksDetected, int(sampler.maxOpen), qint64(sampler.samples),
              m.acquires, m.handovers, m.created);

        QVERIFY2(failures == 0, qPrintable(failure));
        QCOMPARE(caught, qint64(throws));
        QCOMPARE(qint64(rollbacksLogged), qint64(rolledBack)); // each one rolled back by release
        QCOMPARE(qint64(written.size() + rolledBack + reads), cycles);
        const QString settled = reliability::checkSettled(m, config, sampler,
                                                          acquiresAtStart + cycles, leaksLogged);
        QVERIFY2(settled.isEmpty(), qPrintable(settled));
        QVERIFY(leaks.isEmpty()); // nothing was held at the end
        QCOMPARE(sizeAfterShutdown, 0);
        // The data: every committed row, whole, and nothing of the rolled-back ones.
        const QString differs = compareFiles(*session, clientId, written);
        QVERIFY2(differs.isEmpty(), qPrintable(differs));
        const QString totals = checkTotals(*session, written.size());
        QVERIFY2(totals.isEmpty(), qPrintable(totals));
        // The server: the pool's sessions are gone once the session's are.
        session.reset();
        QVERIFY2(waitForNoSessions(database), "the pool left sessions on the server");
    }

    void lockStorm()
    {
        QString database;
        auto session = openNew(&database, [](SessionOptions &o) {
            o.pool.busyTimeout = Milliseconds(10); // lock_timeout
            o.query.retry.maxAttempts = 4;
            o.query.retry.initialDelay = Milliseconds(5);
            o.query.retry.maxDelay = Milliseconds(20);
            o.query.retry.maxTotal = Milliseconds(60);
        });
        QVERIFY(session);
        auto client = session->clients().add(reliability::testClient(QStringLiteral("storm")));
        QVERIFY2(client, qPrintable(client.error().message()));
        const QByteArray clientId = client->id;

        // The locks a writer of files meets: the table itself, the client's row (the foreign
        // key's FOR KEY SHARE), and the counters the insert trigger updates.
        const QByteArray clientLiteral = "'\\x" + clientId.toHex() + "'::bytea";
        const QList<QByteArray> locks {
            "LOCK TABLE files IN ACCESS EXCLUSIVE MODE",
            "SELECT 1 FROM clients WHERE id = " + clientLiteral + " FOR UPDATE",
            "LOCK TABLE bdba_counters IN EXCLUSIVE MODE",
        };
        // Bursts of 150 ms (longer than the whole retry budget) with 40 ms pauses.
        const int bursts = int(reliability::count(15, 300));
        std::atomic<int> lockedBy { -1 }; // the lock held now, -1 between bursts
        std::atomic<bool> holderDone { false };
        std::atomic<int> holderBursts { 0 };
        QString holderError;
        std::thread holder([&] {
            auto conn = connectRaw(location(database));
            for (int b = 0; conn && b < bursts; ++b) {
                const int mode = b % int(locks.size());
                const pg::ScriptResult taken = pg::exec(
                        conn->handle(), "SET lock_timeout = 5000; BEGIN; " + locks[mode]);
                if (!taken.ok) {
                    holderError = taken.message;
                    break;
                }
                lockedBy = mode;
                std::this_thread::sleep_for(std::chrono::milliseconds(150));
                lockedBy = -1;
                if (const pg::ScriptResult done = pg::exec(conn->handle(), "COMMIT"); !done.ok) {
                    holderError = done.message;
                    break;
                }
                ++holderBursts;
                std::this_thread::sleep_for(std::chrono::milliseconds(40));
            }
            holderDone = true;
        });
        QElapsedTimer started;
        started.start();
        while (lockedBy < 0 && !holderDone && started.elapsed() < 10000)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));

        qint64 attempts = 0, busy = 0, other = 0, unclear = 0, slowest = 0;
        QList<qint64> busyByLock(locks.size(), 0);
        QHash<QByteArray, FileRecord> written;
        QString firstBusy, firstOther;
        while (!holderDone) {
            FileRecord f = reliability::numberedFile(clientId, attempts++);
            const int lockBefore = lockedBy;
            QElapsedTimer t;
            t.start();
            auto r = session->files().add(f);
            slowest = std::max(slowest, t.elapsed());
            if (r) {
                f.id = r->id;
                written.insert(r->id, f);
            } else if (r.error().kind() == DbError::Kind::Busy
                       || r.error().kind() == DbError::Kind::Timeout) {
                ++busy;
                if (lockBefore >= 0 && lockBefore == lockedBy)
                    ++busyByLock[lockBefore];
                if (firstBusy.isEmpty())
                    firstBusy = r.error().message();
                // lock_timeout's own code, kept through the retries, and the retry's verdict.
                if (pg::sqlStateOf(r.error()) != QLatin1String("55P03")
                    || !r.error().message().contains(QLatin1String("gave up")))
                    ++unclear;
            } else {
                ++other;
                if (firstOther.isEmpty())
                    firstOther = DbError::kindName(r.error().kind()) + u' ' + r.error().message();
            }
        }
        holder.join();

        // After the storm the same session writes at once: no connection was left in a failed
        // transaction by a lock timeout.
        FileRecord after = reliability::numberedFile(clientId, attempts++);
        auto afterStorm = session->files().add(after);
        QVERIFY2(afterStorm, qPrintable(afterStorm.error().message()));
        after.id = afterStorm->id;
        written.insert(after.id, after);

        qInfo("RELIABILITY pg_lock_storm bursts=%d attempts=%lld successes=%lld busy=%lld "
              "busy_by_lock=%lld/%lld/%lld other=%lld slowest_ms=%lld",
              int(holderBursts), attempts, qint64(written.size()), busy, busyByLock[0],
              busyByLock[1], busyByLock[2], other, slowest);
        qInfo("first Busy error: %s", qPrintable(firstBusy));

        QVERIFY2(holderError.isEmpty(), qPrintable(holderError));
        QCOMPARE(holderBursts.load(), bursts);
        QVERIFY2(other == 0, qPrintable(firstOther));
        QVERIFY2(unclear == 0, qPrintable(firstBusy));
        for (int i = 0; i < locks.size(); ++i)
            QVERIFY2(busyByLock[i] > 0,
                     qPrintable(QStringLiteral("no write gave up under \"%1\": that lock did "
                                               "nothing")
                                        .arg(QString::fromLatin1(locks[i]))));
        QVERIFY2(written.size() > 1, "no write got through between the bursts");
        // Bounded by lock_timeout and the retry budget (150 ms in all), not by the bursts.
        QVERIFY2(slowest < 3000, qPrintable(QStringLiteral("an add took %1 ms").arg(slowest)));
        const QString differs = compareFiles(*session, clientId, written);
        QVERIFY2(differs.isEmpty(), qPrintable(differs));
        const QString totals = checkTotals(*session, written.size());
        QVERIFY2(totals.isEmpty(), qPrintable(totals));

        // With a busy timeout longer than the lock, a write waits it out and succeeds.
        session.reset();
        SessionOptions patient = test::options(location(database));
        patient.pool.busyTimeout = Milliseconds(10000);
        auto waiting = openOrFail(patient);
        QVERIFY(waiting);
        auto conn = connectRaw(location(database));
        QVERIFY(conn);
        const pg::ScriptResult taken
                = pg::exec(conn->handle(), "BEGIN; " + locks[0]); // ACCESS EXCLUSIVE on files
        QVERIFY2(taken.ok, qPrintable(taken.message));
        std::thread release([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            pg::exec(conn->handle(), "COMMIT");
        });
        FileRecord late = reliability::numberedFile(clientId, attempts++);
        QElapsedTimer waited;
        waited.start();
        auto lateAdd = waiting->files().add(late);
        const qint64 waitedMs = waited.elapsed();
        release.join();
        QVERIFY2(lateAdd, qPrintable(lateAdd.error().message()));
        QVERIFY2(waitedMs >= 250,
                 qPrintable(QStringLiteral("%1 ms: it did not wait for the lock").arg(waitedMs)));
        late.id = lateAdd->id;
        written.insert(late.id, late);
        const QString stored = compareFiles(*waiting, clientId, written);
        QVERIFY2(stored.isEmpty(), qPrintable(stored));
    }

    void killedImportIsAllOrNothing()
    {
        const qint64 n = reliability::count(5'000, 200'000);
        const int kills = int(reliability::count(6, 20));
        // Two databases with the importer's client (DemoGenerator(1).clientId(0)): one for a
        // whole import that proves the helper works and times it, one to kill imports into.
        QString timing, crash;
        for (QString *database : { &timing, &crash }) {
            auto session = openNew(database);
            QVERIFY(session);
            DemoOptions d;
            d.clients = 1;
            d.seed = 1;
            auto r = demo::populate(session->database(), d);
            QVERIFY2(r, qPrintable(r.error().message()));
        }
        qint64 importMs = 0;
        const QString failed = reliability::timeImport(location(timing), n, &importMs);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        const reliability::CrashState timed = reliability::inspectAfterCrash(location(timing));
        QVERIFY2(timed.problem.isEmpty(), qPrintable(timed.problem));
        QCOMPARE(timed.files, n);

        const QString where = location(crash);
        reliability::ImportKills run;
        run.kills = kills;
        // Every third kill lands while the importer connects, checks the schema, starts its
        // pool and builds its batch.
        run.beforeImportEvery = 3;
        run.beforeImportMaxMs = 150;
        // The server ends the killed client's transaction when it notices the lost socket.
        run.afterKill = [&] {
            return waitForNoSessions(crash)
                    ? QString()
                    : QStringLiteral("the killed importer's session stayed");
        };
        const QString problem = reliability::killImports(where, n, importMs, run);
        reliability::logKills("pg_crash_safety", n, importMs, run);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY2(run.rolledBack > 0, "no kill landed inside an import");

        // And the project opens it again and works on it.
        auto session = openOrFail(test::options(where));
        QVERIFY(session);
        auto added = session->files().add(
                reliability::numberedFile(DemoGenerator(1).clientId(0), 1'000'000));
        QVERIFY2(added, qPrintable(added.error().message()));
        const QString totals = checkTotals(*session, run.files + 1);
        QVERIFY2(totals.isEmpty(), qPrintable(totals));
    }

    void badLocations_data()
    {
        QTest::addColumn<QString>("address"); // %NAME% placeholders, see badLocations()
        QTest::addColumn<QStringList>("kinds"); // the acceptable DbError kinds, by name
        QTest::addColumn<QString>("needle"); // the message must name it
        QTest::addColumn<int>("exitCode"); // backupdb-cli's
        using K = DbError::Kind;
        const auto row = [](const char *tag, const QString &address, std::initializer_list<K> kinds,
                            const char *needle, int exitCode) {
            QStringList names;
            for (K kind : kinds)
                names.append(DbError::kindName(kind));
            QTest::newRow(tag) << address << names << QString::fromLatin1(needle) << exitCode;
        };
        // On the cluster's socket, with the rest of the conninfo given.
        const auto at = [](const char *rest) {
            return QStringLiteral("host=%HOST% port=%PORT% user=%USER% ") + QLatin1String(rest);
        };
        const QString secret = QLatin1String(kSecret);
        row("socket folder that does not exist",
            QStringLiteral("host=/nonexistent/bdba port=%PORT% user=%USER% dbname=%GOOD%"),
            { K::CannotOpen }, "cannot connect", 3);
        row("TCP port nobody listens on",
            QStringLiteral("host=127.0.0.1 port=1 user=%USER% dbname=%GOOD% connect_timeout=5"),
            { K::CannotOpen }, "cannot connect", 3);
        row("database that does not exist", at("dbname=%MISSING%"), { K::CannotOpen },
            "does not exist", 3);
        row("unknown keyword", at("dbname=%GOOD% colour=blue"), { K::InvalidInput }, "colour", 2);
        row("unterminated quote", at("dbname='%GOOD%"), { K::InvalidInput }, "unterminated", 2);
        row("password in the URI",
            QStringLiteral("postgresql://%USER%:%1@%URIHOST%:%PORT%/%EMPTY%").arg(secret),
            { K::InvalidInput }, "pgpass", 2);
        row("password in the URI's query",
            QStringLiteral("postgresql:///%EMPTY%?host=%URIHOST%&port=%PORT%&user=%USER%"
                           "&password=%1")
                    .arg(secret),
            { K::InvalidInput }, "pgpass", 2);
        row("password keyword", at("dbname=%EMPTY% password=") + secret, { K::InvalidInput },
            "pgpass", 2);
        row("password in an unreadable conninfo", at("dbname=%EMPTY% password='") + secret,
            { K::InvalidInput }, "unterminated", 2);
        row("another application's database", at("dbname=%FOREIGN%"), { K::NotADatabase }, "orders",
            3);
        row("another application's clients table", at("dbname=%CLASH%"), { K::NotADatabase },
            "clients", 3);
        row("newer schema", at("dbname=%NEWER%"), { K::SchemaTooNew }, "9999", 3);
        row("wrong sslmode", at("dbname=%GOOD% sslmode=maybe"), { K::InvalidInput, K::CannotOpen },
            "sslmode", 3);
    }

    void badLocations()
    {
        QFETCH(QString, address);
        QFETCH(QStringList, kinds);
        QFETCH(QString, needle);
        QFETCH(int, exitCode);
        if (m_fixtures.isEmpty())
            QVERIFY(makeBadInputFixtures());
        address.replace(QLatin1String("%HOST%"), m_pg.cluster().host())
                .replace(QLatin1String("%URIHOST%"),
                         QString::fromLatin1(QUrl::toPercentEncoding(m_pg.cluster().host())))
                .replace(QLatin1String("%PORT%"), QString::number(m_pg.cluster().port()))
                .replace(QLatin1String("%USER%"), m_pg.cluster().user());
        for (auto it = m_fixtures.cbegin(); it != m_fixtures.cend(); ++it)
            address.replace(u'%' + it.key() + u'%', it.value());
        const QString secret = QLatin1String(kSecret);

        QHash<QString, QString> before;
        for (const QString &key : fixtureKeys())
            before.insert(key, fingerprint(m_fixtures.value(key)));
        const QString databasesBefore = ownDatabases();

        QElapsedTimer t;
        t.start();
        SessionOptions o = test::options(address);
        auto opened = Session::open(o);
        const qint64 openMs = t.elapsed();
        QVERIFY2(!opened, "a bad location was opened");
        const DbError e = opened.error();
        opened = DbError(DbError::Kind::Internal, QStringLiteral("closed"));
        const QString shown = DbError::kindName(e.kind()) + u' ' + e.message();
        QVERIFY2(kinds.contains(DbError::kindName(e.kind())), qPrintable(shown));
        QVERIFY2(e.message().contains(needle), qPrintable(shown));
        QVERIFY2(!e.message().contains(secret), "the password was echoed");
        QVERIFY2(openMs < 30000, qPrintable(QStringLiteral("the open took %1 ms").arg(openMs)));

        const auto cli = reliability::runProcess(
                QStringLiteral(BACKUPDB_CLI),
                { QStringLiteral("--db"), address, QStringLiteral("stats") });
        const QString output = QString::fromUtf8(cli.err + cli.out);
        QVERIFY2(cli.code == exitCode,
                 qPrintable(QStringLiteral("exit %1: %2").arg(cli.code).arg(output.left(400))));
        QVERIFY2(QString::fromUtf8(cli.err).contains(needle), qPrintable(output.left(400)));
        QVERIFY2(!output.contains(secret), "backupdb-cli echoed the password");

        for (auto it = before.cbegin(); it != before.cend(); ++it)
            QVERIFY2(fingerprint(m_fixtures.value(it.key())) == it.value(),
                     qPrintable(QStringLiteral("the %1 database changed").arg(it.key())));
        QCOMPARE(ownDatabases(), databasesBefore);
    }
};

QTEST_GUILESS_MAIN(tst_PgReliability)
#include "tst_pgreliability.moc"
