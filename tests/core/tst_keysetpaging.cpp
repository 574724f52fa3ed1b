// Keyset paging (C11; fixes 1, 2): file and client pages over a shared read-only fixture with
// ties, NULLs and gaps in the rowids, bad page arguments, and page anchors.
#include "data/keyset.h"
#include "repositoryfixtures.h"
#include "testsupport.h"

#include <QSet>
#include <QTest>
#include <algorithm>

using namespace backupdb;

namespace {

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

} // namespace

Q_DECLARE_METATYPE(SortOrder)
Q_DECLARE_METATYPE(Filter)

class TestKeysetPaging : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void filePages_data();
    void filePages();
    void filePageBadArguments();
    void clientPages_data();
    void clientPages();
    void fileAnchors_data() { filePages_data(); }
    void fileAnchors();
    void clientAnchors_data() { clientPages_data(); }
    void clientAnchors();

private:
    // The paging fixture, shared by the read-only paging tests.
    QTemporaryDir m_pagingDir;
    std::unique_ptr<Session> m_paging;
    QList<QByteArray> m_pagingClients;
    QList<Row> m_rows;
    QList<ClientSummary> m_clientModel;
};

void TestKeysetPaging::initTestCase()
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

void TestKeysetPaging::cleanupTestCase()
{
    m_paging.reset();
}

void TestKeysetPaging::filePages_data()
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

void TestKeysetPaging::filePages()
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

void TestKeysetPaging::filePageBadArguments()
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

void TestKeysetPaging::clientPages_data()
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

void TestKeysetPaging::clientPages()
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

void TestKeysetPaging::fileAnchors()
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

void TestKeysetPaging::clientAnchors()
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

QTEST_GUILESS_MAIN(TestKeysetPaging)
#include "tst_keysetpaging.moc"
