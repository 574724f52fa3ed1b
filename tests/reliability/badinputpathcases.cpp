// Bad input battery (tst_badinput): the database path and CLI cases.

// The case tables build many tags from literals; plain "..." + QString keeps them readable.
#undef QT_NO_CAST_FROM_ASCII
#include "badinputcases.h"

namespace badinput {

// --- database paths --------------------------------------------------------------------------

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

} // namespace badinput
