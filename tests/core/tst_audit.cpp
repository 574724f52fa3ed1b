// The audit log (M6, improvement 19): deleting a client records the client and each of its files
// (the cascade) with the operating-system user; an update of an AES key records that it changed
// and never the key; a delete by another program is recorded without a user; maintenance actions
// are recorded; entries page newest first; prune removes only old entries.
#include "db/sqlitenative.h"
#include "demo/demogenerator.h"
#include "maintenancefixture.h"
#include "nativeconnection.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>
#include <sqlite3.h>

using namespace backupdb;

namespace {

QString hexUpper(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex()).toUpper();
}

} // namespace

class tst_Audit : public QObject
{
    Q_OBJECT

private slots:
    void deleteClientRecordsTheCascade();
    void keyUpdateNeverRecordsTheKey_data();
    void keyUpdateNeverRecordsTheKey();
    void otherProgramHasNoUser_data();
    void otherProgramHasNoUser();
    void maintenanceActionRecorded();
    void pagingNewestFirst_data();
    void pagingNewestFirst();
    void pruneRemovesOnlyOldEntries();

private:
    const test::MaintenanceFixture m_fixture { test::MaintenanceFixture::QuickCheck::Skipped };
};

void tst_Audit::deleteClientRecordsTheCascade()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("audit.db")), 4, 60);
    QVERIFY(session);
    QCOMPARE(test::auditEntries(*session).size(), 0);

    const QByteArray clientId = DemoGenerator().clientId(0);
    auto files = session->files().listForClient(clientId);
    QVERIFY(files);
    QVERIFY(files->size() > 1);
    QSet<QString> fileIds;
    for (const FileRecord &f : files.value())
        fileIds.insert(hexUpper(f.id));
    auto client = session->clients().get(clientId);
    QVERIFY(client && client->has_value());

    auto removed = session->clients().remove(clientId);
    QVERIFY2(removed, qPrintable(removed.error().message()));
    QCOMPARE(removed.value(), qint64(fileIds.size()));

    const QList<AuditEntry> entries = test::auditEntries(*session, QStringLiteral("DELETE"));
    QCOMPARE(entries.size(), fileIds.size() + 1);
    int clientRows = 0;
    QSet<QString> auditedFiles;
    for (const AuditEntry &e : entries) {
        QCOMPARE(e.osUser, AuditLog::osUser());
        QVERIFY(!e.osUser.isEmpty());
        QVERIFY(QDateTime::fromString(e.at, Qt::ISODateWithMs).isValid());
        const QJsonObject details = test::detailsOf(e);
        if (e.table == QLatin1String("clients")) {
            ++clientRows;
            QCOMPARE(e.rowId, hexUpper(clientId));
            QCOMPARE(details.value(QStringLiteral("Name")).toString(), client->value().name);
        } else {
            QCOMPARE(e.table, QStringLiteral("files"));
            QCOMPARE(details.value(QStringLiteral("ClientID")).toString(), hexUpper(clientId));
            auditedFiles.insert(e.rowId);
        }
    }
    QCOMPARE(clientRows, 1);
    QCOMPARE(auditedFiles, fileIds);
    // Nothing else was touched.
    QCOMPARE(test::auditEntries(*session).size(), entries.size());
}

void tst_Audit::keyUpdateNeverRecordsTheKey_data()
{
    QTest::addColumn<bool>("renameToo");
    QTest::addColumn<bool>("hadKey");
    QTest::newRow("key replaced") << false << true;
    QTest::newRow("key replaced and renamed") << true << true;
    QTest::newRow("key set where there was none") << false << false;
}

void tst_Audit::keyUpdateNeverRecordsTheKey()
{
    QFETCH(bool, renameToo);
    QFETCH(bool, hadKey);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("audit.db")), 3, 10);
    QVERIFY(session);

    const QByteArray clientId = DemoGenerator().clientId(1);
    auto stored = session->clients().get(clientId);
    QVERIFY(stored && stored->has_value());
    ClientRecord client = stored->value();
    if (!hadKey) {
        client.aesKey.clear();
        QVERIFY(!session->clients().update(client));
    }
    const QByteArray oldKey = client.aesKey;
    QByteArray newKey(32, '\0');
    for (int i = 0; i < newKey.size(); ++i)
        newKey[i] = char(0xC0 + i * 7);
    client.aesKey = newKey;
    const QString oldName = client.name;
    if (renameToo)
        client.name = QStringLiteral("renamed-client");
    const DbError e = session->clients().update(client);
    QVERIFY2(!e, qPrintable(e.message()));

    const QList<AuditEntry> updates = test::auditEntries(*session, QStringLiteral("UPDATE"));
    QVERIFY(!updates.isEmpty());
    const AuditEntry &newest = updates.first();
    QCOMPARE(newest.table, QStringLiteral("clients"));
    QCOMPARE(newest.rowId, hexUpper(clientId));
    QCOMPARE(newest.osUser, AuditLog::osUser());
    const QJsonObject details = test::detailsOf(newest);
    QCOMPARE(details.value(QStringLiteral("AESKey")).toString(), QStringLiteral("changed"));
    if (renameToo)
        QCOMPARE(details.value(QStringLiteral("Name")).toArray(),
                 QJsonArray({ oldName, QStringLiteral("renamed-client") }));
    else
        QVERIFY(details.value(QStringLiteral("Name")).isNull()
                || details.value(QStringLiteral("Name")).isUndefined());

    // Neither key appears, in any usual spelling, in any audit row.
    QStringList forbidden;
    for (const QByteArray &key : { oldKey, newKey }) {
        if (key.isEmpty())
            continue;
        forbidden << QString::fromLatin1(key.toHex()) << QString::fromLatin1(key.toHex()).toUpper()
                  << QString::fromLatin1(key.toBase64())
                  << QString::fromLatin1(key.toBase64(QByteArray::Base64UrlEncoding))
                  << QString::fromLatin1(key.toBase64(QByteArray::Base64UrlEncoding
                                                      | QByteArray::OmitTrailingEquals))
                  << QString::fromLatin1(key.left(8).toHex())
                  << QString::fromLatin1(key.left(8).toHex()).toUpper()
                  << QString::fromLatin1(key.left(12).toBase64());
    }
    QVERIFY(forbidden.size() >= 8);
    for (const AuditEntry &entry : test::auditEntries(*session)) {
        for (const QString &f : forbidden)
            QVERIFY2(!entry.details.contains(f, Qt::CaseInsensitive),
                     qPrintable(QStringLiteral("%1 in %2").arg(f, entry.details)));
        QVERIFY(!entry.details.toLatin1().contains(newKey));
    }
    // The raw table too (another reader of the file sees the same).
    test::NativeConnection native(dir.filePath(QStringLiteral("audit.db")), SQLITE_OPEN_READONLY);
    QCOMPARE(
            native.integer(
                    QStringLiteral(
                            "SELECT COUNT(*) FROM bdba_audit WHERE instr(upper(details), '%1') > 0")
                            .arg(QString::fromLatin1(newKey.toHex()).toUpper())),
            0);
}

void tst_Audit::otherProgramHasNoUser_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("table");
    QTest::newRow("delete a file")
            << QStringLiteral("DELETE FROM files WHERE rowid = (SELECT MIN(rowid) FROM files)")
            << QStringLiteral("DELETE") << QStringLiteral("files");
    QTest::newRow("update a file") << QStringLiteral(
            "UPDATE files SET Verified = NOT Verified WHERE rowid = (SELECT MIN(rowid) FROM files)")
                                   << QStringLiteral("UPDATE") << QStringLiteral("files");
    QTest::newRow("update LastSeen")
            << QStringLiteral("UPDATE clients SET LastSeen = '2025-07-29T12:09:19+00:00Z' "
                              "WHERE rowid = (SELECT MIN(rowid) FROM clients)")
            << QStringLiteral("UPDATE") << QStringLiteral("clients");
}

void tst_Audit::otherProgramHasNoUser()
{
    QFETCH(QString, sql);
    QFETCH(QString, action);
    QFETCH(QString, table);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("audit.db"));
    auto session = m_fixture.demoSession(path, 3, 30);
    QVERIFY(session);
    {
        test::NativeConnection server(path, SQLITE_OPEN_READWRITE);
        QVERIFY(server.isOpen());
        const DbError e = server.exec(sql);
        QVERIFY2(!e, qPrintable(e.message()));
        QCOMPARE(sqlite3_changes(server.handle()), 1);
    }
    const QList<AuditEntry> entries = test::auditEntries(*session);
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().action, action);
    QCOMPARE(entries.first().table, table);
    QCOMPARE(entries.first().osUser, QString());
    QCOMPARE(entries.first().rowId.size(), 32);

    // The same through BackupDB Admin's own connection does carry the user.
    auto page = session->files().page(FileQuery {});
    QVERIFY(page);
    QVERIFY(!page->rows.isEmpty());
    const FileRecord victim = page->rows.first();
    auto removed = session->files().remove(victim.clientId, victim.id);
    QVERIFY2(removed, qPrintable(removed.error().message()));
    QVERIFY(removed.value());
    const QList<AuditEntry> after = test::auditEntries(*session);
    QCOMPARE(after.size(), 2);
    QCOMPARE(after.first().osUser, AuditLog::osUser());
}

void tst_Audit::maintenanceActionRecorded()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("audit.db")), 1, 1);
    QVERIFY(session);
    const QJsonObject details { { QStringLiteral("bytes_before"), 4096 },
                                { QStringLiteral("note"), QStringLiteral("it's \"quoted\"") } };
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    const DbError e = session->audit().record(QStringLiteral("vacuum"), details);
    QVERIFY2(!e, qPrintable(e.message()));
    const QList<AuditEntry> entries = test::auditEntries(*session, QStringLiteral("vacuum"));
    QCOMPARE(entries.size(), 1);
    const AuditEntry &entry = entries.first();
    QCOMPARE(entry.osUser, AuditLog::osUser());
    QCOMPARE(test::detailsOf(entry), details);
    QVERIFY(entry.table.isEmpty());
    const QDateTime at = QDateTime::fromString(entry.at, Qt::ISODateWithMs);
    QVERIFY(at.isValid());
    QVERIFY(at >= before);
    QVERIFY(at <= QDateTime::currentDateTimeUtc().addSecs(1));
    auto count = session->audit().count();
    QVERIFY(count);
    QCOMPARE(count.value(), 1);
    // Other actions are not mixed in by the filter.
    QVERIFY(!session->audit().record(QStringLiteral("checkpoint"), {}));
    QCOMPARE(test::auditEntries(*session, QStringLiteral("vacuum")).size(), 1);
    QCOMPARE(test::auditEntries(*session).size(), 2);
}

void tst_Audit::pagingNewestFirst_data()
{
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("25 by 10") << 25 << 10;
    QTest::newRow("25 by 25") << 25 << 25;
    QTest::newRow("25 by 1") << 25 << 1;
    QTest::newRow("30 by 7") << 30 << 7;
}

void tst_Audit::pagingNewestFirst()
{
    QFETCH(int, total);
    QFETCH(int, pageSize);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto session = m_fixture.demoSession(dir.filePath(QStringLiteral("audit.db")), 1, 1);
    QVERIFY(session);
    for (int i = 0; i < total; ++i)
        QVERIFY(!session->audit().record(QStringLiteral("test"), { { QStringLiteral("n"), i } }));

    QList<int> seen;
    qint64 lastId = 0;
    int pages = 0;
    for (;;) {
        AuditQuery query;
        query.beforeId = lastId;
        query.limit = pageSize;
        auto page = session->audit().entries(query);
        QVERIFY2(page, qPrintable(page.error().message()));
        if (page->isEmpty())
            break;
        ++pages;
        QVERIFY(page->size() <= pageSize);
        for (const AuditEntry &e : page.value()) {
            if (lastId > 0)
                QVERIFY(e.id < lastId);
            lastId = e.id;
            seen.append(test::detailsOf(e).value(QStringLiteral("n")).toInt());
        }
        QVERIFY(pages <= total + 1);
    }
    QCOMPARE(pages, (total + pageSize - 1) / pageSize);
    QList<int> expected;
    for (int i = total - 1; i >= 0; --i)
        expected.append(i);
    QCOMPARE(seen, expected);

    AuditQuery bad;
    bad.limit = 0;
    QVERIFY(!session->audit().entries(bad));
}

void tst_Audit::pruneRemovesOnlyOldEntries()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("audit.db"));
    auto session = m_fixture.demoSession(path, 1, 1);
    QVERIFY(session);
    for (int i = 0; i < 4; ++i)
        QVERIFY(!session->audit().record(QStringLiteral("recent"), {}));
    {
        test::NativeConnection native(path, SQLITE_OPEN_READWRITE);
        QVERIFY(native.isOpen());
        QVERIFY(!native.exec(QStringLiteral(
                "INSERT INTO bdba_audit (at, os_user, action) VALUES ('2020-01-01T00:00:00.000Z', "
                "'old', 'old'); "
                "INSERT INTO bdba_audit (at, os_user, action) VALUES ('2021-06-30T23:59:59.999Z', "
                "'old', 'old'); "
                "INSERT INTO bdba_audit (at, os_user, action) VALUES "
                "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-31 days'), 'old', 'old'); "
                "INSERT INTO bdba_audit (at, os_user, action) VALUES "
                "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-29 days'), 'kept', 'kept')")));
    }
    QCOMPARE(test::auditEntries(*session).size(), 8);

    auto pruned = session->audit().prune(30);
    QVERIFY2(pruned, qPrintable(pruned.error().message()));
    QCOMPARE(pruned.value(), 3);
    QCOMPARE(test::auditEntries(*session, QStringLiteral("old")).size(), 0);
    QCOMPARE(test::auditEntries(*session, QStringLiteral("kept")).size(), 1);
    QCOMPARE(test::auditEntries(*session, QStringLiteral("recent")).size(), 4);
    const QList<AuditEntry> prunes = test::auditEntries(*session, QStringLiteral("audit-prune"));
    QCOMPARE(prunes.size(), 1);
    QCOMPARE(test::detailsOf(prunes.first()).value(QStringLiteral("deleted")).toInt(), 3);

    // Nothing more to prune: no new entry.
    auto again = session->audit().prune(30);
    QVERIFY(again);
    QCOMPARE(again.value(), 0);
    QCOMPARE(test::auditEntries(*session, QStringLiteral("audit-prune")).size(), 1);

    auto bad = session->audit().prune(0);
    QVERIFY(!bad);
    QCOMPARE(bad.error().kind(), DbError::Kind::InvalidInput);
}

QTEST_GUILESS_MAIN(tst_Audit)
#include "tst_audit.moc"
