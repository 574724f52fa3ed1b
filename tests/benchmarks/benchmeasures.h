// Measures of backupdb-bench: each runs the project's path and its baseline back to back,
// several times, and keeps the medians. See bench.cpp for the table of goals.
#pragma once

#include "session.h"

#include <QList>
#include <QString>
#include <chrono>
#include <functional>
#include <vector>

namespace backupdb::bench {

struct Sizes
{
    qint64 files = 1'000'000;
    qint64 clients = 1'000;
    qint64 orphans = 10'000;
    int repetitions = 5;
    int insertRepetitions = 3;
    // false: bulk_insert times the project's path only (the scale run, which prints time per
    // row and has no use for a 10,000,000-row raw insert in one transaction beside it).
    bool insertBaseline = true;
};

struct Measure
{
    QString name;
    QString unit; // ratio, ms, MB
    double goal = 0;
    double projectMs = 0; // median time of the project's path (ratio measures)
    double baselineMs = 0; // median time of the baseline
    double value = 0; // ratio: baseline / project (higher is better); ms or MB: the figure
    QString note;
    bool pass() const { return unit == QLatin1String("ratio") ? value >= goal : value <= goal; }
    // A ratio measure (baseline / project, higher is better) that passes at goal or above.
    static Measure ratio(const QString &name, double goal)
    {
        Measure m;
        m.name = name;
        m.unit = QStringLiteral("ratio");
        m.goal = goal;
        return m;
    }
};

double median(std::vector<double> values);
// Runs f repetitions times; returns the median of the milliseconds each run took.
double medianMs(int repetitions, const std::function<void()> &f);

// A measure stops the run when it cannot go on (an error, a wrong count): the message, then
// qFatal, so that the process fails. beforeFailing (if set) runs first: a PostgreSQL run drops
// its scratch databases there.
[[noreturn]] void fail(const QString &message);
void setBeforeFailing(std::function<void()> f);
void must(const DbError &e);
template<typename T> T must(Result<T> r)
{
    if (!r)
        fail(r.error().message());
    return std::move(r).value();
}

// A session over location (an SQLite file, made if missing, or a PostgreSQL conninfo) as the
// measures use it: no open-time checks, no housekeeping.
std::unique_ptr<Session> openSession(const QString &location);

// The run's demo rows: sizes.clients clients and sizes.files files spread over them.
struct DemoRows
{
    QList<ClientRecord> clients;
    QList<FileRecord> files;
};
DemoRows demoRows(const Sizes &sizes);
QList<QByteArray> demoClientIds(qint64 clients);

// The project's half of the measures: the same calls through a Session on either engine.
namespace projectPath {
// insertClients, then the timed insertFiles (ms): one call, or calls of batch rows each (one
// transaction each); fails unless every file was inserted.
double bulkInsertMs(Session &session, const DemoRows &rows, qsizetype batch = 0);
// One statistics().totals() call, bypassing the cache or cached (ms, median per call).
double totalsMs(Session &session, int repetitions);
double cachedTotalsMs(Session &session, int repetitions);
// One clients().get() of ids (in turn), per lookup; found counts the rows.
double lookupMs(Session &session, const QList<QByteArray> &ids, int lookups, int repetitions,
                qint64 *found);
// backups().backup() into folder, without verification (ms); the backup is removed after each.
double backupMs(Session &session, const QString &folder, int repetitions);
// integrity().orphans() (ms); count: the orphans it found.
double orphanScanMs(Session &session, int repetitions, qint64 *count);
// files().page() of rows rows after the row key afterKey (ms); firstKey: the first row's key.
double pageMs(Session &session, qint64 afterKey, int rows, int repetitions, qint64 *firstKey);
// pool_cycle: acquire + release of pool against a mutex + notify + unlock.
Measure poolCycle(ConnectionPool &pool, int repetitions);
} // namespace projectPath

double msSince(std::chrono::steady_clock::time_point start);

// value = baseline / project, and the notes the measures share.
void setRatio(Measure &m);
QString rowsPerSecondNote(const Measure &m, qint64 rows);
QString microsecondsNote(const Measure &m);

// What main() runs on either engine; each returns one measure, the fixture made by
// bulkInsert() first. The measures whose baseline is all that differs are the base's.
class EngineBench
{
public:
    explicit EngineBench(const Sizes &sizes)
        : m_sizes(sizes)
    { }
    virtual ~EngineBench() = default;
    virtual Measure bulkInsert() = 0;
    // The counters (uncached, then cached) against scanTotalsMs().
    Measure statsTotals();
    Measure statsCached();
    Measure poolCycle();
    virtual Measure pointLookup() = 0;
    virtual Measure backup() = 0;
    // The project's orphan detection against rawOrphansMs(), once addOrphans() wrote them.
    Measure orphanScan();
    // The project's page by key at 90 % against offsetPageMs().
    Measure pageFetch();

protected:
    // The baseline of both statistics measures: the aggregates by a scan of the files (ms).
    virtual double scanTotalsMs() const = 0;
    // sizes.orphans file rows whose client does not exist, as the server could leave them.
    virtual void addOrphans() = 0;
    // The orphans by a NOT EXISTS anti-join (ms); count: the rows it found.
    virtual double rawOrphansMs(qint64 *count) const = 0;
    // rows rows ORDER BY the row key LIMIT/OFFSET offset (ms); firstKey: the first row's key.
    virtual double offsetPageMs(qint64 offset, int rows, qint64 *firstKey) const = 0;

    Sizes m_sizes;
    std::unique_ptr<Session> m_session; // over the project database after bulkInsert()

private:
    Measure againstScan(Measure m, const std::function<double()> &projectMs);

    bool m_orphansAdded = false;
};

// The fixture: a project database of sizes.files rows (made by the project's bulk insert, which
// is measured on the way) and everything the measures need.
class Bench final : public EngineBench
{
public:
    Bench(const QString &folder, const Sizes &sizes);
    ~Bench() override;

    Measure bulkInsert() override;
    Measure pointLookup() override;
    Measure backup() override;
    // The project's quick check (quick_check + the logical checks + the counters), in ms; no
    // baseline: for the scale run, where what counts is how it grows.
    Measure quickCheck();
    // Closes the project database (for the GUI measures, which open it themselves); returns
    // its path.
    QString releaseDatabase();

private:
    QString path(const QString &name) const;
    double scanTotalsMs() const override;
    void addOrphans() override;
    double rawOrphansMs(qint64 *count) const override;
    double offsetPageMs(qint64 offset, int rows, qint64 *firstKey) const override;

    QString m_folder;
    QString m_projectPath;
};

} // namespace backupdb::bench
