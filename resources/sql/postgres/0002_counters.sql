-- O(1) statistics: totals kept exact by triggers, so that the dashboard never counts rows.
-- PostgreSQL fires row triggers for every row an upsert inserts or updates and for the rows a
-- foreign-key cascade deletes, so these triggers see every change (SQLite's 0006 workaround for
-- REPLACE is not needed). TRUNCATE fires no row triggers: migration 6 covers it.
--
-- Concurrent writers: every change goes through UPDATE bdba_counters ... WHERE id = 1. That
-- UPDATE locks the one row until the writing transaction ends, so a second writer waits there;
-- under READ COMMITTED it then re-reads the committed row and adds its own change to it (no lost
-- update); under REPEATABLE READ or SERIALIZABLE it fails with a serialization error (40001) and
-- must be retried. The price: writers of clients and files are serialised from their first
-- counted change to their commit, as they are by SQLite's single write lock.
SELECT bdba_begin_migration(2, 'counters for O(1) statistics');

CREATE TABLE bdba_counters (
    id          integer PRIMARY KEY CHECK (id = 1),
    clients     bigint NOT NULL,
    files       bigint NOT NULL,
    total_size  bigint NOT NULL,   -- SUM(filesize)
    sized_files bigint NOT NULL,   -- files with a filesize (the denominator of AVG)
    verified    bigint NOT NULL    -- files with verified true
);
-- One row per client that has files (a row whose files reach 0 is deleted, as in SQLite).
CREATE TABLE bdba_client_totals (
    client_id   bytea PRIMARY KEY,
    files       bigint NOT NULL,
    total_size  bigint NOT NULL,
    verified    bigint NOT NULL
);

INSERT INTO bdba_counters (id, clients, files, total_size, sized_files, verified)
SELECT 1, (SELECT COUNT(*) FROM clients), COUNT(*), COALESCE(SUM(filesize), 0), COUNT(filesize),
       COUNT(*) FILTER (WHERE verified)
FROM files;
INSERT INTO bdba_client_totals (client_id, files, total_size, verified)
SELECT clientid, COUNT(*), COALESCE(SUM(filesize), 0), COUNT(*) FILTER (WHERE verified)
FROM files GROUP BY clientid;

CREATE FUNCTION bdba_clients_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE bdba_counters SET clients = clients + CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END
    WHERE id = 1;
    RETURN NULL;
END $$;

CREATE TRIGGER bdba_clients_count AFTER INSERT OR DELETE ON clients
FOR EACH ROW EXECUTE FUNCTION bdba_clients_count();

-- One function for INSERT, DELETE and UPDATE: the old row (if any) is taken off, the new row
-- (if any) added, in one UPDATE of the counter row.
CREATE FUNCTION bdba_files_count() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    d_files    bigint := 0;
    d_size     bigint := 0;
    d_sized    bigint := 0;
    d_verified bigint := 0;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        d_files := d_files - 1;
        d_size := d_size - COALESCE(OLD.filesize, 0);
        d_sized := d_sized - (OLD.filesize IS NOT NULL)::integer;
        d_verified := d_verified - (OLD.verified IS TRUE)::integer;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        d_files := d_files + 1;
        d_size := d_size + COALESCE(NEW.filesize, 0);
        d_sized := d_sized + (NEW.filesize IS NOT NULL)::integer;
        d_verified := d_verified + (NEW.verified IS TRUE)::integer;
    END IF;
    UPDATE bdba_counters SET files = files + d_files, total_size = total_size + d_size,
        sized_files = sized_files + d_sized, verified = verified + d_verified
    WHERE id = 1;

    IF TG_OP = 'UPDATE' AND OLD.clientid = NEW.clientid THEN
        UPDATE bdba_client_totals SET
            total_size = total_size - COALESCE(OLD.filesize, 0) + COALESCE(NEW.filesize, 0),
            verified = verified - (OLD.verified IS TRUE)::integer + (NEW.verified IS TRUE)::integer
        WHERE client_id = NEW.clientid;
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        UPDATE bdba_client_totals SET files = files - 1,
            total_size = total_size - COALESCE(OLD.filesize, 0),
            verified = verified - (OLD.verified IS TRUE)::integer
        WHERE client_id = OLD.clientid;
        DELETE FROM bdba_client_totals WHERE client_id = OLD.clientid AND files = 0;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO bdba_client_totals AS t (client_id, files, total_size, verified)
        VALUES (NEW.clientid, 1, COALESCE(NEW.filesize, 0), (NEW.verified IS TRUE)::integer)
        ON CONFLICT (client_id) DO UPDATE SET files = t.files + 1,
            total_size = t.total_size + EXCLUDED.total_size,
            verified = t.verified + EXCLUDED.verified;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER bdba_files_count_insert_delete AFTER INSERT OR DELETE ON files
FOR EACH ROW EXECUTE FUNCTION bdba_files_count();
-- Only an update that changes a counted value touches (and locks) the counter row. WHEN rather
-- than UPDATE OF: it also sees a change that a BEFORE trigger makes.
CREATE TRIGGER bdba_files_count_update AFTER UPDATE ON files
FOR EACH ROW
WHEN (OLD.filesize IS DISTINCT FROM NEW.filesize
      OR (OLD.verified IS TRUE) <> (NEW.verified IS TRUE)
      OR OLD.clientid <> NEW.clientid)
EXECUTE FUNCTION bdba_files_count();
