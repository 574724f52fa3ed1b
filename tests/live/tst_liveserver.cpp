// Beside the live server (issue "safe and truthful beside the live server"): a second process,
// tests/live/fakeserver.cpp, writes the way the backup server does while the CLI and sessions
// like the GUI's run beside it. Checks that the tool never removes the server's -wal and -shm,
// reports a server that lost its locks and refuses destructive work then, keeps its counters
// exact under every write habit of the server, and keeps its hands off a damaged file.
#include "session.h"
#include "worker/databaseworker.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace backupdb;

namespace {

// The fake server as a child process, spoken to line by line.
class FakeServer
{
public:
    explicit FakeServer(const QString &db)
    {
        m_process.setProgram(QStringLiteral(BACKUPDB_FAKESERVER));
        m_process.setArguments({ db });
        m_process.start();
    }
    ~FakeServer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.closeWriteChannel();
            if (!m_process.waitForFinished(10000))
                m_process.kill();
        }
    }
    // Sends one command; returns the answer's words after "ok", or fails the test.
    QStringList say(const QString &command)
    {
        m_process.write((command + QLatin1Char('\n')).toUtf8());
        while (!m_process.canReadLine())
            if (!m_process.waitForReadyRead(20000))
                break;
        const QString answer = QString::fromUtf8(m_process.readLine()).trimmed();
        if (!answer.startsWith(QLatin1String("ok")))
            qWarning().noquote() << "fake server:" << command << "->" << answer;
        m_ok = m_ok && answer.startsWith(QLatin1String("ok"));
        return answer.split(QLatin1Char(' ')).mid(1);
    }
    bool ok() const { return m_ok; }
    bool quit()
    {
        say(QStringLiteral("quit"));
        return m_process.waitForFinished(10000) && m_process.exitCode() == 0;
    }

private:
    QProcess m_process;
    bool m_ok = true;
};

struct CliRun
{
    int code = -1;
    QJsonObject json;
    QString err;
};

CliRun cli(const QString &db, QStringList args)
{
    QProcess p;
    args << QStringLiteral("--db") << db << QStringLiteral("--json");
    p.start(QStringLiteral(BACKUPDB_CLI), args);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    CliRun r;
    r.code = p.exitCode();
    r.json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QByteArray sha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

bool sideFilesThere(const QString &db)
{
    return QFileInfo::exists(db + QStringLiteral("-wal"))
            && QFileInfo::exists(db + QStringLiteral("-shm"));
}

} // namespace

class tst_LiveServer : public QObject
{
    Q_OBJECT

private slots:
    void serverFilesSurviveLostLocks();
    void countersExact_data();
    void countersExact();
    void damagedFileHandsOff();
};

void tst_LiveServer::serverFilesSurviveLostLocks()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("server.db"));
    FakeServer server(db);
    server.say(QStringLiteral("schema"));
    for (int c = 0; c < 5; ++c) {
        server.say(QStringLiteral("client c%1").arg(c));
        server.say(QStringLiteral("files c%1 40").arg(c));
    }
    { // Migrated by us once, while the server runs (as an operator's first start does).
        auto session = test::openOrFail(test::options(db));
        QVERIFY(session);
    }
    QVERIFY(server.ok());
    server.say(QStringLiteral("copyself %1").arg(dir.filePath(QStringLiteral("copy.db"))));
    QVERIFY(sideFilesThere(db));

    // The lost-lock state is reported, and destructive work refused.
    CliRun check = cli(db, { QStringLiteral("check") });
    QVERIFY2(check.json.value(QStringLiteral("findings")).toArray().size() > 0, qPrintable(check.err));
    bool reported = false;
    for (const QJsonValue &f : check.json.value(QStringLiteral("findings")).toArray())
        reported = reported || f.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("lost_locks");
    QVERIFY2(reported, QJsonDocument(check.json).toJson().constData());
    QCOMPARE(check.code, 1);
    server.say(QStringLiteral("delete c4")); // foreign keys off: 36 orphans
    CliRun fix = cli(db, { QStringLiteral("orphans"), QStringLiteral("--fix"), QStringLiteral("--yes") });
    QCOMPARE(fix.code, 4);
    QVERIFY2(fix.err.contains(QLatin1String("holds no lock")), qPrintable(fix.err));
    QCOMPARE(cli(db, { QStringLiteral("vacuum") }).code, 4);

    // Every command, then a session opened and closed the way the GUI's worker does.
    const QList<QStringList> commands {
        { QStringLiteral("stats") },   { QStringLiteral("check"), QStringLiteral("--full") },
        { QStringLiteral("orphans") }, { QStringLiteral("health") },
        { QStringLiteral("metrics") }, { QStringLiteral("checkpoint") },
        { QStringLiteral("migrate") }, { QStringLiteral("backup"), QStringLiteral("--out"), dir.filePath(QStringLiteral("b")) },
    };
    for (const QStringList &command : commands) {
        const CliRun r = cli(db, command);
        QVERIFY2(r.code == 0 || r.code == 1, qPrintable(command.join(u' ') + QLatin1String(": ") + r.err));
        QVERIFY2(sideFilesThere(db), qPrintable(command.join(u' ')));
    }
    for (int round = 0; round < 2; ++round) { // the GUI's own worker opens and closes it
        auto worker = std::make_unique<ui::DatabaseWorker>();
        worker->open(db);
        QTRY_VERIFY_WITH_TIMEOUT(worker->isOpen(), 30000);
        auto totals = worker->run([](Session &s) { return s.statistics().totals(CachePolicy::Bypass); });
        totals.waitForFinished();
        QVERIFY(totals.result().ok());
        worker.reset();
        QVERIFY(sideFilesThere(db));
    }

    // The server goes on writing; a fresh reader sees all of it, and so does anyone after the
    // server has gone.
    server.say(QStringLiteral("client late"));
    server.say(QStringLiteral("files late 100"));
    const QStringList seen = server.say(QStringLiteral("count"));
    QVERIFY(server.ok());
    {
        FakeServer reader(db);
        QCOMPARE(reader.say(QStringLiteral("count")), seen);
        QVERIFY(reader.quit());
    }
    QVERIFY(server.quit());
    FakeServer after(db);
    QCOMPARE(after.say(QStringLiteral("count")), seen);
    QCOMPARE(seen.value(0).toInt(), 5); // c0..c3 and late
    QCOMPARE(seen.value(1).toInt(), 5 * 36 + 90);
    qInfo("lost locks: %d CLI commands and the GUI worker opened and closed twice beside the server; -wal/-shm kept; %s rows read back",
          int(commands.size()) + 4, qPrintable(seen.join(u'/')));
}

void tst_LiveServer::countersExact_data()
{
    QTest::addColumn<QStringList>("script");
    const auto row = [](const char *name, std::initializer_list<const char *> commands) {
        QStringList s;
        for (const char *c : commands)
            s.append(QString::fromLatin1(c));
        QTest::newRow(name) << s;
    };
    row("plain insert and ignored resends", { "client a", "files a 50" });
    row("replace on reconnect, fk off", { "client a", "files a 20", "client a", "client a", "client b" });
    row("replace on reconnect, fk on (cascade)", { "client a", "files a 20", "fk on", "client a", "files a 5" });
    row("replace, recursive_triggers on", { "recursive on", "client a", "files a 20", "client a", "replacefile a" });
    row("replace a file, fk off", { "client a", "files a 20", "replacefile a", "replacefile a" });
    row("upsert", { "client a", "files a 9", "upsert a", "upsert a" });
    row("update of any column", { "client a", "files a 30", "update a", "update a" });
    row("update or replace of the key", { "client a", "files a 8", "updateid a" });
    row("delete, fk off (orphans)", { "client a", "files a 20", "client b", "files b 10", "delete a" });
    row("delete, fk on (cascade)", { "fk on", "client a", "files a 20", "client b", "files b 10", "delete b" });
}

void tst_LiveServer::countersExact()
{
    QFETCH(QStringList, script);
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("server.db"));
    FakeServer server(db);
    server.say(QStringLiteral("schema"));
    server.say(QStringLiteral("client first"));
    server.say(QStringLiteral("files first 10"));
    auto session = test::openOrFail(test::options(db));
    QVERIFY(session);
    for (const QString &command : script)
        server.say(command);
    QVERIFY(server.ok());
    const QStringList written = server.say(QStringLiteral("written"));
    auto counted = session->statistics().totals(CachePolicy::Bypass);
    auto exact = session->statistics().countExactly();
    QVERIFY(counted && exact);
    QCOMPARE(counted.value(), exact.value());
    auto perClient = session->statistics().perClient();
    QVERIFY(perClient);
    qint64 files = 0;
    for (const ClientTotals &t : perClient.value())
        files += t.files;
    QCOMPARE(files, exact->files);
    // And the check agrees: nothing to repair.
    auto report = session->integrity().check(IntegrityReport::Depth::Full);
    QVERIFY(report);
    QVERIFY(report->countersExact);
    qInfo("pattern wrote %s rows; counters = COUNT/SUM (%lld clients, %lld files)",
          qPrintable(written.value(0)), exact->clients, exact->files);
}

void tst_LiveServer::damagedFileHandsOff()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("damaged.db"));
    test::writeOriginalDatabase(db, 20, 300, 10);
    { // migrated, then closed alone: the file is whole
        auto session = test::openOrFail(test::options(db));
        QVERIFY(session);
    }
    const CliRun backup = cli(db, { QStringLiteral("backup"), QStringLiteral("--out"), dir.filePath(QStringLiteral("good")) });
    QCOMPARE(backup.code, 0);
    const QString goodBackup = backup.json.value(QStringLiteral("path")).toString();
    QVERIFY(QFileInfo::exists(goodBackup));
    {
        QFile f(db);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 pageSize = 4096, pages = f.size() / pageSize;
        QVERIFY(pages > 20);
        QVERIFY(f.seek(qint64(double(pages) * 0.5) * pageSize));
        QByteArray garbage(int(pageSize * 2), '\0');
        for (int i = 0; i < garbage.size(); ++i)
            garbage[i] = char((i * 131 + 7) & 0xff);
        QCOMPARE(f.write(garbage), garbage.size());
    }
    const QByteArray before = sha256(db);
    const QList<QStringList> commands {
        { QStringLiteral("stats") },   { QStringLiteral("check") },
        { QStringLiteral("check"), QStringLiteral("--full") },
        { QStringLiteral("orphans") }, { QStringLiteral("orphans"), QStringLiteral("--fix"), QStringLiteral("--yes") },
        { QStringLiteral("health") },  { QStringLiteral("metrics") },
        { QStringLiteral("checkpoint") }, { QStringLiteral("vacuum") }, { QStringLiteral("migrate") },
        { QStringLiteral("backup"), QStringLiteral("--out"), dir.filePath(QStringLiteral("b")) },
    };
    for (const QStringList &command : commands) {
        const CliRun r = cli(db, command);
        const QString what = command.join(u' ') + QLatin1String(" -> ") + QString::number(r.code)
                + QLatin1Char(' ') + r.err + QString::fromUtf8(QJsonDocument(r.json).toJson());
        QVERIFY2(sha256(db) == before, qPrintable(what));
        // Nothing claims a clean result (metrics is a scrape: its integrity gauges say it).
        if (command.first() != QLatin1String("metrics"))
            QVERIFY2(r.code != 0, qPrintable(what));
        if (command.first() == QLatin1String("check")) {
            QVERIFY2(r.json.value(QStringLiteral("integrity")).toString() != QLatin1String("ok"), qPrintable(what));
            QVERIFY2(r.json.value(QStringLiteral("read_only")).toBool(), qPrintable(what));
        }
        if (command.contains(QStringLiteral("--fix")) || command.first() == QLatin1String("vacuum"))
            QVERIFY2(r.code == 4, qPrintable(what));
        if (command.first() == QLatin1String("orphans"))
            QVERIFY2(!r.json.value(QStringLiteral("orphaned_files")).isDouble(), qPrintable(what));
    }
    {
        SessionOptions gui = test::options(db);
        gui.quickCheckOnOpen = true;
        auto session = test::openOrFail(gui);
        QVERIFY(session);
        QVERIFY(session->isDamaged());
        QCOMPARE(session->audit().record(QStringLiteral("test"), {}).kind(), DbError::Kind::Refused);
    }
    QCOMPARE(sha256(db), before);

    // The ways out: salvage what can be read into a new file, then put the verified backup in
    // place, the damaged file saved aside unchanged.
    const QString salvaged = dir.filePath(QStringLiteral("salvaged.db"));
    const CliRun salvage = cli(db, { QStringLiteral("salvage"), QStringLiteral("--to"), salvaged });
    QVERIFY2(salvage.code == 0 || salvage.code == 1, qPrintable(salvage.err));
    {
        FakeServer reader(salvaged); // what was readable is in the new file
        const QStringList rows = reader.say(QStringLiteral("count"));
        QVERIFY2(rows.value(1).toInt() > 0, qPrintable(rows.join(u' ')));
        QVERIFY(reader.quit());
    }
    QCOMPARE(sha256(db), before);
    const CliRun restore = cli(db, { QStringLiteral("restore"), QStringLiteral("--from"), goodBackup, QStringLiteral("--yes") });
    QVERIFY2(restore.code == 0, qPrintable(restore.err));
    const QString aside = restore.json.value(QStringLiteral("damaged_saved_as")).toString();
    QCOMPARE(sha256(aside), before);
    const CliRun healthy = cli(db, { QStringLiteral("check") });
    QVERIFY2(healthy.json.value(QStringLiteral("integrity")).toString() == QLatin1String("ok"), qPrintable(healthy.err));
    QCOMPARE(healthy.json.value(QStringLiteral("read_only")).toBool(), false);
    qInfo("damaged file: %d commands and a session, SHA-256 unchanged; salvaged, then restored from "
          "a verified backup with the damaged file kept aside", int(commands.size()));
}

QTEST_GUILESS_MAIN(tst_LiveServer)
#include "tst_liveserver.moc"
