// Bad input battery: hundreds of malformed values through the core API (validation, the
// repositories, the bulk inserter, identifiers, Session::open) and through the CLI process.
// Each case must end in a clear error (the expected kind, the message naming the field or the
// file), no crash, and the database file's bytes unchanged (SHA-256 of the file and its -wal).
// The case tables build many tags from literals; plain "..." + QString keeps them readable.
#undef QT_NO_CAST_FROM_ASCII
#include "reliability.h"
#include "testsupport.h"

#include "data/identifiers.h"
#include "data/validation.h"
#include "db/sqlitenative.h"
#include "demo/demogenerator.h"

#include <QDir>
#include <QFile>
#include <QTest>
#include <QUuid>
#include <functional>
#include <sqlite3.h>

using namespace backupdb;
using K = DbError::Kind;

namespace {

struct CoreCase
{
    QString tag;
    std::function<DbError(Session &)> run;
    K kind;
    QString needle; // the field or file the message must name
};

template<typename T> DbError errorOf(const Result<T> &r)
{
    return r.ok() ? DbError() : r.error();
}

QString goodUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

ClientRecord goodClient(int i = 0)
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

// --- database paths --------------------------------------------------------------------------

struct PathCase
{
    QString tag;
    std::function<QString(const QString &dir, const QString &good)> make; // returns the path
    QList<K> kinds; // acceptable kinds
    bool namesFile = true; // the message must name the file (else the field "database path")
};

void copyPrefix(const QString &from, const QString &to, qint64 bytes)
{
    QFile in(from);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QFile out(to);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(in.read(bytes < 0 ? in.size() : bytes));
}

void overwrite(const QString &path, qint64 offset, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.seek(offset));
    f.write(bytes);
}

QList<PathCase> pathCases()
{
    const auto file = [](const QString &dir, const QString &name) {
        return QDir(dir).filePath(name);
    };
    return {
        { QStringLiteral("empty path"),
          [](auto, auto) { return QString(); },
          { K::InvalidInput },
          false },
        { QStringLiteral("blank path"),
          [](auto, auto) { return QStringLiteral("   "); },
          { K::InvalidInput },
          false },
        { QStringLiteral("NUL in path"),
          [file](const QString &d, auto) {
              return file(d, QStringLiteral("a")) + QChar(0) + "b.db";
          },
          { K::InvalidInput },
          false },
        { QStringLiteral("missing file"),
          [file](const QString &d, auto) { return file(d, QStringLiteral("missing.db")); },
          { K::CannotOpen } },
        { QStringLiteral("missing folder"),
          [file](const QString &d, auto) { return file(d, QStringLiteral("nowhere/x.db")); },
          { K::CannotOpen } },
        { QStringLiteral("a directory"),
          [file](const QString &d, auto) {
              const QString p = file(d, QStringLiteral("folder.db"));
              QDir().mkpath(p);
              return p;
          },
          { K::CannotOpen } },
        { QStringLiteral("text file"),
          [file](const QString &d, auto) {
              const QString p = file(d, QStringLiteral("text.db"));
              QFile f(p);
              f.open(QIODevice::WriteOnly);
              f.write("this is not a database\n");
              return p;
          },
          { K::NotADatabase } },
        { QStringLiteral("random bytes"),
          [file](const QString &d, auto) {
              const QString p = file(d, QStringLiteral("random.db"));
              QFile f(p);
              f.open(QIODevice::WriteOnly);
              QByteArray b(8192, 0);
              for (int i = 0; i < b.size(); ++i)
                  b[i] = char((i * 7919) % 251);
              f.write(b);
              return p;
          },
          { K::NotADatabase } },
        { QStringLiteral("empty file"),
          [file](const QString &d, auto) {
              const QString p = file(d, QStringLiteral("empty.db"));
              QFile f(p);
              f.open(QIODevice::WriteOnly);
              return p;
          },
          { K::NotADatabase, K::CannotOpen, K::InvalidInput } },
        { QStringLiteral("header only"),
          [file](const QString &d, const QString &good) {
              const QString p = file(d, QStringLiteral("header.db"));
              copyPrefix(good, p, 100);
              return p;
          },
          { K::Corrupt, K::NotADatabase } },
        { QStringLiteral("truncated to half"),
          [file](const QString &d, const QString &good) {
              const QString p = file(d, QStringLiteral("half.db"));
              copyPrefix(good, p, QFileInfo(good).size() / 2);
              return p;
          },
          { K::Corrupt, K::NotADatabase } },
        { QStringLiteral("corrupt first page"),
          [file](const QString &d, const QString &good) {
              const QString p = file(d, QStringLiteral("page1.db"));
              copyPrefix(good, p, -1);
              overwrite(p, 100, QByteArray(3000, '\xAA'));
              return p;
          },
          { K::Corrupt, K::NotADatabase } },
        { QStringLiteral("corrupt schema page header"),
          [file](const QString &d, const QString &good) {
              const QString p = file(d, QStringLiteral("page1hdr.db"));
              copyPrefix(good, p, -1);
              overwrite(p, 100, QByteArray(12, '\xFF'));
              return p;
          },
          { K::Corrupt, K::NotADatabase } },
        { QStringLiteral("read-only 0444"),
          [file](const QString &d, const QString &good) {
              const QString p = file(d, QStringLiteral("readonly.db"));
              copyPrefix(good, p, -1);
              QFile::setPermissions(
                      p, QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
              return p;
          },
          { K::ReadOnly } },
        { QStringLiteral("newer schema"),
          [file](const QString &d, const QString &good) {
              const QString p = file(d, QStringLiteral("newer.db"));
              copyPrefix(good, p, -1);
              sqlite3 *h = nullptr;
              sqlite3_open(qPrintable(p), &h);
              sqlite3_exec(h,
                           "INSERT INTO bdba_schema_version (version, description, applied_at) "
                           "VALUES (9999, 'from the future', '2030-01-01T00:00:00Z')",
                           nullptr, nullptr, nullptr);
              sqlite3_close(h);
              return p;
          },
          { K::SchemaTooNew } },
    };
}

QByteArray hashOf(const QString &path)
{
    return QFileInfo(path).isFile() ? test::fileHash(path) : QByteArray("not a file");
}

// --- CLI -------------------------------------------------------------------------------------

struct CliCase
{
    QString tag;
    QStringList args; // %DB% is replaced by the database, %DIR% by the temp folder
    int exitCode;
    QString needle; // stderr must contain it
};

QList<CliCase> cliCases()
{
    QList<CliCase> cases;
    const QStringList badNumbers {
        QStringLiteral("-1"),   QStringLiteral("abc"), QStringLiteral("99999999999999999999"),
        QStringLiteral("1e3"),  QStringLiteral(""),    QStringLiteral("1; DROP TABLE files"),
        QStringLiteral("0x10"), QStringLiteral("١٢")
    };
    for (const QString &n : badNumbers) {
        for (const QString &opt : { QStringLiteral("clients"), QStringLiteral("files") }) {
            QStringList args { QStringLiteral("--db"), QStringLiteral("%DB%"),
                               QStringLiteral("demo"), QStringLiteral("--clients"),
                               QStringLiteral("1"),    QStringLiteral("--files"),
                               QStringLiteral("1") };
            args[args.indexOf(QStringLiteral("--") + opt) + 1] = n;
            cases.append({ QStringLiteral("demo --%1 %2").arg(opt, n), args, 2,
                           QStringLiteral("--") + opt });
        }
        cases.append({ QStringLiteral("orphans --limit %1").arg(n),
                       { QStringLiteral("--db"), QStringLiteral("%DB%"), QStringLiteral("orphans"),
                         QStringLiteral("--limit"), n },
                       2,
                       QStringLiteral("--limit") });
        cases.append({ QStringLiteral("serve-metrics --port %1").arg(n),
                       { QStringLiteral("--db"), QStringLiteral("%DB%"),
                         QStringLiteral("serve-metrics"), QStringLiteral("--port"), n },
                       2,
                       QStringLiteral("--port") });
    }
    cases.append(
            { QStringLiteral("port 65536"),
              { QStringLiteral("--db"), QStringLiteral("%DB%"), QStringLiteral("serve-metrics"),
                QStringLiteral("--port"), QStringLiteral("65536") },
              2,
              QStringLiteral("--port") });
    for (const QString &inj : injections()) {
        cases.append({ QStringLiteral("bind ") + inj,
                       { QStringLiteral("--db"), QStringLiteral("%DB%"),
                         QStringLiteral("serve-metrics"), QStringLiteral("--bind"), inj },
                       2,
                       QStringLiteral("--bind") });
        cases.append({ QStringLiteral("command ") + inj,
                       { QStringLiteral("--db"), QStringLiteral("%DB%"), inj },
                       2,
                       QStringLiteral("unknown command") });
    }
    cases.append({ QStringLiteral("missing config"),
                   { QStringLiteral("--db"), QStringLiteral("%DB%"), QStringLiteral("--config"),
                     QStringLiteral("%DIR%/missing.ini"), QStringLiteral("stats") },
                   2,
                   QStringLiteral("--config") });
    cases.append(
            { QStringLiteral("no db"), { QStringLiteral("stats") }, 2, QStringLiteral("--db") });
    cases.append({ QStringLiteral("unknown option"),
                   { QStringLiteral("--db"), QStringLiteral("%DB%"), QStringLiteral("stats"),
                     QStringLiteral("--drop-everything") },
                   2,
                   QStringLiteral("drop-everything") });
    // Linux refuses a single argument above 128 KiB (MAX_ARG_STRLEN) before the CLI runs.
    cases.append({ QStringLiteral("120 KB argument"),
                   { QStringLiteral("--db"), QStringLiteral("%DB%"),
                     QString(120 * 1024, QLatin1Char('c')) },
                   2,
                   QStringLiteral("unknown command") });
    // Database paths (the file names come from pathCases, made in initTestCase).
    for (const QString &name :
         { QStringLiteral("missing.db"), QStringLiteral("folder.db"), QStringLiteral("text.db"),
           QStringLiteral("random.db"), QStringLiteral("header.db"), QStringLiteral("half.db"),
           QStringLiteral("page1.db"), QStringLiteral("readonly.db"),
           QStringLiteral("newer.db") }) {
        for (const QString &command : { QStringLiteral("stats"), QStringLiteral("check") })
            cases.append({ command + " on " + name,
                           { QStringLiteral("--db"), QStringLiteral("%DIR%/") + name, command },
                           3,
                           name });
    }
    cases.append({ QStringLiteral("verify a text file"),
                   { QStringLiteral("--db"), QStringLiteral("%DB%"), QStringLiteral("verify"),
                     QStringLiteral("%DIR%/text.db") },
                   1,
                   QStringLiteral("not an SQLite database") }); // 1: problems found
    return cases;
}

int g_tried = 0, g_core = 0, g_paths = 0, g_cli = 0, g_literal = 0;

} // namespace

class tst_BadInput : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_good; // a template database (never opened after creation)
    QString m_db; // the database the core cases run against
    std::unique_ptr<Session> m_session;
    QList<CoreCase> m_core;

    void expectError(const DbError &e, const QList<K> &kinds, const QString &needle)
    {
        QVERIFY2(e.isError(), "bad input was accepted");
        QVERIFY2(kinds.contains(e.kind()),
                 qPrintable(QStringLiteral("kind %1: %2")
                                    .arg(DbError::kindName(e.kind()), e.message().left(300))));
        QVERIFY2(e.message().contains(needle),
                 qPrintable(QStringLiteral("\"%1\" does not name %2")
                                    .arg(e.message().left(300), needle)));
    }

private slots:
    void initTestCase()
    {
        m_good = m_dir.filePath(QStringLiteral("good.db"));
        {
            auto session = test::openOrFail(test::options(m_good));
            QVERIFY(session);
            DemoOptions d;
            d.clients = 20;
            d.files = 2000;
            QVERIFY(demo::populate(session->database(), d).ok());
        }
        m_db = m_dir.filePath(QStringLiteral("battery.db"));
        QVERIFY(QFile::copy(m_good, m_db));
        m_session = test::openOrFail(test::options(m_db));
        QVERIFY(m_session);
        m_core = coreCases();
    }

    void cleanupTestCase()
    {
        m_session.reset();
        qInfo("RELIABILITY bad_input cases=%d core_api=%d paths=%d cli=%d injection_as_data=%d",
              g_tried, g_core, g_paths, g_cli, g_literal);
        QVERIFY(g_tried >= 200);
    }

    void coreApi_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < m_core.size(); ++i)
            QTest::addRow("%d %s", i, qPrintable(m_core.at(i).tag.left(60))) << i;
    }

    void coreApi()
    {
        QFETCH(int, index);
        const CoreCase &c = m_core.at(index);
        ++g_tried;
        ++g_core;
        const QByteArray before = test::fileHash(m_db);
        const DbError e = c.run(*m_session);
        QCOMPARE(test::fileHash(m_db), before);
        expectError(e, { c.kind }, c.needle);
        QCOMPARE(e.field().isEmpty(), false);
    }

    // Injection strings in text filters are data: no error, nothing matches, nothing changes.
    void injectionInFilters_data()
    {
        QTest::addColumn<QString>("text");
        for (const QString &s : injections())
            QTest::newRow(qPrintable(s)) << s;
    }

    void injectionInFilters()
    {
        QFETCH(QString, text);
        ++g_tried;
        ++g_literal;
        const QByteArray before = test::fileHash(m_db);
        ClientQuery cq;
        cq.nameContains = text;
        auto clients = m_session->clients().page(cq);
        QVERIFY2(clients.ok(), qPrintable(clients.error().message()));
        QCOMPARE(clients->rows.size(), 0);
        auto n = m_session->clients().count(text);
        QVERIFY(n.ok());
        QCOMPARE(n.value(), 0);
        FileQuery fq;
        fq.nameContains = text;
        auto files = m_session->files().count(fq);
        QVERIFY2(files.ok(), qPrintable(files.error().message()));
        QCOMPARE(files.value(), 0);
        QCOMPARE(test::fileHash(m_db), before);
    }

    // ... and stored names are stored literally (on a copy: this one writes).
    void injectionStoredLiterally()
    {
        const QString path = m_dir.filePath(QStringLiteral("literal.db"));
        QVERIFY(QFile::copy(m_good, path));
        auto session = test::openOrFail(test::options(path));
        QVERIFY(session);
        const qint64 files = session->statistics().countExactly()->files;
        int i = 0;
        for (const QString &inj : injections()) {
            ++g_tried;
            ++g_literal;
            ClientRecord c = goodClient(++i);
            c.name = inj;
            auto added = session->clients().add(c);
            QVERIFY2(added.ok(), qPrintable(added.error().message()));
            FileRecord f = goodFile(added->id);
            f.fileName = inj;
            f.pathName = inj;
            QVERIFY(session->files().add(f).ok());
            auto back = session->clients().get(added->id);
            QVERIFY(back.ok() && back->has_value());
            QCOMPARE(back->value().name, inj);
            auto stored = session->files().get(f.id);
            QVERIFY(stored.ok() && stored->has_value());
            QCOMPARE(stored->value().fileName, inj);
        }
        QCOMPARE(session->statistics().countExactly()->files, files + injections().size());
        auto report = session->integrity().check(IntegrityReport::Depth::Quick);
        QVERIFY(report.ok() && report->ok());
    }

    void databasePaths_data()
    {
        QTest::addColumn<int>("index");
        const QList<PathCase> cases = pathCases();
        for (int i = 0; i < cases.size(); ++i)
            QTest::addRow("%s", qPrintable(cases.at(i).tag)) << i;
    }

    void databasePaths()
    {
        QFETCH(int, index);
        const PathCase c = pathCases().at(index);
        ++g_tried;
        ++g_paths;
        const QString path = c.make(m_dir.path(), m_good);
        const QByteArray before = hashOf(path);
        SessionOptions o = test::options(path);
        o.mode = OpenMode::OpenExisting;
        auto opened = Session::open(o);
        const DbError e = opened.ok() ? DbError() : opened.error();
        opened = DbError(K::Internal, QStringLiteral("closed")); // closes a session if one opened
        QCOMPARE(hashOf(path), before);
        expectError(e, c.kinds,
                    c.namesFile ? QFileInfo(path).fileName() : QStringLiteral("database path"));
    }

    void lockedByAnotherProcess()
    {
        ++g_tried;
        ++g_paths;
        const QString path = m_dir.filePath(QStringLiteral("locked.db"));
        QVERIFY(QFile::copy(m_good, path));
        QProcess holder;
        holder.start(QStringLiteral(BACKUPDB_LOCKHOLDER),
                     { path, QStringLiteral("60000"), QStringLiteral("0"), QStringLiteral("1"),
                       QStringLiteral("exclusive") });
        QVERIFY(reliability::waitForLine(holder, "locked 1"));
        const QByteArray before = hashOf(path);
        SessionOptions o = test::options(path);
        o.mode = OpenMode::OpenExisting;
        auto opened = Session::open(o);
        const DbError e = opened.ok() ? DbError() : opened.error();
        opened = DbError(K::Internal, QStringLiteral("closed"));
        const QByteArray after = hashOf(path);
        holder.kill();
        holder.waitForFinished();
        QCOMPARE(after, before);
        expectError(e, { K::Busy }, QFileInfo(path).fileName());
    }

    void cli_data()
    {
        // The bad files of databasePaths exist by now (that test runs first).
        QTest::addColumn<int>("index");
        const QList<CliCase> cases = cliCases();
        for (int i = 0; i < cases.size(); ++i)
            QTest::addRow("%d %s", i, qPrintable(cases.at(i).tag.left(60))) << i;
    }

    void cli()
    {
        QFETCH(int, index);
        const CliCase c = cliCases().at(index);
        ++g_tried;
        ++g_cli;
        const QString db = m_dir.filePath(QStringLiteral("cli.db"));
        if (!QFileInfo::exists(db))
            QVERIFY(QFile::copy(m_good, db));
        QStringList args = c.args;
        for (QString &a : args)
            a.replace(QStringLiteral("%DB%"), db).replace(QStringLiteral("%DIR%"), m_dir.path());
        QString touched = db;
        if (int i = args.indexOf(QStringLiteral("--db")); i >= 0)
            touched = args.value(i + 1);
        const QByteArray before = hashOf(touched), beforeDb = hashOf(db);
        const auto r = reliability::runProcess(QStringLiteral(BACKUPDB_CLI), args);
        QCOMPARE(hashOf(touched), before);
        QCOMPARE(hashOf(db), beforeDb);
        QVERIFY2(r.code == c.exitCode,
                 qPrintable(QStringLiteral("exit %1, stderr: %2")
                                    .arg(r.code)
                                    .arg(QString::fromUtf8(r.err.left(300)))));
        // Errors go to stderr; a verify that finds problems reports them on stdout.
        QVERIFY2(QString::fromUtf8(r.err + r.out).contains(c.needle),
                 qPrintable(QString::fromUtf8(r.err.left(300))));
    }

    // Invalid UTF-8 in the arguments themselves (bytes QProcess cannot send: through sh).
    void cliInvalidUtf8_data()
    {
        QTest::addColumn<QString>("bytes"); // printf escapes
        QTest::newRow("db ff fe") << QStringLiteral("--db '%DIR%/\\377\\376.db' stats");
        QTest::newRow("command c3 28") << QStringLiteral("--db '%DB%' '\\303\\050'");
        QTest::newRow("clients e2 28 a1")
                << QStringLiteral("--db '%DB%' demo --clients '\\342\\050\\241' --files 1");
        QTest::newRow("port overlong")
                << QStringLiteral("--db '%DB%' serve-metrics --port '\\300\\257'");
        QTest::newRow("bind surrogate")
                << QStringLiteral("--db '%DB%' serve-metrics --bind '\\355\\240\\200'");
    }

    void cliInvalidUtf8()
    {
        QFETCH(QString, bytes);
        ++g_tried;
        ++g_cli;
        const QString db = m_dir.filePath(QStringLiteral("cli.db"));
        if (!QFileInfo::exists(db))
            QVERIFY(QFile::copy(m_good, db));
        QString line = bytes;
        line.replace(QStringLiteral("%DB%"), db).replace(QStringLiteral("%DIR%"), m_dir.path());
        // Each word through printf, so that the octal escapes become raw bytes.
        const QString script
                = QStringLiteral(
                          "set -- ; for w in %1; do set -- \"$@\" \"$(printf \"$w\")\"; done; "
                          "exec '%2' \"$@\"")
                          .arg(line, QStringLiteral(BACKUPDB_CLI));
        const QByteArray before = test::fileHash(db);
        const auto r = reliability::runProcess(QStringLiteral("/bin/sh"),
                                               { QStringLiteral("-c"), script });
        QCOMPARE(test::fileHash(db), before);
        QVERIFY2(r.code == 2 || r.code == 3,
                 qPrintable(
                         QStringLiteral("exit %1: %2").arg(r.code).arg(QString::fromUtf8(r.err))));
        QVERIFY2(!r.err.isEmpty(), "no error message");
    }
};

QTEST_GUILESS_MAIN(tst_BadInput)
#include "tst_badinput.moc"
