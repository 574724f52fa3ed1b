// Busy storm: another process (backupdb_lockholder) takes the write lock in bursts while this
// one adds file records through the core with a small busy timeout and retry budget. Each add
// either succeeds or fails with the clear "gave up" Busy error; afterwards the table holds
// exactly the successful rows (none lost, none duplicated, no failed one written).
#include "reliability.h"
#include "testsupport.h"

#include <QSet>
#include <QTest>

using namespace backupdb;

class tst_BusyStorm : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void writesDuringLockBursts()
    {
        const QString path = m_dir.filePath(QStringLiteral("storm.db"));
        SessionOptions o = test::options(path);
        o.pool.busyTimeout = Milliseconds(10);
        o.query.retry.maxAttempts = 4;
        o.query.retry.initialDelay = Milliseconds(5);
        o.query.retry.maxDelay = Milliseconds(20);
        o.query.retry.maxTotal = Milliseconds(60);
        auto session = test::openOrFail(o);
        QVERIFY(session);
        auto client = session->clients().add(reliability::testClient(QStringLiteral("storm")));
        QVERIFY2(client.ok(), qPrintable(client.error().message()));
        const QByteArray clientId = client->id;

        // Bursts of 150 ms (longer than the whole retry budget) with 40 ms pauses.
        const int bursts = int(reliability::count(25, 300));
        QProcess holder;
        holder.start(
                QStringLiteral(BACKUPDB_LOCKHOLDER),
                { path, QStringLiteral("150"), QStringLiteral("40"), QString::number(bursts) });
        QVERIFY(reliability::waitForLine(holder, "locked 1"));

        qint64 attempts = 0, successes = 0, busy = 0, other = 0, unclear = 0;
        QSet<QByteArray> written;
        QString firstBusy;
        while (holder.state() != QProcess::NotRunning) {
            auto r = session->files().add(reliability::numberedFile(clientId, attempts++));
            if (r.ok()) {
                ++successes;
                written.insert(r->id);
            } else if (r.error().kind() == DbError::Kind::Busy) {
                ++busy;
                if (firstBusy.isEmpty())
                    firstBusy = r.error().message();
                if (!r.error().message().contains(QStringLiteral("gave up")))
                    ++unclear;
            } else {
                ++other;
                qWarning("unexpected error: %s", qPrintable(r.error().message()));
            }
            holder.waitForFinished(0); // lets QProcess notice the end
        }
        QCOMPARE(holder.exitCode(), 0);

        auto rows = session->files().listForClient(clientId);
        QVERIFY2(rows.ok(), qPrintable(rows.error().message()));
        QSet<QByteArray> stored;
        for (const FileRecord &f : rows.value())
            stored.insert(f.id);
        auto totals = session->statistics().totals(CachePolicy::Bypass);
        auto exact = session->statistics().countExactly();
        QVERIFY(totals.ok() && exact.ok());

        qInfo("RELIABILITY busy_storm bursts=%d attempts=%lld successes=%lld busy_failures=%lld "
              "other_failures=%lld rows=%lld",
              bursts, attempts, successes, busy, other, qint64(rows->size()));
        qInfo("first Busy error: %s", qPrintable(firstBusy));

        QCOMPARE(other, 0);
        QCOMPARE(unclear, 0);
        QVERIFY2(busy > 0, "the lock bursts never made a write give up: the storm did nothing");
        QVERIFY2(successes > 0, "no write got through between the bursts");
        QCOMPARE(qint64(rows->size()), successes); // none lost, none duplicated
        QCOMPARE(stored, written);
        QCOMPARE(totals->files, successes);
        QCOMPARE(exact->files, successes);
    }
};

QTEST_GUILESS_MAIN(tst_BusyStorm)
#include "tst_busystorm.moc"
