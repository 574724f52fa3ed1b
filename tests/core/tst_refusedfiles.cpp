// Opening files that must be refused (G6): a newer schema and files that are not usable
// databases (not SQLite, damaged, a folder, read-only, missing with OpenExisting, ...) are refused
// with a clear error and left byte-for-byte as they were. Migrations: tst_migration.
#include "nativeconnection.h"
#include "schema/migrator.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace backupdb;

Q_DECLARE_METATYPE(backupdb::OpenMode)
Q_DECLARE_METATYPE(QList<backupdb::DbError::Kind>)

namespace {

QStringList folderListing(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                                  QDir::Name);
}

} // namespace

class tst_RefusedFiles : public QObject
{
    Q_OBJECT

private slots:
    void newerSchemaIsRefusedUntouched();
    void unusableFilesAreRefusedUntouched_data();
    void unusableFilesAreRefusedUntouched();
};

void tst_RefusedFiles::newerSchemaIsRefusedUntouched()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("newer.db"));
    test::writeOriginalDatabase(path, 3, 2, 0);
    if (QTest::currentTestFailed())
        return;
    {
        auto session = test::openOrFail(test::options(path));
        QVERIFY(session);
    }
    test::execNative(
            path,
            QStringLiteral("INSERT INTO bdba_schema_version (version, description, applied_at) "
                           "VALUES (1000, 'from the future', '2030-01-01T00:00:00Z')"));
    const QByteArray hashBefore = test::fileHash(path);
    const QStringList listingBefore = folderListing(dir.path());

    auto opened = Session::open(test::options(path));
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind(), DbError::Kind::SchemaTooNew);
    QVERIFY2(opened.error().message().contains(QLatin1String("1000")),
             qPrintable(opened.error().message()));
    QCOMPARE(test::fileHash(path), hashBefore);
    QCOMPARE(folderListing(dir.path()), listingBefore); // no backup taken, nothing left behind

    auto direct = Migrator().migrate(path);
    QVERIFY(!direct.ok());
    QCOMPARE(direct.error().kind(), DbError::Kind::SchemaTooNew);
    QCOMPARE(test::fileHash(path), hashBefore);
}

void tst_RefusedFiles::unusableFilesAreRefusedUntouched_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<OpenMode>("mode");
    QTest::addColumn<QList<DbError::Kind>>("expected");
    QTest::addColumn<bool>("checkFileCatches"); // Session::checkFile alone already refuses it

    using K = DbError::Kind;
    QTest::newRow("text file") << QStringLiteral("text") << OpenMode::CreateIfMissing
                               << QList<K> { K::NotADatabase } << true;
    QTest::newRow("empty path") << QStringLiteral("empty path") << OpenMode::CreateIfMissing
                                << QList<K> { K::InvalidInput } << true;
    QTest::newRow("blank path") << QStringLiteral("blank path") << OpenMode::CreateIfMissing
                                << QList<K> { K::InvalidInput } << true;
    QTest::newRow("folder") << QStringLiteral("folder") << OpenMode::CreateIfMissing
                            << QList<K> { K::CannotOpen } << true;
    QTest::newRow("missing file") << QStringLiteral("missing") << OpenMode::OpenExisting
                                  << QList<K> { K::CannotOpen } << true;
    QTest::newRow("missing folder") << QStringLiteral("missing folder") << OpenMode::CreateIfMissing
                                    << QList<K> { K::CannotOpen } << true;
    QTest::newRow("truncated database") << QStringLiteral("truncated") << OpenMode::OpenExisting
                                        << QList<K> { K::Corrupt, K::NotADatabase } << false;
    QTest::newRow("header then garbage") << QStringLiteral("garbage") << OpenMode::OpenExisting
                                         << QList<K> { K::Corrupt, K::NotADatabase } << false;
    QTest::newRow("read-only file") << QStringLiteral("read-only") << OpenMode::OpenExisting
                                    << QList<K> { K::ReadOnly } << true;
}

void tst_RefusedFiles::unusableFilesAreRefusedUntouched()
{
    QFETCH(QString, kind);
    QFETCH(OpenMode, mode);
    QFETCH(QList<DbError::Kind>, expected);
    QFETCH(bool, checkFileCatches);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString path = dir.filePath(QStringLiteral("target.db"));
    if (kind == QLatin1String("text")) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("this is a list of files, not a database\n").repeated(50));
    } else if (kind == QLatin1String("empty path")) {
        path.clear();
    } else if (kind == QLatin1String("blank path")) {
        path = QStringLiteral("   ");
    } else if (kind == QLatin1String("folder")) {
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("target.db")));
    } else if (kind == QLatin1String("missing")) {
        // nothing there
    } else if (kind == QLatin1String("missing folder")) {
        path = dir.filePath(QStringLiteral("no/such/folder/target.db"));
    } else if (kind == QLatin1String("truncated") || kind == QLatin1String("garbage")) {
        const QString real = dir.filePath(QStringLiteral("real.db"));
        test::writeOriginalDatabase(real, 20, 20, 0);
        QFile in(real);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray bytes = in.readAll();
        QVERIFY(bytes.size() > 8192);
        if (kind == QLatin1String("truncated")) {
            bytes.truncate(100);
        } else {
            for (qsizetype i = 100; i < bytes.size(); ++i)
                bytes[i] = char((i * 7919) & 0xff);
        }
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes);
    } else if (kind == QLatin1String("read-only")) {
        test::writeOriginalDatabase(path, 3, 2, 0);
        QVERIFY(QFile::setPermissions(
                path, QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    } else {
        QFAIL("unknown case");
    }
    if (QTest::currentTestFailed())
        return;

    const QByteArray hashBefore = path.trimmed().isEmpty() ? QByteArray() : test::fileHash(path);
    const QStringList listingBefore = folderListing(dir.path());

    const DbError checked = Session::checkFile(path, mode);
    if (checkFileCatches) {
        QVERIFY2(checked.isError(), qPrintable(kind));
        QVERIFY2(expected.contains(checked.kind()), qPrintable(DbError::kindName(checked.kind())));
    }

    SessionOptions options = test::options(path);
    options.mode = mode;
    auto opened = Session::open(options);
    QVERIFY2(!opened.ok(), qPrintable(kind));
    const DbError &error = opened.error();
    QVERIFY2(expected.contains(error.kind()),
             qPrintable(DbError::kindName(error.kind()) + QLatin1String(": ") + error.message()));
    QVERIFY(!error.message().trimmed().isEmpty());
    if (!path.trimmed().isEmpty() && kind != QLatin1String("folder")) // the message says which file
        QVERIFY2(error.message().contains(kind == QLatin1String("missing folder")
                                                  ? QFileInfo(path).absolutePath()
                                                  : QFileInfo(path).fileName()),
                 qPrintable(error.message()));
    if (checkFileCatches)
        QCOMPARE(error.kind(), checked.kind());

    if (!path.trimmed().isEmpty())
        QCOMPARE(test::fileHash(path), hashBefore);
    QCOMPARE(folderListing(dir.path()), listingBefore); // no backup, no -wal/-shm, no new file
    if (kind == QLatin1String("missing folder"))
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("no"))));
}

QTEST_GUILESS_MAIN(tst_RefusedFiles)
#include "tst_refusedfiles.moc"
