// Bulk imports on both engines, data-driven: a batch large enough for the engine's import
// without the per-row counting triggers keeps the counters and every client's totals equal to
// a count of the tables (skipped rows, a cancelled import, the triggers counting again after
// it), the server's older date forms are written and read back as the same instants; a role
// that does not own the tables imports counted; the demo's orphans only where the engine lets
// them be written.
#include "data/bulkinserter.h"
#include "data/clientrepository.h"
#include "data/database.h"
#include "data/filerepository.h"
#include "data/statistics.h"
#include "data/timestamps.h"
#include "demo/demogenerator.h"
#include "../core/repositoryfixtures.h"
#include "enginefixture.h"
#include "testsupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace backupdb;
using namespace backupdb::test;

namespace {

ClientRecord client(const QString &name)
{
    return newClient(name);
}

FileRecord file(const QByteArray &clientId, const QString &name, std::optional<qint64> size,
                bool verified)
{
    return newFile(clientId, name, size, verified);
}

} // namespace

class tst_EngineBulk : public QObject
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
        const QString location
                = freshLocation(m_pg, m_dir, QStringLiteral("bulk"), ++m_serial, &error);
        QVERIFY2(!location.isEmpty(), qPrintable(error));
        m_session = openOrFail(options(location));
        QVERIFY(m_session);
        m_db = &m_session->database();
    }
    void cleanup()
    {
        m_db = nullptr;
        m_session.reset();
        m_pg.drop();
    }
    void cleanupTestCase() { m_pg.stop(); }

    void engines_data() { engineRows(); }

    // A bulk import large enough for the engine's path without the per-row counting triggers
    // (PostgreSQL from 1,000 files; SQLite's path starts at 20,000 and is tst_bulkinsert's):
    // the counters and each client's totals equal a count of the tables afterwards; the triggers
    // count again after it, and after an import that was cancelled half-way (rolled back with
    // everything it switched off). The clients' dates in the server's older forms are written
    // and read back as the same instants.
    void aBulkImportKeepsTheCountersAndTheDates_data() { engines_data(); }
    void aBulkImportKeepsTheCountersAndTheDates()
    {
        QFETCH(QString, engine);
        BulkInserter bulk(*m_db);
        const QStringList forms { QStringLiteral("2025-03-04T05:06:07+00:00Z"),
                                  QStringLiteral("Fri Jan 10 09:06:40 2025"),
                                  QStringLiteral("2025-02-01 10:00:00"),
                                  QStringLiteral("2025-01-10T12:00:00Z") };
        QList<ClientRecord> people;
        for (int i = 0; i < forms.size(); ++i) {
            ClientRecord c = client(QStringLiteral("bulk-%1").arg(i));
            c.id = QByteArray(15, '\x10') + char(i + 1);
            c.lastSeen = forms.at(i);
            people.append(c);
        }
        auto added = bulk.insertClients(people);
        QVERIFY2(added, qPrintable(added.error().message()));
        QCOMPARE(added->inserted, forms.size());
        ClientRepository clients(*m_db);
        for (const ClientRecord &c : std::as_const(people)) {
            auto read = clients.get(c.id);
            QVERIFY2(read && read->has_value(), "an imported client is not found");
            QCOMPARE(timestamps::parse(read->value().lastSeen), timestamps::parse(c.lastSeen));
        }

        const auto files = [&](int from, int count) {
            QList<FileRecord> batch;
            for (int i = from; i < from + count; ++i) {
                FileRecord f = file(people.at(i % people.size()).id,
                                    QStringLiteral("bulk-%1").arg(i),
                                    i % 7 == 0 ? std::nullopt : std::optional<qint64>(i),
                                    i % 3 == 0);
                f.id = QByteArray::number(1000000 + i).rightJustified(16, '0');
                f.modificationDate = forms.at(i % forms.size());
                batch.append(f);
            }
            return batch;
        };
        StatisticsService stats(*m_db, Milliseconds(0));
        // The counters against the tables, and each client's totals against a GROUP BY of
        // the files (not against bdba_client_totals through another call).
        const auto countersAreExact = [&](qint64 expectedFiles) {
            auto counted = stats.totals(CachePolicy::Bypass);
            auto exact = stats.countExactly();
            auto perClient = stats.perClient();
            if (!counted || !exact || !perClient)
                return QStringLiteral("statistics failed");
            if (counted->files != expectedFiles || exact->files != expectedFiles
                || counted->totalSizeBytes != exact->totalSizeBytes
                || counted->verifiedFiles != exact->verifiedFiles
                || counted->sizedFiles != exact->sizedFiles)
                return QStringLiteral("counters %1 files, %2 bytes, %3 verified, %4 sized; "
                                      "the tables %5, %6, %7, %8")
                        .arg(counted->files).arg(counted->totalSizeBytes)
                        .arg(counted->verifiedFiles).arg(counted->sizedFiles)
                        .arg(exact->files).arg(exact->totalSizeBytes)
                        .arg(exact->verifiedFiles).arg(exact->sizedFiles);
            QMap<QByteArray, QList<qint64>> kept, scanned;
            for (const ClientTotals &t : perClient.value())
                kept[t.clientId] = { t.files, t.totalSizeBytes, t.verifiedFiles };
            const QString byClient = QStringLiteral(
                    "SELECT ClientID, COUNT(*), COALESCE(SUM(FileSize), 0), %1 FROM files "
                    "GROUP BY ClientID").arg(m_db->engine().dialect().countTrue.arg(
                    QStringLiteral("Verified")));
            DbError e = m_db->read([&](ConnectionLease &lease) {
                return m_db->forEachRow(lease, byClient, {}, [&](const QSqlQuery &q) {
                    scanned[q.value(0).toByteArray()] = { q.value(1).toLongLong(),
                                                          q.value(2).toLongLong(),
                                                          q.value(3).toLongLong() };
                });
            });
            if (e)
                return e.message();
            return kept == scanned ? QString()
                                   : QStringLiteral("the client totals differ from the files");
        };

        auto imported = bulk.insertFiles(files(0, 2500));
        QVERIFY2(imported, qPrintable(imported.error().message()));
        QCOMPARE(imported->inserted, 2500);
        QString wrong = countersAreExact(2500);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));

        // Half of a batch already there: those rows are skipped (ON CONFLICT DO NOTHING /
        // OR IGNORE) and not counted.
        auto overlapping = bulk.insertFiles(files(1500, 2000));
        QVERIFY2(overlapping, qPrintable(overlapping.error().message()));
        QCOMPARE(overlapping->inserted, 1000);
        QCOMPARE(overlapping->skipped, 1000);
        wrong = countersAreExact(3500);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));

        // Cancelled (the flag set before its first row): nothing written, and the trigger it
        // switched off is on again with the rollback.
        CancelFlag cancel { false };
        QList<FileRecord> cancelled = files(3500, 3000);
        cancel.store(true);
        auto stopped = bulk.insertFiles(cancelled, &cancel);
        QVERIFY(!stopped);
        QCOMPARE(stopped.error().kind(), DbError::Kind::Cancelled);

        FileRepository single(*m_db);
        auto one = single.add(file(people.first().id, QStringLiteral("after"), 5, true));
        QVERIFY2(one, qPrintable(one.error().message()));
        wrong = countersAreExact(3501);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        auto gone = single.remove(one->clientId, one->id);
        QVERIFY2(gone, qPrintable(gone.error().message()));
        wrong = countersAreExact(3500);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        if (engine == QLatin1String("PostgreSQL"))
            QVERIFY(m_db->engine().capabilities().uncountedImportFrom <= 2500);
    }

    // The demo's orphaned file records need writes with the foreign keys off: SQLite writes
    // them (as the original server left them); PostgreSQL refuses before anything is written.
    void demoOrphansOnlyWhereTheEngineAllowsThem_data() { engines_data(); }
    void demoOrphansOnlyWhereTheEngineAllowsThem()
    {
        QFETCH(QString, engine);
        DemoOptions demo;
        demo.clients = 3;
        demo.files = 20;
        demo.orphans = 2;
        auto written = demo::populate(*m_db, demo);
        StatisticsService stats(*m_db, Milliseconds(0));
        auto exact = stats.countExactly();
        QVERIFY(exact);
        if (engine == QLatin1String("SQLite")) {
            QVERIFY2(written, qPrintable(written.error().message()));
            QCOMPARE(written->orphansAdded, 2);
            QCOMPARE(exact->files, 22);
        } else {
            QVERIFY(!written);
            QCOMPARE(written.error().kind(), DbError::Kind::InvalidInput);
            QVERIFY2(written.error().message().contains(QLatin1String("nothing was written")),
                     qPrintable(written.error().message()));
            QCOMPARE(exact->clients, 0);
            QCOMPARE(exact->files, 0);
        }
    }

    // A role that may read and write the tables but does not own them cannot switch the
    // counting trigger off: its large imports run counted, and the counters stay exact.
    void aLargeImportByARoleThatDoesNotOwnTheTables()
    {
        QString error;
        QVERIFY2(m_pg.createMigrated(&error), qPrintable(error));
        QSqlQuery admin(m_pg.main());
        for (const QString &sql :
             { QStringLiteral("DROP ROLE IF EXISTS bdba_writer_only"),
               QStringLiteral("CREATE ROLE bdba_writer_only LOGIN"),
               QStringLiteral("GRANT USAGE ON SCHEMA public TO bdba_writer_only"),
               QStringLiteral("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                              "public TO bdba_writer_only"),
               QStringLiteral("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "
                              "bdba_writer_only") })
            QVERIFY2(admin.exec(sql), qPrintable(admin.lastError().text()));
        PoolConfig config;
        config.databasePath = QStringLiteral("host=%1 port=%2 user=bdba_writer_only dbname=%3")
                                      .arg(m_pg.cluster().host())
                                      .arg(m_pg.cluster().port())
                                      .arg(m_pg.name());
        config.name = QStringLiteral("writer-only");
        config.housekeepingInterval = Milliseconds(0);
        {
            Database db(config, QueryPolicy {});
            QVERIFY(!db.start());
            DemoOptions demo;
            demo.clients = 4;
            demo.files = 1500;
            demo.batchSize = 1500; // one batch, large enough for the uncounted path
            auto written = demo::populate(db, demo);
            QVERIFY2(written, qPrintable(written.error().message()));
            QCOMPARE(written->filesAdded, 1500);
            StatisticsService stats(db, Milliseconds(0));
            auto counted = stats.totals(CachePolicy::Bypass);
            auto exact = stats.countExactly();
            QVERIFY(counted && exact);
            QCOMPARE(counted.value(), exact.value());
            QCOMPARE(counted->files, 1500);
        }
        QVERIFY(admin.exec(QStringLiteral("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "
                                          "bdba_writer_only")));
        QVERIFY(admin.exec(QStringLiteral("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM "
                                          "bdba_writer_only")));
        QVERIFY(admin.exec(QStringLiteral("REVOKE ALL ON SCHEMA public FROM bdba_writer_only")));
    }

private:
    PgTestDatabase m_pg;
    QTemporaryDir m_dir;
    std::unique_ptr<Session> m_session;
    Database *m_db = nullptr;
    int m_serial = 0;
};

QTEST_GUILESS_MAIN(tst_EngineBulk)
#include "tst_enginebulk.moc"
