// Validation of untrusted values (C11): UUIDs, names, sizes, dates, whitelisted identifiers, and
// the timestamp formats the server wrote (SPEC §2).
#include "data/identifiers.h"
#include "data/timestamps.h"
#include "data/validation.h"

#include <QTest>
#include <QTimeZone>
#include <ctime>

using namespace backupdb;

namespace {

// The fixed "now" of the date cases: the four formats of SPEC §2 all lie before it.
const QDateTime kNow(QDate(2025, 12, 31), QTime(12, 0), QTimeZone::utc());

QByteArray rawUuid()
{
    return QByteArray::fromHex("0123456789abcdef0123456789abcdef");
}

// What one case produced: the error (if any) and, for valid UUIDs and identifiers, the value.
struct Outcome
{
    DbError error;
    QString value;
};

Outcome run(const QString &kind, const QVariant &input, const QString &extra, const QString &field)
{
    if (kind == QLatin1String("uuid")) {
        auto r = validation::uuid(input, field);
        return r ? Outcome { {}, QString::fromLatin1(r->toHex()) } : Outcome { r.error(), {} };
    }
    if (kind == QLatin1String("name"))
        return { validation::name(input.toString(), field), {} };
    if (kind == QLatin1String("utf8Name"))
        return { validation::utf8Name(input.toByteArray(), field), {} };
    if (kind == QLatin1String("size"))
        return { validation::size(input.toLongLong(), field), {} };
    if (kind == QLatin1String("date"))
        return { validation::date(input.toString(), field, kNow), {} };
    if (kind == QLatin1String("table")) {
        auto r = identifiers::table(input.toString());
        return r ? Outcome { {}, r.value() } : Outcome { r.error(), {} };
    }
    if (kind == QLatin1String("column")) {
        auto r = identifiers::column(extra, input.toString());
        return r ? Outcome { {}, r.value() } : Outcome { r.error(), {} };
    }
    qFatal("unknown kind %s", qPrintable(kind));
}

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void values_data();
    void values();
    void uuidRoundTrip();
    void recordsNameTheField_data();
    void recordsNameTheField();
    void timestamps_data();
    void timestamps();
    void nowIsoParses();
};

void TestValidation::initTestCase()
{
    // Timestamps without a zone are UTC whatever the machine's zone: test in one with DST.
    qputenv("TZ", "Europe/Berlin");
    tzset();
}

void TestValidation::values_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QVariant>("input");
    QTest::addColumn<QString>("extra"); // the table of a column case
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>(
            "expected"); // valid uuid: hex; valid identifier: quoted; invalid: the error's field

    const QString hex = QStringLiteral("0123456789abcdef0123456789abcdef");
    const QString text = QStringLiteral("01234567-89ab-cdef-0123-456789abcdef");
    const QString f = QStringLiteral("the field");

    // validation::uuid
    QTest::newRow("uuid raw 16 bytes") << "uuid" << QVariant(rawUuid()) << QString() << true << hex;
    QTest::newRow("uuid text") << "uuid" << QVariant(text) << QString() << true << hex;
    QTest::newRow("uuid upper case")
            << "uuid" << QVariant(text.toUpper()) << QString() << true << hex;
    QTest::newRow("uuid braces") << "uuid" << QVariant(QLatin1Char('{') + text + QLatin1Char('}'))
                                 << QString() << true << hex;
    QTest::newRow("uuid 15 bytes")
            << "uuid" << QVariant(rawUuid().left(15)) << QString() << false << f;
    QTest::newRow("uuid 17 bytes")
            << "uuid" << QVariant(rawUuid() + 'x') << QString() << false << f;
    QTest::newRow("uuid empty bytes")
            << "uuid" << QVariant(QByteArray()) << QString() << false << f;
    QTest::newRow("uuid null variant") << "uuid" << QVariant() << QString() << false << f;
    QTest::newRow("uuid int") << "uuid" << QVariant(42) << QString() << false << f;
    QTest::newRow("uuid not hex") << "uuid"
                                  << QVariant(
                                             QStringLiteral("0123456g-89ab-cdef-0123-456789abcdef"))
                                  << QString() << false << f;
    QTest::newRow("uuid no dashes") << "uuid" << QVariant(hex) << QString() << false << f;
    QTest::newRow("uuid short group")
            << "uuid" << QVariant(QStringLiteral("0123456-89ab-cdef-0123-456789abcdef"))
            << QString() << false << f;
    QTest::newRow("uuid open brace only")
            << "uuid" << QVariant(QLatin1Char('{') + text) << QString() << false << f;
    QTest::newRow("uuid close brace only")
            << "uuid" << QVariant(text + QLatin1Char('}')) << QString() << false << f;
    QTest::newRow("uuid trailing newline")
            << "uuid" << QVariant(text + QLatin1Char('\n')) << QString() << false << f;
    QTest::newRow("uuid leading space")
            << "uuid" << QVariant(QLatin1Char(' ') + text) << QString() << false << f;
    QTest::newRow("uuid sql") << "uuid" << QVariant(QStringLiteral("' OR 1=1 --")) << QString()
                              << false << f;
    QTest::newRow("uuid empty text") << "uuid" << QVariant(QString()) << QString() << false << f;

    // validation::name
    QTest::newRow("name plain") << "name" << QVariant(QStringLiteral("report.pdf")) << QString()
                                << true << QString();
    QTest::newRow("name windows path")
            << "name" << QVariant(QStringLiteral("received_files\\name.txt")) << QString() << true
            << QString();
    QTest::newRow("name unicode") << "name" << QVariant(QStringLiteral("Übersicht ✓ 日本.txt"))
                                  << QString() << true << QString();
    QTest::newRow("name 255 ascii")
            << "name" << QVariant(QString(255, QLatin1Char('a'))) << QString() << true << QString();
    QTest::newRow("name 256 ascii")
            << "name" << QVariant(QString(256, QLatin1Char('a'))) << QString() << false << f;
    QTest::newRow("name 254 bytes of é")
            << "name" << QVariant(QString(127, QChar(0xe9))) << QString() << true << QString();
    QTest::newRow("name 256 bytes of é")
            << "name" << QVariant(QString(128, QChar(0xe9))) << QString() << false << f;
    QTest::newRow("name 256 bytes of emoji")
            << "name" << QVariant(QString::fromUtf8("😀").repeated(64)) << QString() << false << f;
    QTest::newRow("name 252 bytes of emoji")
            << "name" << QVariant(QString::fromUtf8("😀").repeated(63)) << QString() << true
            << QString();
    QTest::newRow("name empty") << "name" << QVariant(QString()) << QString() << false << f;
    QTest::newRow("name white space")
            << "name" << QVariant(QStringLiteral(" \t ")) << QString() << false << f;
    QTest::newRow("name NUL") << "name" << QVariant(QString::fromUtf16(u"a\0b", 3)) << QString()
                              << false << f;
    QTest::newRow("name unpaired surrogate")
            << "name" << QVariant(QString(QChar(0xd800)) + QLatin1Char('x')) << QString() << false
            << f;

    // validation::utf8Name
    QTest::newRow("utf8 plain") << "utf8Name" << QVariant(QByteArray("notes.txt")) << QString()
                                << true << QString();
    QTest::newRow("utf8 two-byte") << "utf8Name" << QVariant(QByteArray("\xc3\xa9t\xc3\xa9"))
                                   << QString() << true << QString();
    QTest::newRow("utf8 255 bytes")
            << "utf8Name" << QVariant(QByteArray(255, 'b')) << QString() << true << QString();
    QTest::newRow("utf8 256 bytes")
            << "utf8Name" << QVariant(QByteArray(256, 'b')) << QString() << false << f;
    QTest::newRow("utf8 truncated sequence")
            << "utf8Name" << QVariant(QByteArray("abc\xc3")) << QString() << false << f;
    QTest::newRow("utf8 invalid bytes")
            << "utf8Name" << QVariant(QByteArray("\xff\xfe")) << QString() << false << f;
    QTest::newRow("utf8 overlong")
            << "utf8Name" << QVariant(QByteArray("\xc0\xaf")) << QString() << false << f;
    QTest::newRow("utf8 encoded surrogate")
            << "utf8Name" << QVariant(QByteArray("\xed\xa0\x80")) << QString() << false << f;
    QTest::newRow("utf8 NUL") << "utf8Name" << QVariant(QByteArray("a\0b", 3)) << QString() << false
                              << f;
    QTest::newRow("utf8 empty") << "utf8Name" << QVariant(QByteArray()) << QString() << false << f;

    // validation::size
    QTest::newRow("size 0") << "size" << QVariant(qint64(0)) << QString() << true << QString();
    QTest::newRow("size 1 GB") << "size" << QVariant(qint64(1) << 30) << QString() << true
                               << QString();
    QTest::newRow("size 2^53") << "size" << QVariant(qint64(1) << 53) << QString() << true
                               << QString();
    QTest::newRow("size 2^53+1") << "size" << QVariant((qint64(1) << 53) + 1) << QString() << false
                                 << f;
    QTest::newRow("size -1") << "size" << QVariant(qint64(-1)) << QString() << false << f;
    QTest::newRow("size min") << "size" << QVariant(std::numeric_limits<qint64>::min()) << QString()
                              << false << f;

    // validation::date (now = 2025-12-31 12:00 UTC)
    QTest::newRow("date iso +00:00Z")
            << "date" << QVariant(QStringLiteral("2025-07-29T12:09:19+00:00Z")) << QString() << true
            << QString();
    QTest::newRow("date iso micro")
            << "date" << QVariant(QStringLiteral("2025-01-02T01:15:00.123456")) << QString() << true
            << QString();
    QTest::newRow("date sql") << "date" << QVariant(QStringLiteral("2025-01-10 12:00:00"))
                              << QString() << true << QString();
    QTest::newRow("date ctime") << "date" << QVariant(QStringLiteral("Fri Jan 10 09:06:40 2025"))
                                << QString() << true << QString();
    QTest::newRow("date within a day") << "date" << QVariant(QStringLiteral("2026-01-01T06:00:00Z"))
                                       << QString() << true << QString();
    QTest::newRow("date future") << "date" << QVariant(QStringLiteral("2026-01-02T00:00:01Z"))
                                 << QString() << false << f;
    QTest::newRow("date far future")
            << "date" << QVariant(QStringLiteral("2999-01-01 00:00:00")) << QString() << false << f;
    QTest::newRow("date empty") << "date" << QVariant(QString()) << QString() << false << f;
    QTest::newRow("date words") << "date" << QVariant(QStringLiteral("yesterday")) << QString()
                                << false << f;
    QTest::newRow("date month 13")
            << "date" << QVariant(QStringLiteral("2025-13-01T00:00:00")) << QString() << false << f;
    QTest::newRow("date Feb 30") << "date" << QVariant(QStringLiteral("2025-02-30 12:00:00"))
                                 << QString() << false << f;
    QTest::newRow("date too long")
            << "date"
            << QVariant(QStringLiteral("2025-01-10T12:00:00Z") + QString(50, QLatin1Char(' ')))
            << QString() << false << f;

    // identifiers::table
    QTest::newRow("table clients") << "table" << QVariant(QStringLiteral("clients")) << QString()
                                   << true << QStringLiteral("\"clients\"");
    QTest::newRow("table FILES") << "table" << QVariant(QStringLiteral("FILES")) << QString()
                                 << true << QStringLiteral("\"files\"");
    QTest::newRow("table sqlite_master") << "table" << QVariant(QStringLiteral("sqlite_master"))
                                         << QString() << false << QStringLiteral("table");
    QTest::newRow("table injection")
            << "table" << QVariant(QStringLiteral("clients; DROP TABLE files")) << QString()
            << false << QStringLiteral("table");
    QTest::newRow("table quoted") << "table" << QVariant(QStringLiteral("\"clients\"")) << QString()
                                  << false << QStringLiteral("table");
    QTest::newRow("table empty") << "table" << QVariant(QString()) << QString() << false
                                 << QStringLiteral("table");
    QTest::newRow("table own") << "table" << QVariant(QStringLiteral("bdba_counters")) << QString()
                               << false << QStringLiteral("table");

    // identifiers::column
    QTest::newRow("column FileName") << "column" << QVariant(QStringLiteral("FileName")) << "files"
                                     << true << QStringLiteral("\"filename\"");
    QTest::newRow("column filesize lower") << "column" << QVariant(QStringLiteral("filesize"))
                                           << "files" << true << QStringLiteral("\"filesize\"");
    QTest::newRow("column AESKey") << "column" << QVariant(QStringLiteral("aeskey")) << "Clients"
                                   << true << QStringLiteral("\"aeskey\"");
    QTest::newRow("column of other table") << "column" << QVariant(QStringLiteral("Name"))
                                           << "files" << false << QStringLiteral("column");
    QTest::newRow("column injection")
            << "column" << QVariant(QStringLiteral("FileName; DROP TABLE files")) << "files"
            << false << QStringLiteral("column");
    QTest::newRow("column comment") << "column" << QVariant(QStringLiteral("rowid--")) << "files"
                                    << false << QStringLiteral("column");
    QTest::newRow("column quote") << "column" << QVariant(QStringLiteral("\"")) << "files" << false
                                  << QStringLiteral("column");
    QTest::newRow("column quoted name") << "column" << QVariant(QStringLiteral("\"filename\""))
                                        << "files" << false << QStringLiteral("column");
    QTest::newRow("column spaces") << "column" << QVariant(QStringLiteral(" FileName ")) << "files"
                                   << false << QStringLiteral("column");
    QTest::newRow("column expression") << "column" << QVariant(QStringLiteral("(SELECT 1)"))
                                       << "files" << false << QStringLiteral("column");
    QTest::newRow("column empty") << "column" << QVariant(QString()) << "files" << false
                                  << QStringLiteral("column");
    QTest::newRow("column unknown table") << "column" << QVariant(QStringLiteral("ID"))
                                          << "sqlite_master" << false << QStringLiteral("table");
}

void TestValidation::values()
{
    QFETCH(QString, kind);
    QFETCH(QVariant, input);
    QFETCH(QString, extra);
    QFETCH(bool, valid);
    QFETCH(QString, expected);

    const Outcome outcome = run(kind, input, extra, QStringLiteral("the field"));
    if (valid) {
        QVERIFY2(!outcome.error, qPrintable(outcome.error.message()));
        if (!expected.isEmpty())
            QCOMPARE(outcome.value, expected);
        return;
    }
    QVERIFY2(outcome.error.isError(), qPrintable(QStringLiteral("accepted: ") + outcome.value));
    QCOMPARE(outcome.error.kind(), DbError::Kind::InvalidInput);
    QCOMPARE(outcome.error.field(), expected);
    QVERIFY2(outcome.error.message().contains(expected), qPrintable(outcome.error.message()));
    if (kind == QLatin1String("table") || kind == QLatin1String("column")) {
        // The rejected string is named (unless empty) so that the user sees what was wrong.
        const QString rejected
                = expected == QLatin1String("table") && kind == QLatin1String("column")
                ? extra
                : input.toString();
        if (!rejected.isEmpty())
            QVERIFY2(outcome.error.message().contains(rejected),
                     qPrintable(outcome.error.message()));
    }
}

void TestValidation::uuidRoundTrip()
{
    const QByteArray bytes = rawUuid();
    const QString text = validation::uuidToText(bytes);
    QCOMPARE(text, QStringLiteral("01234567-89ab-cdef-0123-456789abcdef"));
    auto back = validation::uuid(text, QStringLiteral("id"));
    QVERIFY(back.ok());
    QCOMPARE(back.value(), bytes);
    QCOMPARE(validation::uuidToText(QByteArray("\x01\x02", 2)), QStringLiteral("0102"));

    // Messages are plain text (CLI, JSON, logs): the rejected value appears as it was given.
    auto bad = validation::uuid(QStringLiteral("<b>'x'</b>"), QStringLiteral("id"));
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error().message().contains(QLatin1String("\"<b>'x'</b>\"")),
             qPrintable(bad.error().message()));
}

void TestValidation::recordsNameTheField_data()
{
    QTest::addColumn<int>("which"); // 0 client, 1 file
    QTest::addColumn<QString>("field");

    QTest::newRow("client id") << 0 << "client ID";
    QTest::newRow("client name") << 0 << "client name";
    QTest::newRow("client last seen") << 0 << "client last seen";
    QTest::newRow("client public key") << 0 << "client public key";
    QTest::newRow("client AES key") << 0 << "client AES key";
    QTest::newRow("file id") << 1 << "file ID";
    QTest::newRow("file client id") << 1 << "file client ID";
    QTest::newRow("file name") << 1 << "file name";
    QTest::newRow("file path") << 1 << "file path";
    QTest::newRow("file size") << 1 << "file size";
    QTest::newRow("file modification date") << 1 << "file modification date";
    QTest::newRow("file CRC") << 1 << "file CRC";
}

void TestValidation::recordsNameTheField()
{
    QFETCH(int, which);
    QFETCH(QString, field);

    ClientRecord c { rawUuid(), QStringLiteral("laptop-1"), QByteArray(160, 'p'),
                     QStringLiteral("2025-01-10 12:00:00"), QByteArray(32, 'k') };
    FileRecord f;
    f.id = rawUuid();
    f.clientId = rawUuid();
    f.fileName = QStringLiteral("a.txt");
    f.pathName = QStringLiteral("/home/a.txt");
    f.fileSize = 10;
    f.modificationDate = QStringLiteral("2025-01-10T12:00:00Z");
    f.crc = 0xFFFFFFFFLL;
    QVERIFY(!validation::client(c));
    QVERIFY(!validation::file(f));

    if (field == QLatin1String("client ID"))
        c.id = QByteArray("short");
    else if (field == QLatin1String("client name"))
        c.name = QString(256, QLatin1Char('n'));
    else if (field == QLatin1String("client last seen"))
        c.lastSeen = QStringLiteral("2999-01-01T00:00:00Z");
    else if (field == QLatin1String("client public key"))
        c.publicKey = QByteArray(161, 'p');
    else if (field == QLatin1String("client AES key"))
        c.aesKey = QByteArray(31, 'k');
    else if (field == QLatin1String("file ID"))
        f.id = QByteArray(3, 'x');
    else if (field == QLatin1String("file client ID"))
        f.clientId = QByteArray();
    else if (field == QLatin1String("file name"))
        f.fileName = QString::fromUtf16(u"a\0b", 3);
    else if (field == QLatin1String("file path"))
        f.pathName = QString();
    else if (field == QLatin1String("file size"))
        f.fileSize = -5;
    else if (field == QLatin1String("file modification date"))
        f.modificationDate = QStringLiteral("not a date");
    else if (field == QLatin1String("file CRC"))
        f.crc = 0x100000000LL;

    const DbError e = which == 0 ? validation::client(c) : validation::file(f);
    QCOMPARE(e.kind(), DbError::Kind::InvalidInput);
    QCOMPARE(e.field(), field);
    QVERIFY2(e.message().startsWith(field), qPrintable(e.message()));
}

void TestValidation::timestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected"); // invalid: unparsable

    auto utc = [](int y, int mo, int d, int h, int mi, int s, int ms = 0) {
        return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc());
    };
    QTest::newRow("iso +00:00Z") << "2025-07-29T12:09:19+00:00Z" << utc(2025, 7, 29, 12, 9, 19);
    QTest::newRow("iso microseconds")
            << "2025-01-02T01:15:00.123456" << utc(2025, 1, 2, 1, 15, 0, 123);
    QTest::newRow("current_timestamp") << "2025-01-10 12:00:00" << utc(2025, 1, 10, 12, 0, 0);
    QTest::newRow("ctime") << "Fri Jan 10 09:06:40 2025" << utc(2025, 1, 10, 9, 6, 40);
    QTest::newRow("ctime padded day") << "Fri Jan  3 09:06:40 2025" << utc(2025, 1, 3, 9, 6, 40);
    QTest::newRow("iso Z") << "2025-01-10T12:00:00Z" << utc(2025, 1, 10, 12, 0, 0);
    QTest::newRow("iso ms Z") << "2025-01-10T12:00:00.250Z" << utc(2025, 1, 10, 12, 0, 0, 250);
    QTest::newRow("iso offset") << "2025-01-10T14:00:00+02:00" << utc(2025, 1, 10, 12, 0, 0);
    QTest::newRow("iso negative offset Z")
            << "2025-01-10T07:00:00-05:00Z" << utc(2025, 1, 10, 12, 0, 0);
    QTest::newRow("iso micro offset")
            << "2025-01-02T01:15:00.123456+00:00" << utc(2025, 1, 2, 1, 15, 0, 123);
    // 02:30 does not exist in Berlin on that day (the clocks jump from 02:00 to 03:00): read as
    // UTC, it must neither be refused nor moved by the local zone's rules.
    QTest::newRow("sql in a DST gap") << "2025-03-30 02:30:00" << utc(2025, 3, 30, 2, 30, 0);
    QTest::newRow("ctime in a DST gap") << "Sun Mar 30 02:30:00 2025" << utc(2025, 3, 30, 2, 30, 0);
    QTest::newRow("iso in a DST overlap") << "2025-10-26T02:30:00" << utc(2025, 10, 26, 2, 30, 0);
    QTest::newRow("date only") << "2025-01-10" << utc(2025, 1, 10, 0, 0, 0);
    QTest::newRow("surrounding space") << "  2025-01-10 12:00:00\n" << utc(2025, 1, 10, 12, 0, 0);

    QTest::newRow("empty") << "" << QDateTime();
    QTest::newRow("blank") << "   " << QDateTime();
    QTest::newRow("words") << "yesterday" << QDateTime();
    QTest::newRow("month 13") << "2025-13-01T00:00:00" << QDateTime();
    QTest::newRow("hour 25") << "2025-01-10T25:00:00" << QDateTime();
    QTest::newRow("us date") << "01/10/2025 12:00" << QDateTime();
    QTest::newRow("ctime without time") << "Fri Jan 10 2025" << QDateTime();
    QTest::newRow("ctime wrong weekday") << "Mon Jan 10 09:06:40 2025" << QDateTime();
    QTest::newRow("date and garbage") << "2025-01-10 and more" << QDateTime();
    QTest::newRow("garbage after") << "2025-01-10T12:00:00 and more" << QDateTime();
}

void TestValidation::timestamps()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);

    const auto parsed = timestamps::parse(text);
    if (!expected.isValid()) {
        QVERIFY2(!parsed, qPrintable(parsed ? parsed->toString(Qt::ISODateWithMs) : QString()));
        return;
    }
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->toMSecsSinceEpoch(), expected.toMSecsSinceEpoch());
    QCOMPARE(parsed->offsetFromUtc(), 0);
}

void TestValidation::nowIsoParses()
{
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    const QString now = timestamps::nowIso();
    QVERIFY2(now.endsWith(QLatin1Char('Z')), qPrintable(now));
    const auto parsed = timestamps::parse(now);
    QVERIFY(parsed.has_value());
    QVERIFY(*parsed >= before);
    QVERIFY(*parsed <= QDateTime::currentDateTimeUtc());
    QVERIFY(!validation::date(now, QStringLiteral("d")));
}

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
