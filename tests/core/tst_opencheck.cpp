// The checks of the open: a damaged file is reported, not opened as if whole; and the GUI's
// open, whose checks run behind it, holds every write until the damage check's verdict.
#include "maintenancefixture.h"
#include "testsupport.h"

#include <QFile>
#include <QTest>
#include <atomic>
#include <thread>

using namespace backupdb;

class tst_OpenCheck : public QObject
{
    Q_OBJECT

private slots:
    void damagedFileIsReported_data();
    void damagedFileIsReported();
    void deferredOpenChecks();

private:
    const test::MaintenanceFixture m_fixture { test::MaintenanceFixture::QuickCheck::Skipped };
};

void tst_OpenCheck::damagedFileIsReported_data()
{
    QTest::addColumn<double>("where"); // share of the file where the damage starts
    QTest::addColumn<int>("pages");
    QTest::newRow("one page in the middle") << 0.5 << 1;
    QTest::newRow("three pages at two thirds") << 0.66 << 3;
    QTest::newRow("the last page") << 1.0 << 1;
}

void tst_OpenCheck::damagedFileIsReported()
{
    QFETCH(double, where);
    QFETCH(int, pages);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString original = dir.filePath(QStringLiteral("original.db"));
    {
        auto session = m_fixture.demoSession(original, 20, 4000);
        QVERIFY(session);
    }
    const QString damaged = dir.filePath(QStringLiteral("damaged.db"));
    QVERIFY(!QFileInfo::exists(original + QStringLiteral("-wal"))
            || QFileInfo(original + QStringLiteral("-wal")).size() == 0);
    QVERIFY(QFile::copy(original, damaged));
    QFile::setPermissions(damaged, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QVERIFY(test::damagePages(damaged, where, pages));

    test::MessageCatcher catcher;
    auto opened = Session::open(test::options(damaged));
    if (!opened) {
        // Refusing to open is a fine answer too, as long as it says why.
        QVERIFY(opened.error().kind() == DbError::Kind::Corrupt);
        QVERIFY(!opened.error().message().isEmpty());
        return;
    }
    Session &session = *opened.value();
    auto onOpen = session.integrity().lastReport();
    QVERIFY2(onOpen, qPrintable(catcher.messages().join(QLatin1Char('\n'))));
    QVERIFY(!onOpen->ok());
    QVERIFY(onOpen->integrityMessages != QStringList { QStringLiteral("ok") });
    QVERIFY(test::findingOf(onOpen.value(), QStringLiteral("integrity")));
    QVERIFY2(catcher.count(QStringLiteral("backupdb.integrity")) > 0,
             qPrintable(catcher.messages().join(QLatin1Char('\n'))));

    auto full = session.integrity().check(IntegrityReport::Depth::Full);
    QVERIFY2(full, qPrintable(full.error().message()));
    QVERIFY(!full->ok());
    const IntegrityFinding *f = test::findingOf(full.value(), QStringLiteral("integrity"));
    QVERIFY(f);
    QCOMPARE(f->severity, IntegrityFinding::Severity::Error);
    QVERIFY(f->count > 0);
}

// The checks of an open deferred to the first current() (the GUI's open, issue 13): nothing
// is checked at the open, writes wait for the damage check's verdict, a damaged file is then
// refused every write and stays byte for byte as it was; a file that needs migrations is
// checked at the open as before.
void tst_OpenCheck::deferredOpenChecks()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString healthy = dir.filePath(QStringLiteral("healthy.db"));
    {
        auto session = m_fixture.demoSession(healthy, 20, 4000);
        QVERIFY(session);
    }
    const QString damaged = dir.filePath(QStringLiteral("damaged.db"));
    QVERIFY(QFile::copy(healthy, damaged));
    QFile::setPermissions(damaged, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QVERIFY(test::damagePages(damaged, 0.5, 2));

    SessionOptions options = test::options(healthy);
    options.quickCheckOnOpen = true;
    options.deferOpenChecks = true;
    {
        auto opened = Session::open(options);
        QVERIFY2(opened, qPrintable(opened.error().message()));
        Session &session = *opened.value();
        QVERIFY(!session.integrity().lastReport());
        QVERIFY(session.integrity().openCheckPending());
        QVERIFY(session.database().writesHeld());
        std::atomic<bool> written { false };
        DbError writeResult;
        std::thread writer([&] {
            writeResult = session.audit().record(QStringLiteral("deferred"), {});
            written = true;
        });
        QTest::qWait(200);
        const bool wroteBeforeTheCheck = written.load();
        auto report = session.integrity().current();
        writer.join();
        QVERIFY2(!wroteBeforeTheCheck, "a write went ahead of the damage check");
        QVERIFY2(report, qPrintable(report.error().message()));
        QVERIFY(report->ok());
        QVERIFY2(!writeResult, qPrintable(writeResult.message()));
        QVERIFY(!session.isDamaged());
        QVERIFY(!session.integrity().openCheckPending());
    }

    const QByteArray before = test::sha256Of(damaged);
    options.path = damaged;
    {
        auto opened = Session::open(options);
        QVERIFY2(opened, qPrintable(opened.error().message()));
        Session &session = *opened.value();
        QVERIFY(!session.integrity().lastReport()); // deferred on the damaged file too
        auto report = session.integrity().current();
        QVERIFY2(report, qPrintable(report.error().message()));
        QVERIFY(!report->ok());
        QVERIFY(test::findingOf(report.value(), QStringLiteral("integrity")));
        QVERIFY(session.isDamaged());
        QCOMPARE(session.audit().record(QStringLiteral("deferred"), {}).kind(),
                 DbError::Kind::Refused);
        QCOMPARE(session.database().checkDestructive(QStringLiteral("clean-up")).kind(),
                 DbError::Kind::Refused);
    }
    QCOMPARE(test::sha256Of(damaged), before);

    // The server's own file, never migrated: checked at the open, as before.
    const QString original = dir.filePath(QStringLiteral("original.db"));
    test::writeOriginalDatabase(original, 3, 20, 2);
    options.path = original;
    auto opened = Session::open(options);
    QVERIFY2(opened, qPrintable(opened.error().message()));
    QVERIFY(opened.value()->integrity().lastReport());
    QVERIFY(!opened.value()->integrity().openCheckPending());
}

QTEST_GUILESS_MAIN(tst_OpenCheck)
#include "tst_opencheck.moc"
