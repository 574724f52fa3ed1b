-- Maintenance history (issue 14): one row per run of a maintenance task, scheduled by
-- `backupdb-cli service` or started by hand, so that the Integrity and Backups pages, the CLI and
-- the metrics show when each task last ran and how it ended. Pruned by age
-- (MaintenanceHistory::prune).
CREATE TABLE bdba_maintenance_history (
    id          INTEGER PRIMARY KEY,
    task        TEXT NOT NULL,  -- quick_check, full_check, backup, retention, checkpoint, vacuum
    started_at  TEXT NOT NULL,  -- ISO-8601 UTC with milliseconds and Z
    finished_at TEXT NOT NULL,
    result      TEXT NOT NULL CHECK (result IN ('ok', 'problems', 'failed', 'skipped', 'cancelled')),
    trigger     TEXT NOT NULL DEFAULT 'schedule',  -- schedule or manual
    message     TEXT NOT NULL DEFAULT '',
    details     TEXT NOT NULL DEFAULT '{}'  -- JSON: the figures of the run (path, bytes, findings)
);
CREATE INDEX bdba_maintenance_history_task_at ON bdba_maintenance_history(task, started_at);
