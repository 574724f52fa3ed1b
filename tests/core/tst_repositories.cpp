// Client and file repositories (C6, C11): a client's files, one record deleted, client deletes,
// add/get/update, LIKE escaping, the identifier whitelist, and bad input that changes nothing.
#include "data/keyset.h"
#include "data/validation.h"
#include "repositoryfixtures.h"
#include "testsupport.h"

#include <QSet>
#include <QTest>

using namespace backupdb;

namespace {

Result<QVariant> scalar(Session &s, const QString &sql, const QVariantList &binds = {})
{
    return s.database().read(
            [&](ConnectionLease &lease) { return s.database().scalar(lease, sql, binds); });
}

qint64 countOf(Session &s, const QString &sql, const QVariantList &binds = {})
{
    auto v = scalar(s, sql, binds);
    if (!v) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(v.error().message()));
        return -1;
    }
    return v->toLongLong();
}

QSet<QByteArray> idsOf(const QList<FileRecord> &files)
{
    QSet<QByteArray> ids;
    for (const FileRecord &f : files)
        ids.insert(f.id);
    return ids;
}

QStringList strings(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *s : list)
        out.append(QString::fromUtf8(s));
    return out;
}

} // namespace

class TestRepositories : public QObject
{
    Q_OBJECT

private slots:
    void listForClientReturnsOnlyThatClientsFiles();
    void removeDeletesExactlyOneRecord();
    void clientDeleteTakesItsFiles();
    void clientAddGetUpdate();
    void searchEscapesWildcards_data();
    void searchEscapesWildcards();
    void identifierInjectionRejected_data();
    void identifierInjectionRejected();
    void badInputChangesNothing_data();
    void badInputChangesNothing();
};

void TestRepositories::listForClientReturnsOnlyThatClientsFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    auto a = s->clients().add(newClient(QStringLiteral("first")));
    auto b = s->clients().add(newClient(QStringLiteral("second")));
    auto empty = s->clients().add(newClient(QStringLiteral("empty")));
    QVERIFY(a.ok() && b.ok() && empty.ok());

    QSet<QByteArray> aFiles, bFiles;
    for (int i = 0; i < 5; ++i) {
        auto f = s->files().add(newFile(a->id, QStringLiteral("a%1.txt").arg(i)));
        QVERIFY2(f.ok(), qPrintable(f.error().message()));
        aFiles.insert(f->id);
        auto g = s->files().add(newFile(b->id, QStringLiteral("b%1.txt").arg(i)));
        QVERIFY(g.ok());
        bFiles.insert(g->id);
    }
    // A file of the second client whose own ID equals the first client's ID: a query by ID
    // instead of ClientID (fix 1) would return it.
    auto trap = s->files().add(newFile(b->id, QStringLiteral("trap.txt"), 1, false, a->id));
    QVERIFY2(trap.ok(), qPrintable(trap.error().message()));
    bFiles.insert(trap->id);

    auto listA = s->files().listForClient(a->id);
    QVERIFY2(listA.ok(), qPrintable(listA.error().message()));
    QCOMPARE(listA->size(), 5);
    QCOMPARE(idsOf(listA.value()), aFiles);
    for (const FileRecord &f : listA.value())
        QCOMPARE(f.clientId, a->id);

    // The same client named by its text UUID.
    auto byText = s->files().listForClient(validation::uuidToText(a->id));
    QVERIFY(byText.ok());
    QCOMPARE(idsOf(byText.value()), aFiles);

    auto listB = s->files().listForClient(b->id);
    QVERIFY(listB.ok());
    QCOMPARE(idsOf(listB.value()), bFiles);

    auto none = s->files().listForClient(empty->id);
    QVERIFY(none.ok());
    QVERIFY(none->isEmpty());

    // count() with a client filter agrees.
    FileQuery q;
    q.clientId = a->id;
    QCOMPARE(s->files().count(q).valueOr(-1), 5);
    q.clientId = b->id;
    QCOMPARE(s->files().count(q).valueOr(-1), 6);

    auto bad = s->files().listForClient(QStringLiteral("not-a-uuid"));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().kind(), DbError::Kind::InvalidInput);
    QCOMPARE(bad.error().field(), QStringLiteral("client ID"));
}

void TestRepositories::removeDeletesExactlyOneRecord()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    auto a = s->clients().add(newClient(QStringLiteral("first")));
    auto b = s->clients().add(newClient(QStringLiteral("second")));
    QVERIFY(a.ok() && b.ok());
    QList<QByteArray> aFiles;
    for (int i = 0; i < 4; ++i) {
        auto f = s->files().add(newFile(a->id, QStringLiteral("same-name.txt"), i * 10, i % 2));
        QVERIFY(f.ok());
        aFiles.append(f->id);
    }
    auto bFile = s->files().add(newFile(b->id, QStringLiteral("same-name.txt")));
    QVERIFY(bFile.ok());

    auto removed = s->files().remove(a->id, aFiles.at(1));
    QVERIFY2(removed.ok(), qPrintable(removed.error().message()));
    QVERIFY(removed.value());
    auto left = s->files().listForClient(a->id);
    QVERIFY(left.ok());
    QCOMPARE(idsOf(left.value()), (QSet<QByteArray> { aFiles.at(0), aFiles.at(2), aFiles.at(3) }));
    QCOMPARE(countOf(*s, QStringLiteral("SELECT COUNT(*) FROM files")), 4);
    auto gone = s->files().get(aFiles.at(1));
    QVERIFY(gone.ok());
    QVERIFY(!gone->has_value());

    // Again: nothing left to delete.
    auto again = s->files().remove(a->id, aFiles.at(1));
    QVERIFY(again.ok());
    QVERIFY(!again.value());

    // The wrong client: false, and nothing deleted.
    const QByteArray before = test::fileHash(s->path());
    auto wrong = s->files().remove(b->id, aFiles.at(0));
    QVERIFY(wrong.ok());
    QVERIFY(!wrong.value());
    auto wrong2 = s->files().remove(a->id, bFile->id);
    QVERIFY(wrong2.ok());
    QVERIFY(!wrong2.value());
    QCOMPARE(countOf(*s, QStringLiteral("SELECT COUNT(*) FROM files")), 4);
    QCOMPARE(test::fileHash(s->path()), before);
    auto still = s->files().get(aFiles.at(0));
    QVERIFY(still.ok() && still->has_value());

    // Text UUIDs work as well as raw bytes.
    auto byText
            = s->files().remove(validation::uuidToText(b->id), validation::uuidToText(bFile->id));
    QVERIFY(byText.ok());
    QVERIFY(byText.value());
    QCOMPARE(countOf(*s, QStringLiteral("SELECT COUNT(*) FROM files")), 3);
    QCOMPARE(
            countOf(*s, QStringLiteral("SELECT COUNT(*) FROM files WHERE ClientID = ?"), { a->id }),
            3);
}

void TestRepositories::clientDeleteTakesItsFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    auto a = s->clients().add(newClient(QStringLiteral("doomed")));
    auto b = s->clients().add(newClient(QStringLiteral("survivor")));
    auto c = s->clients().add(newClient(QStringLiteral("no files")));
    QVERIFY(a.ok() && b.ok() && c.ok());
    QSet<QByteArray> bFiles;
    for (int i = 0; i < 5; ++i)
        QVERIFY(s->files().add(newFile(a->id, QStringLiteral("a%1").arg(i))).ok());
    for (int i = 0; i < 3; ++i) {
        auto f = s->files().add(newFile(b->id, QStringLiteral("b%1").arg(i)));
        QVERIFY(f.ok());
        bFiles.insert(f->id);
    }
    QCOMPARE(s->clients().fileCount(a->id).valueOr(-1), 5);

    auto removed = s->clients().remove(a->id);
    QVERIFY2(removed.ok(), qPrintable(removed.error().message()));
    QCOMPARE(removed.value(), 5);
    auto gone = s->clients().get(a->id);
    QVERIFY(gone.ok());
    QVERIFY(!gone->has_value());
    QCOMPARE(
            countOf(*s, QStringLiteral("SELECT COUNT(*) FROM files WHERE ClientID = ?"), { a->id }),
            0);
    auto left = s->files().listForClient(b->id);
    QVERIFY(left.ok());
    QCOMPARE(idsOf(left.value()), bFiles);
    QCOMPARE(countOf(*s, QStringLiteral("SELECT COUNT(*) FROM files")), 3);
    QCOMPARE(countOf(*s, QStringLiteral("SELECT COUNT(*) FROM clients")), 2);
    QCOMPARE(s->clients().fileCount(a->id).valueOr(-1), 0);
    QCOMPARE(s->clients().count().valueOr(-1), 2);

    // A client without files: 0 went with it.
    auto none = s->clients().remove(validation::uuidToText(c->id));
    QVERIFY(none.ok());
    QCOMPARE(none.value(), 0);

    // No such client: NotFound, nothing changed.
    const QByteArray before = test::fileHash(s->path());
    auto again = s->clients().remove(a->id);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().kind(), DbError::Kind::NotFound);
    QCOMPARE(test::fileHash(s->path()), before);
    QCOMPARE(countOf(*s, QStringLiteral("SELECT COUNT(*) FROM files")), 3);
}

void TestRepositories::clientAddGetUpdate()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    auto a = s->clients().add(newClient(QStringLiteral("laptop-berlin")));
    QVERIFY2(a.ok(), qPrintable(a.error().message()));
    QCOMPARE(a->id.size(), 16);
    auto got = s->clients().get(validation::uuidToText(a->id));
    QVERIFY(got.ok() && got->has_value());
    QCOMPARE((*got)->name, QStringLiteral("laptop-berlin"));
    QCOMPARE((*got)->aesKey, QByteArray(32, 'k'));

    ClientRecord changed = a.value();
    changed.name = QStringLiteral("laptop-oslo");
    changed.aesKey.clear();
    QVERIFY(!s->clients().update(changed));
    got = s->clients().get(a->id);
    QVERIFY(got.ok() && got->has_value());
    QCOMPARE((*got)->name, QStringLiteral("laptop-oslo"));
    QVERIFY((*got)->aesKey.isEmpty());

    // A second client cannot take the name.
    auto dup = s->clients().add(newClient(QStringLiteral("laptop-oslo")));
    QVERIFY(!dup.ok());
    QCOMPARE(dup.error().kind(), DbError::Kind::Constraint);
    QCOMPARE(dup.error().field(), QStringLiteral("client name"));
    // Nor an existing ID.
    ClientRecord sameId = newClient(QStringLiteral("other"));
    sameId.id = a->id;
    auto dupId = s->clients().add(sameId);
    QVERIFY(!dupId.ok());
    QCOMPARE(dupId.error().kind(), DbError::Kind::Constraint);
    QCOMPARE(dupId.error().field(), QStringLiteral("client ID"));
    // Updating a client that is not there.
    ClientRecord ghost = newClient(QStringLiteral("ghost"));
    ghost.id = QByteArray(16, '\x11');
    QCOMPARE(s->clients().update(ghost).kind(), DbError::Kind::NotFound);
    QCOMPARE(countOf(*s, QStringLiteral("SELECT COUNT(*) FROM clients")), 1);
}

void TestRepositories::searchEscapesWildcards_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QStringList>("clients");

    QTest::newRow("percent") << "%" << strings({ "100%_done.txt", "50%.txt" })
                             << strings({ "site%1" });
    QTest::newRow("underscore") << "_" << strings({ "100%_done.txt", "100x_done.txt", "a_b.txt" })
                                << strings({ "site_1" });
    QTest::newRow("percent underscore") << "%_" << strings({ "100%_done.txt" }) << QStringList();
    QTest::newRow("a_b") << "a_b" << strings({ "a_b.txt" }) << QStringList();
    QTest::newRow("backslash") << "\\" << strings({ "back\\slash.txt" })
                               << strings({ "dom\\user" });
    QTest::newRow("case-insensitive")
            << "DONE" << strings({ "100%_done.txt", "100x_done.txt", "100xxdone.txt" })
            << QStringList();
    QTest::newRow("quote") << "'" << strings({ "it's.txt" }) << strings({ "o'brien" });
    QTest::newRow("site") << "site" << QStringList() << strings({ "site%1", "site_1", "siteX1" });
    QTest::newRow("no match") << "zzz" << QStringList() << QStringList();
}

void TestRepositories::searchEscapesWildcards()
{
    QFETCH(QString, pattern);
    QFETCH(QStringList, files);
    QFETCH(QStringList, clients);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    QByteArray owner;
    for (const QString &name : strings({ "site%1", "site_1", "siteX1", "dom\\user", "o'brien" })) {
        auto c = s->clients().add(newClient(name));
        QVERIFY2(c.ok(), qPrintable(c.error().message()));
        owner = c->id;
    }
    for (const QString &name :
         strings({ "100%_done.txt", "100x_done.txt", "100xxdone.txt", "50%.txt", "500.txt",
                   "a_b.txt", "axb.txt", "back\\slash.txt", "it's.txt" }))
        QVERIFY(s->files().add(newFile(owner, name)).ok());

    FileQuery q;
    q.nameContains = pattern;
    auto page = s->files().page(q);
    QVERIFY2(page.ok(), qPrintable(page.error().message()));
    QStringList gotFiles;
    for (const FileRecord &f : page->rows)
        gotFiles.append(f.fileName);
    gotFiles.sort();
    files.sort();
    QCOMPARE(gotFiles, files);
    QCOMPARE(s->files().count(q).valueOr(-1), qint64(files.size()));

    ClientQuery c;
    c.nameContains = pattern;
    auto clientPage = s->clients().page(c);
    QVERIFY2(clientPage.ok(), qPrintable(clientPage.error().message()));
    QStringList gotClients;
    for (const ClientSummary &summary : clientPage->rows)
        gotClients.append(summary.name);
    gotClients.sort();
    clients.sort();
    QCOMPARE(gotClients, clients);
    QCOMPARE(s->clients().count(pattern).valueOr(-1), qint64(clients.size()));
}

void TestRepositories::identifierInjectionRejected_data()
{
    QTest::addColumn<QString>("sortColumn");
    for (const char *s :
         { "FileName; DROP TABLE files", "rowid--", "\"", "FileName\"; DROP TABLE files; --",
           "FileName DESC", "(SELECT 1)", "files.FileName", "1", " FileName",
           "FileName COLLATE NOCASE", "FileName`", "Name' OR '1'='1", "rowid" })
        QTest::newRow(s) << QString::fromLatin1(s);
}

void TestRepositories::identifierInjectionRejected()
{
    QFETCH(QString, sortColumn);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    auto c = s->clients().add(newClient(QStringLiteral("client")));
    QVERIFY(c.ok());
    for (int i = 0; i < 3; ++i)
        QVERIFY(s->files().add(newFile(c->id, QStringLiteral("f%1").arg(i))).ok());
    const QByteArray before = test::fileHash(s->path());

    FileQuery fq;
    fq.sortColumn = sortColumn;
    auto files = s->files().page(fq);
    QVERIFY(!files.ok());
    QCOMPARE(files.error().kind(), DbError::Kind::InvalidInput);
    QVERIFY2(files.error().message().contains(sortColumn), qPrintable(files.error().message()));

    ClientQuery cq;
    cq.sortColumn = sortColumn;
    auto clients = s->clients().page(cq);
    QVERIFY(!clients.ok());
    QCOMPARE(clients.error().kind(), DbError::Kind::InvalidInput);

    QCOMPARE(countOf(*s, QStringLiteral("SELECT COUNT(*) FROM files")), 3);
    QCOMPARE(countOf(*s, QStringLiteral("SELECT COUNT(*) FROM clients")), 1);
    QCOMPARE(countOf(*s,
                     QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
                                    "name IN ('files', 'clients')")),
             2);
    QCOMPARE(test::fileHash(s->path()), before);
}

void TestRepositories::badInputChangesNothing_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("field");
    QTest::addColumn<DbError::Kind>("kind");

    const auto invalid = DbError::Kind::InvalidInput;
    QTest::newRow("file: malformed client UUID") << "file client uuid"
                                                 << "file client ID" << invalid;
    QTest::newRow("file: malformed ID") << "file id"
                                        << "file ID" << invalid;
    QTest::newRow("file: empty name") << "file empty name"
                                      << "file name" << invalid;
    QTest::newRow("file: NUL in name") << "file nul name"
                                       << "file name" << invalid;
    QTest::newRow("file: 256-byte UTF-8 name") << "file long name"
                                               << "file name" << invalid;
    QTest::newRow("file: negative size") << "file negative size"
                                         << "file size" << invalid;
    QTest::newRow("file: future date") << "file future date"
                                       << "file modification date" << invalid;
    QTest::newRow("file: unknown client") << "file unknown client"
                                          << "file client ID" << invalid;
    QTest::newRow("file: existing ID") << "file duplicate id"
                                       << "file ID" << DbError::Kind::Constraint;
    QTest::newRow("client: malformed ID") << "client id"
                                          << "client ID" << invalid;
    QTest::newRow("client: empty name") << "client empty name"
                                        << "client name" << invalid;
    QTest::newRow("client: NUL in name") << "client nul name"
                                         << "client name" << invalid;
    QTest::newRow("client: 256-byte UTF-8 name") << "client long name"
                                                 << "client name" << invalid;
    QTest::newRow("client: future last seen") << "client future"
                                              << "client last seen" << invalid;
    QTest::newRow("client: name taken") << "client duplicate name"
                                        << "client name" << DbError::Kind::Constraint;
    QTest::newRow("update: empty name") << "update empty name"
                                        << "client name" << invalid;
    QTest::newRow("update: name taken") << "update duplicate name"
                                        << "client name" << DbError::Kind::Constraint;
    QTest::newRow("remove file: malformed client") << "remove file client"
                                                   << "client ID" << invalid;
    QTest::newRow("remove file: malformed file") << "remove file id"
                                                 << "file ID" << invalid;
    QTest::newRow("remove client: malformed ID") << "remove client"
                                                 << "client ID" << invalid;
    QTest::newRow("set verified: malformed ID") << "set verified"
                                                << "file ID" << invalid;
}

void TestRepositories::badInputChangesNothing()
{
    QFETCH(QString, operation);
    QFETCH(QString, field);
    QFETCH(DbError::Kind, kind);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto s = test::openOrFail(test::options(dbPath(dir)));
    QVERIFY(s);
    auto a = s->clients().add(newClient(QStringLiteral("first")));
    auto b = s->clients().add(newClient(QStringLiteral("second")));
    QVERIFY(a.ok() && b.ok());
    auto existing = s->files().add(newFile(a->id, QStringLiteral("kept.txt")));
    QVERIFY(existing.ok());

    const QString longName(128, QChar(0xe9)); // 128 characters, 256 bytes of UTF-8
    const QString nulName = QString::fromUtf16(u"evil\0.txt", 9);
    FileRecord file = newFile(a->id, QStringLiteral("new.txt"));
    ClientRecord client = newClient(QStringLiteral("third"));
    ClientRecord update = a.value();

    const QByteArray before = test::fileHash(s->path());
    DbError error;
    auto take = [&](const auto &result) {
        error = result.ok() ? DbError() : result.error();
    };
    if (operation == QLatin1String("file client uuid")) {
        file.clientId = QByteArray("not-a-uuid");
        take(s->files().add(file));
    } else if (operation == QLatin1String("file id")) {
        file.id = QByteArray(15, 'x');
        take(s->files().add(file));
    } else if (operation == QLatin1String("file empty name")) {
        file.fileName.clear();
        take(s->files().add(file));
    } else if (operation == QLatin1String("file nul name")) {
        file.fileName = nulName;
        take(s->files().add(file));
    } else if (operation == QLatin1String("file long name")) {
        file.fileName = longName;
        take(s->files().add(file));
    } else if (operation == QLatin1String("file negative size")) {
        file.fileSize = -1;
        take(s->files().add(file));
    } else if (operation == QLatin1String("file future date")) {
        file.modificationDate = QDateTime::currentDateTimeUtc().addDays(3).toString(Qt::ISODate);
        take(s->files().add(file));
    } else if (operation == QLatin1String("file unknown client")) {
        file.clientId = QByteArray(16, '\x42');
        take(s->files().add(file));
    } else if (operation == QLatin1String("file duplicate id")) {
        file.id = existing->id;
        take(s->files().add(file));
    } else if (operation == QLatin1String("client id")) {
        client.id = QByteArray("1234");
        take(s->clients().add(client));
    } else if (operation == QLatin1String("client empty name")) {
        client.name.clear();
        take(s->clients().add(client));
    } else if (operation == QLatin1String("client nul name")) {
        client.name = nulName;
        take(s->clients().add(client));
    } else if (operation == QLatin1String("client long name")) {
        client.name = longName;
        take(s->clients().add(client));
    } else if (operation == QLatin1String("client future")) {
        client.lastSeen = QDateTime::currentDateTimeUtc().addYears(1).toString(Qt::ISODate);
        take(s->clients().add(client));
    } else if (operation == QLatin1String("client duplicate name")) {
        client.name = b->name;
        take(s->clients().add(client));
    } else if (operation == QLatin1String("update empty name")) {
        update.name.clear();
        error = s->clients().update(update);
    } else if (operation == QLatin1String("update duplicate name")) {
        update.name = b->name;
        error = s->clients().update(update);
    } else if (operation == QLatin1String("remove file client"))
        take(s->files().remove(QStringLiteral("xyz"), existing->id));
    else if (operation == QLatin1String("remove file id"))
        take(s->files().remove(a->id, QByteArray(17, 'x')));
    else if (operation == QLatin1String("remove client"))
        take(s->clients().remove(QStringLiteral("{not-a-uuid}")));
    else if (operation == QLatin1String("set verified"))
        error = s->files().setVerified(QVariant(12345), true);
    else
        QFAIL("unknown operation");

    QVERIFY2(error.isError(), "the bad input was accepted");
    QCOMPARE(error.kind(), kind);
    QCOMPARE(error.field(), field);
    QVERIFY2(error.message().contains(field), qPrintable(error.message()));
    QCOMPARE(test::fileHash(s->path()), before);
    QCOMPARE(countOf(*s, QStringLiteral("SELECT COUNT(*) FROM files")), 1);
    QCOMPARE(countOf(*s, QStringLiteral("SELECT COUNT(*) FROM clients")), 2);
    auto stillA = s->clients().get(a->id);
    QVERIFY(stillA.ok() && stillA->has_value());
    QCOMPARE((*stillA)->name, QStringLiteral("first"));
}

QTEST_GUILESS_MAIN(TestRepositories)
#include "tst_repositories.moc"
