// Configuration file and hot reload (O1, improvement 18): defaults, every key, refused values
// that keep the previous value, the watcher following rewrites and replacements of the file;
// and the log sink (O4) that the [log] section configures.
#include "ops/config.h"
#include "ops/logsink.h"

#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <functional>

using namespace backupdb;

namespace {

Q_LOGGING_CATEGORY(lcTest, "backupdb.test.config")

enum class WriteMode { InPlace, RenameOver, DeleteAndCreate };

void writeFile(const QString &path, const QByteArray &text, WriteMode mode = WriteMode::InPlace)
{
    switch (mode) {
    case WriteMode::InPlace: {
        QFile f(path);
        QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(f.errorString()));
        QCOMPARE(f.write(text), text.size());
        break;
    }
    case WriteMode::RenameOver: {
        // What editors do: write a new file beside the old one, then rename it over the old one.
        const QString scratch = path + QStringLiteral(".new");
        QFile f(scratch);
        QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(f.errorString()));
        QCOMPARE(f.write(text), text.size());
        f.close();
        std::error_code error;
        std::filesystem::rename(scratch.toStdString(), path.toStdString(), error);
        QVERIFY2(!error, error.message().c_str());
        break;
    }
    case WriteMode::DeleteAndCreate: {
        QVERIFY(QFile::remove(path));
        QFile f(path);
        QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(f.errorString()));
        QCOMPARE(f.write(text), text.size());
        break;
    }
    }
}

// A configuration in which every value differs from the default.
AppConfig nonDefault()
{
    AppConfig c;
    c.coreSize = 7;
    c.maxOverflow = 2;
    c.acquireTimeoutMs = 1234;
    c.maxLifetimeMs = 600000;
    c.idleTimeoutMs = 45000;
    c.leakThresholdMs = 9000;
    c.busyTimeoutMs = 750;
    c.queryTimeoutMs = 15000;
    c.slowQueryMs = 40;
    c.sizeWarningMB = 300;
    c.sizeCriticalMB = 900;
    c.backupFolder = QStringLiteral("/var/backups/backupdb, daily");
    c.backupKeepLast = 10;
    c.backupKeepDays = 30;
    c.metricsPort = 9300;
    c.metricsBindAddress = QStringLiteral("::1");
    c.refreshIntervalMs = 2000;
    c.logFile = QStringLiteral("/var/log/backupdb admin.log");
    c.language = QStringLiteral("de");
    return c;
}

// Copies the field behind an INI key from one configuration to another.
const QHash<QString, std::function<void(const AppConfig &, AppConfig &)>> &fieldCopiers()
{
#define FIELD(key, field) \
    { \
        QStringLiteral(key), [](const AppConfig &from, AppConfig &to) { \
            to.field = from.field; \
        } \
    }
    static const QHash<QString, std::function<void(const AppConfig &, AppConfig &)>> copiers {
        FIELD("pool/coreSize", coreSize),
        FIELD("pool/maxOverflow", maxOverflow),
        FIELD("pool/acquireTimeoutMs", acquireTimeoutMs),
        FIELD("pool/maxLifetimeMs", maxLifetimeMs),
        FIELD("pool/idleTimeoutMs", idleTimeoutMs),
        FIELD("pool/leakThresholdMs", leakThresholdMs),
        FIELD("pool/busyTimeoutMs", busyTimeoutMs),
        FIELD("query/timeoutMs", queryTimeoutMs),
        FIELD("query/slowMs", slowQueryMs),
        FIELD("size/warningMB", sizeWarningMB),
        FIELD("size/criticalMB", sizeCriticalMB),
        FIELD("backup/folder", backupFolder),
        FIELD("backup/keepLast", backupKeepLast),
        FIELD("backup/keepDays", backupKeepDays),
        FIELD("metrics/port", metricsPort),
        FIELD("metrics/bindAddress", metricsBindAddress),
        FIELD("dashboard/refreshIntervalMs", refreshIntervalMs),
        FIELD("log/file", logFile),
        FIELD("ui/language", language),
    };
#undef FIELD
    return copiers;
}

QByteArray iniLine(const QString &key, const QByteArray &value)
{
    const QStringList parts = key.split(QLatin1Char('/'));
    return "[" + parts[0].toUtf8() + "]\n" + parts[1].toUtf8() + "=" + value + "\n";
}

} // namespace

Q_DECLARE_METATYPE(WriteMode)

class TestConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void defaults();
    void missingFile();
    void everyKeyRead();
    void saveAndLoadAgain();
    void conversions();
    void badValue_data();
    void badValue();
    void warningAboveCritical();
    void unknownKeyReported();

    void watcherSeesChange_data();
    void watcherSeesChange();
    void watcherRefusesBadValue();
    void watcherIgnoresSameContent();
    void watcherLoadsFileCreatedLater();

    void logSinkWritesLines();
    void logSinkReportsUnwritableFile();

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }
};

void TestConfig::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qRegisterMetaType<AppConfig>();
}

void TestConfig::defaults()
{
    const AppConfig c;
    QCOMPARE(c.sizeWarningMB, 500);
    QCOMPARE(c.sizeCriticalMB, 1000);
    QCOMPARE(c.metricsPort, 9187);
    QCOMPARE(c.metricsBindAddress, QStringLiteral("127.0.0.1"));
    QCOMPARE(c.refreshIntervalMs, 5000);
    QCOMPARE(c.backupKeepLast, 0);
    QCOMPARE(c.backupKeepDays, 0);
    QVERIFY(c.logFile.isEmpty());
    QVERIFY(c.language.isEmpty());

    // The pool and query defaults are the core's own: a configuration file with nothing in it
    // changes nothing.
    const PoolConfig pool;
    const PoolConfig converted = c.toPoolConfig(pool);
    QCOMPARE(converted.coreSize, pool.coreSize);
    QCOMPARE(converted.maxOverflow, pool.maxOverflow);
    QCOMPARE(converted.acquireTimeout, pool.acquireTimeout);
    QCOMPARE(converted.maxLifetime, pool.maxLifetime);
    QCOMPARE(converted.idleTimeout, pool.idleTimeout);
    QCOMPARE(converted.leakThreshold, pool.leakThreshold);
    QCOMPARE(converted.busyTimeout, pool.busyTimeout);
    const QueryPolicy query;
    QCOMPARE(c.toQueryPolicy(query).queryTimeout, query.queryTimeout);
    QCOMPARE(c.toQueryPolicy(query).slowThreshold, query.slowThreshold);

    // An empty file gives the defaults and no problem.
    writeFile(path(QStringLiteral("empty.ini")), QByteArray());
    QStringList problems;
    const auto loaded = loadConfig(path(QStringLiteral("empty.ini")), &problems);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error().message()));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY(loaded.value() == AppConfig());
}

void TestConfig::missingFile()
{
    QStringList problems;
    const auto loaded = loadConfig(path(QStringLiteral("does-not-exist.ini")), &problems);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().kind(), DbError::Kind::NotFound);
    QVERIFY(loaded.error().message().contains(QStringLiteral("does-not-exist.ini")));
}

void TestConfig::everyKeyRead()
{
    const QString file = path(QStringLiteral("every.ini"));
    writeFile(file,
              "[pool]\n"
              "coreSize=7\nmaxOverflow=2\nacquireTimeoutMs=1234\nmaxLifetimeMs=600000\n"
              "idleTimeoutMs=45000\nleakThresholdMs=9000\nbusyTimeoutMs=750\n"
              "[query]\ntimeoutMs=15000\nslowMs=40\n"
              "[size]\nwarningMB=300\ncriticalMB=900\n"
              "[backup]\nfolder=\"/var/backups/backupdb, daily\"\nkeepLast=10\nkeepDays=30\n"
              "[metrics]\nport=9300\nbindAddress=::1\n"
              "[dashboard]\nrefreshIntervalMs=2000\n"
              "[log]\nfile=/var/log/backupdb admin.log\n"
              "[ui]\nlanguage=de\n");
    QStringList problems;
    const auto loaded = loadConfig(file, &problems);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error().message()));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    const AppConfig &c = loaded.value();
    const AppConfig expected = nonDefault();
    // Field by field, so that a failure names the key.
    QCOMPARE(c.coreSize, expected.coreSize);
    QCOMPARE(c.maxOverflow, expected.maxOverflow);
    QCOMPARE(c.acquireTimeoutMs, expected.acquireTimeoutMs);
    QCOMPARE(c.maxLifetimeMs, expected.maxLifetimeMs);
    QCOMPARE(c.idleTimeoutMs, expected.idleTimeoutMs);
    QCOMPARE(c.leakThresholdMs, expected.leakThresholdMs);
    QCOMPARE(c.busyTimeoutMs, expected.busyTimeoutMs);
    QCOMPARE(c.queryTimeoutMs, expected.queryTimeoutMs);
    QCOMPARE(c.slowQueryMs, expected.slowQueryMs);
    QCOMPARE(c.sizeWarningMB, expected.sizeWarningMB);
    QCOMPARE(c.sizeCriticalMB, expected.sizeCriticalMB);
    QCOMPARE(c.backupFolder, expected.backupFolder);
    QCOMPARE(c.backupKeepLast, expected.backupKeepLast);
    QCOMPARE(c.backupKeepDays, expected.backupKeepDays);
    QCOMPARE(c.metricsPort, expected.metricsPort);
    QCOMPARE(c.metricsBindAddress, expected.metricsBindAddress);
    QCOMPARE(c.refreshIntervalMs, expected.refreshIntervalMs);
    QCOMPARE(c.logFile, expected.logFile);
    QCOMPARE(c.language, expected.language);
    QVERIFY(c == expected); // and nothing else differs
}

void TestConfig::saveAndLoadAgain()
{
    const QString file = path(QStringLiteral("saved.ini"));
    const AppConfig written = nonDefault();
    const DbError saved = saveConfig(written, file);
    QVERIFY2(!saved, qPrintable(saved.message()));
    QStringList problems;
    const auto loaded = loadConfig(file, &problems);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error().message()));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY(loaded.value() == written);

    // A second save replaces the file.
    AppConfig second = written;
    second.coreSize = 3;
    QVERIFY(!saveConfig(second, file));
    QCOMPARE(loadConfig(file, nullptr)->coreSize, 3);
}

void TestConfig::conversions()
{
    PoolConfig base;
    base.databasePath = QStringLiteral("/data/backup.db");
    base.name = QStringLiteral("reader");
    base.access = AccessMode::ReadOnly;
    base.cacheSizeKiB = 1234;
    const AppConfig c = nonDefault();
    const PoolConfig pool = c.toPoolConfig(base);
    QCOMPARE(pool.databasePath, base.databasePath);
    QCOMPARE(pool.name, base.name);
    QCOMPARE(pool.access, AccessMode::ReadOnly);
    QCOMPARE(pool.cacheSizeKiB, 1234);
    QCOMPARE(pool.coreSize, 7);
    QCOMPARE(pool.maxOverflow, 2);
    QCOMPARE(pool.acquireTimeout, Milliseconds(1234));
    QCOMPARE(pool.maxLifetime, Milliseconds(600000));
    QCOMPARE(pool.idleTimeout, Milliseconds(45000));
    QCOMPARE(pool.leakThreshold, Milliseconds(9000));
    QCOMPARE(pool.busyTimeout, Milliseconds(750));
    QVERIFY2(pool.validate().isEmpty(), qPrintable(pool.validate()));

    QueryPolicy queryBase;
    queryBase.retry.maxAttempts = 9;
    const QueryPolicy query = c.toQueryPolicy(queryBase);
    QCOMPARE(query.queryTimeout, Milliseconds(15000));
    QCOMPARE(query.slowThreshold, Milliseconds(40));
    QCOMPARE(query.retry.maxAttempts, 9);
}

void TestConfig::badValue_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("shown"); // how the refused value appears in the message

    auto row
            = [](const char *name, const char *key, const QByteArray &value, const QString &shown) {
                  QTest::newRow(name) << QString::fromLatin1(key) << value << shown;
              };
    row("coreSize zero", "pool/coreSize", "0", QStringLiteral("\"0\""));
    row("coreSize too big", "pool/coreSize", "257", QStringLiteral("\"257\""));
    row("coreSize text", "pool/coreSize", "four", QStringLiteral("\"four\""));
    row("coreSize fraction", "pool/coreSize", "1.5", QStringLiteral("\"1.5\""));
    row("coreSize empty", "pool/coreSize", "", QStringLiteral("\"\""));
    row("coreSize list", "pool/coreSize", "4, 5", QStringLiteral("\"4, 5\""));
    row("maxOverflow negative", "pool/maxOverflow", "-1", QStringLiteral("\"-1\""));
    row("acquireTimeout negative", "pool/acquireTimeoutMs", "-5", QStringLiteral("\"-5\""));
    row("acquireTimeout unit", "pool/acquireTimeoutMs", "5s", QStringLiteral("\"5s\""));
    row("maxLifetime zero", "pool/maxLifetimeMs", "0", QStringLiteral("\"0\""));
    row("idleTimeout overflow", "pool/idleTimeoutMs", "99999999999999999999",
        QStringLiteral("\"99999999999999999999\""));
    row("leakThreshold zero", "pool/leakThresholdMs", "0", QStringLiteral("\"0\""));
    row("busyTimeout negative", "pool/busyTimeoutMs", "-2000", QStringLiteral("\"-2000\""));
    row("query timeout negative", "query/timeoutMs", "-1", QStringLiteral("\"-1\""));
    row("slow threshold text", "query/slowMs", "slow", QStringLiteral("\"slow\""));
    row("warning zero", "size/warningMB", "0", QStringLiteral("\"0\""));
    row("critical exponent", "size/criticalMB", "1e3", QStringLiteral("\"1e3\""));
    row("keepLast negative", "backup/keepLast", "-3", QStringLiteral("\"-3\""));
    row("keepDays text", "backup/keepDays", "forever", QStringLiteral("\"forever\""));
    row("folder with comma", "backup/folder", "/a,b", QStringLiteral("\"/a, b\""));
    row("port zero", "metrics/port", "0", QStringLiteral("\"0\""));
    row("port too big", "metrics/port", "65536", QStringLiteral("\"65536\""));
    row("port name", "metrics/port", "http", QStringLiteral("\"http\""));
    row("bind host name", "metrics/bindAddress", "localhost", QStringLiteral("\"localhost\""));
    row("bind bad octet", "metrics/bindAddress", "999.1.1.1", QStringLiteral("\"999.1.1.1\""));
    row("refresh too fast", "dashboard/refreshIntervalMs", "999", QStringLiteral("\"999\""));
    row("refresh too slow", "dashboard/refreshIntervalMs", "5001", QStringLiteral("\"5001\""));
    row("log file not text", "log/file", "@Invalid()", QStringLiteral("\"\""));
    row("language word", "ui/language", "german", QStringLiteral("\"german\""));
    row("language unknown", "ui/language", "xq", QStringLiteral("\"xq\""));
}

void TestConfig::badValue()
{
    QFETCH(QString, key);
    QFETCH(QByteArray, value);
    QFETCH(QString, shown);
    QVERIFY2(fieldCopiers().contains(key), qPrintable(key));

    const QString file = path(QStringLiteral("bad.ini"));
    // The bad value and one good value of another section, which must still be taken.
    const QByteArray other = key.startsWith(QLatin1String("ui/"))
            ? iniLine(QStringLiteral("metrics/port"), "9400")
            : iniLine(QStringLiteral("ui/language"), "fr");
    writeFile(file, iniLine(key, value) + other);

    const AppConfig previous = nonDefault();
    QStringList problems;
    const auto loaded = loadConfig(file, &problems, previous);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error().message()));
    QCOMPARE(problems.size(), 1);
    const QString &problem = problems.first();
    QVERIFY2(problem.startsWith(key + QLatin1Char(':')), qPrintable(problem));
    QVERIFY2(problem.contains(shown), qPrintable(problem));
    QVERIFY2(problem.contains(QLatin1String("keeping")), qPrintable(problem));

    // The key keeps its previous value; the good key is taken; the absent keys are defaults.
    AppConfig expected;
    fieldCopiers().value(key)(previous, expected);
    if (key.startsWith(QLatin1String("ui/")))
        expected.metricsPort = 9400;
    else
        expected.language = QStringLiteral("fr");
    QVERIFY2(loaded.value() == expected, qPrintable(problem));
}

void TestConfig::warningAboveCritical()
{
    const QString file = path(QStringLiteral("sizes.ini"));
    writeFile(file, "[size]\nwarningMB=800\ncriticalMB=700\n");
    const AppConfig previous = nonDefault();
    QStringList problems;
    const auto loaded = loadConfig(file, &problems, previous);
    QVERIFY(loaded.ok());
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(QLatin1String("size/criticalMB")),
             qPrintable(problems.first()));
    QVERIFY2(problems.first().contains(QLatin1String("700")), qPrintable(problems.first()));
    QCOMPARE(loaded->sizeWarningMB, previous.sizeWarningMB);
    QCOMPARE(loaded->sizeCriticalMB, previous.sizeCriticalMB);
}

void TestConfig::unknownKeyReported()
{
    const QString file = path(QStringLiteral("typo.ini"));
    writeFile(file, "[pool]\ncoreSise=9\ncoreSize=5\n[colour]\nscheme=dark\n");
    QStringList problems;
    const auto loaded = loadConfig(file, &problems);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->coreSize, 5);
    QCOMPARE(problems.size(), 2);
    QVERIFY2(problems.filter(QLatin1String("pool/coreSise: unknown key")).size() == 1,
             qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY2(problems.filter(QLatin1String("colour/scheme: unknown key")).size() == 1,
             qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestConfig::watcherSeesChange_data()
{
    QTest::addColumn<WriteMode>("mode");
    QTest::newRow("rewritten in place") << WriteMode::InPlace;
    QTest::newRow("replaced by rename") << WriteMode::RenameOver;
    QTest::newRow("deleted and created") << WriteMode::DeleteAndCreate;
}

void TestConfig::watcherSeesChange()
{
    QFETCH(WriteMode, mode);
    const QString file = path(QStringLiteral("watched-%1.ini").arg(int(mode)));
    writeFile(file, "[pool]\ncoreSize=4\n");

    ConfigWatcher watcher(file);
    QStringList startProblems;
    const auto started = watcher.start(&startProblems);
    QVERIFY2(started.ok(), qPrintable(started.error().message()));
    QVERIFY(startProblems.isEmpty());
    QCOMPARE(watcher.config().coreSize, 4);

    QSignalSpy changed(&watcher, &ConfigWatcher::changed);
    QSignalSpy problems(&watcher, &ConfigWatcher::problems);

    // Same length as before: a reader that trusts size and time stamp would miss it.
    writeFile(file, "[pool]\ncoreSize=8\n", mode);
    QVERIFY(changed.wait(5000));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<AppConfig>().coreSize, 8);
    QCOMPARE(changed.at(0).at(1).value<AppConfig>().coreSize, 4);
    QCOMPARE(watcher.config().coreSize, 8);

    // The watch must follow the file after a replacement: a second change is seen too.
    writeFile(file, "[pool]\ncoreSize=9\n[query]\nslowMs=250\n", mode);
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, 5000);
    const auto second = changed.at(1).at(0).value<AppConfig>();
    QCOMPARE(second.coreSize, 9);
    QCOMPARE(second.slowQueryMs, 250);
    QCOMPARE(changed.at(1).at(1).value<AppConfig>().coreSize, 8);
    QCOMPARE(problems.size(), 0);
}

void TestConfig::watcherRefusesBadValue()
{
    const QString file = path(QStringLiteral("watched-bad.ini"));
    writeFile(file, "[pool]\ncoreSize=6\n[query]\nslowMs=100\n");
    ConfigWatcher watcher(file);
    QVERIFY(watcher.start().ok());
    QSignalSpy changed(&watcher, &ConfigWatcher::changed);
    QSignalSpy problems(&watcher, &ConfigWatcher::problems);

    // A bad value beside a good one: the bad one is refused, the good one taken.
    writeFile(file, "[pool]\ncoreSize=0\n[query]\nslowMs=250\n");
    QVERIFY(problems.wait(5000));
    QStringList reported = problems.at(0).at(0).toStringList();
    QCOMPARE(reported.size(), 1);
    QVERIFY2(reported.first().contains(QLatin1String("pool/coreSize")),
             qPrintable(reported.first()));
    QVERIFY2(reported.first().contains(QLatin1String("\"0\"")), qPrintable(reported.first()));
    QCOMPARE(changed.size(), 1); // emitted in the same reload, right after problems()
    QCOMPARE(changed.at(0).at(0).value<AppConfig>().coreSize, 6);
    QCOMPARE(changed.at(0).at(0).value<AppConfig>().slowQueryMs, 250);
    QCOMPARE(watcher.config().coreSize, 6);

    // Only a bad value: problems, and nothing changes.
    writeFile(file, "[pool]\ncoreSize=lots\n[query]\nslowMs=250\n");
    QTRY_COMPARE_WITH_TIMEOUT(problems.size(), 2, 5000);
    reported = problems.at(1).at(0).toStringList();
    QVERIFY2(reported.first().contains(QLatin1String("\"lots\"")), qPrintable(reported.first()));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(watcher.config().coreSize, 6);
    QCOMPARE(watcher.config().slowQueryMs, 250);
}

void TestConfig::watcherIgnoresSameContent()
{
    const QString file = path(QStringLiteral("watched-same.ini"));
    writeFile(file, "[pool]\ncoreSize=5\n");
    ConfigWatcher watcher(file);
    QVERIFY(watcher.start().ok());
    QSignalSpy changed(&watcher, &ConfigWatcher::changed);
    QSignalSpy problems(&watcher, &ConfigWatcher::problems);

    writeFile(file, "[pool]\ncoreSize=5\n");
    watcher.reload(); // synchronous
    QCOMPARE(changed.size(), 0);
    // Different text, same values: read, but no change to announce.
    writeFile(file, "; a comment\n[pool]\ncoreSize = 5\n");
    watcher.reload();
    QCOMPARE(changed.size(), 0);
    // Empty, as while an editor rewrites it: not taken for "all defaults".
    writeFile(file, QByteArray());
    watcher.reload();
    QCOMPARE(changed.size(), 0);
    QCOMPARE(watcher.config().coreSize, 5);
    QCOMPARE(problems.size(), 0);
    // A real change still comes through, once, whatever the events of the writes above do.
    writeFile(file, "[pool]\ncoreSize=6\n");
    QVERIFY(changed.wait(5000));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<AppConfig>().coreSize, 6);
}

void TestConfig::watcherLoadsFileCreatedLater()
{
    const QString file = path(QStringLiteral("later.ini"));
    ConfigWatcher watcher(file);
    const auto started = watcher.start();
    QVERIFY(!started.ok());
    QCOMPARE(started.error().kind(), DbError::Kind::NotFound);
    QVERIFY(watcher.config() == AppConfig());

    QSignalSpy changed(&watcher, &ConfigWatcher::changed);
    writeFile(file, "[metrics]\nport=9999\n", WriteMode::RenameOver);
    QVERIFY(changed.wait(5000));
    QCOMPARE(watcher.config().metricsPort, 9999);
}

void TestConfig::logSinkWritesLines()
{
    const QString file = path(QStringLiteral("logs/admin.log"));
    const DbError installed = installLogging(file);
    QVERIFY2(!installed, qPrintable(installed.message()));
    qCWarning(lcTest) << "first line";
    qCInfo(lcTest).noquote() << "two\nlines";
    uninstallLogging();
    qCWarning(lcTest) << "after uninstall"; // not in the file

    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines
            = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    static const QRegularExpression stamp(
            QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d) )"));
    QVERIFY2(stamp.match(lines[0]).hasMatch(), qPrintable(lines[0]));
    QVERIFY2(lines[0].endsWith(QLatin1String(" warning backupdb.test.config: first line")),
             qPrintable(lines[0]));
    QVERIFY2(lines[1].endsWith(QLatin1String(" info backupdb.test.config: two")),
             qPrintable(lines[1]));
    QCOMPARE(lines[2], QStringLiteral("    lines"));

    // Installing again appends.
    QVERIFY(!installLogging(file));
    qCWarning(lcTest) << "appended";
    uninstallLogging();
    f.close();
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 4);
}

void TestConfig::logSinkReportsUnwritableFile()
{
    const DbError installed = installLogging(m_dir.path()); // a folder
    uninstallLogging();
    QVERIFY(installed.isError());
    QCOMPARE(installed.kind(), DbError::Kind::Io);
    QVERIFY2(installed.message().contains(m_dir.path()), qPrintable(installed.message()));
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
