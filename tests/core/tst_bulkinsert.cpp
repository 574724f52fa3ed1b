// Bulk insert (C8; fixes 11, 19): exact inserted / skipped / attempted counts with duplicates in
// the batch and in the database, and all-or-nothing batches (unknown client, invalid row,
// cancellation).
#include "data/validation.h"
#include "db/sqlitenative.h"
#include "demo/demogenerator.h"
#include "testsupport.h"

#include <QTest>
#include <sqlite3.h>

using namespace backupdb;

namespace {

QString dbPath(const QTemporaryDir &dir)
{
    return dir.filePath(QStringLiteral("bulk.db"));
}

QByteArray idOf(int index)
{
    return DemoGenerator(99).clientId(index);
}

ClientRecord client(int idIndex, const QString &name)
{
    ClientRecord c;
    c.id = idOf(idIndex);
    c.name = name;
    c.lastSeen = QStringLiteral("2025-01-10 12:00:00");
    c.aesKey = QByteArray(16, 'a');
    return c;
}

FileRecord file(int idIndex, const QByteArray &clientId)
{
    FileRecord f;
    f.id = DemoGenerator(77).clientId(idIndex); // any well-formed UUID
    f.clientId = clientId;
    f.fileName = QStringLiteral("file-%1.bin").arg(idIndex);
    f.pathName = QStringLiteral("/data/file-%1.bin").arg(idIndex);
    f.fileSize = idIndex * 1000;
    f.verified = idIndex % 2;
    f.modificationDate = QStringLiteral("Fri Jan 10 09:06:40 2025");
    f.crc = idIndex;
    return f;
}

// "1/a 2/b 1/c": clients with ID index 1 named a, ID index 2 named b, ...
QList<ClientRecord> clientsOf(const QString &spec)
{
    QList<ClientRecord> list;
    for (const QString &item : spec.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QStringList parts = item.split(QLatin1Char('/'));
        list.append(client(parts.at(0).toInt(), QStringLiteral("client-") + parts.at(1)));
    }
    return list;
}

// "1/0 2/1": files with ID index 1 of client 0, ID index 2 of client 1 (client n = idOf(n)).
QList<FileRecord> filesOf(const QString &spec)
{
    QList<FileRecord> list;
    for (const QString &item : spec.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QStringList parts = item.split(QLatin1Char('/'));
        list.append(file(parts.at(0).toInt(), idOf(parts.at(1).toInt())));
    }
    return list;
}

qint64 countOf(Session &s, const QString &table)
{
    auto v = s.database().read([&](ConnectionLease &lease) {
        return s.database().scalar(lease, QStringLiteral("SELECT COUNT(*) FROM ") + table);
    });
    return v ? v->toLongLong() : -1;
}

} // namespace

class TestBulkInsert : public QObject
{
    Q_OBJECT

private slots:
    void clientCounts_data();
    void clientCounts();
    void fileCounts_data();
    void fileCounts();
    void largeBatchWithDuplicates();
    void unknownClientFailsTheBatch();
    void unknownClientWithoutForeignKey();
    void invalidRowFailsTheBatch_data();
    void invalidRowFailsTheBatch();
    void cancelledWritesNothing();
    void largeImportKeepsCountersIndexesAndTrigger();
    void cancelledImportRestoresIndexes();
};

void TestBulkInsert::clientCounts_data()
{
    QTest::addColumn<QString>("stored"); // clients in the database before
    QTest::addColumn<QString>("batch");
    QTest::addColumn<int>("inserted");
    QTest::addColumn<int>("skipped");

    QTest::newRow("empty batch") << ""
                                 << "" << 0 << 0;
    QTest::newRow("all new") << ""
                             << "1/a 2/b 3/c" << 3 << 0;
    QTest::newRow("same ID twice in batch") << ""
                                            << "1/a 2/b 1/c" << 2 << 1;
    QTest::newRow("same name twice in batch") << ""
                                              << "1/a 2/b 3/a" << 2 << 1;
    QTest::newRow("same row twice in batch") << ""
                                             << "1/a 1/a 1/a" << 1 << 2;
    QTest::newRow("ID already stored") << "1/a"
                                       << "1/x 2/b" << 1 << 1;
    QTest::newRow("name already stored") << "1/a"
                                         << "5/a 2/b" << 1 << 1;
    QTest::newRow("everything stored") << "1/a 2/b"
                                       << "1/a 2/b" << 0 << 2;
    QTest::newRow("mixed") << "1/a 2/b"
                           << "3/c 1/z 4/b 3/d 5/c 6/e 6/e" << 2 << 5;
}

void TestBulkInsert::clientCounts()
{
    QFETCH(QString, stored);
    QFETCH(QString, batch);
    QFETCH(int, inserted);
    QFETCH(int, skipped);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    for (const ClientRecord &c : clientsOf(stored))
        QVERIFY(s->clients().add(c).ok());
    const qint64 before = countOf(*s, QStringLiteral("clients"));
    QCOMPARE(before, qint64(clientsOf(stored).size()));

    const QList<ClientRecord> rows = clientsOf(batch);
    auto result = s->bulk().insertClients(rows);
    QVERIFY2(result.ok(), qPrintable(result.error().message()));
    QCOMPARE(result->attempted, qint64(rows.size()));
    QCOMPARE(result->inserted, qint64(inserted));
    QCOMPARE(result->skipped, qint64(skipped));
    QCOMPARE(result->inserted + result->skipped, result->attempted);
    QCOMPARE(countOf(*s, QStringLiteral("clients")) - before, result->inserted);
    // The counters saw the same.
    auto totals = s->statistics().totals(CachePolicy::Bypass);
    QVERIFY(totals.ok());
    QCOMPARE(totals->clients, countOf(*s, QStringLiteral("clients")));
    // The first of duplicates wins.
    if (!rows.isEmpty() && stored.isEmpty()) {
        auto first = s->clients().get(rows.first().id);
        QVERIFY(first.ok() && first->has_value());
        QCOMPARE((*first)->name, rows.first().name);
    }
}

void TestBulkInsert::fileCounts_data()
{
    QTest::addColumn<QString>("stored"); // files in the database before
    QTest::addColumn<QString>("batch");
    QTest::addColumn<int>("inserted");
    QTest::addColumn<int>("skipped");

    QTest::newRow("empty batch") << ""
                                 << "" << 0 << 0;
    QTest::newRow("all new") << ""
                             << "1/0 2/0 3/1" << 3 << 0;
    QTest::newRow("same ID twice in batch") << ""
                                            << "1/0 2/0 1/1" << 2 << 1;
    QTest::newRow("already stored") << "1/0 2/1"
                                    << "1/0 3/0 2/2" << 1 << 2;
    QTest::newRow("mixed") << "1/0"
                           << "2/0 2/1 3/2 1/2 4/0 4/0 5/1" << 4 << 3;
}

void TestBulkInsert::fileCounts()
{
    QFETCH(QString, stored);
    QFETCH(QString, batch);
    QFETCH(int, inserted);
    QFETCH(int, skipped);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    auto clients = s->bulk().insertClients(clientsOf(QStringLiteral("0/a 1/b 2/c")));
    QVERIFY(clients.ok());
    QCOMPARE(clients->inserted, 3);
    for (const FileRecord &f : filesOf(stored))
        QVERIFY(s->files().add(f).ok());
    const qint64 before = countOf(*s, QStringLiteral("files"));
    QCOMPARE(before, qint64(filesOf(stored).size()));
    auto totalsBefore = s->statistics().totals(CachePolicy::Bypass);
    QVERIFY(totalsBefore.ok());

    const QList<FileRecord> rows = filesOf(batch);
    auto result = s->bulk().insertFiles(rows);
    QVERIFY2(result.ok(), qPrintable(result.error().message()));
    QCOMPARE(result->attempted, qint64(rows.size()));
    QCOMPARE(result->inserted, qint64(inserted));
    QCOMPARE(result->skipped, qint64(skipped));
    QCOMPARE(countOf(*s, QStringLiteral("files")) - before, result->inserted);
    auto totals = s->statistics().totals(CachePolicy::Bypass);
    QVERIFY(totals.ok());
    QCOMPARE(totals->files - totalsBefore->files, result->inserted);
    QCOMPARE(totals.value(), s->statistics().countExactly().valueOr({}));
    // IDs are stored as 16 raw bytes.
    QCOMPARE(countOf(*s, QStringLiteral("files WHERE length(ID) != 16 OR typeof(ID) != 'blob'")),
             0);
}

void TestBulkInsert::largeBatchWithDuplicates()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    const DemoGenerator gen(5);
    QList<ClientRecord> clients;
    for (int i = 0; i < 50; ++i)
        clients.append(gen.client(i));
    auto pre = s->bulk().insertClients(clients.mid(0, 20));
    QVERIFY2(pre.ok(), qPrintable(pre.error().message()));
    auto r = s->bulk().insertClients(clients);
    QVERIFY2(r.ok(), qPrintable(r.error().message()));
    QCOMPARE(r->attempted, 50);
    QCOMPARE(r->inserted, 30);
    QCOMPARE(r->skipped, 20);

    // 5000 files (several cancel-check strides), every 7th repeated later in the batch, 300
    // stored before.
    QList<FileRecord> files;
    for (int i = 0; i < 5000; ++i)
        files.append(gen.file(i, clients.at(i % 50).id));
    for (int i = 0; i < 5000; i += 7)
        files.append(gen.file(i, clients.at((i + 1) % 50).id));
    QVERIFY(s->bulk().insertFiles(files.mid(1000, 300)).ok());
    const qint64 before = countOf(*s, QStringLiteral("files"));
    QCOMPARE(before, 300);
    auto f = s->bulk().insertFiles(files);
    QVERIFY2(f.ok(), qPrintable(f.error().message()));
    QCOMPARE(f->attempted, qint64(files.size()));
    QCOMPARE(f->inserted, 4700);
    QCOMPARE(f->skipped, qint64(files.size()) - 4700);
    QCOMPARE(countOf(*s, QStringLiteral("files")), 5000);
    auto totals = s->statistics().totals(CachePolicy::Bypass);
    QVERIFY(totals.ok());
    QCOMPARE(totals.value(), s->statistics().countExactly().valueOr({}));
}

void TestBulkInsert::unknownClientFailsTheBatch()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    QVERIFY(s->bulk().insertClients(clientsOf(QStringLiteral("0/a 1/b"))).ok());
    QVERIFY(s->bulk().insertFiles(filesOf(QStringLiteral("100/0"))).ok());
    const qint64 before = countOf(*s, QStringLiteral("files"));
    auto totalsBefore = s->statistics().totals(CachePolicy::Bypass);
    QVERIFY(totalsBefore.ok());
    const QByteArray hash = test::fileHash(s->path());

    // Row 3 belongs to client 7, which does not exist; the rows before it were fine.
    const QList<FileRecord> rows = filesOf(QStringLiteral("1/0 2/1 3/0 4/7 5/1"));
    auto result = s->bulk().insertFiles(rows);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind(), DbError::Kind::InvalidInput);
    QVERIFY2(result.error().message().contains(QLatin1String("files[3]")),
             qPrintable(result.error().message()));
    QVERIFY2(result.error().message().contains(QLatin1String("client ID")),
             qPrintable(result.error().message()));
    QCOMPARE(countOf(*s, QStringLiteral("files")), before);
    for (const FileRecord &f : rows) {
        auto got = s->files().get(f.id);
        QVERIFY(got.ok());
        QVERIFY(!got->has_value());
    }
    QCOMPARE(s->statistics().totals(CachePolicy::Bypass).valueOr({}), totalsBefore.value());
    QCOMPARE(test::fileHash(s->path()), hash);

    // The writer lane is usable afterwards (the transaction was rolled back, not left open).
    auto retry = s->bulk().insertFiles(filesOf(QStringLiteral("1/0 2/1")));
    QVERIFY2(retry.ok(), qPrintable(retry.error().message()));
    QCOMPARE(retry->inserted, 2);
}

void TestBulkInsert::unknownClientWithoutForeignKey()
{
    // A server database whose files table has no foreign key: the batch must still refuse files
    // of unknown clients instead of writing orphans.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    {
        auto opened = sqlite::openNative(dbPath(dir), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                         Milliseconds(2000));
        QVERIFY(opened.ok());
        QString schema = test::originalServerSchema();
        schema.replace(QStringLiteral("ClientID BLOB(16) NOT NULL,"),
                       QStringLiteral("ClientID BLOB(16) NOT NULL"));
        schema.replace(
                QStringLiteral("FOREIGN KEY (ClientID) REFERENCES clients(ID) ON DELETE CASCADE"),
                QString());
        const DbError e = sqlite::exec(opened.value(), schema);
        sqlite::closeNative(opened.value());
        QVERIFY2(!e, qPrintable(e.message()));
    }
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    QCOMPARE(countOf(*s, QStringLiteral("pragma_foreign_key_list('files')")), 0);
    QVERIFY(s->bulk().insertClients(clientsOf(QStringLiteral("0/a 1/b"))).ok());
    const QByteArray hash = test::fileHash(s->path());

    auto result = s->bulk().insertFiles(filesOf(QStringLiteral("1/0 2/1 3/9 4/1")));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind(), DbError::Kind::InvalidInput);
    QCOMPARE(result.error().field(), QStringLiteral("file client ID"));
    QVERIFY2(result.error().message().contains(QLatin1String("files[2]")),
             qPrintable(result.error().message()));
    auto single = s->files().add(file(5, idOf(9)));
    QVERIFY(!single.ok());
    QCOMPARE(single.error().kind(), DbError::Kind::InvalidInput);
    QCOMPARE(single.error().field(), QStringLiteral("file client ID"));
    QCOMPARE(countOf(*s, QStringLiteral("files")), 0);
    QCOMPARE(test::fileHash(s->path()), hash);

    // Known clients still go in, and a client delete takes its files without the cascade.
    auto ok = s->bulk().insertFiles(filesOf(QStringLiteral("1/0 2/1 3/1")));
    QVERIFY2(ok.ok(), qPrintable(ok.error().message()));
    QCOMPARE(ok->inserted, 3);
    auto removed = s->clients().remove(idOf(1));
    QVERIFY(removed.ok());
    QCOMPARE(removed.value(), 2);
    QCOMPARE(countOf(*s, QStringLiteral("files")), 1);
    QCOMPARE(s->statistics().totals(CachePolicy::Bypass).valueOr({}),
             s->statistics().countExactly().valueOr({}));
}

void TestBulkInsert::invalidRowFailsTheBatch_data()
{
    QTest::addColumn<bool>("files");
    QTest::addColumn<int>("badIndex");
    QTest::addColumn<QString>("field");

    QTest::newRow("client 0 empty name") << false << 0 << "client name";
    QTest::newRow("client 4 bad id") << false << 4 << "client ID";
    QTest::newRow("client 2 future last seen") << false << 2 << "client last seen";
    QTest::newRow("client 3 AES key") << false << 3 << "client AES key";
    QTest::newRow("file 0 bad client id") << true << 0 << "file client ID";
    QTest::newRow("file 2 negative size") << true << 2 << "file size";
    QTest::newRow("file 4 NUL in name") << true << 4 << "file name";
    QTest::newRow("file 3 long path") << true << 3 << "file path";
    QTest::newRow("file 1 future date") << true << 1 << "file modification date";
    QTest::newRow("file 4 bad id") << true << 4 << "file ID";
}

void TestBulkInsert::invalidRowFailsTheBatch()
{
    QFETCH(bool, files);
    QFETCH(int, badIndex);
    QFETCH(QString, field);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    QVERIFY(s->bulk().insertClients(clientsOf(QStringLiteral("0/a 1/b"))).ok());
    const qint64 clientsBefore = countOf(*s, QStringLiteral("clients"));
    const qint64 filesBefore = countOf(*s, QStringLiteral("files"));
    const QByteArray hash = test::fileHash(s->path());

    DbError error;
    if (files) {
        QList<FileRecord> rows = filesOf(QStringLiteral("1/0 2/1 3/0 4/1 5/0"));
        FileRecord &bad = rows[badIndex];
        if (field == QLatin1String("file client ID"))
            bad.clientId = QByteArray("0123");
        else if (field == QLatin1String("file size"))
            bad.fileSize = -42;
        else if (field == QLatin1String("file name"))
            bad.fileName = QString::fromUtf16(u"x\0y", 3);
        else if (field == QLatin1String("file path"))
            bad.pathName = QString(300, QLatin1Char('p'));
        else if (field == QLatin1String("file modification date"))
            bad.modificationDate = QStringLiteral("2999-01-01T00:00:00Z");
        else if (field == QLatin1String("file ID"))
            bad.id = QStringLiteral("{12345678-1234-1234-1234-123456789abc").toLatin1();
        auto r = s->bulk().insertFiles(rows);
        QVERIFY(!r.ok());
        error = r.error();
    } else {
        QList<ClientRecord> rows = clientsOf(QStringLiteral("5/e 6/f 7/g 8/h 9/i"));
        ClientRecord &bad = rows[badIndex];
        if (field == QLatin1String("client name"))
            bad.name.clear();
        else if (field == QLatin1String("client ID"))
            bad.id = QByteArray(20, 'i');
        else if (field == QLatin1String("client last seen"))
            bad.lastSeen = QStringLiteral("2999-01-01 00:00:00");
        else if (field == QLatin1String("client AES key"))
            bad.aesKey = QByteArray(7, 'k');
        auto r = s->bulk().insertClients(rows);
        QVERIFY(!r.ok());
        error = r.error();
    }
    QCOMPARE(error.kind(), DbError::Kind::InvalidInput);
    QCOMPARE(error.field(), field);
    const QString where = QStringLiteral("%1[%2]")
                                  .arg(files ? QStringLiteral("files") : QStringLiteral("clients"))
                                  .arg(badIndex);
    QVERIFY2(error.message().contains(where), qPrintable(error.message()));
    QVERIFY2(error.message().contains(field), qPrintable(error.message()));
    QCOMPARE(countOf(*s, QStringLiteral("clients")), clientsBefore);
    QCOMPARE(countOf(*s, QStringLiteral("files")), filesBefore);
    QCOMPARE(test::fileHash(s->path()), hash);
}

void TestBulkInsert::cancelledWritesNothing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    QVERIFY(s->bulk().insertClients(clientsOf(QStringLiteral("0/a"))).ok());
    const QByteArray hash = test::fileHash(s->path());

    CancelFlag cancel { true };
    const DemoGenerator gen(3);
    QList<ClientRecord> clients;
    QList<FileRecord> files;
    for (int i = 0; i < 3000; ++i) {
        clients.append(gen.client(i));
        files.append(gen.file(i, idOf(0)));
    }
    auto c = s->bulk().insertClients(clients, &cancel);
    QVERIFY(!c.ok());
    QVERIFY2(c.error().kind() == DbError::Kind::Cancelled, qPrintable(c.error().message()));
    auto f = s->bulk().insertFiles(files, &cancel);
    QVERIFY(!f.ok());
    QCOMPARE(f.error().kind(), DbError::Kind::Cancelled);
    QCOMPARE(countOf(*s, QStringLiteral("clients")), 1);
    QCOMPARE(countOf(*s, QStringLiteral("files")), 0);
    QCOMPARE(test::fileHash(s->path()), hash);

    // Not cancelled: the same batch goes in.
    cancel = false;
    auto again = s->bulk().insertFiles(files, &cancel);
    QVERIFY2(again.ok(), qPrintable(again.error().message()));
    QCOMPARE(again->inserted, 3000);
    QCOMPARE(countOf(*s, QStringLiteral("files")), 3000);
}

// The import strategy (batches large against the table): our indexes and the counter trigger
// are dropped and rebuilt inside the transaction, the counters updated from the batch.
static QStringList ourFilesObjects(Session &session)
{
    QStringList names;
    session.database().read([&](ConnectionLease &lease) -> DbError {
        return session.database().forEachRow(
                lease,
                QStringLiteral("SELECT name FROM sqlite_master WHERE tbl_name = 'files' AND name LIKE 'bdba%' ORDER BY name"),
                {}, [&](const QSqlQuery &q) { names.append(q.value(0).toString()); });
    });
    return names;
}

void TestBulkInsert::largeImportKeepsCountersIndexesAndTrigger()
{
    QTemporaryDir dir;
    auto session = test::openOrFail(test::options(dir.filePath(QStringLiteral("import.db"))));
    QVERIFY(session);
    const QStringList objectsBefore = ourFilesObjects(*session);
    QVERIFY(objectsBefore.contains(QStringLiteral("bdba_files_count_insert")));
    const DemoGenerator gen(99);
    QList<ClientRecord> clients;
    for (int i = 0; i < 30; ++i)
        clients.append(gen.client(i));
    QVERIFY(session->bulk().insertClients(clients).ok());
    QList<FileRecord> files;
    for (int i = 0; i < 25000; ++i) {
        FileRecord f = gen.file(i, clients.at(i % 30).id);
        if (i % 7 == 0)
            f.fileSize.reset(); // sizes missing too
        files.append(f);
    }
    files.append(files.at(5)); // a duplicate: skipped, not counted
    auto r = session->bulk().insertFiles(files);
    QVERIFY2(r.ok(), qPrintable(r.error().message()));
    QCOMPARE(r->inserted, 25000);
    QCOMPARE(r->skipped, 1);
    auto counted = session->statistics().countExactly();
    auto kept = session->statistics().totals(CachePolicy::Bypass);
    QVERIFY(counted.ok() && kept.ok());
    QCOMPARE(kept.value(), counted.value());
    auto perClient = session->statistics().perClient();
    QVERIFY(perClient.ok());
    QCOMPARE(perClient->size(), 30);
    qint64 sum = 0;
    for (const ClientTotals &t : perClient.value())
        sum += t.files;
    QCOMPARE(sum, 25000);
    QCOMPARE(ourFilesObjects(*session), objectsBefore); // indexes and trigger are back
    // And the trigger works again for the next, small insert.
    QVERIFY(session->files().add(gen.file(90000, clients.first().id)).ok());
    QCOMPARE(session->statistics().totals(CachePolicy::Bypass)->files, 25001);
}

void TestBulkInsert::cancelledImportRestoresIndexes()
{
    QTemporaryDir dir;
    auto session = test::openOrFail(test::options(dir.filePath(QStringLiteral("import-cancel.db"))));
    QVERIFY(session);
    const QStringList objectsBefore = ourFilesObjects(*session);
    const DemoGenerator gen(5);
    QVERIFY(session->bulk().insertClients({ gen.client(0) }).ok());
    QList<FileRecord> files;
    for (int i = 0; i < 30000; ++i)
        files.append(gen.file(i, gen.clientId(0)));
    CancelFlag cancel{ true };
    auto r = session->bulk().insertFiles(files, &cancel);
    QCOMPARE(r.error().kind(), DbError::Kind::Cancelled);
    QCOMPARE(ourFilesObjects(*session), objectsBefore);
    QCOMPARE(session->statistics().countExactly()->files, 0);
}

QTEST_GUILESS_MAIN(TestBulkInsert)
#include "tst_bulkinsert.moc"
