// The integrity report of a PostgreSQL database, with the findings of the SQLite checker
// (core/maintenance/integritychecker.h) under the same kind names: foreign_key, orphaned_files,
// malformed_id, counters; and what PostgreSQL adds: constraints left NOT VALID, and amcheck's
// bt_index_check of every B-tree index of the schema's tables (or why it was skipped).
//
// PostgreSQL enforces the foreign key files.clientid → clients.id, but rows can still break it
// (a superuser's session_replication_role = replica or disabled triggers, a restore with
// --disable-triggers, a constraint added NOT VALID). A file row whose client is missing is one
// problem: it is counted once, as orphaned_files, and not also as a foreign_key finding; the
// other foreign keys of the schema are foreign_key findings.
//
// Thread-safety: check() on the thread that owns the connection; cancel may be set from any
// thread (it is read between the steps).
#pragma once

#include "../common/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QStringList>
#include <atomic>
#include <functional>

namespace backupdb::pg {

struct PgIntegrityFinding
{
    enum class Severity { Info, Warning, Error };
    Severity severity = Severity::Warning;
    // foreign_key, orphaned_files, malformed_id, counters, constraint_not_validated, index,
    // amcheck_skipped
    QString kind;
    QString message;
    QString table; // the table (or index, for kind index) concerned
    qint64 count = 0;
    QList<QByteArray> sampleIds; // the first rows' id (orphaned_files, malformed_id)
};

struct PgIntegrityReport
{
    enum class Depth { Quick, Full }; // Full: amcheck with heapallindexed (reads each table)
    enum class Amcheck { Checked, Skipped };
    Depth depth = Depth::Quick;
    qint64 foreignKeyViolations = 0; // not counting the orphans
    qint64 orphanedFiles = 0;
    qint64 malformedIds = 0;
    bool countersExact = true;
    Amcheck amcheck = Amcheck::Skipped;
    QString amcheckSkippedBecause; // when Skipped
    int indexesChecked = 0;
    QStringList corruptIndexes;
    QList<PgIntegrityFinding> findings;
    QDateTime checkedAt;
    double seconds = 0;

    // Nothing to act on (info findings, such as amcheck skipped, do not count).
    bool ok() const;
    // The findings of one kind.
    QList<PgIntegrityFinding> findingsOf(const QString &kind) const;
};

struct PgIntegrityOptions
{
    enum class InstallAmcheck { IfMissing, Never };
    PgIntegrityReport::Depth depth = PgIntegrityReport::Depth::Quick;
    // IfMissing: CREATE EXTENSION IF NOT EXISTS amcheck; a role without the right to do so gets
    // the report with amcheck Skipped and the reason, not an error.
    InstallAmcheck installAmcheck = InstallAmcheck::IfMissing;
    int sampleRows = 1000;
};

using PgProgress = std::function<void(double fraction)>;

// The whole check. Kind::Cancelled when cancel was set; a statement that fails for another
// reason than the damage it looks for is an error of its kind (pgerrors.h).
Result<PgIntegrityReport> checkIntegrity(const QSqlDatabase &db,
                                         const PgIntegrityOptions &options = {},
                                         const PgProgress &progress = {},
                                         const std::atomic<bool> *cancel = nullptr);

} // namespace backupdb::pg
