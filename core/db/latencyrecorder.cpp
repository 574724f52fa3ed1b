#include "latencyrecorder.h"

#include <algorithm>

namespace backupdb {

LatencyRecorder::LatencyRecorder()
{
    m_ring.reserve(kRingSize);
}

void LatencyRecorder::record(Nanoseconds duration)
{
    const qint64 ns = std::max<qint64>(0, duration.count());
    const double seconds = double(ns) / 1e9;
    size_t bucket = 0;
    while (bucket < kBoundsSeconds.size() && seconds > kBoundsSeconds[bucket])
        ++bucket;
    ++m_buckets[bucket];
    if (m_ring.size() < kRingSize)
        m_ring.push_back(ns);
    else
        m_ring[m_ringNext] = ns;
    m_ringNext = (m_ringNext + 1) % kRingSize;
    ++m_count;
    m_sumNs += ns;
    m_maxNs = std::max(m_maxNs, ns);
}

LatencySummary LatencyRecorder::summary() const
{
    LatencySummary s;
    s.count = m_count;
    s.sumSeconds = double(m_sumNs) / 1e9;
    s.maxMs = double(m_maxNs) / 1e6;
    if (!m_ring.empty()) {
        std::vector<qint64> sorted = m_ring;
        std::sort(sorted.begin(), sorted.end());
        auto at = [&](double q) {
            const size_t i = std::min(sorted.size() - 1, size_t(q * double(sorted.size())));
            return double(sorted[i]) / 1e6;
        };
        s.p50Ms = at(0.50);
        s.p95Ms = at(0.95);
        s.p99Ms = at(0.99);
    }
    qint64 running = 0;
    for (size_t i = 0; i < m_buckets.size(); ++i) {
        running += m_buckets[i];
        s.bucketBounds.append(i < kBoundsSeconds.size() ? kBoundsSeconds[i]
                                                        : std::numeric_limits<double>::infinity());
        s.cumulativeCounts.append(running);
    }
    return s;
}

void LatencyRecorder::reset()
{
    *this = LatencyRecorder();
}

} // namespace backupdb
