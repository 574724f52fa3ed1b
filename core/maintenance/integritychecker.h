// The integrity report (M1, fix 8): quick_check or full integrity_check (with progress and
// cancellation through the progress handler), foreign_key_check, orphaned file records,
// malformed IDs, counters against the tables, redundant indexes. One value with every finding
// and the rows it concerns.
// Thread-safety: all members may be called from any thread.
#pragma once

#include "../data/database.h"
#include "backupservice.h"

#include <QDateTime>
#include <mutex>
#include <optional>

namespace backupdb {

struct IntegrityFinding
{
    enum class Severity { Info, Warning, Error };
    Severity severity = Severity::Warning;
    QString kind; // integrity, foreign_key, orphaned_files, malformed_id, counters, redundant_index
    QString message;
    QString table;
    qint64 count = 0;
    QList<qint64> rowIds; // the first rows concerned (rowid), at most IntegrityChecker::kSampleRows
};

struct IntegrityReport
{
    enum class Depth { Quick, Full };
    Depth depth = Depth::Quick;
    QStringList integrityMessages; // {"ok"} when SQLite found nothing
    qint64 foreignKeyViolations = 0;
    qint64 orphanedFiles = 0;
    qint64 malformedIds = 0;
    bool countersExact = true;
    QList<IntegrityFinding> findings;
    QDateTime checkedAt;
    double seconds = 0;

    QString integrity() const; // "ok" or the first message
    bool ok() const; // nothing to act on (info findings do not count)
};

class IntegrityChecker
{
public:
    static constexpr int kSampleRows = 1000;

    explicit IntegrityChecker(Database &database)
        : m_db(database)
    { }

    // Quick: quick_check + the logical checks. Full: integrity_check + logical checks +
    // counters (global and per client) against the tables. progress gets 0..1. A damaged file
    // gives a report with "integrity" findings, not an error; a cancel gives Kind::Cancelled.
    Result<IntegrityReport> check(IntegrityReport::Depth depth,
                                  const ProgressCallback &progress = {},
                                  const CancelFlag *cancel = nullptr);
    std::optional<IntegrityReport> lastReport() const;

    // Orphaned file rows (ClientID without a client): how many and the first rows' rowids.
    Result<QPair<qint64, QList<qint64>>> orphans(int sample = kSampleRows,
                                                 const CancelFlag *cancel = nullptr);

private:
    Database &m_db;
    mutable std::mutex m_mutex;
    std::optional<IntegrityReport> m_last;
};

} // namespace backupdb
