#include "testsupport.h"

#include "db/sqlitenative.h"
#include "demo/demogenerator.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTest>
#include <sqlite3.h>

namespace backupdb::test {

QString originalServerSchema()
{
    return QStringLiteral(R"(
CREATE TABLE IF NOT EXISTS clients (
    ID BLOB(16) PRIMARY KEY,
    Name VARCHAR(255) UNIQUE NOT NULL,
    PublicKey BLOB(160),
    LastSeen TEXT NOT NULL,
    AESKey BLOB(32)
);
CREATE TABLE IF NOT EXISTS files (
    ID BLOB(16) PRIMARY KEY,
    FileName VARCHAR(255) NOT NULL,
    PathName VARCHAR(255) NOT NULL,
    Verified BOOLEAN DEFAULT 0,
    FileSize INTEGER,
    ModificationDate TEXT,
    CRC INTEGER,
    ClientID BLOB(16) NOT NULL,
    FOREIGN KEY (ClientID) REFERENCES clients(ID) ON DELETE CASCADE
);
)");
}

void writeOriginalDatabase(const QString &path, int clients, int filesPerClient, int orphans)
{
    auto opened = sqlite::openNative(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                     Milliseconds(2000));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message()));
    sqlite3 *h = opened.value();
    QVERIFY(!sqlite::exec(
            h, originalServerSchema() + QStringLiteral("; PRAGMA foreign_keys = OFF; BEGIN")));
    DemoGenerator gen(7);
    auto client = sqlite::Statement::prepare(
            h, QStringLiteral("INSERT INTO clients VALUES (?, ?, ?, ?, ?)"));
    auto file = sqlite::Statement::prepare(
            h, QStringLiteral("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    QVERIFY(client.ok() && file.ok());
    auto writeFile = [&](const FileRecord &f) {
        file->bindBlob(1, f.id);
        file->bindText(2, f.fileName);
        file->bindText(3, f.pathName);
        file->bindInt(4, f.verified);
        file->bindInt(5, *f.fileSize);
        file->bindText(6, f.modificationDate);
        file->bindInt(7, *f.crc);
        file->bindBlob(8, f.clientId);
        QCOMPARE(file->step(), SQLITE_DONE);
        file->reset();
    };
    qint64 fileIndex = 0;
    for (int c = 0; c < clients; ++c) {
        const ClientRecord r = gen.client(c);
        client->bindBlob(1, r.id);
        client->bindText(2, r.name);
        client->bindBlob(3, r.publicKey);
        client->bindText(4, r.lastSeen);
        client->bindBlob(5, r.aesKey);
        QCOMPARE(client->step(), SQLITE_DONE);
        client->reset();
        for (int f = 0; f < filesPerClient; ++f)
            writeFile(gen.file(fileIndex++, r.id));
    }
    for (int o = 0; o < orphans; ++o)
        writeFile(gen.orphan(o));
    client = sqlite::Statement();
    file = sqlite::Statement();
    QVERIFY(!sqlite::exec(h, QStringLiteral("COMMIT")));
    sqlite::closeNative(h);
}

SessionOptions options(const QString &path)
{
    SessionOptions o;
    o.path = path;
    o.mode = OpenMode::CreateIfMissing;
    o.pool.coreSize = 2;
    o.pool.maxOverflow = 2;
    o.pool.acquireTimeout = Milliseconds(2000);
    o.pool.housekeepingInterval = Milliseconds(0);
    o.pool.cacheSizeKiB = 4096;
    return o;
}

std::unique_ptr<Session> openOrFail(const SessionOptions &o)
{
    auto session = Session::open(o);
    if (!session) {
        qWarning("opening %s failed: %s", qPrintable(o.path),
                 qPrintable(session.error().message()));
        return nullptr;
    }
    return std::move(session.value());
}

QByteArray fileHash(const QString &path)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &p : { path, path + QStringLiteral("-wal") }) {
        QFile f(p);
        if (f.open(QIODevice::ReadOnly))
            hash.addData(&f);
        hash.addData("|");
    }
    return hash.result().toHex();
}

namespace {
std::mutex g_catcherMutex;
QStringList g_messages;
} // namespace

MessageCatcher::MessageCatcher()
{
    std::lock_guard lock(g_catcherMutex);
    g_messages.clear();
    m_previous = qInstallMessageHandler(&MessageCatcher::handler);
}

MessageCatcher::~MessageCatcher()
{
    qInstallMessageHandler(m_previous);
}

void MessageCatcher::handler(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    std::lock_guard lock(g_catcherMutex);
    g_messages.append(QStringLiteral("[%1] %2").arg(
            QString::fromUtf8(context.category ? context.category : ""), message));
}

QStringList MessageCatcher::messages() const
{
    std::lock_guard lock(g_catcherMutex);
    return g_messages;
}

int MessageCatcher::count(const QString &needle) const
{
    std::lock_guard lock(g_catcherMutex);
    int n = 0;
    for (const QString &m : g_messages)
        n += m.contains(needle) ? 1 : 0;
    return n;
}

} // namespace backupdb::test
