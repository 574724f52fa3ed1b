// The core over both engines, data-driven: the same pool, repositories and statistics on an
// SQLite file and on a PostgreSQL database of the throw-away cluster (fixture pg_cluster). Each
// test runs once per engine and compares what the engine returns with what was written, so an
// engine that pages, counts, searches or classifies differently fails on its own row.
#include "db/engine.h"
#include "db/nativestatement.h"
#include "data/clientrepository.h"
#include "data/database.h"
#include "data/filerepository.h"
#include "data/statistics.h"
#include "maintenance/integritychecker.h"
#include "../core/repositoryfixtures.h"
#include "enginefixture.h"
#include "testsupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QElapsedTimer>
#include <algorithm>
#include <thread>

using namespace backupdb;
using namespace backupdb::test;

namespace {

// The repository tests' records (tests/core/repositoryfixtures.h), by the names used here.
ClientRecord client(const QString &name)
{
    return newClient(name);
}

FileRecord file(const QByteArray &clientId, const QString &name, std::optional<qint64> size,
                bool verified)
{
    return newFile(clientId, name, size, verified);
}

} // namespace

class tst_Engines : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_pg.start(&error), qPrintable(error));
        QVERIFY(m_dir.isValid());
    }
    void init()
    {
        if (onPostgres()) {
            QString error;
            QVERIFY2(m_pg.createMigrated(&error), qPrintable(error));
            m_location = m_pg.cluster().conninfo(m_pg.name());
            PoolConfig config;
            config.databasePath = m_location;
            config.name = QStringLiteral("pg%1").arg(++m_serial);
            config.housekeepingInterval = Milliseconds(0);
            m_database = std::make_unique<Database>(config, QueryPolicy {});
            m_db = m_database.get();
        } else {
            m_location = m_dir.filePath(QStringLiteral("engines-%1.db").arg(++m_serial));
            m_session = openOrFail(options(m_location));
            QVERIFY(m_session);
            m_db = &m_session->database();
        }
    }
    void cleanup()
    {
        m_db = nullptr;
        m_session.reset();
        m_database.reset();
        m_pg.drop();
    }
    void cleanupTestCase() { m_pg.stop(); }

    void engines_data() { engineRows(); }

    void theLocationChoosesTheEngine_data() { engines_data(); }
    void theLocationChoosesTheEngine()
    {
        QFETCH(QString, engine);
        QCOMPARE(engineFor(m_location).name(), engine);
        QCOMPARE(&m_db->engine(), &engineFor(m_location));
        QVERIFY(isPostgresLocation(QStringLiteral("postgresql://admin@db.example:5433/backup")));
        QVERIFY(isPostgresLocation(QStringLiteral("postgres://db.example/backup?sslmode=require")));
        QVERIFY(!isPostgresLocation(QStringLiteral("/srv/backup/server.db")));
        QVERIFY(!isPostgresLocation(QStringLiteral("backup=old.db")));
        // A password in the address is refused before anything connects, and never echoed.
        auto opened = Session::open(options(QStringLiteral("postgresql://bdba:s3cret@%1:%2/x")
                                                    .arg(QStringLiteral("localhost"))
                                                    .arg(m_pg.cluster().port())));
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind(), DbError::Kind::InvalidInput);
        QVERIFY2(!opened.error().message().contains(QLatin1String("s3cret")),
                 qPrintable(opened.error().message()));
        QVERIFY(opened.error().message().contains(QLatin1String("pgpass")));
        // An address libpq cannot read says so.
        opened = Session::open(options(QStringLiteral("host=/tmp dbname='unterminated")));
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind(), DbError::Kind::InvalidInput);
    }

    void clientsAndFilesRoundTrip_data() { engines_data(); }
    void clientsAndFilesRoundTrip()
    {
        ClientRepository clients(*m_db);
        FileRepository files(*m_db);
        auto alpha = clients.add(client(QStringLiteral("Alpha-Laptop")));
        QVERIFY2(alpha, qPrintable(alpha.error().message()));
        auto f = files.add(file(alpha->id, QStringLiteral("report.pdf"), 4096, true));
        QVERIFY2(f, qPrintable(f.error().message()));

        auto readClient = clients.get(alpha->id);
        QVERIFY2(readClient && readClient->has_value(), "the client is not found by its ID");
        QCOMPARE(readClient->value().name, QStringLiteral("Alpha-Laptop"));
        QCOMPARE(readClient->value().aesKey, QByteArray(32, 'k'));
        auto readFile = files.get(f->id);
        QVERIFY2(readFile && readFile->has_value(), "the file is not found by its ID");
        QCOMPARE(readFile->value().fileName, QStringLiteral("report.pdf"));
        QCOMPARE(readFile->value().clientId, alpha->id);
        QCOMPARE(readFile->value().fileSize, std::optional<qint64>(4096));
        QVERIFY(readFile->value().verified);

        // A second client of the same name, a file of no client: refused, classified alike.
        auto twin = clients.add(client(QStringLiteral("Alpha-Laptop")));
        QVERIFY(!twin);
        QCOMPARE(twin.error().kind(), DbError::Kind::Constraint);
        auto stray = files.add(file(QByteArray(16, '\x7f'), QStringLiteral("x"), 1, false));
        QVERIFY(!stray);
        QCOMPARE(stray.error().kind(), DbError::Kind::InvalidInput);
    }

    void keysetPagesCoverEveryRowOnceInOrder_data() { engines_data(); }
    void keysetPagesCoverEveryRowOnceInOrder()
    {
        ClientRepository clients(*m_db);
        FileRepository files(*m_db);
        auto owner = clients.add(client(QStringLiteral("Pager")));
        QVERIFY2(owner, qPrintable(owner.error().message()));
        // 47 files, some without a size (NULL sorts first ascending on both engines), sizes
        // repeating so that the row key breaks ties.
        QStringList written;
        for (int i = 0; i < 47; ++i) {
            const std::optional<qint64> size
                    = i % 5 == 0 ? std::nullopt : std::optional<qint64>((i * 7) % 11);
            auto r = files.add(file(owner->id, QStringLiteral("file-%1.bin").arg(i, 2, 10, QChar(u'0')),
                                    size, i % 3 == 0));
            QVERIFY2(r, qPrintable(r.error().message()));
            written.append(r->fileName);
        }
        for (const QString &column : { QString(), QStringLiteral("FileSize"),
                                       QStringLiteral("FileName") }) {
            for (SortOrder order : { SortOrder::Ascending, SortOrder::Descending }) {
                FileQuery q;
                q.sortColumn = column;
                q.order = order;
                q.limit = 6;
                QList<FileRecord> all;
                for (int pages = 0; pages < 20; ++pages) {
                    auto page = files.page(q);
                    QVERIFY2(page, qPrintable(page.error().message()));
                    all += page->rows;
                    if (!page->hasMore)
                        break;
                    q.after = page->next;
                }
                QCOMPARE(all.size(), written.size());
                QStringList names;
                for (const FileRecord &r : std::as_const(all))
                    names.append(r.fileName);
                QStringList unique = names;
                unique.removeDuplicates();
                QCOMPARE(unique.size(), names.size());
                // The order the engine gave is the order the sort asks for.
                for (int i = 1; i < all.size(); ++i) {
                    const FileRecord &a = all[i - 1], &b = all[i];
                    bool inOrder = true;
                    if (column == QLatin1String("FileSize")) {
                        // NULL first ascending, last descending, as SQLite sorts it.
                        const qint64 x = a.fileSize.value_or(-1), y = b.fileSize.value_or(-1);
                        inOrder = order == SortOrder::Ascending ? x <= y : x >= y;
                    } else if (column == QLatin1String("FileName")) {
                        inOrder = order == SortOrder::Ascending ? a.fileName < b.fileName
                                                                : a.fileName > b.fileName;
                    } else {
                        inOrder = order == SortOrder::Ascending ? a.rowId < b.rowId
                                                                : a.rowId > b.rowId;
                    }
                    QVERIFY2(inOrder,
                             qPrintable(QStringLiteral("%1 %2: %3 before %4")
                                                .arg(column, order == SortOrder::Ascending
                                                                     ? QStringLiteral("asc")
                                                                     : QStringLiteral("desc"),
                                                     a.fileName, b.fileName)));
                }
            }
        }
    }

    void searchAndFiltersCount_data() { engines_data(); }
    void searchAndFiltersCount()
    {
        ClientRepository clients(*m_db);
        FileRepository files(*m_db);
        for (const QString &name : { QStringLiteral("alpha-desk"), QStringLiteral("ALPHA-laptop"),
                                     QStringLiteral("beta") }) {
            auto c = clients.add(client(name));
            QVERIFY2(c, qPrintable(c.error().message()));
            for (int i = 0; i < 4; ++i)
                QVERIFY(files.add(file(c->id, QStringLiteral("%1-%2.txt").arg(name).arg(i), i,
                                       i % 2 == 0)));
        }
        // Case-insensitive on both engines, as the GUI's search box promises.
        auto found = clients.count(QStringLiteral("Alpha"));
        QVERIFY2(found, qPrintable(found.error().message()));
        QCOMPARE(found.value(), 2);
        FileQuery q;
        q.nameContains = QStringLiteral("BETA");
        QCOMPARE(files.count(q).value(), 4);
        q = FileQuery();
        q.verified = VerifiedFilter::Verified;
        QCOMPARE(files.count(q).value(), 6);
        q.verified = VerifiedFilter::Unverified;
        QCOMPARE(files.count(q).value(), 6);
    }

    void statisticsAreKeptByTriggers_data() { engines_data(); }
    void statisticsAreKeptByTriggers()
    {
        ClientRepository clients(*m_db);
        FileRepository files(*m_db);
        StatisticsService stats(*m_db, Milliseconds(0));
        auto a = clients.add(client(QStringLiteral("a")));
        auto b = clients.add(client(QStringLiteral("b")));
        QVERIFY(a && b);
        for (int i = 0; i < 10; ++i)
            QVERIFY(files.add(file(i < 6 ? a->id : b->id, QStringLiteral("f%1").arg(i),
                                   i == 0 ? std::nullopt : std::optional<qint64>(100 * i),
                                   i % 2 == 1)));
        auto removed = clients.remove(b->id); // its 4 files go with it
        QVERIFY2(removed, qPrintable(removed.error().message()));
        auto counted = stats.totals(CachePolicy::Bypass);
        QVERIFY2(counted, qPrintable(counted.error().message()));
        auto exact = stats.countExactly();
        QVERIFY2(exact, qPrintable(exact.error().message()));
        QCOMPARE(counted->clients, 1);
        QCOMPARE(counted->files, 6);
        QCOMPARE(counted->totalSizeBytes, 100 + 200 + 300 + 400 + 500);
        QCOMPARE(counted->verifiedFiles, 3);
        QCOMPARE(exact->clients, counted->clients);
        QCOMPARE(exact->files, counted->files);
        QCOMPARE(exact->totalSizeBytes, counted->totalSizeBytes);
        QCOMPARE(exact->verifiedFiles, counted->verifiedFiles);
    }

    // A file record whose client is gone (SQLite: written with foreign keys off, as the server
    // does; PostgreSQL: with its triggers off, as a superuser's replica session can) is one
    // finding, orphaned_files, on both engines, and not also a foreign-key one.
    void theIntegrityCheckFindsAnOrphanOnce_data() { engines_data(); }
    void theIntegrityCheckFindsAnOrphanOnce()
    {
        QFETCH(QString, engine);
        ClientRepository clients(*m_db);
        FileRepository files(*m_db);
        auto owner = clients.add(client(QStringLiteral("owner")));
        QVERIFY(owner);
        QVERIFY(files.add(file(owner->id, QStringLiteral("kept"), 1, true)));
        IntegrityChecker checker(*m_db);
        auto clean = checker.check(IntegrityReport::Depth::Quick);
        QVERIFY2(clean, qPrintable(clean.error().message()));
        QCOMPARE(clean->orphanedFiles, 0);
        QCOMPARE(clean->integrity(), QStringLiteral("ok"));

        const QString orphan = QStringLiteral(
                "INSERT INTO files (ID, FileName, PathName, Verified, ClientID) VALUES "
                "(x'0102030405060708090a0b0c0d0e0f10', 'lost', 'p', %1, "
                "x'ffffffffffffffffffffffffffffffff')");
        if (engine == QLatin1String("PostgreSQL")) {
            QSqlQuery q(m_pg.main());
            QVERIFY2(q.exec(QStringLiteral("SET session_replication_role = replica")),
                     qPrintable(q.lastError().text()));
            QVERIFY2(q.exec(orphan.arg(QStringLiteral("false")).replace(QLatin1String("x'"),
                                                                          QLatin1String("'\\x"))),
                     qPrintable(q.lastError().text()));
            QVERIFY(q.exec(QStringLiteral("SET session_replication_role = origin")));
        } else {
            const DbError e = m_db->engine().writeUnchecked(m_location, [&](NativeHandle h) {
                return m_db->engine().execute(h, orphan.arg(0));
            });
            QVERIFY2(!e, qPrintable(e.message()));
        }
        auto found = checker.check(IntegrityReport::Depth::Quick);
        QVERIFY2(found, qPrintable(found.error().message()));
        QCOMPARE(found->orphanedFiles, 1);
        QCOMPARE(found->foreignKeyViolations, 0);
        int orphanFindings = 0;
        for (const IntegrityFinding &f : std::as_const(found->findings)) {
            QVERIFY2(f.kind != QLatin1String("foreign_key"), qPrintable(f.message));
            orphanFindings += f.kind == QLatin1String("orphaned_files") ? 1 : 0;
        }
        QCOMPARE(orphanFindings, 1);
        QVERIFY(!found->ok());
    }

    void nativeStatementsRoundTrip_data() { engines_data(); }
    void nativeStatementsRoundTrip()
    {
        const QByteArray id = QByteArray::fromHex("00ff112233445566778899aabbccddee");
        const DbError written = m_db->write([&](ConnectionLease &lease) -> DbError {
            auto insert = NativeStatement::prepare(
                    lease.engine(), lease.handle(),
                    QStringLiteral("INSERT INTO clients (ID, Name, LastSeen, PublicKey) "
                                   "VALUES (?, ?, '2025-10-15T10:00:00Z', ?)"));
            if (!insert)
                return insert.error();
            NativeBinds binds = insert->binds();
            binds.bindBlob(1, id);
            binds.bindText(2, QStringLiteral("Zoë's '?' box"));
            binds.bindNull(3);
            if (insert->step() != NativeStep::Done)
                return lease.engine().lastError(lease.handle(), QString());
            return lease.engine().changes(lease.handle()) == 1
                    ? DbError()
                    : DbError(DbError::Kind::Internal, QStringLiteral("no row changed"));
        });
        QVERIFY2(!written, qPrintable(written.message()));
        int rows = 0;
        const DbError read = m_db->read([&](ConnectionLease &lease) {
            return m_db->queryNative(
                    lease,
                    QStringLiteral("SELECT ID, Name, PublicKey, length(Name) FROM clients "
                                   "WHERE ID = ?"),
                    [&](NativeBinds &b) { b.bindBlob(1, id); },
                    [&](const NativeRow &row) {
                        ++rows;
                        QCOMPARE(row.blob(0), id);
                        QCOMPARE(row.text(1), QStringLiteral("Zoë's '?' box"));
                        QVERIFY(row.isNull(2));
                        QCOMPARE(row.int64(3), 13);
                    });
        });
        QVERIFY2(!read, qPrintable(read.message()));
        QCOMPARE(rows, 1);
        // A failing statement fails by kind, with the engine's own code.
        const DbError dup = m_db->write([&](ConnectionLease &lease) -> DbError {
            auto again = NativeStatement::prepare(
                    lease.engine(), lease.handle(),
                    QStringLiteral("INSERT INTO clients (ID, Name, LastSeen) VALUES (?, 'x', "
                                   "'2025-10-15T10:00:00Z')"));
            if (!again)
                return again.error();
            again->binds().bindBlob(1, id);
            if (again->step() != NativeStep::Failed)
                return DbError();
            return lease.engine().lastError(lease.handle(), QString());
        });
        QCOMPARE(dup.kind(), DbError::Kind::Constraint);
        QVERIFY(dup.nativeCode() != 0);
    }

    // The pool's statement timeout and cancel stop a statement that would run on (SQLite: its
    // progress handler; PostgreSQL: a cancel request from the watchdog), each by its own kind,
    // through a prepared query, a native statement and an unprepared one; the connection then
    // goes on working. An engine whose interrupt is missing hangs here until Qt Test's limit.
    void theTimeoutAndCancelStopARunningStatement_data() { engines_data(); }
    void theTimeoutAndCancelStopARunningStatement()
    {
        QFETCH(QString, engine);
        const bool pg = engine == QLatin1String("PostgreSQL");
        // Runs for minutes unless it is interrupted.
        const QString endless = pg ? QStringLiteral("SELECT pg_sleep(300)")
                                   : QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                                                    "SELECT x + 1 FROM c) SELECT count(*) FROM c");
        const auto elapsedMs = [](const QElapsedTimer &t) { return t.elapsed(); };

        StatementControl timed;
        timed.timeout = Milliseconds(200);
        QElapsedTimer timer;
        timer.start();
        DbError error = m_db->read([&](ConnectionLease &lease) {
            return m_db->forEachRow(lease, endless, {}, [](const QSqlQuery &) {}, timed);
        });
        QCOMPARE(error.kind(), DbError::Kind::Timeout);
        QVERIFY2(elapsedMs(timer) < 20000, qPrintable(QString::number(elapsedMs(timer))));

        timer.restart();
        error = m_db->read([&](ConnectionLease &lease) {
            return m_db->executeUnprepared(lease, endless, timed);
        });
        QCOMPARE(error.kind(), DbError::Kind::Timeout);

        // The native path takes the policy's timeout.
        m_db->setPolicy({ Milliseconds(200), Milliseconds(100), {} });
        error = m_db->read([&](ConnectionLease &lease) {
            return m_db->queryNative(lease, endless, [](NativeBinds &) {}, [](const NativeRow &) {});
        });
        m_db->setPolicy(QueryPolicy {});
        QCOMPARE(error.kind(), DbError::Kind::Timeout);

        // Cancel from another thread, with no timeout at all.
        CancelFlag cancel { false };
        StatementControl cancellable(&cancel);
        cancellable.timeout = Milliseconds(0);
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(150));
            cancel.store(true);
        });
        error = m_db->read([&](ConnectionLease &lease) {
            return m_db->forEachRow(lease, endless, {}, [](const QSqlQuery &) {}, cancellable);
        });
        canceller.join();
        QCOMPARE(error.kind(), DbError::Kind::Cancelled);

        // Neither reaches a later statement: the same connections answer.
        for (int i = 0; i < 3; ++i) {
            auto one = m_db->read([&](ConnectionLease &lease) -> Result<QVariant> {
                return m_db->scalar(lease, QStringLiteral("SELECT 1"));
            });
            QVERIFY2(one, qPrintable(one.error().message()));
            QCOMPARE(one->toInt(), 1);
        }
    }

private:
    PgTestDatabase m_pg;
    QTemporaryDir m_dir;
    QString m_location;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<Database> m_database;
    Database *m_db = nullptr;
    int m_serial = 0;
};

QTEST_GUILESS_MAIN(tst_Engines)
#include "tst_engines.moc"
