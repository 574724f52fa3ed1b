// Bad input battery (tst_badinput): the core API cases.

// The case tables build many tags from literals; plain "..." + QString keeps them readable.
#undef QT_NO_CAST_FROM_ASCII
#include "badinputcases.h"

namespace badinput {

QString goodUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

ClientRecord goodClient(int i)
{
    ClientRecord c;
    c.name = QStringLiteral("battery client %1").arg(i);
    c.lastSeen = QStringLiteral("2025-01-10T09:00:00Z");
    return c;
}

FileRecord goodFile(const QByteArray &clientId)
{
    FileRecord f;
    f.id = QUuid::createUuid().toRfc4122();
    f.fileName = QStringLiteral("report.pdf");
    f.pathName = QStringLiteral("/home/a");
    f.fileSize = 1234;
    f.modificationDate = QStringLiteral("2025-01-10T09:00:00Z");
    f.crc = 42;
    f.clientId = clientId;
    return f;
}

const QStringList &injections()
{
    static const QStringList list {
        QStringLiteral("'; DROP TABLE files;--"),
        QStringLiteral("\" OR \"1\"=\"1"),
        QStringLiteral("' OR '1'='1"),
        QStringLiteral("Name; DELETE FROM clients"),
        QStringLiteral("ID) UNION SELECT AESKey FROM clients--"),
        QStringLiteral("(SELECT 1)"),
        QStringLiteral("\"Name\""),
        QStringLiteral("Name --"),
        QStringLiteral("1=1"),
        QStringLiteral("Name COLLATE NOCASE"),
    };
    return list;
}

QList<QVariant> badUuids()
{
    const QString tenMB(10 * 1024 * 1024, QLatin1Char('a'));
    QList<QVariant> list {
        QString(),
        QStringLiteral("not-a-uuid"),
        QStringLiteral("12345678-1234-1234-1234-12345678901"),
        QStringLiteral("12345678-1234-1234-1234-1234567890123"),
        QStringLiteral("g2345678-1234-1234-1234-123456789012"),
        QStringLiteral("{12345678-1234-1234-1234-123456789012"),
        QStringLiteral("12345678-1234-1234-1234-123456789012\n"),
        QStringLiteral(" 12345678-1234-1234-1234-123456789012"),
        QStringLiteral("12345678123412341234123456789012"),
        QString::fromUtf8("１２３４５６７８-1234-1234-1234-123456789012"),
        QStringLiteral("12345678-1234-1234-1234-1234567890") + QChar(0) + QStringLiteral("12"),
        tenMB,
        QByteArray(),
        QByteArray(15, 'x'),
        QByteArray(17, 'x'),
        QVariant(qint64(42)),
    };
    for (const QString &s : injections().mid(0, 4))
        list.append(s);
    return list;
}

QList<QPair<QString, QString>> badNames() // (tag, value)
{
    return {
        { QStringLiteral("empty"), QString() },
        { QStringLiteral("10MB"), QString(10 * 1024 * 1024, QLatin1Char('n')) },
        { QStringLiteral("NUL"), QStringLiteral("a") + QChar(0) + QStringLiteral("b") },
        { QStringLiteral("spaces"), QStringLiteral("   \t ") },
        { QStringLiteral("surrogate"), QStringLiteral("x") + QChar(0xD800) },
        { QStringLiteral("256 bytes"), QString(256, QLatin1Char('x')) },
        { QStringLiteral("256 bytes of e-acute"), QString(128, QChar(0xE9)) },
    };
}

QStringList badDates()
{
    return {
        QStringLiteral("2999-01-01T00:00:00Z"),
        QDateTime::currentDateTimeUtc().addDays(3).toString(Qt::ISODate),
        QStringLiteral("yesterday"),
        QStringLiteral("2025-13-45T00:00:00Z"),
        QStringLiteral("2025-01-10T25:61:00Z"),
        QStringLiteral("0000-00-00 00:00:00"),
        QString(65, QLatin1Char('1')),
        QStringLiteral("'; DROP TABLE files;--"),
        QStringLiteral("2025-01-10T09:00:00Z' OR '1'='1"),
    };
}

QList<QPair<QString, QByteArray>> invalidUtf8()
{
    return {
        { QStringLiteral("ff"), QByteArray("\xff") },
        { QStringLiteral("c3 28"), QByteArray("\xc3\x28") },
        { QStringLiteral("a0 a1"), QByteArray("\xa0\xa1") },
        { QStringLiteral("e2 28 a1"), QByteArray("\xe2\x28\xa1") },
        { QStringLiteral("e2 82 28"), QByteArray("\xe2\x82\x28") },
        { QStringLiteral("f0 28 8c bc"), QByteArray("\xf0\x28\x8c\xbc") },
        { QStringLiteral("5-byte"), QByteArray("\xf8\xa1\xa1\xa1\xa1") },
        { QStringLiteral("overlong /"), QByteArray("\xc0\xaf") },
        { QStringLiteral("surrogate"), QByteArray("\xed\xa0\x80") },
        { QStringLiteral("trailing ff"), QByteArray("abc\xff") },
        { QStringLiteral("empty"), QByteArray() },
        { QStringLiteral("NUL"), QByteArray("a\0b", 3) },
        { QStringLiteral("10MB"), QByteArray(10 * 1024 * 1024, 'u') },
    };
}

QList<CoreCase> coreCases()
{
    QList<CoreCase> cases;
    const auto add
            = [&](QString tag, std::function<DbError(Session &)> run, K kind, QString needle) {
                  cases.append({ std::move(tag), std::move(run), kind, std::move(needle) });
              };
    const QByteArray client = DemoGenerator(20250110).clientId(0);
    const QString cid = QStringLiteral("client ID"), fid = QStringLiteral("file ID");

    // Malformed UUIDs, everywhere an ID is taken.
    const QList<QVariant> uuids = badUuids();
    for (int i = 0; i < uuids.size(); ++i) {
        const QVariant u = uuids.at(i);
        const QString t = QStringLiteral("uuid %1 ").arg(i);
        add(
                t + "clients.get", [u](Session &s) { return errorOf(s.clients().get(u)); },
                K::InvalidInput, cid);
        add(
                t + "clients.remove", [u](Session &s) { return errorOf(s.clients().remove(u)); },
                K::InvalidInput, cid);
        add(
                t + "clients.fileCount",
                [u](Session &s) { return errorOf(s.clients().fileCount(u)); }, K::InvalidInput,
                cid);
        add(
                t + "files.get", [u](Session &s) { return errorOf(s.files().get(u)); },
                K::InvalidInput, fid);
        add(
                t + "files.remove client",
                [u](Session &s) { return errorOf(s.files().remove(u, goodUuid())); },
                K::InvalidInput, cid);
        add(
                t + "files.remove file",
                [u](Session &s) { return errorOf(s.files().remove(goodUuid(), u)); },
                K::InvalidInput, fid);
        add(
                t + "files.setVerified", [u](Session &s) { return s.files().setVerified(u, true); },
                K::InvalidInput, fid);
        add(
                t + "validation", [u](Session &) { return errorOf(validation::uuid(u, "the id")); },
                K::InvalidInput, QStringLiteral("the id"));
    }
    // Record IDs of the wrong length.
    for (int n : { 1, 15, 17, 36 }) {
        add(
                QStringLiteral("client id of %1 bytes").arg(n),
                [n](Session &s) {
                    ClientRecord c = goodClient();
                    c.id = QByteArray(n, '7');
                    return errorOf(s.clients().add(c));
                },
                K::InvalidInput, cid);
        add(
                QStringLiteral("file client id of %1 bytes").arg(n),
                [n](Session &s) {
                    FileRecord f = goodFile(QByteArray(n, '7'));
                    return errorOf(s.files().add(f));
                },
                K::InvalidInput, QStringLiteral("file client ID"));
    }

    // Names.
    for (const auto &[tag, value] : badNames()) {
        const QString v = value;
        add(
                "client name " + tag,
                [v](Session &s) {
                    ClientRecord c = goodClient();
                    c.name = v;
                    return errorOf(s.clients().add(c));
                },
                K::InvalidInput, QStringLiteral("client name"));
        add(
                "client name bulk " + tag,
                [v](Session &s) {
                    ClientRecord c = goodClient(1);
                    c.id = QUuid::createUuid().toRfc4122();
                    ClientRecord bad = goodClient(2);
                    bad.id = QUuid::createUuid().toRfc4122();
                    bad.name = v;
                    return errorOf(s.bulk().insertClients({ c, bad }));
                },
                K::InvalidInput, QStringLiteral("client name"));
        add(
                "file name " + tag,
                [v, client](Session &s) {
                    FileRecord f = goodFile(client);
                    f.fileName = v;
                    return errorOf(s.files().add(f));
                },
                K::InvalidInput, QStringLiteral("file name"));
        add(
                "file path " + tag,
                [v, client](Session &s) {
                    FileRecord f = goodFile(client);
                    f.pathName = v;
                    return errorOf(s.files().add(f));
                },
                K::InvalidInput, QStringLiteral("file path"));
        add(
                "file name bulk " + tag,
                [v, client](Session &s) {
                    FileRecord bad = goodFile(client);
                    bad.fileName = v;
                    return errorOf(s.bulk().insertFiles({ goodFile(client), bad }));
                },
                K::InvalidInput, QStringLiteral("file name"));
        add(
                "validation::name " + tag,
                [v](Session &) { return validation::name(v, QStringLiteral("the name")); },
                K::InvalidInput, QStringLiteral("the name"));
    }
    for (const auto &[tag, bytes] : invalidUtf8()) {
        const QByteArray b = bytes;
        add(
                "utf8Name " + tag,
                [b](Session &) { return validation::utf8Name(b, QStringLiteral("client name")); },
                K::InvalidInput, QStringLiteral("client name"));
    }

    // Sizes and CRCs.
    const QList<qint64> sizes { -1, std::numeric_limits<qint64>::min(), (qint64(1) << 53) + 1,
                                std::numeric_limits<qint64>::max() };
    for (qint64 size : sizes) {
        add(
                QStringLiteral("file size %1").arg(size),
                [size, client](Session &s) {
                    FileRecord f = goodFile(client);
                    f.fileSize = size;
                    return errorOf(s.files().add(f));
                },
                K::InvalidInput, QStringLiteral("file size"));
        add(
                QStringLiteral("file size bulk %1").arg(size),
                [size, client](Session &s) {
                    FileRecord f = goodFile(client);
                    f.fileSize = size;
                    return errorOf(s.bulk().insertFiles({ goodFile(client), f }));
                },
                K::InvalidInput, QStringLiteral("file size"));
    }
    for (qint64 crc : { qint64(-1), qint64(1) << 32, std::numeric_limits<qint64>::min() }) {
        add(
                QStringLiteral("file crc %1").arg(crc),
                [crc, client](Session &s) {
                    FileRecord f = goodFile(client);
                    f.crc = crc;
                    return errorOf(s.files().add(f));
                },
                K::InvalidInput, QStringLiteral("file CRC"));
    }

    // Dates: in the future, unparsable, injected.
    for (const QString &date : badDates()) {
        add(
                "last seen " + date.left(30),
                [date](Session &s) {
                    ClientRecord c = goodClient();
                    c.lastSeen = date;
                    return errorOf(s.clients().add(c));
                },
                K::InvalidInput, QStringLiteral("client last seen"));
        add(
                "modification date " + date.left(30),
                [date, client](Session &s) {
                    FileRecord f = goodFile(client);
                    f.modificationDate = date;
                    return errorOf(s.files().add(f));
                },
                K::InvalidInput, QStringLiteral("file modification date"));
    }
    add(
            "last seen empty",
            [](Session &s) {
                ClientRecord c = goodClient();
                c.lastSeen.clear();
                return errorOf(s.clients().add(c));
            },
            K::InvalidInput, QStringLiteral("client last seen"));

    // Keys.
    for (int n : { 1, 15, 31, 33 }) {
        add(
                QStringLiteral("aes key %1 bytes").arg(n),
                [n](Session &s) {
                    ClientRecord c = goodClient();
                    c.aesKey = QByteArray(n, 'k');
                    return errorOf(s.clients().add(c));
                },
                K::InvalidInput, QStringLiteral("client AES key"));
    }
    add(
            "public key 161 bytes",
            [](Session &s) {
                ClientRecord c = goodClient();
                c.publicKey = QByteArray(161, 'p');
                return errorOf(s.clients().add(c));
            },
            K::InvalidInput, QStringLiteral("client public key"));

    // Identifiers: injected sort columns and table names.
    for (const QString &inj : injections()) {
        add(
                "client sort " + inj,
                [inj](Session &s) {
                    ClientQuery q;
                    q.sortColumn = inj;
                    return errorOf(s.clients().page(q));
                },
                K::InvalidInput, QStringLiteral("column"));
        add(
                "file sort " + inj,
                [inj](Session &s) {
                    FileQuery q;
                    q.sortColumn = inj;
                    return errorOf(s.files().page(q));
                },
                K::InvalidInput, QStringLiteral("column"));
        add(
                "file anchors sort " + inj,
                [inj](Session &s) {
                    FileQuery q;
                    q.sortColumn = inj;
                    return errorOf(s.files().anchors(q, 100));
                },
                K::InvalidInput, QStringLiteral("column"));
        add(
                "identifiers::column " + inj,
                [inj](Session &) {
                    return errorOf(identifiers::column(QStringLiteral("files"), inj));
                },
                K::InvalidInput, QStringLiteral("column"));
        add(
                "identifiers::table " + inj,
                [inj](Session &) { return errorOf(identifiers::table(inj)); }, K::InvalidInput,
                QStringLiteral("table"));
    }

    // Whole batches refused.
    add(
            "files of an unknown client",
            [](Session &s) {
                return errorOf(s.files().add(goodFile(QUuid::createUuid().toRfc4122())));
            },
            K::InvalidInput, QStringLiteral("file client ID"));
    add(
            "bulk files of an unknown client",
            [client](Session &s) {
                return errorOf(s.bulk().insertFiles(
                        { goodFile(client), goodFile(QUuid::createUuid().toRfc4122()) }));
            },
            K::InvalidInput, QStringLiteral("client"));
    return cases;
}

} // namespace badinput
