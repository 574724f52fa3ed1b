#include "metricssample.h"

#include "db/latencyrecorder.h"

namespace backupdb::test {

namespace {

LatencySummary latencies(std::initializer_list<double> milliseconds)
{
    LatencyRecorder recorder;
    for (double ms : milliseconds)
        recorder.record(std::chrono::duration_cast<Nanoseconds>(
                std::chrono::duration<double, std::milli>(ms)));
    return recorder.summary();
}

} // namespace

PoolMetrics samplePool(const QString &name, int core, int active)
{
    PoolMetrics p;
    p.name = name;
    p.coreSize = core;
    p.maxOverflow = 2;
    p.size = core + 1;
    p.active = active;
    p.idle = p.size - active;
    p.overflow = 1;
    p.waiting = 0;
    p.utilisationPercent = 100.0 * active / core;
    p.acquires = 1000;
    p.exhaustionEvents = 3;
    p.timeouts = 1;
    p.created = 7;
    p.retired = 2;
    p.leaksDetected = 1;
    p.averageAgeSeconds = 12.5;
    p.maxLifetimeSeconds = 1800;
    p.housekeeperRunning = true;
    p.acquireTime = latencies({ 0.002, 0.03, 0.4, 2, 2, 70, 900, 20000 });
    p.leaseTime = latencies({ 1, 5, 5, 120 });
    return p;
}

MetricsSnapshot sampleSnapshot()
{
    MetricsSnapshot m;
    m.pools = { samplePool(QStringLiteral("writer"), 1, 1),
                samplePool(QStringLiteral("reader"), 4, 5) };
    for (const PoolMetrics &p : m.pools)
        m.poolHealth << computeHealth(p);
    m.statements = {
        { QStringLiteral("SELECT * FROM files WHERE ClientID = ?"), 120, 1.5, 0.25 },
        { QStringLiteral("SELECT \"Name\" FROM clients WHERE Name LIKE 'a\\%'\nLIMIT ?"), 3, 0.003,
          0.002 },
    };
    m.statementsTotal = 123;
    m.slowQueriesTotal = 4;
    m.databaseBytes = 313 * 1024 * 1024;
    m.walBytes = 4 * 1024 * 1024;
    m.freeBytes = 8192;
    m.clients = 100;
    m.files = 1000000;
    m.fileBytes = 123456789012;
    m.hasBackup = true;
    m.lastBackupAt = QDateTime(QDate(2025, 1, 10), QTime(12, 0), Qt::UTC);
    m.lastBackupVerified = true;
    m.lastBackupBytes = 300 * 1024 * 1024;
    m.integrityChecked = true;
    m.integrityOk = false;
    m.orphanedFiles = 5;
    m.foreignKeyViolations = 5;
    m.healthScore = 65;
    return m;
}

} // namespace backupdb::test
