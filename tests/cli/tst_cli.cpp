// backupdb-cli end to end: every command run as a process on temporary databases, with exit
// codes and JSON output checked.
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>

using namespace backupdb;

namespace {
struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

Run cli(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess p;
    p.setProgram(QStringLiteral(BACKUPDB_CLI));
    p.setArguments(arguments);
    p.start();
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
             p.readAllStandardError() };
}
} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;

    QStringList with(const QStringList &args) const
    {
        return QStringList { QStringLiteral("--db"), m_db } + args;
    }

private slots:
    void init()
    {
        m_db = m_dir.filePath(
                QStringLiteral("%1.db").arg(QString::fromLatin1(QTest::currentTestFunction())));
        const Run r = cli(
                with({ QStringLiteral("--json"), QStringLiteral("demo"),
                       QStringLiteral("--clients"), QStringLiteral("10"), QStringLiteral("--files"),
                       QStringLiteral("500"), QStringLiteral("--orphans"), QStringLiteral("7") }));
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().value(QStringLiteral("clients_added")).toInt(), 10);
        QCOMPARE(r.json().value(QStringLiteral("files_added")).toInt(), 500);
        QCOMPARE(r.json().value(QStringLiteral("orphans_added")).toInt(), 7);
    }

    void demoExtends()
    {
        const Run r = cli(with({ QStringLiteral("demo"), QStringLiteral("--clients"),
                                 QStringLiteral("5"), QStringLiteral("--files"),
                                 QStringLiteral("100"), QStringLiteral("--json") }));
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().value(QStringLiteral("clients")).toInt(), 15);
        QCOMPARE(r.json().value(QStringLiteral("files")).toInt(), 607);
    }

    void stats()
    {
        const Run r = cli(with({ QStringLiteral("--json"), QStringLiteral("stats") }));
        QCOMPARE(r.code, 0);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("clients")).toInt(), 10);
        QCOMPARE(o.value(QStringLiteral("files")).toInt(), 507);
        QVERIFY(o.value(QStringLiteral("total_size_bytes")).toDouble() > 0);
        QVERIFY(o.contains(QStringLiteral("verified_files")));
        // Human output names the same things.
        const Run human = cli(with({ QStringLiteral("stats") }));
        QCOMPARE(human.code, 0);
        QVERIFY(human.out.contains("files: 507"));
    }

    void checkFindsOrphansThenCleanupFixes()
    {
        Run r = cli(with({ QStringLiteral("check"), QStringLiteral("--json") }));
        QCOMPARE(r.code, 1);
        QCOMPARE(r.json().value(QStringLiteral("integrity")).toString(), QStringLiteral("ok"));
        QCOMPARE(r.json().value(QStringLiteral("orphaned_files")).toInt(), 7);
        // The 7 orphans violate the files→clients foreign key too: one problem, one finding.
        QCOMPARE(r.json().value(QStringLiteral("foreign_key_violations")).toInt(), 0);

        r = cli(with({ QStringLiteral("orphans"), QStringLiteral("--json") }));
        QCOMPARE(r.code, 1);
        QCOMPARE(r.json().value(QStringLiteral("orphaned_files")).toInt(), 7);
        QCOMPARE(r.json().value(QStringLiteral("rows")).toArray().size(), 7);

        // Without a terminal and without --yes: refused, nothing changed.
        const QByteArray before = test::fileHash(m_db);
        r = cli(with({ QStringLiteral("orphans"), QStringLiteral("--fix") }));
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--yes"));
        QCOMPARE(test::fileHash(m_db), before);

        r = cli(with({ QStringLiteral("orphans"), QStringLiteral("--fix"), QStringLiteral("--yes"),
                       QStringLiteral("--json") }));
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().value(QStringLiteral("deleted")).toInt(), 7);
        QVERIFY(QFile::exists(r.json().value(QStringLiteral("backup")).toString()));

        r = cli(with(
                { QStringLiteral("check"), QStringLiteral("--full"), QStringLiteral("--json") }));
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().value(QStringLiteral("orphaned_files")).toInt(), 0);
        QCOMPARE(r.json().value(QStringLiteral("counters_exact")).toBool(), true);
        r = cli(with({ QStringLiteral("stats"), QStringLiteral("--json") }));
        QCOMPARE(r.json().value(QStringLiteral("files")).toInt(), 500);
    }

    void backupVerifyRestore()
    {
        const QString out = m_dir.filePath(QStringLiteral("bk"));
        Run r = cli(with({ QStringLiteral("backup"), QStringLiteral("--out"), out,
                           QStringLiteral("--json") }));
        QCOMPARE(r.code, 0);
        const QString path = r.json().value(QStringLiteral("path")).toString();
        QVERIFY(QFile::exists(path));
        QVERIFY(r.json().value(QStringLiteral("verified")).toBool());
        QCOMPARE(qint64(r.json().value(QStringLiteral("bytes")).toDouble()),
                 QFileInfo(path).size());
        QCOMPARE(QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());

        r = cli({ QStringLiteral("verify"), path, QStringLiteral("--json") });
        QCOMPARE(r.code, 0);
        QVERIFY(r.json().value(QStringLiteral("verified")).toBool());

        // Change the database, then restore the backup: the change is gone.
        cli(with({ QStringLiteral("demo"), QStringLiteral("--clients"), QStringLiteral("3"),
                   QStringLiteral("--files"), QStringLiteral("0") }));
        QCOMPARE(cli(with({ QStringLiteral("stats"), QStringLiteral("--json") }))
                         .json()
                         .value(QStringLiteral("clients"))
                         .toInt(),
                 13);
        r = cli(with({ QStringLiteral("restore"), QStringLiteral("--from"), path }));
        QCOMPARE(r.code, 2); // no terminal, no --yes
        r = cli(with({ QStringLiteral("restore"), QStringLiteral("--from"), path,
                       QStringLiteral("--yes"), QStringLiteral("--json") }));
        QCOMPARE(r.code, 0);
        QVERIFY(QFile::exists(r.json().value(QStringLiteral("safety_backup")).toString()));
        QCOMPARE(cli(with({ QStringLiteral("stats"), QStringLiteral("--json") }))
                         .json()
                         .value(QStringLiteral("clients"))
                         .toInt(),
                 10);
    }

    void verifyFindsProblems()
    {
        const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a database at all");
        f.close();
        Run r = cli({ QStringLiteral("verify"), text, QStringLiteral("--json") });
        QCOMPARE(r.code, 1);
        QCOMPARE(r.json().value(QStringLiteral("verified")).toBool(), false);
        r = cli({ QStringLiteral("verify"), m_dir.filePath(QStringLiteral("missing.sqlite")) });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("does not exist"));
    }

    // Another database's backup: --yes is not the choice to replace this one with it.
    void restoreOfAnotherDatabasesBackupNeedsItsOwnFlag()
    {
        const QString other = m_dir.filePath(QStringLiteral("other.db"));
        QCOMPARE(cli({ QStringLiteral("--db"), other, QStringLiteral("demo"), QStringLiteral("--clients"),
                       QStringLiteral("2"), QStringLiteral("--files"), QStringLiteral("40") })
                         .code,
                 0);
        const QString folder = m_dir.filePath(QStringLiteral("other-backups"));
        const Run made = cli({ QStringLiteral("--db"), other, QStringLiteral("--json"),
                               QStringLiteral("backup"), QStringLiteral("--out"), folder });
        QCOMPARE(made.code, 0);
        const QString file = made.json().value(QStringLiteral("path")).toString();
        const QByteArray before = test::fileHash(m_db);
        Run r = cli(with({ QStringLiteral("restore"), QStringLiteral("--from"), file,
                           QStringLiteral("--yes") }));
        QCOMPARE(r.code, 4);
        QVERIFY2(r.err.contains("another database") && r.err.contains("--other-database"),
                 r.err.constData());
        QCOMPARE(test::fileHash(m_db), before);
        r = cli(with({ QStringLiteral("--json"), QStringLiteral("restore"), QStringLiteral("--from"),
                       file, QStringLiteral("--yes"), QStringLiteral("--other-database") }));
        QCOMPARE(r.code, 0);
        r = cli(with({ QStringLiteral("--json"), QStringLiteral("stats") }));
        QCOMPARE(r.json().value(QStringLiteral("files")).toInt(), 40);
    }

    void restoreRefusesCorruptFile()
    {
        const QString bad = m_dir.filePath(QStringLiteral("bad.sqlite"));
        QFile::copy(m_db, bad);
        QFile f(bad);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(4096 * 3);
        f.write(QByteArray(8192, '\x5a'));
        f.close();
        const QByteArray before = test::fileHash(m_db);
        const Run r = cli(with({ QStringLiteral("restore"), QStringLiteral("--from"), bad,
                                 QStringLiteral("--yes") }));
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains("refusing"));
        QCOMPARE(test::fileHash(m_db), before);
    }

    void maintenanceCommands_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("key");
        QTest::newRow("checkpoint") << QStringLiteral("checkpoint") << QStringLiteral("wal_frames");
        QTest::newRow("vacuum") << QStringLiteral("vacuum") << QStringLiteral("bytes_freed");
        QTest::newRow("migrate") << QStringLiteral("migrate") << QStringLiteral("to_version");
        QTest::newRow("health") << QStringLiteral("health") << QStringLiteral("score");
    }

    void maintenanceCommands()
    {
        QFETCH(QString, command);
        QFETCH(QString, key);
        const Run r = cli(with({ command, QStringLiteral("--json") }));
        QCOMPARE(r.code, 0);
        QVERIFY2(r.json().contains(key), r.out.constData());
    }

    void metricsText()
    {
        const Run r = cli(with({ QStringLiteral("metrics") }));
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("# TYPE backupdb_pool_acquire_seconds histogram"));
        QVERIFY(r.out.contains("backupdb_files 507"));
    }

    void serveMetricsOnLoopback()
    {
        QProcess server;
        server.setProgram(QStringLiteral(BACKUPDB_CLI));
        server.setArguments(with({ QStringLiteral("serve-metrics"), QStringLiteral("--port"),
                                   QStringLiteral("0") }));
        server.start();
        QVERIFY(server.waitForStarted());
        QByteArray banner;
        QTRY_VERIFY_WITH_TIMEOUT((banner += server.readAllStandardError()).contains("/metrics"),
                                 10000);
        const QString url = QString::fromUtf8(banner)
                                    .section(QStringLiteral("http://"), 1)
                                    .section(QLatin1Char('/'), 0, 0);
        QVERIFY2(url.startsWith(QLatin1String("127.0.0.1:")), qPrintable(url));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost,
                             quint16(url.section(QLatin1Char(':'), 1).toInt()));
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QByteArray reply;
        while (socket.waitForReadyRead(5000))
            reply += socket.readAll();
        QVERIFY(reply.startsWith("HTTP/1.1 200"));
        QVERIFY(reply.contains("backupdb_clients 10"));
        server.terminate(); // SIGTERM: a clean stop
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitCode(), 0);
        // A non-loopback address is refused unless allowed.
        const Run refused = cli(with({ QStringLiteral("serve-metrics"), QStringLiteral("--bind"),
                                       QStringLiteral("0.0.0.0") }));
        QCOMPARE(refused.code, 2);
    }

    void usageAndDatabaseErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("code");
        QTest::newRow("no command") << QStringList {} << 2;
        QTest::newRow("unknown command") << QStringList { QStringLiteral("frobnicate") } << 2;
        QTest::newRow("unknown option")
                << QStringList { QStringLiteral("stats"), QStringLiteral("--bogus") } << 2;
        QTest::newRow("not a number")
                << QStringList { QStringLiteral("demo"), QStringLiteral("--clients"),
                                 QStringLiteral("ten"), QStringLiteral("--files"),
                                 QStringLiteral("1") }
                << 2;
        QTest::newRow("negative") << QStringList {
            QStringLiteral("demo"), QStringLiteral("--clients"), QStringLiteral("-1"),
            QStringLiteral("--files"), QStringLiteral("1")
        } << 2;
        QTest::newRow("demo without counts") << QStringList { QStringLiteral("demo") } << 2;
        QTest::newRow("verify without file") << QStringList { QStringLiteral("verify") } << 2;
        QTest::newRow("restore without from")
                << QStringList { QStringLiteral("restore"), QStringLiteral("--yes") } << 2;
        QTest::newRow("stray argument")
                << QStringList { QStringLiteral("stats"), QStringLiteral("extra") } << 2;
        QTest::newRow("bad port") << QStringList {
            QStringLiteral("serve-metrics"), QStringLiteral("--port"), QStringLiteral("70000")
        } << 2;
    }

    void usageAndDatabaseErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, code);
        const QByteArray before = test::fileHash(m_db);
        const Run r = cli(with(arguments));
        QCOMPARE(r.code, code);
        QVERIFY(!r.err.trimmed().isEmpty());
        QCOMPARE(r.err.trimmed().count('\n'), 0); // one clear line
        QCOMPARE(test::fileHash(m_db), before);
    }

    void unusableDatabases_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("missing") << QStringLiteral("missing");
        QTest::newRow("text file") << QStringLiteral("text");
        QTest::newRow("folder") << QStringLiteral("folder");
    }

    void unusableDatabases()
    {
        QFETCH(QString, kind);
        QString path = m_dir.filePath(QStringLiteral("unusable-") + kind);
        if (kind == QLatin1String("text")) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("hello");
        } else if (kind == QLatin1String("folder")) {
            QDir().mkpath(path);
        }
        const Run r = cli({ QStringLiteral("--db"), path, QStringLiteral("stats") });
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains(path.toUtf8()));
    }

    void helpAndVersion()
    {
        Run r = cli({ QStringLiteral("--help") });
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("serve-metrics"));
        r = cli({ QStringLiteral("--version") });
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith("backupdb-cli "));
    }

    void configFileIsUsed()
    {
        const QString ini = m_dir.filePath(QStringLiteral("cfg.ini"));
        const QString folder = m_dir.filePath(QStringLiteral("configured-backups"));
        QFile f(ini);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("[backup]\nfolder=%1\n[pool]\ncoreSize=0\n").arg(folder).toUtf8());
        f.close();
        const Run r = cli(with({ QStringLiteral("--config"), ini, QStringLiteral("backup"),
                                 QStringLiteral("--json") }));
        QCOMPARE(r.code, 0);
        QVERIFY(r.json().value(QStringLiteral("path")).toString().startsWith(folder));
        QVERIFY(r.err.contains("coreSize")); // the bad value is reported, the old one kept
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
