// backupdb-cli service (issue 14) as a child process, on schedules compressed to seconds: it
// writes its history, exports the maintenance metrics on /metrics, records a backup skipped after
// a failing check as a failure, reloads its configuration on file change and on SIGHUP (each
// seen alone), stops on SIGTERM mid-task with exit 0 and no partial file, and never runs a
// maintenance task while another process holds the database's maintenance lock (nor lets one
// start while it holds it).
#include "maintenance/maintenancelock.h"
#include "nativeconnection.h"
#include "testsupport.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <cstring>

using namespace backupdb;

namespace {

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList &arguments)
{
    QProcess p;
    p.start(QStringLiteral(BACKUPDB_CLI), arguments);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
             p.readAllStandardError() };
}

// `backupdb-cli service` with its stderr (where it reports every task) collected.
class Service
{
public:
    Service(const QString &db, const QString &config)
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(QStringLiteral(BACKUPDB_CLI),
                        { QStringLiteral("--db"), db, QStringLiteral("--config"), config,
                          QStringLiteral("service"), QStringLiteral("--port"), QStringLiteral("0") });
    }
    ~Service()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(20000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // Waits until needle has appeared `times` times in the output; false on a timeout or exit.
    bool waitFor(const QByteArray &needle, int times = 1, int timeoutMs = 15000)
    {
        QElapsedTimer clock;
        clock.start();
        while (m_output.count(needle) < times) {
            if (m_process.state() == QProcess::NotRunning || clock.elapsed() > timeoutMs) {
                m_output += m_process.readAll();
                if (m_output.count(needle) >= times)
                    return true;
                qWarning().noquote() << "waited for" << times << "x" << needle << "; output:\n"
                                     << m_output;
                return false;
            }
            m_process.waitForReadyRead(50);
            m_output += m_process.readAll();
        }
        return true;
    }
    // Reads what arrives within ms.
    void drain(int ms)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < ms) {
            m_process.waitForReadyRead(20);
            m_output += m_process.readAll();
        }
    }
    int count(const QByteArray &needle) const { return m_output.count(needle); }
    QByteArray output() const { return m_output; }
    qint64 pid() const { return m_process.processId(); }
    bool running() const { return m_process.state() == QProcess::Running; }
    void signal(int number) { ::kill(pid_t(m_process.processId()), number); }

    quint16 port()
    {
        if (!waitFor("serving http://"))
            return 0;
        static const QRegularExpression url(QStringLiteral("serving http://127\\.0\\.0\\.1:(\\d+)/metrics"));
        return quint16(url.match(QString::fromUtf8(m_output)).captured(1).toUInt());
    }

    // SIGTERM; the exit code, or -1 if it did not end normally within the time.
    int terminate(int timeoutMs = 20000)
    {
        signal(SIGTERM);
        if (!m_process.waitForFinished(timeoutMs))
            return -1;
        m_output += m_process.readAll();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

private:
    QProcess m_process;
    QByteArray m_output;
};

// GET /metrics on the service's port: the body, or empty (with a warning) on a failure.
QByteArray scrape(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000)) {
        qWarning() << "cannot connect to port" << port;
        return {};
    }
    socket.write("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    QByteArray reply;
    while (socket.waitForReadyRead(5000))
        reply += socket.readAll();
    if (!reply.startsWith("HTTP/1.1 200")) {
        qWarning() << "reply:" << reply.left(200);
        return {};
    }
    return reply.mid(reply.indexOf("\r\n\r\n") + 4);
}

// The samples of a Prometheus text by series ("name" or "name{labels}").
QHash<QByteArray, double> samples(const QByteArray &text)
{
    QHash<QByteArray, double> values;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        values.insert(line.left(space), line.mid(space + 1).toDouble());
    }
    return values;
}

QByteArray task(const char *name, const char *label)
{
    return QByteArray(name) + "{task=\"" + label + "\"}";
}

// The maintenance history (`backupdb-cli history --json`), newest first.
QJsonArray history(const QString &db)
{
    const Run r = cli({ QStringLiteral("--db"), db, QStringLiteral("--json"),
                        QStringLiteral("history"), QStringLiteral("--limit"),
                        QStringLiteral("1000") });
    if (r.code != 0)
        qWarning() << "history:" << r.code << r.err;
    return QJsonDocument::fromJson(r.out).object().value(QStringLiteral("runs")).toArray();
}

QList<QJsonObject> runsOf(const QJsonArray &runs, const QString &task, const QString &result = {})
{
    QList<QJsonObject> found;
    for (const QJsonValue &v : runs) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("task")).toString() == task
            && (result.isEmpty() || o.value(QStringLiteral("result")).toString() == result))
            found << o;
    }
    return found;
}

// Everything in folder, hidden files (the backup's temporary ".NAME.partial-N") included.
QStringList entries(const QString &folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

// Replaces text by other (of the same length) through a shared mapping of the file: the page
// cache changes as a write() would change it, but inotify reports no event, so only a SIGHUP
// can make the service read it.
bool editUnseen(const QString &path, const QByteArray &text, const QByteArray &other)
{
    Q_ASSERT(text.size() == other.size());
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    uchar *map = file.map(0, file.size());
    if (!map)
        return false;
    const QByteArray content(reinterpret_cast<const char *>(map), int(file.size()));
    const qsizetype at = content.indexOf(text);
    if (at >= 0)
        std::memcpy(map + at, other.constData(), size_t(other.size()));
    file.unmap(map);
    return at >= 0;
}

} // namespace

class tst_Service : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_small; // 10 clients, 300 files
    QString m_orphans; // the same with 3 orphaned file records
    QString m_mid; // 20 clients, 100,000 files: a full check or a backup takes about a second

    QString folder() const
    {
        const QString f = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()));
        QDir().mkpath(f);
        return f;
    }
    // A copy of a template database in the test's own folder.
    QString copyOf(const QString &templ) const
    {
        const QString path = folder() + QStringLiteral("/server.db");
        QFile::remove(path);
        return QFile::copy(templ, path) ? path : QString();
    }
    // The configuration: [schedule] as given (key=value lines), backups in the test's folder.
    QString config(const QString &schedule, const QString &extra = {}) const
    {
        const QString path = folder() + QStringLiteral("/service.ini");
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(QStringLiteral("[schedule]\n%1\n[backup]\nfolder=%2\n%3\n")
                           .arg(schedule, backups(), extra)
                           .toUtf8());
        return path;
    }
    QString backups() const { return folder() + QStringLiteral("/backups"); }

    static bool demo(const QString &path, int clients, int files, int orphans)
    {
        const Run r = cli({ QStringLiteral("--db"), path, QStringLiteral("demo"),
                            QStringLiteral("--clients"), QString::number(clients),
                            QStringLiteral("--files"), QString::number(files),
                            QStringLiteral("--orphans"), QString::number(orphans) });
        // Folded into the file: a copy of the database file alone is the whole database.
        const Run c = cli({ QStringLiteral("--db"), path, QStringLiteral("checkpoint") });
        return r.code == 0 && c.code == 0;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_small = m_dir.filePath(QStringLiteral("small.db"));
        m_orphans = m_dir.filePath(QStringLiteral("orphans.db"));
        m_mid = m_dir.filePath(QStringLiteral("mid.db"));
        QVERIFY(demo(m_small, 10, 300, 0));
        QVERIFY(demo(m_orphans, 10, 300, 3));
        QVERIFY(demo(m_mid, 20, 100000, 0));
    }

    // Checks every second, a verified backup after each, retention to two, checkpoints: the
    // history has every run, /metrics the last of each with real values.
    void scheduleWritesHistoryAndMetrics()
    {
        const QString db = copyOf(m_small);
        const QString ini = config(QStringLiteral("quickCheck=every 1s\nfullCheck=off\n"
                                                  "backup=after-check\ncheckpoint=every 2s\n"
                                                  "vacuum=off"),
                                   QStringLiteral("keepLast=2\n[size]\nwarningMB=7\ncriticalMB=9"));
        const double started = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
        Service service(db, ini);
        const quint16 port = service.port();
        QVERIFY(port > 0);
        QVERIFY(service.waitFor("maintenance backup: ok: verified backup", 3));
        QVERIFY(service.waitFor("maintenance checkpoint: ok", 1));

        const QByteArray text = scrape(port);
        const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
        const auto m = samples(text);
        for (const char *t : { "quick_check", "backup", "retention", "checkpoint" }) {
            const QByteArray success = task("backupdb_maintenance_last_run_success", t);
            const QByteArray at = task("backupdb_maintenance_last_run_timestamp_seconds", t);
            const QByteArray took = task("backupdb_maintenance_last_run_duration_seconds", t);
            QVERIFY2(m.contains(success) && m.contains(at) && m.contains(took), t);
            QCOMPARE(m.value(success), 1.0);
            QVERIFY2(m.value(at) >= started - 1 && m.value(at) <= now + 1, t);
            QVERIFY2(m.value(took) >= 0 && m.value(took) < 30, t);
        }
        QVERIFY(!m.contains(task("backupdb_maintenance_last_run_success", "full_check")));
        const double newest = m.value("backupdb_newest_verified_backup_timestamp_seconds", -1);
        QVERIFY2(newest >= started - 1 && newest <= now + 1, text.constData());
        const double age = m.value("backupdb_newest_verified_backup_age_seconds", -1);
        QVERIFY(age >= 0 && age < now - started + 2);
        QCOMPARE(m.value("backupdb_integrity_ok", -1), 1.0);
        QCOMPARE(m.value("backupdb_last_backup_verified", -1), 1.0);
        QCOMPARE(m.value("backupdb_database_size_warning_bytes"), 7e6); // from the configuration
        QCOMPARE(m.value("backupdb_database_size_critical_bytes"), 9e6);
        // The text as Prometheus reads it (Debian's prometheus package has promtool).
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (!promtool.isEmpty()) {
            QProcess check;
            check.start(promtool, { QStringLiteral("check"), QStringLiteral("metrics") });
            check.write(text);
            check.closeWriteChannel();
            QVERIFY(check.waitForFinished(30000));
            QVERIFY2(check.exitCode() == 0, check.readAll().constData());
        }

        QCOMPARE(service.terminate(), 0);
        const QJsonArray runs = history(db);
        QVERIFY(runsOf(runs, QStringLiteral("quick_check"), QStringLiteral("ok")).size() >= 3);
        const auto backupsDone = runsOf(runs, QStringLiteral("backup"), QStringLiteral("ok"));
        QVERIFY(backupsDone.size() >= 3);
        for (const QJsonObject &run : backupsDone)
            QCOMPARE(run.value(QStringLiteral("trigger")).toString(), QStringLiteral("schedule"));
        QVERIFY(!runsOf(runs, QStringLiteral("checkpoint"), QStringLiteral("ok")).isEmpty());
        // Retention kept two: from the third backup on, each run removed one.
        int removed = 0;
        for (const QJsonObject &run : runsOf(runs, QStringLiteral("retention"), QStringLiteral("ok")))
            removed += run.value(QStringLiteral("message")).toString().section(u' ', 0, 0).toInt();
        QVERIFY2(removed >= 1, QJsonDocument(runs).toJson().constData());
        const QStringList left = QDir(backups()).entryList({ QStringLiteral("*.sqlite") }, QDir::Files);
        QCOMPARE(qsizetype(left.size()), qsizetype(backupsDone.size() - removed));
        QVERIFY(left.size() <= 3); // two kept, plus one if SIGTERM came between backup and retention
    }

    // A vacuum runs only when the file has enough free pages (and was quiet long enough); one
    // that is not needed is neither announced nor recorded.
    void vacuumOnlyWhenWorthIt()
    {
        const QString schedule = QStringLiteral("quickCheck=off\nfullCheck=off\nbackup=off\n"
                                                "checkpoint=off\nvacuum=every 1s\n"
                                                "vacuumQuietSeconds=0");
        {
            const QString db = copyOf(m_small);
            Service service(db, config(schedule));
            QVERIFY(service.port() > 0);
            service.drain(2500);
            QVERIFY2(!service.output().contains("maintenance vacuum"), service.output().constData());
            QCOMPARE(service.terminate(), 0);
            QVERIFY(runsOf(history(db), QStringLiteral("vacuum")).isEmpty());
        }
        const QString db = copyOf(m_small);
        {
            // 20 MB of free pages: a table of the test's own, filled and dropped.
            test::NativeConnection native(db, SQLITE_OPEN_READWRITE);
            QVERIFY(!native.exec(QStringLiteral("CREATE TABLE scratch (b BLOB)")));
            QVERIFY(!native.exec(QStringLiteral(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
                    "INSERT INTO scratch SELECT randomblob(4000) FROM n")));
            QVERIFY(!native.exec(QStringLiteral("DROP TABLE scratch")));
            QVERIFY(!native.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
            QVERIFY(native.integer(QStringLiteral("PRAGMA freelist_count"))
                            * native.integer(QStringLiteral("PRAGMA page_size"))
                    > 16 * 1024 * 1024);
        }
        const qint64 before = QFileInfo(db).size();
        Service service(db, config(schedule));
        QVERIFY(service.port() > 0);
        QVERIFY(service.waitFor("maintenance vacuum: ok"));
        QCOMPARE(service.count("maintenance vacuum: started"), 1); // then nothing left to give back
        QCOMPARE(service.terminate(), 0);
        const auto runs = runsOf(history(db), QStringLiteral("vacuum"), QStringLiteral("ok"));
        QCOMPARE(runs.size(), 1);
        const qint64 freed = runs.first().value(QStringLiteral("message")).toString().section(u' ', 0, 0).toLongLong();
        QVERIFY2(freed > 16 * 1024 * 1024, qPrintable(runs.first().value(QStringLiteral("message")).toString()));
        QVERIFY(QFileInfo(db).size() < before - 16 * 1024 * 1024);
    }

    // A check that finds orphans: the backup is skipped, and recorded and exported as a failure.
    void failingCheckSkipsBackup()
    {
        const QString db = copyOf(m_orphans);
        const QString ini = config(QStringLiteral("quickCheck=every 1h\nfullCheck=off\n"
                                                  "backup=after-check\ncheckpoint=off\nvacuum=off"));
        Service service(db, ini);
        const quint16 port = service.port();
        QVERIFY(port > 0);
        QVERIFY(service.waitFor("maintenance backup: skipped"));
        const QByteArray text = scrape(port);
        const auto m = samples(text);
        QCOMPARE(m.value(task("backupdb_maintenance_last_run_success", "quick_check"), -1), 0.0);
        QCOMPARE(m.value(task("backupdb_maintenance_last_run_success", "backup"), -1), 0.0);
        QVERIFY(m.contains(task("backupdb_maintenance_last_run_timestamp_seconds", "backup")));
        QCOMPARE(m.value("backupdb_orphaned_files", -1), 3.0);
        QVERIFY2(!m.contains("backupdb_newest_verified_backup_timestamp_seconds"), text.constData());
        QCOMPARE(service.terminate(), 0);

        const QJsonArray runs = history(db);
        const auto checks = runsOf(runs, QStringLiteral("quick_check"));
        QCOMPARE(checks.size(), 1);
        QCOMPARE(checks.first().value(QStringLiteral("result")).toString(), QStringLiteral("problems"));
        QVERIFY(checks.first().value(QStringLiteral("message")).toString().contains(
                QLatin1String("3 orphaned files")));
        const auto skipped = runsOf(runs, QStringLiteral("backup"));
        QCOMPARE(skipped.size(), 1);
        QCOMPARE(skipped.first().value(QStringLiteral("result")).toString(), QStringLiteral("skipped"));
        QVERIFY(skipped.first().value(QStringLiteral("message")).toString().contains(
                QLatin1String("check before it did not pass")));
        QVERIFY(runsOf(runs, QStringLiteral("retention")).isEmpty());
        QCOMPARE(entries(backups()), QStringList());
    }

    // A change of the file is seen by itself; a change the file watch cannot see is read on
    // SIGHUP, which the service survives; the new schedule is in effect at once.
    void reloadsOnFileChangeAndSighup()
    {
        const QString db = copyOf(m_small);
        const QString ini = config(QStringLiteral("quickCheck=every 1h\nfullCheck=off\n"
                                                  "backup=off\ncheckpoint=off\nvacuum=off"));
        Service service(db, ini);
        QVERIFY(service.port() > 0);
        QVERIFY(service.waitFor("maintenance quick_check: ok", 1));
        QVERIFY(service.output().contains("schedule: quick check every 3600s, full check off"));

        // 1. An ordinary write of the file.
        {
            QFile file(ini);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QByteArray text = file.readAll();
            text.replace("fullCheck=off", "fullCheck=weekly sun 04:00");
            QVERIFY(file.resize(0));
            QVERIFY(file.seek(0));
            QCOMPARE(file.write(text), text.size());
        }
        QVERIFY(service.waitFor("configuration reloaded; schedule: quick check every 3600s, "
                                "full check weekly sun 04:00"));

        // 2. A change only SIGHUP can make it read.
        QVERIFY(editUnseen(ini, "quickCheck=every 1h", "quickCheck=every 1s"));
        service.drain(1000); // the watcher's debounce is 200 ms
        QCOMPARE(service.count("configuration reloaded"), 1);
        QCOMPARE(service.count("maintenance quick_check: started"), 1);
        service.signal(SIGHUP);
        QVERIFY(service.waitFor("SIGHUP: reading the configuration again"));
        QVERIFY(service.waitFor("configuration reloaded; schedule: quick check every 1s"));
        QVERIFY(service.waitFor("maintenance quick_check: ok", 3, 10000));
        QVERIFY(service.running());
        // A SIGHUP with nothing changed: still running, nothing reloaded.
        service.signal(SIGHUP);
        QVERIFY(service.waitFor("SIGHUP: reading the configuration again", 2));
        service.drain(300);
        QVERIFY(service.running());
        QCOMPARE(service.count("configuration reloaded"), 2);

        // 3. A bad schedule is refused; the one in effect stays.
        {
            QFile file(ini);
            QVERIFY(file.open(QIODevice::Append));
            file.write("\n[schedule]\nvacuum=sometimes\n");
        }
        QVERIFY(service.waitFor("schedule/vacuum"));
        QCOMPARE(service.count("configuration reloaded"), 2);
        const int before = service.count("maintenance quick_check: ok");
        QVERIFY(service.waitFor("maintenance quick_check: ok", before + 1, 10000));
        QCOMPARE(service.terminate(), 0);
        QVERIFY(runsOf(history(db), QStringLiteral("quick_check"), QStringLiteral("ok")).size() >= 4);
    }

    // SIGTERM while the backup is being written: exit 0, the backup recorded as cancelled, no
    // file (temporary or not) left in the backup folder.
    void sigtermMidBackupLeavesNoFiles()
    {
        const QString db = copyOf(m_mid);
        const QString ini = config(QStringLiteral("quickCheck=every 1h\nfullCheck=off\n"
                                                  "backup=after-check\ncheckpoint=off\nvacuum=off"));
        Service service(db, ini);
        QVERIFY(service.port() > 0);
        QVERIFY(service.waitFor("maintenance backup: started"));
        // Mid-task: the temporary file is there.
        QElapsedTimer clock;
        clock.start();
        bool partial = false;
        while (!partial && clock.elapsed() < 5000) {
            for (const QString &name : entries(backups()))
                partial = partial || name.contains(QLatin1String(".partial"));
            if (!partial)
                QTest::qWait(5);
        }
        QVERIFY2(partial, "the backup's temporary file never appeared (finished too fast?)");
        QCOMPARE(service.terminate(), 0);
        QVERIFY(service.output().contains("maintenance backup: cancelled"));
        QVERIFY(service.output().contains("stopped"));
        QCOMPARE(entries(backups()), QStringList());
        const auto runs = runsOf(history(db), QStringLiteral("backup"));
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().value(QStringLiteral("result")).toString(), QStringLiteral("cancelled"));
        // The database is whole afterwards.
        const Run check = cli({ QStringLiteral("--db"), db, QStringLiteral("--json"),
                                QStringLiteral("check") });
        QCOMPARE(check.code, 0);
    }

    // While the service runs a check, a backup from the CLI is refused (naming the service);
    // while another process holds the lock, the service's tasks are skipped, and run once it is
    // free. SIGTERM mid-check ends the check as cancelled.
    void oneMaintenanceTaskAtATime()
    {
        const QString db = copyOf(m_mid);
        const QString ini = config(QStringLiteral("quickCheck=off\nfullCheck=every 1h\n"
                                                  "backup=after-check\ncheckpoint=off\nvacuum=off"));
        {
            Service service(db, ini);
            QVERIFY(service.port() > 0);
            QVERIFY(service.waitFor("maintenance full_check: started"));
            const QString out = folder() + QStringLiteral("/by-hand");
            const Run refused = cli({ QStringLiteral("--db"), db, QStringLiteral("backup"),
                                      QStringLiteral("--out"), out });
            QVERIFY2(refused.code != 0, refused.out.constData());
            QVERIFY2(refused.err.contains("another maintenance task is running"), refused.err.constData());
            QVERIFY2(refused.err.contains("pid " + QByteArray::number(service.pid())),
                     refused.err.constData());
            QVERIFY(!QDir(out).exists() || entries(out).isEmpty());
            QVERIFY2(!service.output().contains("full_check: ok"), "the check ended too soon");
            QCOMPARE(service.terminate(), 0);
            QVERIFY(service.output().contains("maintenance full_check: cancelled"));
            const QJsonArray runs = history(db);
            QCOMPARE(runsOf(runs, QStringLiteral("full_check"), QStringLiteral("cancelled")).size(), 1);
            QVERIFY(runsOf(runs, QStringLiteral("backup"), QStringLiteral("ok")).isEmpty());
        }
        QCOMPARE(entries(backups()), QStringList());

        // The other way round: this process holds the lock (as the CLI or the GUI would).
        const QString small = copyOf(m_small);
        const QString every = config(QStringLiteral("quickCheck=every 1s\nfullCheck=off\n"
                                                    "backup=after-check\ncheckpoint=off\nvacuum=off"));
        auto lock = MaintenanceLock::acquire(small, QStringLiteral("tst_service holds it"));
        QVERIFY(lock);
        Service service(small, every);
        const quint16 port = service.port();
        QVERIFY(port > 0);
        QVERIFY(service.waitFor("maintenance backup: skipped"));
        QVERIFY(service.output().contains("tst_service holds it"));
        const auto m = samples(scrape(port));
        QCOMPARE(m.value(task("backupdb_maintenance_last_run_success", "quick_check"), -1), 0.0);
        QCOMPARE(m.value(task("backupdb_maintenance_last_run_success", "backup"), -1), 0.0);
        QCOMPARE(entries(backups()), QStringList());
        lock.value().reset();
        QVERIFY(service.waitFor("maintenance backup: ok", 1, 10000));
        QCOMPARE(service.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_Service)
#include "tst_service.moc"
