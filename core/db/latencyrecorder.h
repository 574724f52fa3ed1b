// A latency distribution: fixed buckets (for Prometheus histograms) plus a ring of the most
// recent samples (for exact-enough p50/p95/p99). Not synchronised: the owner locks.
#pragma once

#include "clock.h"

#include <QList>
#include <array>
#include <vector>

namespace backupdb {

struct LatencySummary
{
    qint64 count = 0;
    double sumSeconds = 0;
    double p50Ms = 0, p95Ms = 0, p99Ms = 0, maxMs = 0;
    // Upper bounds in seconds and cumulative counts, last bound = +Inf.
    QList<double> bucketBounds;
    QList<qint64> cumulativeCounts;
};

class LatencyRecorder
{
public:
    static constexpr std::array<double, 14> kBoundsSeconds { 0.000005, 0.00001, 0.00005, 0.0001,
                                                             0.0005,   0.001,   0.005,   0.01,
                                                             0.05,     0.1,     0.5,     1.0,
                                                             5.0,      10.0 };

    LatencyRecorder();
    void record(Nanoseconds duration);
    LatencySummary summary() const;
    void reset();

private:
    static constexpr size_t kRingSize = 2048;
    std::array<qint64, kBoundsSeconds.size() + 1> m_buckets {};
    std::vector<qint64> m_ring; // nanoseconds
    size_t m_ringNext = 0;
    qint64 m_count = 0;
    qint64 m_sumNs = 0;
    qint64 m_maxNs = 0;
};

} // namespace backupdb
