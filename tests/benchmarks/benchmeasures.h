// Measures of backupdb-bench: each runs the project's path and its baseline back to back,
// several times, and keeps the medians. See bench.cpp for the table of goals.
#pragma once

#include "session.h"

#include <QString>
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
};

double median(std::vector<double> values);
// Runs f repetitions times; returns the median of the milliseconds each run took.
double medianMs(int repetitions, const std::function<void()> &f);

// The fixture: a project database of sizes.files rows (made by the project's bulk insert, which
// is measured on the way) and everything the measures need.
class Bench
{
public:
    Bench(const QString &folder, const Sizes &sizes);
    ~Bench();

    Measure bulkInsert();
    Measure statsTotals();
    Measure statsCached();
    Measure poolCycle();
    Measure pointLookup();
    Measure backup();
    Measure orphanScan();
    Measure pageFetch();
    // The project's quick check (quick_check + the logical checks + the counters), in ms; no
    // baseline: for the scale run, where what counts is how it grows.
    Measure quickCheck();
    // Closes the project database (for the GUI measures, which open it themselves); returns
    // its path.
    QString releaseDatabase();

private:
    QString path(const QString &name) const;
    std::unique_ptr<Session> openProject(const QString &file) const;
    void addOrphans();

    QString m_folder;
    Sizes m_sizes;
    std::unique_ptr<Session> m_session; // over the project database after bulkInsert()
    QString m_projectPath;
    bool m_orphansAdded = false;
};

} // namespace backupdb::bench
