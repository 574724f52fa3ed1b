// A snapshot of a connection pool's state (C5) and its health score.
//
// Health score, 0-100 (the reference's penalties, fix 7, plus two of ours):
//   start at 100, then subtract
//   - utilisation (active / core size) above 90 %: 30 ("critical"); above 75 %: 15 ("high")
//   - exhaustion events (an acquire found no free connection and had to wait): 5 each, at most 30
//   - acquire timeouts (a borrower gave up): 10 each, at most 20                       [ours]
//   - overflow connections open: 5                                                     [ours]
//   - average connection age above the max lifetime (retirement is not happening): 10
//   - housekeeping not running: 20
//   and clamp to 0..100. Each penalty adds a warning that says why.
// Thread-safety: value types.
#pragma once

#include "latencyrecorder.h"

#include <QStringList>

namespace backupdb {

struct PoolMetrics
{
    QString name;
    int coreSize = 0;
    int maxOverflow = 0;
    int size = 0; // open connections
    int active = 0; // leased now
    int idle = 0;
    int overflow = 0; // open connections beyond the core size
    int waiting = 0; // threads blocked in acquire()
    double utilisationPercent = 0; // active / core size, may exceed 100 while overflow is used
    qint64 acquires = 0;
    qint64 exhaustionEvents = 0;
    qint64 timeouts = 0;
    qint64 created = 0;
    qint64 retired = 0;
    qint64 leaksDetected = 0;
    qint64 handovers = 0; // connections that changed threads (park + pull)
    double averageAgeSeconds = 0;
    double maxLifetimeSeconds = 0;
    bool housekeeperRunning = false;
    LatencySummary acquireTime;
    LatencySummary leaseTime;
};

struct HealthScore
{
    int score = 100;
    QStringList warnings;
};

HealthScore computeHealth(const PoolMetrics &metrics);

} // namespace backupdb
