// The engine interface (core/db/engine.h) over SQLite: the engine of a location, its dialect
// and capabilities as the pool and the services use them, errors classified by the engine's own
// codes, the catalogue, storage figures, the native statements of the hot paths, and copies.
#include "db/engine.h"
#include "db/nativestatement.h"
#include "testsupport.h"

#include <QFile>
#include <QTest>

using namespace backupdb;

class tst_Engine : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("engine-%1.db").arg(++m_serial));
        m_session = test::openOrFail(test::options(m_path));
        QVERIFY(m_session);
    }
    void cleanup() { m_session.reset(); }

    void theEngineOfAFileIsSqliteAndThePoolUsesIt()
    {
        const Engine &engine = engineFor(m_path);
        QCOMPARE(&engine, &sqliteEngine());
        QCOMPARE(&m_session->database().engine(), &engine);
        QCOMPARE(engine.qtDriver(), QStringLiteral("QSQLITE"));
        QVERIFY(engine.capabilities().writeAheadLog);
        QVERIFY(engine.capabilities().singleFile);
        QCOMPARE(engine.dialect().beginWrite, QStringLiteral("BEGIN IMMEDIATE"));
        // The writer's connection got what the engine sets up: WAL, and foreign keys enforced.
        const DbError e = m_session->database().read([&](ConnectionLease &lease) -> DbError {
            if (&lease.engine() != &engine)
                return DbError(DbError::Kind::Internal, QStringLiteral("another engine"));
            auto fk = engine.queryInt(lease.handle(), QStringLiteral("PRAGMA foreign_keys"));
            if (!fk || fk.value() != 1)
                return DbError(DbError::Kind::Internal, QStringLiteral("foreign keys off"));
            return DbError();
        });
        QVERIFY2(!e, qPrintable(e.message()));
        QCOMPARE(m_session->database().writer().journalMode(), QStringLiteral("wal"));
    }

    void errorsAreClassifiedByTheEnginesCode_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("foreignKey");
        const QString client = QStringLiteral(
                "INSERT INTO clients (ID, Name, LastSeen) VALUES "
                "(x'00112233445566778899aabbccddeeff', 'a', '2025-10-15 10:00:00')");
        QTest::newRow("unique") << client << int(DbError::Kind::Constraint) << false;
        QTest::newRow("foreign key")
                << QStringLiteral("INSERT INTO files (ID, FileName, PathName, ClientID) VALUES "
                                  "(x'ffeeddccbbaa99887766554433221100', 'f', '/', "
                                  "x'0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f')")
                << int(DbError::Kind::Constraint) << true;
        QTest::newRow("syntax") << QStringLiteral("SELEC 1") << int(DbError::Kind::Sql) << false;
        QTest::newRow("no table") << QStringLiteral("SELECT * FROM no_such_table")
                                  << int(DbError::Kind::Sql) << false;
    }
    void errorsAreClassifiedByTheEnginesCode()
    {
        QFETCH(QString, sql);
        QFETCH(int, kind);
        QFETCH(bool, foreignKey);
        Database &db = m_session->database();
        const QString client = QStringLiteral(
                "INSERT INTO clients (ID, Name, LastSeen) VALUES "
                "(x'00112233445566778899aabbccddeeff', 'a', '2025-10-15 10:00:00')");
        const DbError e = db.write([&](ConnectionLease &lease) -> DbError {
            const Engine &engine = lease.engine();
            if (DbError first = engine.execute(lease.handle(), client))
                return first;
            return engine.execute(lease.handle(), sql);
        });
        QVERIFY(e.isError());
        QCOMPARE(int(e.kind()), kind);
        QVERIFY(e.nativeCode() != 0);
        QCOMPARE(db.engine().isForeignKeyViolation(e), foreignKey);
    }

    void theCatalogueListsTheProductsIndexesAndTriggers()
    {
        auto objects = m_session->database().read([](ConnectionLease &lease) {
            return lease.engine().schemaObjects(lease.handle(), QStringLiteral("files"));
        });
        QVERIFY2(objects, qPrintable(objects.error().message()));
        QStringList names;
        for (const SchemaObject &o : objects.value()) {
            QVERIFY2(o.sql.startsWith(QLatin1String("CREATE"), Qt::CaseInsensitive),
                     qPrintable(o.sql));
            names.append(o.name);
        }
        QVERIFY2(names.contains(QStringLiteral("bdba_files_count_insert")),
                 qPrintable(names.join(u',')));
        QVERIFY(std::any_of(names.cbegin(), names.cend(), [](const QString &n) {
            return n.startsWith(QLatin1String("bdba_idx_files_"));
        }));
        auto has = sqliteEngine().locationHasTable(m_path, QStringLiteral("clients"));
        QVERIFY(has && has.value());
        has = sqliteEngine().locationHasTable(m_path, QStringLiteral("no_such_table"));
        QVERIFY(has && !has.value());
    }

    void nativeStatementsReadWhatTheyWrote()
    {
        const QByteArray id = QByteArray::fromHex("00112233445566778899aabbccddeeff");
        Database &db = m_session->database();
        const DbError written = db.write([&](ConnectionLease &lease) -> DbError {
            auto insert = NativeStatement::prepare(
                    lease.engine(), lease.handle(),
                    QStringLiteral("INSERT INTO clients (ID, Name, LastSeen, PublicKey) "
                                   "VALUES (?, ?, '2025-10-15 10:00:00', ?)"));
            if (!insert)
                return insert.error();
            NativeBinds binds = insert->binds();
            binds.bindBlob(1, id);
            binds.bindText(2, QStringLiteral("Zoë"));
            binds.bindNull(3);
            if (insert->step() != NativeStep::Done)
                return lease.engine().lastError(lease.handle(), QString());
            return lease.engine().changes(lease.handle()) == 1
                    ? DbError()
                    : DbError(DbError::Kind::Internal, QStringLiteral("no row changed"));
        });
        QVERIFY2(!written, qPrintable(written.message()));
        QString name;
        QByteArray readId;
        bool publicKeyNull = false;
        int rows = 0;
        const DbError read = db.read([&](ConnectionLease &lease) {
            return db.queryNative(
                    lease, QStringLiteral("SELECT ID, Name, PublicKey FROM clients WHERE ID = ?"),
                    [&](NativeBinds &b) { b.bindBlob(1, id); },
                    [&](const NativeRow &row) {
                        readId = row.blob(0);
                        name = row.text(1);
                        publicKeyNull = row.isNull(2);
                        ++rows;
                    });
        });
        QVERIFY2(!read, qPrintable(read.message()));
        QCOMPARE(rows, 1);
        QCOMPARE(readId, id);
        QCOMPARE(name, QStringLiteral("Zoë"));
        QVERIFY(publicKeyNull);
    }

    void storageFiguresAndChecks()
    {
        const Engine &engine = sqliteEngine();
        auto figures = m_session->database().read([&](ConnectionLease &lease) {
            return engine.storageFigures(lease.handle(), m_path);
        });
        QVERIFY2(figures, qPrintable(figures.error().message()));
        QVERIFY(figures->pageSize >= 512);
        QVERIFY(figures->databaseBytes >= figures->pageSize);
        QVERIFY(figures->freeBytes >= 0 && figures->freeBytes < figures->databaseBytes);
        auto checked = engine.quickCheck(m_path);
        QVERIFY(checked);
        QCOMPARE(checked.value(), QStringList { QStringLiteral("ok") });
        QVERIFY(!engine.probe(m_path));
        // Not a database: the engine says so by kind, whatever its message.
        const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        QCOMPARE(engine.probe(text).kind(), DbError::Kind::NotADatabase);
        QVERIFY(!engine.isDatabaseFile(text));
        QVERIFY(engine.isDatabaseFile(m_path));
    }

    void aCopyIsConsistentCheckedAndReadable()
    {
        Database &db = m_session->database();
        const Engine &engine = db.engine();
        const QString copy = m_dir.filePath(QStringLiteral("copy-%1.db").arg(m_serial));
        int calls = 0;
        const DbError copied = db.read([&](ConnectionLease &lease) {
            return engine.copyTo(lease.handle(), copy, 1, [&](int, int) {
                ++calls;
                return true;
            });
        });
        QVERIFY2(!copied, qPrintable(copied.message()));
        QVERIFY(calls > 0);
        auto checked = engine.checkCopy(copy, nullptr);
        QVERIFY(checked);
        QCOMPARE(checked.value(), QStringList { QStringLiteral("ok") });
        QVERIFY(!QFileInfo::exists(copy + QStringLiteral("-shm")));
        auto values = engine.readCopy(copy,
                                      { QStringLiteral("SELECT COUNT(*) FROM clients"),
                                        QStringLiteral("SELECT x FROM no_such_table") });
        QVERIFY(values);
        QCOMPARE(values->size(), 2);
        QCOMPARE(values->at(0).toString(), QStringLiteral("0"));
        QVERIFY(!values->at(1).isValid());
        // A cancelled check says so by kind.
        const std::atomic<bool> cancel { true };
        auto cancelled = engine.checkCopy(copy, &cancel);
        QVERIFY(!cancelled);
        QCOMPARE(cancelled.error().kind(), DbError::Kind::Cancelled);
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_serial = 0;
    std::unique_ptr<Session> m_session;
};

QTEST_GUILESS_MAIN(tst_Engine)
#include "tst_engine.moc"
