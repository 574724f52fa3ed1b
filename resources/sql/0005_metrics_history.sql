-- Pool-health history for the dashboard (G2): one row per sample, so that the charts are not
-- empty after a restart. Pruned by age (MetricsHistory::prune).
CREATE TABLE bdba_metrics_history (
    at                 TEXT NOT NULL,   -- ISO-8601 UTC with milliseconds and Z
    utilisation        REAL,            -- percent of the core connections in use
    active             INTEGER,
    idle               INTEGER,
    waiting            INTEGER,
    acquire_p95_ms     REAL,
    queries_per_second REAL,            -- NULL: no previous sample to compare with
    health             INTEGER
);
CREATE INDEX bdba_metrics_history_at ON bdba_metrics_history(at);
