-- O(1) statistics (C9): totals kept exact by triggers, so that the dashboard never counts rows.
-- Trigger statements are written so that they cannot conflict: the outer statement's conflict
-- policy (e.g. INSERT OR IGNORE) then has nothing to override inside them.
CREATE TABLE bdba_counters (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    clients     INTEGER NOT NULL,
    files       INTEGER NOT NULL,
    total_size  INTEGER NOT NULL,   -- SUM(FileSize)
    sized_files INTEGER NOT NULL,   -- files with a FileSize (the denominator of AVG)
    verified    INTEGER NOT NULL    -- files with Verified != 0
);
CREATE TABLE bdba_client_totals (
    client_id   BLOB PRIMARY KEY,
    files       INTEGER NOT NULL,
    total_size  INTEGER NOT NULL,
    verified    INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO bdba_counters (id, clients, files, total_size, sized_files, verified)
SELECT 1, (SELECT COUNT(*) FROM clients), COUNT(*), COALESCE(SUM(FileSize), 0), COUNT(FileSize),
       COALESCE(SUM(Verified != 0), 0)
FROM files;
INSERT INTO bdba_client_totals (client_id, files, total_size, verified)
SELECT ClientID, COUNT(*), COALESCE(SUM(FileSize), 0), COALESCE(SUM(Verified != 0), 0)
FROM files GROUP BY ClientID;

CREATE TRIGGER bdba_clients_count_insert AFTER INSERT ON clients BEGIN
    UPDATE bdba_counters SET clients = clients + 1 WHERE id = 1;
END;
CREATE TRIGGER bdba_clients_count_delete AFTER DELETE ON clients BEGIN
    UPDATE bdba_counters SET clients = clients - 1 WHERE id = 1;
END;

CREATE TRIGGER bdba_files_count_insert AFTER INSERT ON files BEGIN
    UPDATE bdba_counters SET files = files + 1,
        total_size = total_size + COALESCE(NEW.FileSize, 0),
        sized_files = sized_files + (NEW.FileSize IS NOT NULL),
        verified = verified + COALESCE(NEW.Verified != 0, 0)
    WHERE id = 1;
    INSERT INTO bdba_client_totals (client_id, files, total_size, verified)
    SELECT NEW.ClientID, 0, 0, 0
    WHERE NOT EXISTS (SELECT 1 FROM bdba_client_totals WHERE client_id = NEW.ClientID);
    UPDATE bdba_client_totals SET files = files + 1,
        total_size = total_size + COALESCE(NEW.FileSize, 0),
        verified = verified + COALESCE(NEW.Verified != 0, 0)
    WHERE client_id = NEW.ClientID;
END;

CREATE TRIGGER bdba_files_count_delete AFTER DELETE ON files BEGIN
    UPDATE bdba_counters SET files = files - 1,
        total_size = total_size - COALESCE(OLD.FileSize, 0),
        sized_files = sized_files - (OLD.FileSize IS NOT NULL),
        verified = verified - COALESCE(OLD.Verified != 0, 0)
    WHERE id = 1;
    UPDATE bdba_client_totals SET files = files - 1,
        total_size = total_size - COALESCE(OLD.FileSize, 0),
        verified = verified - COALESCE(OLD.Verified != 0, 0)
    WHERE client_id = OLD.ClientID;
    DELETE FROM bdba_client_totals WHERE client_id = OLD.ClientID AND files = 0;
END;

CREATE TRIGGER bdba_files_count_update AFTER UPDATE OF FileSize, Verified, ClientID ON files BEGIN
    UPDATE bdba_counters SET
        total_size = total_size - COALESCE(OLD.FileSize, 0) + COALESCE(NEW.FileSize, 0),
        sized_files = sized_files - (OLD.FileSize IS NOT NULL) + (NEW.FileSize IS NOT NULL),
        verified = verified - COALESCE(OLD.Verified != 0, 0) + COALESCE(NEW.Verified != 0, 0)
    WHERE id = 1;
    UPDATE bdba_client_totals SET files = files - 1,
        total_size = total_size - COALESCE(OLD.FileSize, 0),
        verified = verified - COALESCE(OLD.Verified != 0, 0)
    WHERE client_id = OLD.ClientID;
    DELETE FROM bdba_client_totals WHERE client_id = OLD.ClientID AND files = 0;
    INSERT INTO bdba_client_totals (client_id, files, total_size, verified)
    SELECT NEW.ClientID, 0, 0, 0
    WHERE NOT EXISTS (SELECT 1 FROM bdba_client_totals WHERE client_id = NEW.ClientID);
    UPDATE bdba_client_totals SET files = files + 1,
        total_size = total_size + COALESCE(NEW.FileSize, 0),
        verified = verified + COALESCE(NEW.Verified != 0, 0)
    WHERE client_id = NEW.ClientID;
END;
