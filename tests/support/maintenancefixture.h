// The set-up the maintenance suites (backup, restore, integrity, orphans, audit, health) share: a
// database in a test's temporary folder, opened through a Session, filled with generated data or
// written in the original server's layout. Test thread only.
#pragma once

#include "session.h"

#include <QJsonObject>
#include <QStringList>
#include <memory>

namespace backupdb::test {

class MaintenanceFixture
{
public:
    // Whether opening runs the quick check. Suites that count findings themselves skip it, so
    // that the check they call is the only one.
    enum class QuickCheck { OnOpen, Skipped };

    explicit MaintenanceFixture(QuickCheck quickCheck = QuickCheck::OnOpen)
        : m_quickCheck(quickCheck)
    { }

    // test::options(path) with this fixture's quick check.
    SessionOptions options(const QString &path) const;

    // A database created at path with generated clients, files (spread over the clients) and
    // orphaned file rows, opened; nullptr, with a warning, if opening or generating failed.
    std::unique_ptr<Session> demoSession(const QString &path, qint64 clients, qint64 files,
                                         qint64 orphans = 0) const;

    // A database in the original server's layout (foreign keys never enforced) with clients,
    // their files and orphans, opened; nullptr if writing (the test has failed) or opening failed.
    std::unique_ptr<Session> serverSession(const QString &path, int clients, int filesPerClient,
                                           int orphans) const;

private:
    QuickCheck m_quickCheck;
};

// Everything in a folder, hidden files included.
QStringList entriesIn(const QString &folder);

// SELECT COUNT(*) FROM files, read through the session's pool; -1 on an error.
qint64 countFiles(Session &session);

// Every audit entry of one action (of all actions if empty), newest first; none, with a warning,
// on an error.
QList<AuditEntry> auditEntries(Session &session, const QString &action = QString());
// An audit entry's details (a JSON object).
QJsonObject detailsOf(const AuditEntry &entry);

// The report's first finding of kind; null when it has none.
const IntegrityFinding *findingOf(const IntegrityReport &report, const QString &kind);
// Overwrites that many 4 KiB pages of the file with garbage, from the share where of it on;
// false when the file cannot be written or has 20 pages or fewer.
bool damagePages(const QString &path, double where, int pages);
// The file's SHA-256; empty when it cannot be read.
QByteArray sha256Of(const QString &path);

} // namespace backupdb::test
