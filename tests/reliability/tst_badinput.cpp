// Bad input battery: hundreds of malformed values through the core API (validation, the
// repositories, the bulk inserter, identifiers, Session::open) and through the CLI process.
// Each case must end in a clear error (the expected kind, the message naming the field or the
// file), no crash, and the database file's bytes unchanged (SHA-256 of the file and its -wal).
// The case tables build many tags from literals; plain "..." + QString keeps them readable.
#undef QT_NO_CAST_FROM_ASCII
#include "badinputcases.h"
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

using namespace badinput;

namespace {

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