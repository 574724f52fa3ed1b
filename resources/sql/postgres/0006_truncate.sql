-- Counters and audit that stay exact whatever the writer does. SQLite's migration 6 repaired
-- the counters under INSERT OR REPLACE; PostgreSQL needs no such repair (row triggers fire for
-- upserts and cascades), and its one way around row triggers is TRUNCATE. Statement triggers
-- cover it: the audit records it (with the number of rows, from the counters, read before the
-- rows go), and the counters are set to nothing after it. TRUNCATE clients must CASCADE to
-- files, and the triggers of both tables fire.
SELECT bdba_begin_migration(6, 'counters and audit exact under TRUNCATE');

CREATE FUNCTION bdba_audit_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO bdba_audit (action, table_name, details)
    SELECT 'TRUNCATE', TG_TABLE_NAME,
           jsonb_build_object('rows', CASE TG_TABLE_NAME WHEN 'clients' THEN clients ELSE files END)
    FROM bdba_counters WHERE id = 1;
    RETURN NULL;
END $$;

CREATE FUNCTION bdba_count_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'clients' THEN
        UPDATE bdba_counters SET clients = 0 WHERE id = 1;
    ELSE
        UPDATE bdba_counters SET files = 0, total_size = 0, sized_files = 0, verified = 0
        WHERE id = 1;
        DELETE FROM bdba_client_totals;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER bdba_audit_clients_truncate BEFORE TRUNCATE ON clients
FOR EACH STATEMENT EXECUTE FUNCTION bdba_audit_truncate();
CREATE TRIGGER bdba_audit_files_truncate BEFORE TRUNCATE ON files
FOR EACH STATEMENT EXECUTE FUNCTION bdba_audit_truncate();
CREATE TRIGGER bdba_clients_count_truncate AFTER TRUNCATE ON clients
FOR EACH STATEMENT EXECUTE FUNCTION bdba_count_truncate();
CREATE TRIGGER bdba_files_count_truncate AFTER TRUNCATE ON files
FOR EACH STATEMENT EXECUTE FUNCTION bdba_count_truncate();
