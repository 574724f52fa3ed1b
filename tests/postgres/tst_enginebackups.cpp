// Backups through the backup service on both engines, data-driven: an SQLite file copy and a
// PostgreSQL dump (pg_dump, verified in a scratch database) are made, listed, verified and
// restored by the same calls, and the restore brings back the backup's rows while keeping what
// was recorded after it (audit entries) and the database's identity. A damaged backup is
// refused and changes nothing. The CLI does the same on PostgreSQL as a process.
#include "data/clientrepository.h"
#include "data/filerepository.h"
#include "data/statistics.h"
#include "db/engine.h"
#include "../core/repositoryfixtures.h"
#include "enginefixture.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace backupdb;
using namespace backupdb::test;

class tst_EngineBackups : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_pg.start(&error), qPrintable(error));
        QVERIFY(m_dir.isValid());
    }
    void init()
    {
        QString error;
        m_location = freshLocation(m_pg, m_dir, QStringLiteral("backups"), ++m_serial, &error);
        QVERIFY2(!m_location.isEmpty(), qPrintable(error));
        m_folder = m_dir.filePath(QStringLiteral("folder-%1").arg(++m_serial));
        m_session = openOrFail(options(m_location));
        QVERIFY(m_session);
    }
    void cleanup()
    {
        m_session.reset();
        m_pg.drop();
    }
    void cleanupTestCase() { m_pg.stop(); }

    void engines_data() { engineRows(); }

    void aRestoreBringsBackTheBackupAndKeepsLaterHistory_data() { engines_data(); }
    void aRestoreBringsBackTheBackupAndKeepsLaterHistory()
    {
        QFETCH(QString, engine);
        QCOMPARE(m_session->database().engine().name(), engine);
        addClientWithFiles(QStringLiteral("before-backup"), 3);

        auto made = m_session->backups().backup(m_folder);
        QVERIFY2(made, qPrintable(made.error().message()));
        QVERIFY(made->verified);
        QCOMPARE(made->verifyMessage, QStringLiteral("ok"));
        QCOMPARE(made->clients, 1);
        QCOMPARE(made->files, 3);
        QVERIFY(made->path.endsWith(m_session->database().engine().backupSuffix()));
        QCOMPARE(QFile::permissions(made->path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        // Nothing but the backup and its record is left in the folder.
        QCOMPARE(QDir(m_folder).entryList(QDir::Files | QDir::Hidden).size(), 2);
        auto listed = m_session->backups().list(m_folder);
        QVERIFY(listed);
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().path, made->path);
        QVERIFY(listed->first().isOfThisDatabase());
        QVERIFY(listed->first().verified);

        // After the backup: more rows, and an audit entry that must survive the restore.
        addClientWithFiles(QStringLiteral("after-backup"), 2);
        QVERIFY(!m_session->audit().record(QStringLiteral("after-the-backup"), {}));
        const QString identity = m_session->backups().databaseId();
        QVERIFY(!identity.isEmpty());

        auto safety = m_session->backups().restore(made->path, m_folder);
        QVERIFY2(safety, qPrintable(safety.error().message()));
        QVERIFY(safety->verified);
        QCOMPARE(safety->files, 5); // the state the restore replaced

        const auto counts = totals();
        QCOMPARE(counts.first, 1);
        QCOMPARE(counts.second, 3);
        QCOMPARE(m_session->backups().databaseId(), identity);
        QCOMPARE(auditCount(QStringLiteral("after-the-backup")), 1);
        QCOMPARE(auditCount(QStringLiteral("restore")), 1);
        // The trigger-kept statistics agree with the restored rows.
        auto stats = m_session->statistics().totals(CachePolicy::Bypass);
        QVERIFY2(stats, qPrintable(stats.error().message()));
        QCOMPARE(stats->files, 3);
        QCOMPARE(stats->clients, 1);
    }

    void aDamagedBackupIsRefusedAndChangesNothing_data() { engines_data(); }
    void aDamagedBackupIsRefusedAndChangesNothing()
    {
        addClientWithFiles(QStringLiteral("kept"), 4);
        auto made = m_session->backups().backup(m_folder);
        QVERIFY2(made, qPrintable(made.error().message()));
        addClientWithFiles(QStringLiteral("also-kept"), 1);
        // Cut the backup short: the end of its data is gone.
        {
            QFile f(made->path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.resize(f.size() / 2));
        }
        auto checked = m_session->backups().verify(made->path);
        QVERIFY2(checked, qPrintable(checked.error().message()));
        QVERIFY(!checked->verified);
        QVERIFY(checked->verifyMessage != QLatin1String("ok"));
        auto refused = m_session->backups().restore(made->path, m_folder);
        QVERIFY(!refused);
        const auto counts = totals();
        QCOMPARE(counts.first, 2);
        QCOMPARE(counts.second, 5);
        QCOMPARE(auditCount(QStringLiteral("restore")), 0);
    }

    // The CLI on PostgreSQL: backup, verify (which needs the server), restore --yes, each by
    // its exit code and JSON; a dump given without a server is a usage error.
    void theCliBacksUpVerifiesAndRestoresAPostgresDatabase()
    {
        const QString location = m_location;
        addClientWithFiles(QStringLiteral("cli"), 2);
        m_session.reset();
        auto made = cli({ QStringLiteral("--db"), location, QStringLiteral("backup"),
                          QStringLiteral("--out"), m_folder });
        QCOMPARE(made.first, 0);
        const QString dump = made.second.value(QStringLiteral("path")).toString();
        QVERIFY2(dump.endsWith(QLatin1String(".dump")), qPrintable(dump));
        QCOMPARE(made.second.value(QStringLiteral("verified")).toBool(), true);

        auto verified = cli({ QStringLiteral("--db"), location, QStringLiteral("verify"), dump });
        QCOMPARE(verified.first, 0);
        QCOMPARE(verified.second.value(QStringLiteral("integrity")).toString(), QStringLiteral("ok"));
        auto serverless = cli({ QStringLiteral("verify"), dump });
        QCOMPARE(serverless.first, 2);

        m_session = openOrFail(options(location));
        QVERIFY(m_session);
        addClientWithFiles(QStringLiteral("later"), 7);
        m_session.reset();
        auto restored = cli({ QStringLiteral("--db"), location, QStringLiteral("restore"),
                              QStringLiteral("--from"), dump, QStringLiteral("--yes") });
        QCOMPARE(restored.first, 0);
        auto stats = cli({ QStringLiteral("--db"), location, QStringLiteral("stats") });
        QCOMPARE(stats.first, 0);
        QCOMPARE(stats.second.value(QStringLiteral("files")).toInteger(), 2);
        QCOMPARE(stats.second.value(QStringLiteral("clients")).toInteger(), 1);
    }
    void theCliBacksUpVerifiesAndRestoresAPostgresDatabase_data()
    {
        QTest::addColumn<QString>("engine");
        QTest::newRow("PostgreSQL") << QStringLiteral("PostgreSQL");
    }

private:
    void addClientWithFiles(const QString &name, int files)
    {
        ClientRepository clients(m_session->database());
        FileRepository repository(m_session->database());
        auto c = clients.add(newClient(name));
        QVERIFY2(c, qPrintable(c.error().message()));
        for (int i = 0; i < files; ++i) {
            auto f = repository.add(newFile(c->id, QStringLiteral("%1-%2.bin").arg(name).arg(i),
                                            1000 + i, i % 2 == 0));
            QVERIFY2(f, qPrintable(f.error().message()));
        }
    }

    // Clients and files as counted row by row (not by the counters).
    QPair<qint64, qint64> totals()
    {
        QPair<qint64, qint64> n { -1, -1 };
        Database &db = m_session->database();
        const DbError e = db.read([&](ConnectionLease &lease) -> DbError {
            auto c = db.scalar(lease, QStringLiteral("SELECT COUNT(*) FROM clients"));
            auto f = db.scalar(lease, QStringLiteral("SELECT COUNT(*) FROM files"));
            if (!c || !f)
                return !c ? c.error() : f.error();
            n = { c->toLongLong(), f->toLongLong() };
            return DbError();
        });
        [&] { QVERIFY2(!e, qPrintable(e.message())); }();
        return n;
    }

    qint64 auditCount(const QString &action)
    {
        Database &db = m_session->database();
        auto n = db.read([&](ConnectionLease &lease) -> Result<QVariant> {
            return db.scalar(lease, QStringLiteral("SELECT COUNT(*) FROM bdba_audit WHERE action = ?"),
                             { action });
        });
        return n ? n->toLongLong() : -1;
    }

    QPair<int, QJsonObject> cli(QStringList arguments)
    {
        arguments.prepend(QStringLiteral("--json"));
        QProcess p;
        p.start(QStringLiteral(BACKUPDB_CLI), arguments);
        if (!p.waitForFinished(120000))
            return { -1, {} };
        return { p.exitCode(), QJsonDocument::fromJson(p.readAllStandardOutput()).object() };
    }

    PgTestDatabase m_pg;
    QTemporaryDir m_dir;
    QString m_location;
    QString m_folder;
    std::unique_ptr<Session> m_session;
    int m_serial = 0;
};

QTEST_GUILESS_MAIN(tst_EngineBackups)
#include "tst_enginebackups.moc"
