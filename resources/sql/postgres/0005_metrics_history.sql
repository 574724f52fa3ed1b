-- Pool-health history for the dashboard: one row per sample, so that the charts are not empty
-- after a restart. Pruned by age.
SELECT bdba_begin_migration(5, 'pool-health history for the dashboard');

CREATE TABLE bdba_metrics_history (
    at                 timestamptz NOT NULL,
    utilisation        double precision,  -- percent of the core connections in use
    active             integer,
    idle               integer,
    waiting            integer,
    acquire_p95_ms     double precision,
    queries_per_second double precision,  -- NULL: no previous sample to compare with
    health             integer
);
CREATE INDEX bdba_metrics_history_at ON bdba_metrics_history (at);
