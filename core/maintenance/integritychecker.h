// The integrity report (M1, fix 8): quick_check or full integrity_check (with progress and
// cancellation through the progress handler), foreign_key_check, orphaned file records,
// malformed IDs, counters against the tables, redundant indexes. One value with every finding
// and the rows it concerns.
// Thread-safety: all members may be called from any thread.
#pragma once

#include "../data/database.h"
#include "../data/statistics.h"
#include "backupservice.h"

#include <QDateTime>
#include <functional>
#include <mutex>
#include <optional>

namespace backupdb {

struct IntegrityFinding
{
    enum class Severity { Info, Warning, Error };
    Severity severity = Severity::Warning;
    // integrity, foreign_key, orphaned_files, malformed_id, counters, counters_repaired,
    // lost_locks, redundant_index
    QString kind;
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
    // The checks that could not run (a damaged file): their counts above are not results.
    // Names as in IntegrityFinding::kind: foreign_key, orphaned_files, malformed_id, counters.
    QStringList notChecked;
    QList<IntegrityFinding> findings;
    QDateTime checkedAt;
    double seconds = 0;
    // What the figures are based on: the data's stamp when the check ran (unknown on a file
    // whose counters cannot be read) and Database::contentEpoch() then.
    std::optional<ContentStamp> basis;
    quint64 epoch = 0;
    // Set by IntegrityChecker::current() when the data changed since: why the figures are
    // stale. Empty: they are the database's state now.
    QString staleReason;

    QString integrity() const; // "ok" or the first message
    bool ok() const; // nothing to act on (info findings do not count), and everything checked
    bool wasChecked(const QString &kind) const { return !notChecked.contains(kind); }
    bool isStale() const { return !staleReason.isEmpty(); }
};

class IntegrityChecker
{
public:
    static constexpr int kSampleRows = 1000;

    // statistics, when given, repairs counters found wrong (unless the database is read-only).
    explicit IntegrityChecker(Database &database, StatisticsService *statistics = nullptr)
        : m_db(database)
        , m_statistics(statistics)
    { }

    // Quick: quick_check + the logical checks + the global counters against the tables. Full:
    // integrity_check + logical checks + counters (global and per client). progress gets 0..1.
    // A damaged file gives a report with "integrity" findings and notChecked, not an error; a
    // cancel gives Kind::Cancelled. quickCheckMessages: quick_check's result when it has just
    // run (on open), so a Quick check does not run it twice.
    Result<IntegrityReport> check(IntegrityReport::Depth depth,
                                  const ProgressCallback &progress = {},
                                  const CancelFlag *cancel = nullptr,
                                  const QStringList *quickCheckMessages = nullptr);
    std::optional<IntegrityReport> lastReport() const;
    // The report that tells the database's state now: the last one while the data has not
    // changed since it (same stamp, same content epoch); a new quick check when there is none
    // or this program changed the content (restore, clean-up, import); when other programs
    // changed the data, a new quick check once the last one is kExternalRecheckSeconds old,
    // before that the last report marked stale (staleReason). One recheck at a time: callers
    // that arrive meanwhile get its result.
    static constexpr int kExternalRecheckSeconds = 60;
    Result<IntegrityReport> current(const CancelFlag *cancel = nullptr);

    // The check of the open, run by the first current() instead of by Session::open (so that a
    // window shows its first rows before it): damageCheck runs SQLite's quick_check and gives
    // its messages (it also lets the writes waiting for its verdict go); the logical checks follow.
    using DamageCheck = std::function<Result<QStringList>()>;
    void deferOpenCheck(DamageCheck damageCheck);
    bool openCheckPending() const;
    // The open's check, taken away unrun (a session closed before it ran): true if it was pending.
    bool dropOpenCheck();

    // Orphaned file rows (ClientID without a client): how many and the first rows' rowids.
    Result<QPair<qint64, QList<qint64>>> orphans(int sample = kSampleRows,
                                                 const CancelFlag *cancel = nullptr);

private:
    // Counters against a count of the tables (per client too when full); repairs them when it
    // can. Adds its findings; a damaged file marks "counters" as not checked.
    void compareCounters(IntegrityReport &report, bool full, const CancelFlag *cancel);

    // Why report no longer tells the state now (empty: it does).
    QString staleness(const IntegrityReport &report, const std::optional<ContentStamp> &now) const;
    std::optional<ContentStamp> readStamp() const;
    // An engine that checks as a whole (Engine::checkWhole): its findings into report.
    Result<IntegrityReport> checkWhole(IntegrityReport report, bool full,
                                       const ProgressCallback &progress, const CancelFlag *cancel,
                                       Nanoseconds t0);

    Database &m_db;
    StatisticsService *m_statistics;
    std::mutex m_recheckMutex; // one current() recheck at a time
    mutable std::mutex m_mutex;
    std::optional<IntegrityReport> m_last;
    DamageCheck m_openCheck; // guarded by m_mutex
};

} // namespace backupdb
