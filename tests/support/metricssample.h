// A fixed metrics snapshot with every family filled in (two pools with latency histograms,
// statements with awkward text, sizes, a backup, integrity findings), for the exporter's tests.
#pragma once

#include "db/poolmetrics.h"
#include "ops/metricssnapshot.h"

namespace backupdb::test {

// A pool of core connections with active of them in use, and made-up counters and latencies.
PoolMetrics samplePool(const QString &name, int core, int active);

MetricsSnapshot sampleSnapshot();

} // namespace backupdb::test
