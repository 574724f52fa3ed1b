// Client and file repositories (C6, C11; fixes 1, 2): a client's files, one record deleted,
// keyset pages, client pages and deletes, LIKE escaping, the identifier whitelist, and bad
// input that changes nothing.
#include "data/keyset.h"
#include "data/validation.h"
#include "testsupport.h"

#include <QSet>
#include <QTest>
#include <algorithm>

using namespace backupdb;

namespace {

QString dbPath(const QTemporaryDir &dir)
{
    return dir.filePath(QStringLiteral("backup.db"));
}

ClientRecord newClient(const QString &name,
                       const QString &lastSeen = QStringLiteral("2025-01-10T12:00:00Z"))
{
    ClientRecord c;
    c.name = name;
    c.lastSeen = lastSeen;
    c.aesKey = QByteArray(32, 'k');
    c.publicKey = QByteArray(160, 'p');
    return c;
}

FileRecord newFile(const QByteArray &clientId, const QString &name,
                   std::optional<qint64> size = 100, bool verified = false,
                   const QByteArray &id = {})
{
    FileRecord f;
    f.id = id;
    f.clientId = clientId;
    f.fileName = name;
    f.pathName = QStringLiteral("received_files\\") + name;
    f.fileSize = size;
    f.verified = verified;
    f.modificationDate = QStringLiteral("2025-01-02T01:15:00.123456");
    f.crc = 1234;
    return f;
}

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

// A files row as the model of the keyset tests sees it.
struct Row
{
    qint64 rowId = 0;
    QString name;
    std::optional<qint64> size;
    bool verified = false;
    QByteArray clientId;
};

enum class Filter { None, Verified, Unverified, Name, Client };

QStringList strings(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *s : list)
        out.append(QString::fromUtf8(s));
    return out;
}

} // namespace

Q_DECLARE_METATYPE(SortOrder)
Q_DECLARE_METATYPE(Filter)

class TestRepositories : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void listForClientReturnsOnlyThatClientsFiles();
    void removeDeletesExactlyOneRecord();
    void filePages_data();
    void filePages();
    void filePageBadArguments();
    void clientPages_data();
    void clientPages();
    void fileAnchors_data() { filePages_data(); }
    void fileAnchors();
    void clientAnchors_data() { clientPages_data(); }
    void clientAnchors();
    void clientDeleteTakesItsFiles();
    void clientAddGetUpdate();
    void searchEscapesWildcards_data();
    void searchEscapesWildcards();
    void identifierInjectionRejected_data();
    void identifierInjectionRejected();
    void badInputChangesNothing_data();
    void badInputChangesNothing();

private:
    // The paging fixture, shared by the read-only paging tests.
    QTemporaryDir m_pagingDir;
    std::unique_ptr<Session> m_paging;
    QList<QByteArray> m_pagingClients;
    QList<Row> m_rows;
    QList<ClientSummary> m_clientModel;
};

void TestRepositories::initTestCase()
{
    QVERIFY(m_pagingDir.isValid());
    m_paging = test::openOrFail(test::options(dbPath(m_pagingDir)));
    QVERIFY(m_paging);
    Session &s = *m_paging;

    // Clients with ties and zeros in their file counts, names that sort differently by case.
    const QStringList names { QStringLiteral("echo"),    QStringLiteral("Alpha"),
                              QStringLiteral("bravo"),   QStringLiteral("delta_1"),
                              QStringLiteral("delta%2"), QStringLiteral("Charlie"),
                              QStringLiteral("foxtrot"), QStringLiteral("golf") };
    for (const QString &name : names) {
        auto c = s.clients().add(newClient(name));
        QVERIFY2(c.ok(), qPrintable(c.error().message()));
        m_pagingClients.append(c->id);
    }

    // File names with duplicates (and case variants), sizes with NULLs, duplicates and 0.
    const QStringList fileNames { QStringLiteral("dup.txt"),  QStringLiteral("alpha.pdf"),
                                  QStringLiteral("Dup.TXT"),  QStringLiteral("zeta"),
                                  QStringLiteral("dup.txt"),  QStringLiteral("beta.doc"),
                                  QStringLiteral("Beta.doc"), QStringLiteral("a_b.txt"),
                                  QStringLiteral("a%b.txt"),  QStringLiteral("dup.txt") };
    // Client k gets files only if k % 4 != 3 (so some have none); uneven spread.
    QList<QByteArray> removeLater;
    for (int i = 0; i < 97; ++i) {
        const int owner = i % 10 < 6 ? i % 2 : i % 6; // 0..5, uneven; clients 6 and 7 stay empty
        const std::optional<qint64> size
                = i % 5 == 0 ? std::nullopt : std::optional<qint64>((i * 7919) % 13 * 100);
        auto f = s.files().add(newFile(m_pagingClients.at(owner),
                                       fileNames.at(i % fileNames.size()), size, i % 3 == 0));
        QVERIFY2(f.ok(), qPrintable(f.error().message()));
        if (i % 11 == 4)
            removeLater.append(f->id);
    }
    // Gaps in the rowids.
    for (const QByteArray &id : removeLater) {
        auto got = s.files().get(id);
        QVERIFY(got.ok() && got->has_value());
        auto removed = s.files().remove((*got)->clientId, id);
        QVERIFY(removed.ok() && removed.value());
    }

    // The model: every row read back in one scan.
    QHash<QByteArray, ClientSummary> summaries;
    QVERIFY(!s.database().read([&](ConnectionLease &lease) {
        return s.database().forEachRow(
                lease, QStringLiteral("SELECT rowid, ID, Name, LastSeen FROM clients"), {},
                [&](const QSqlQuery &q) {
                    ClientSummary c;
                    c.rowId = q.value(0).toLongLong();
                    c.id = q.value(1).toByteArray();
                    c.name = q.value(2).toString();
                    c.lastSeen = q.value(3).toString();
                    summaries.insert(c.id, c);
                });
    }));
    QVERIFY(!s.database().read([&](ConnectionLease &lease) {
        return s.database().forEachRow(
                lease,
                QStringLiteral("SELECT rowid, FileName, FileSize, Verified, ClientID FROM files"),
                {}, [&](const QSqlQuery &q) {
                    Row r;
                    r.rowId = q.value(0).toLongLong();
                    r.name = q.value(1).toString();
                    if (!q.isNull(2))
                        r.size = q.value(2).toLongLong();
                    r.verified = q.value(3).toLongLong() != 0;
                    r.clientId = q.value(4).toByteArray();
                    m_rows.append(r);
                });
    }));
    QCOMPARE(m_rows.size(), 97 - removeLater.size());
    for (const Row &r : std::as_const(m_rows)) {
        QVERIFY(summaries.contains(r.clientId));
        ClientSummary &c = summaries[r.clientId];
        ++c.fileCount;
        c.totalSizeBytes += r.size.value_or(0);
    }
    m_clientModel = summaries.values();
    // The fixture must hold what the paging cases are about.
    QVERIFY(std::any_of(m_rows.begin(), m_rows.end(), [](const Row &r) { return !r.size; }));
    QVERIFY(std::any_of(m_clientModel.begin(), m_clientModel.end(),
                        [](const ClientSummary &c) { return c.fileCount == 0; }));
}

void TestRepositories::cleanupTestCase()
{
    m_paging.reset();
}

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

void TestRepositories::filePages_data()
{
    QTest::addColumn<QString>("sortColumn");
    QTest::addColumn<SortOrder>("order");
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<Filter>("filter");

    const QList<QPair<const char *, Filter>> filters { { "all", Filter::None },
                                                       { "verified", Filter::Verified },
                                                       { "name", Filter::Name } };
    for (const char *sort : { "", "FileName", "FileSize" }) {
        for (SortOrder order : { SortOrder::Ascending, SortOrder::Descending }) {
            for (int size : { 1, 7, 1000 }) {
                for (const auto &[filterName, filter] : filters) {
                    QTest::addRow("%s %s page %d %s", *sort ? sort : "table order",
                                  order == SortOrder::Ascending ? "asc" : "desc", size, filterName)
                            << QString::fromLatin1(sort) << order << size << filter;
                }
            }
        }
    }
    QTest::newRow("Verified asc page 7 all")
            << "Verified" << SortOrder::Ascending << 7 << Filter::None;
    QTest::newRow("ModificationDate desc page 7 all")
            << "ModificationDate" << SortOrder::Descending << 7 << Filter::None;
    QTest::newRow("filesize (lower case) asc page 7 unverified")
            << "filesize" << SortOrder::Ascending << 7 << Filter::Unverified;
    QTest::newRow("FileSize desc page 3 one client")
            << "FileSize" << SortOrder::Descending << 3 << Filter::Client;
    QTest::newRow("FileName asc page 2 one client")
            << "FileName" << SortOrder::Ascending << 2 << Filter::Client;
    QTest::newRow("ClientID asc page 5 all")
            << "ClientID" << SortOrder::Ascending << 5 << Filter::None;
}

void TestRepositories::filePages()
{
    QFETCH(QString, sortColumn);
    QFETCH(SortOrder, order);
    QFETCH(int, pageSize);
    QFETCH(Filter, filter);
    QVERIFY(m_paging);

    FileQuery query;
    query.sortColumn = sortColumn;
    query.order = order;
    query.limit = pageSize;
    const QByteArray client = m_pagingClients.at(1);
    switch (filter) {
    case Filter::None:
        break;
    case Filter::Verified:
        query.verified = VerifiedFilter::Verified;
        break;
    case Filter::Unverified:
        query.verified = VerifiedFilter::Unverified;
        break;
    case Filter::Name:
        query.nameContains = QStringLiteral("DUP");
        break;
    case Filter::Client:
        query.clientId = client;
        break;
    }

    // The model: filter, then sort by (value, rowid) with NULLs first ascending.
    QList<Row> expected;
    for (const Row &r : std::as_const(m_rows)) {
        const bool keep = filter == Filter::None || (filter == Filter::Verified && r.verified)
                || (filter == Filter::Unverified && !r.verified)
                || (filter == Filter::Name
                    && r.name.contains(QLatin1String("dup"), Qt::CaseInsensitive))
                || (filter == Filter::Client && r.clientId == client);
        if (keep)
            expected.append(r);
    }
    QVERIFY(expected.size() > 3);
    const QString column = sortColumn.toLower();
    auto less = [&](const Row &x, const Row &y) {
        if (column == QLatin1String("filename")) {
            const QByteArray a = x.name.toUtf8(), b = y.name.toUtf8(); // BINARY collation
            if (a != b)
                return a < b;
        } else if (column == QLatin1String("filesize")) {
            if (x.size != y.size)
                return !x.size || (y.size && *x.size < *y.size);
        } else if (column == QLatin1String("verified")) {
            if (x.verified != y.verified)
                return !x.verified;
        } else if (column == QLatin1String("clientid")) {
            if (x.clientId != y.clientId)
                return x.clientId < y.clientId;
        }
        return x.rowId < y.rowId;
    };
    QList<qint64> expectedIds;
    if (column == QLatin1String("modificationdate")) {
        // All dates are equal in the fixture: the order is by rowid alone.
        std::sort(expected.begin(), expected.end(),
                  [](const Row &x, const Row &y) { return x.rowId < y.rowId; });
    } else {
        std::sort(expected.begin(), expected.end(), less);
    }
    for (const Row &r : std::as_const(expected))
        expectedIds.append(r.rowId);
    if (order == SortOrder::Descending)
        std::reverse(expectedIds.begin(), expectedIds.end());

    QList<qint64> got;
    QSet<qint64> seen;
    for (int pages = 0;; ++pages) {
        QVERIFY2(pages <= expectedIds.size() + 1, "paging does not end");
        auto page = m_paging->files().page(query);
        QVERIFY2(page.ok(), qPrintable(page.error().message()));
        for (const FileRecord &f : page->rows) {
            QVERIFY2(!seen.contains(f.rowId),
                     qPrintable(QStringLiteral("row %1 returned twice").arg(f.rowId)));
            seen.insert(f.rowId);
            got.append(f.rowId);
        }
        if (!page->hasMore) {
            QVERIFY(page->rows.size() <= pageSize);
            // Asking past the end gives an empty page.
            query.after = page->next;
            auto past = m_paging->files().page(query);
            QVERIFY(past.ok());
            QVERIFY2(past->rows.isEmpty(),
                     qPrintable(QStringLiteral("%1 rows past the end").arg(past->rows.size())));
            QVERIFY(!past->hasMore);
            break;
        }
        QCOMPARE(page->rows.size(), pageSize);
        query.after = page->next;
    }
    QCOMPARE(got, expectedIds);

    FileQuery countQuery = query;
    countQuery.after = {};
    QCOMPARE(m_paging->files().count(countQuery).valueOr(-1), qint64(expectedIds.size()));
}

void TestRepositories::filePageBadArguments()
{
    QVERIFY(m_paging);
    for (int limit : { 0, -1, 100001 }) {
        FileQuery q;
        q.limit = limit;
        auto page = m_paging->files().page(q);
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind(), DbError::Kind::InvalidInput);
        QCOMPARE(page.error().field(), QStringLiteral("page size"));
        ClientQuery c;
        c.limit = limit;
        auto clients = m_paging->clients().page(c);
        QVERIFY(!clients.ok());
        QCOMPARE(clients.error().field(), QStringLiteral("page size"));
    }
    FileQuery q;
    q.clientId = QByteArray("short");
    auto page = m_paging->files().page(q);
    QVERIFY(!page.ok());
    QCOMPARE(page.error().field(), QStringLiteral("client ID"));
}

void TestRepositories::clientPages_data()
{
    QTest::addColumn<QString>("sortColumn");
    QTest::addColumn<SortOrder>("order");
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<QString>("nameContains");

    for (const char *sort : { "", "Name", "FileCount", "TotalSize" }) {
        for (SortOrder order : { SortOrder::Ascending, SortOrder::Descending }) {
            for (int size : { 1, 3, 1000 }) {
                QTest::addRow("%s %s page %d", *sort ? sort : "table order",
                              order == SortOrder::Ascending ? "asc" : "desc", size)
                        << QString::fromLatin1(sort) << order << size << QString();
            }
        }
    }
    QTest::newRow("name lower case asc page 2") << "name" << SortOrder::Ascending << 2 << QString();
    QTest::newRow("filecount desc page 2 filtered")
            << "filecount" << SortOrder::Descending << 2 << "a";
    QTest::newRow("ID asc page 3") << "ID" << SortOrder::Ascending << 3 << QString();
    QTest::newRow("LastSeen desc page 3") << "LastSeen" << SortOrder::Descending << 3 << QString();
}

void TestRepositories::clientPages()
{
    QFETCH(QString, sortColumn);
    QFETCH(SortOrder, order);
    QFETCH(int, pageSize);
    QFETCH(QString, nameContains);
    QVERIFY(m_paging);

    QList<ClientSummary> expected;
    for (const ClientSummary &c : std::as_const(m_clientModel))
        if (c.name.contains(nameContains, Qt::CaseInsensitive))
            expected.append(c);
    const QString column = sortColumn.toLower();
    std::sort(expected.begin(), expected.end(),
              [&](const ClientSummary &x, const ClientSummary &y) {
                  if (column == QLatin1String("name") && x.name != y.name)
                      return x.name.toUtf8() < y.name.toUtf8();
                  if (column == QLatin1String("filecount") && x.fileCount != y.fileCount)
                      return x.fileCount < y.fileCount;
                  if (column == QLatin1String("totalsize") && x.totalSizeBytes != y.totalSizeBytes)
                      return x.totalSizeBytes < y.totalSizeBytes;
                  if (column == QLatin1String("id") && x.id != y.id)
                      return x.id < y.id;
                  return x.rowId < y.rowId; // LastSeen: all equal in the fixture
              });
    if (order == SortOrder::Descending)
        std::reverse(expected.begin(), expected.end());

    ClientQuery query;
    query.sortColumn = sortColumn;
    query.order = order;
    query.limit = pageSize;
    query.nameContains = nameContains;
    QList<ClientSummary> got;
    for (int pages = 0;; ++pages) {
        QVERIFY2(pages <= expected.size() + 1, "paging does not end");
        auto page = m_paging->clients().page(query);
        QVERIFY2(page.ok(), qPrintable(page.error().message()));
        got += page->rows;
        if (!page->hasMore)
            break;
        QCOMPARE(page->rows.size(), pageSize);
        query.after = page->next;
    }
    QCOMPARE(got.size(), expected.size());
    for (int i = 0; i < got.size(); ++i) {
        QCOMPARE(got.at(i).rowId, expected.at(i).rowId);
        QCOMPARE(got.at(i).name, expected.at(i).name);
        QCOMPARE(got.at(i).id, expected.at(i).id);
        QCOMPARE(got.at(i).fileCount, expected.at(i).fileCount);
        QCOMPARE(got.at(i).totalSizeBytes, expected.at(i).totalSizeBytes);
        QCOMPARE(got.at(i).aesKeyBytes, 32);
        QCOMPARE(got.at(i).publicKeyBytes, 160);
    }
    QCOMPARE(m_paging->clients().count(nameContains).valueOr(-1), qint64(expected.size()));
}

namespace {

QList<qint64> rowIdsOf(const QList<FileRecord> &rows)
{
    QList<qint64> ids;
    for (const FileRecord &r : rows)
        ids.append(r.rowId);
    return ids;
}

QList<qint64> rowIdsOf(const QList<ClientSummary> &rows)
{
    QList<qint64> ids;
    for (const ClientSummary &r : rows)
        ids.append(r.rowId);
    return ids;
}

// Pages walked one after another, the reference for the anchors: for each page, where it
// starts and its rowids.
template<typename Repository, typename Query>
bool walkPages(Repository &repository, Query query, QList<KeysetPosition> *starts,
               QList<QList<qint64>> *pages)
{
    for (int guard = 0; guard < 100000; ++guard) {
        auto page = repository.page(query);
        if (!page.ok()) {
            qWarning("%s", qPrintable(page.error().message()));
            return false;
        }
        if (page->rows.isEmpty() && !pages->isEmpty())
            return true;
        starts->append(query.after);
        pages->append(rowIdsOf(page->rows));
        if (!page->hasMore)
            return true;
        query.after = page->next;
    }
    return false;
}

template<typename Repository, typename Query> void checkAnchors(Repository &repository, Query query)
{
    QList<KeysetPosition> starts;
    QList<QList<qint64>> pages;
    QVERIFY(walkPages(repository, query, &starts, &pages));

    auto anchors = repository.anchors(query, query.limit);
    QVERIFY2(anchors.ok(), qPrintable(anchors.error().message()));
    QCOMPARE(anchors->size(), pages.size());
    for (int p = 0; p < pages.size(); ++p) {
        const KeysetPosition &a = anchors->at(p), &b = starts.at(p);
        QCOMPARE(a.atStart, b.atStart);
        QCOMPARE(a.rowId, b.rowId);
        QCOMPARE(a.sortValue.isNull(), b.sortValue.isNull());
        if (!a.sortValue.isNull())
            QCOMPARE(a.sortValue, b.sortValue);
        // Page p straight from its anchor, without walking there.
        Query direct = query;
        direct.after = a;
        auto page = repository.page(direct);
        QVERIFY(page.ok());
        QCOMPARE(rowIdsOf(page->rows), pages.at(p));
    }
    // The last page read in the reversed order, then turned around.
    Query last = query;
    last.order = keyset::reversed(query.order);
    last.limit = int(pages.last().size());
    if (last.limit > 0) {
        auto page = repository.page(last);
        QVERIFY(page.ok());
        QList<qint64> ids = rowIdsOf(page->rows);
        std::reverse(ids.begin(), ids.end());
        QCOMPARE(ids, pages.last());
    }
    // A cancelled scan stops with Cancelled; a bad page size is refused.
    const CancelFlag cancelled(true);
    auto stopped = repository.anchors(query, query.limit, &cancelled);
    if (!stopped.ok())
        QCOMPARE(stopped.error().kind(), DbError::Kind::Cancelled);
    QCOMPARE(repository.anchors(query, 0).error().field(), QStringLiteral("page size"));
}

} // namespace

void TestRepositories::fileAnchors()
{
    QFETCH(QString, sortColumn);
    QFETCH(SortOrder, order);
    QFETCH(int, pageSize);
    QFETCH(Filter, filter);
    QVERIFY(m_paging);
    FileQuery query;
    query.sortColumn = sortColumn;
    query.order = order;
    query.limit = pageSize;
    if (filter == Filter::Verified)
        query.verified = VerifiedFilter::Verified;
    else if (filter == Filter::Unverified)
        query.verified = VerifiedFilter::Unverified;
    else if (filter == Filter::Name)
        query.nameContains = QStringLiteral("DUP");
    else if (filter == Filter::Client)
        query.clientId = m_pagingClients.at(1);
    checkAnchors(m_paging->files(), query);
    // A filter that matches nothing: one (empty) page, starting at the start.
    query.nameContains = QStringLiteral("no such file");
    auto none = m_paging->files().anchors(query, pageSize);
    QVERIFY(none.ok());
    QCOMPARE(none->size(), 1);
    QVERIFY(none->first().atStart);
}

void TestRepositories::clientAnchors()
{
    QFETCH(QString, sortColumn);
    QFETCH(SortOrder, order);
    QFETCH(int, pageSize);
    QFETCH(QString, nameContains);
    QVERIFY(m_paging);
    ClientQuery query;
    query.sortColumn = sortColumn;
    query.order = order;
    query.limit = pageSize;
    query.nameContains = nameContains;
    checkAnchors(m_paging->clients(), query);
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
