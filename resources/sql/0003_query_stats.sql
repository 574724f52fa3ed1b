-- Per-statement statistics and the slow-query log (C10; improvements 3 and 14).
CREATE TABLE bdba_query_stats (
    sql        TEXT PRIMARY KEY,
    calls      INTEGER NOT NULL,
    total_ms   REAL NOT NULL,
    max_ms     REAL NOT NULL,
    last_at    TEXT NOT NULL
);
CREATE TABLE bdba_slow_queries (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,        -- ISO-8601 UTC
    duration_ms REAL NOT NULL,
    sql         TEXT NOT NULL
);
CREATE INDEX bdba_slow_queries_at ON bdba_slow_queries(at);
