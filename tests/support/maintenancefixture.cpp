#include "maintenancefixture.h"

#include "demo/demogenerator.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>
#include <algorithm>

namespace backupdb::test {

SessionOptions MaintenanceFixture::options(const QString &path) const
{
    SessionOptions o = test::options(path);
    o.quickCheckOnOpen = m_quickCheck == QuickCheck::OnOpen;
    return o;
}

std::unique_ptr<Session> MaintenanceFixture::demoSession(const QString &path, qint64 clients,
                                                         qint64 files, qint64 orphans) const
{
    auto session = openOrFail(options(path));
    if (!session)
        return nullptr;
    DemoOptions demo;
    demo.clients = clients;
    demo.files = files;
    demo.orphans = orphans;
    auto populated = demo::populate(session->database(), demo);
    if (!populated) {
        qWarning("demo data: %s", qPrintable(populated.error().message()));
        return nullptr;
    }
    return session;
}

std::unique_ptr<Session> MaintenanceFixture::serverSession(const QString &path, int clients,
                                                           int filesPerClient, int orphans) const
{
    writeOriginalDatabase(path, clients, filesPerClient, orphans);
    if (QTest::currentTestFailed())
        return nullptr;
    return openOrFail(options(path));
}

QStringList entriesIn(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System
                                  | QDir::NoDotAndDotDot);
}

qint64 countFiles(Session &session)
{
    return session.database()
            .read([&](ConnectionLease &lease) -> Result<qint64> {
                auto v = session.database().scalar(lease,
                                                   QStringLiteral("SELECT COUNT(*) FROM files"));
                if (!v)
                    return v.error();
                return v->toLongLong();
            })
            .valueOr(-1);
}

QList<AuditEntry> auditEntries(Session &session, const QString &action)
{
    AuditQuery query;
    query.action = action;
    query.limit = 100000;
    auto entries = session.audit().entries(query);
    if (!entries) {
        qWarning("%s", qPrintable(entries.error().message()));
        return {};
    }
    return entries.value();
}

QJsonObject detailsOf(const AuditEntry &entry)
{
    return QJsonDocument::fromJson(entry.details.toUtf8()).object();
}

const IntegrityFinding *findingOf(const IntegrityReport &report, const QString &kind)
{
    for (const IntegrityFinding &f : report.findings)
        if (f.kind == kind)
            return &f;
    return nullptr;
}

bool damagePages(const QString &path, double where, int pages)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite))
        return false;
    const qint64 pageSize = 4096;
    const qint64 pageCount = f.size() / pageSize;
    if (pageCount <= 20)
        return false;
    const qint64 first = std::min(pageCount - pages, qint64(double(pageCount) * where));
    if (!f.seek(first * pageSize))
        return false;
    QByteArray garbage(int(pageSize * pages), '\0');
    for (int i = 0; i < garbage.size(); ++i)
        garbage[i] = char((i * 131 + 7) & 0xff);
    return f.write(garbage) == garbage.size();
}

QByteArray sha256Of(const QString &path)
{
    QFile f(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    return f.open(QIODevice::ReadOnly) && hash.addData(&f) ? hash.result() : QByteArray();
}

} // namespace backupdb::test
