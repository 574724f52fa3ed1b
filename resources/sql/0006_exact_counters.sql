-- Counters that stay exact whatever the writer does (C9 beside the live server).
--
-- INSERT OR REPLACE deletes the conflicting row without firing DELETE triggers (unless the writing
-- connection set recursive_triggers), so 0002's triggers counted a re-saved client twice. Here a
-- BEFORE trigger notes the row that the insert is about to replace (it still exists then) in a
-- one-row table, and an AFTER trigger takes it off the counters once the insert has happened.
-- The note is only read for the row it was taken for (id = NEW.ID): an insert that was ignored or
-- became an upsert's update leaves a note that the next capture clears; a DELETE trigger that
-- did fire for the replaced row (recursive_triggers on) consumes the note, so nothing is
-- subtracted twice. The same for UPDATE OR REPLACE of a key. Only the key constraints the server's
-- schema has are followed (clients: ID and Name; files: ID); a REPLACE on another unique index is
-- caught by the counter check of every integrity check, which recounts.
--
-- The SQL stays within what old SQLite versions parse (no UPDATE FROM, no UPSERT): the server's
-- own SQLite reads these triggers too.

CREATE TABLE bdba_replaced_file (
    slot      INTEGER PRIMARY KEY CHECK (slot = 1),
    id        BLOB,
    client_id BLOB,
    file_size INTEGER,
    verified  INTEGER
);
CREATE TABLE bdba_replaced_clients (
    slot INTEGER PRIMARY KEY CHECK (slot = 1),
    id   BLOB,
    name TEXT,
    rows INTEGER NOT NULL  -- existing rows that conflict with (id, name)
);

-- Clients.
DROP TRIGGER bdba_clients_count_insert;
DROP TRIGGER bdba_clients_count_delete;

CREATE TRIGGER bdba_clients_count_capture BEFORE INSERT ON clients
WHEN EXISTS (SELECT 1 FROM bdba_replaced_clients)
  OR EXISTS (SELECT 1 FROM clients WHERE ID = NEW.ID OR Name = NEW.Name)
BEGIN
    DELETE FROM bdba_replaced_clients;
    INSERT INTO bdba_replaced_clients (slot, id, name, rows)
    SELECT 1, NEW.ID, NEW.Name, COUNT(*) FROM clients WHERE ID = NEW.ID OR Name = NEW.Name;
END;

CREATE TRIGGER bdba_clients_count_insert AFTER INSERT ON clients BEGIN
    UPDATE bdba_counters SET clients = clients + 1 - COALESCE(
        (SELECT rows FROM bdba_replaced_clients WHERE id IS NEW.ID AND name IS NEW.Name), 0)
    WHERE id = 1;
    DELETE FROM bdba_replaced_clients;
END;

CREATE TRIGGER bdba_clients_count_capture_update BEFORE UPDATE OF ID, Name ON clients
WHEN EXISTS (SELECT 1 FROM bdba_replaced_clients)
  OR EXISTS (SELECT 1 FROM clients WHERE (ID = NEW.ID OR Name = NEW.Name) AND ID IS NOT OLD.ID)
BEGIN
    DELETE FROM bdba_replaced_clients;
    INSERT INTO bdba_replaced_clients (slot, id, name, rows)
    SELECT 1, NEW.ID, NEW.Name, COUNT(*) FROM clients
    WHERE (ID = NEW.ID OR Name = NEW.Name) AND ID IS NOT OLD.ID;
END;

CREATE TRIGGER bdba_clients_count_update AFTER UPDATE OF ID, Name ON clients
WHEN EXISTS (SELECT 1 FROM bdba_replaced_clients WHERE id IS NEW.ID AND name IS NEW.Name)
BEGIN
    UPDATE bdba_counters SET clients = clients - (SELECT rows FROM bdba_replaced_clients)
    WHERE id = 1;
    DELETE FROM bdba_replaced_clients;
END;

CREATE TRIGGER bdba_clients_count_delete AFTER DELETE ON clients BEGIN
    UPDATE bdba_counters SET clients = clients - 1 WHERE id = 1;
    -- A REPLACE's own delete (recursive_triggers on) has been counted here: not again after it.
    UPDATE bdba_replaced_clients SET rows = rows - 1
    WHERE rows > 0 AND (id IS OLD.ID OR name IS OLD.Name);
END;

-- Files.
CREATE TRIGGER bdba_files_count_capture BEFORE INSERT ON files
WHEN EXISTS (SELECT 1 FROM bdba_replaced_file) OR EXISTS (SELECT 1 FROM files WHERE ID = NEW.ID)
BEGIN
    DELETE FROM bdba_replaced_file;
    INSERT INTO bdba_replaced_file (slot, id, client_id, file_size, verified)
    SELECT 1, ID, ClientID, FileSize, Verified FROM files WHERE ID = NEW.ID;
END;

CREATE TRIGGER bdba_files_count_replaced AFTER INSERT ON files
WHEN EXISTS (SELECT 1 FROM bdba_replaced_file WHERE id = NEW.ID)
BEGIN
    UPDATE bdba_counters SET files = files - 1,
        total_size = total_size - COALESCE((SELECT file_size FROM bdba_replaced_file), 0),
        sized_files = sized_files - ((SELECT file_size FROM bdba_replaced_file) IS NOT NULL),
        verified = verified - COALESCE((SELECT verified != 0 FROM bdba_replaced_file), 0)
    WHERE id = 1;
    UPDATE bdba_client_totals SET files = files - 1,
        total_size = total_size - COALESCE((SELECT file_size FROM bdba_replaced_file), 0),
        verified = verified - COALESCE((SELECT verified != 0 FROM bdba_replaced_file), 0)
    WHERE client_id = (SELECT client_id FROM bdba_replaced_file);
    DELETE FROM bdba_client_totals
    WHERE client_id = (SELECT client_id FROM bdba_replaced_file) AND files = 0;
    DELETE FROM bdba_replaced_file;
END;

CREATE TRIGGER bdba_files_count_capture_update BEFORE UPDATE OF ID ON files
WHEN EXISTS (SELECT 1 FROM bdba_replaced_file)
  OR (NEW.ID IS NOT OLD.ID AND EXISTS (SELECT 1 FROM files WHERE ID = NEW.ID))
BEGIN
    DELETE FROM bdba_replaced_file;
    INSERT INTO bdba_replaced_file (slot, id, client_id, file_size, verified)
    SELECT 1, ID, ClientID, FileSize, Verified FROM files
    WHERE ID = NEW.ID AND NEW.ID IS NOT OLD.ID;
END;

CREATE TRIGGER bdba_files_count_replaced_update AFTER UPDATE OF ID ON files
WHEN EXISTS (SELECT 1 FROM bdba_replaced_file WHERE id = NEW.ID)
BEGIN
    UPDATE bdba_counters SET files = files - 1,
        total_size = total_size - COALESCE((SELECT file_size FROM bdba_replaced_file), 0),
        sized_files = sized_files - ((SELECT file_size FROM bdba_replaced_file) IS NOT NULL),
        verified = verified - COALESCE((SELECT verified != 0 FROM bdba_replaced_file), 0)
    WHERE id = 1;
    UPDATE bdba_client_totals SET files = files - 1,
        total_size = total_size - COALESCE((SELECT file_size FROM bdba_replaced_file), 0),
        verified = verified - COALESCE((SELECT verified != 0 FROM bdba_replaced_file), 0)
    WHERE client_id = (SELECT client_id FROM bdba_replaced_file);
    DELETE FROM bdba_client_totals
    WHERE client_id = (SELECT client_id FROM bdba_replaced_file) AND files = 0;
    DELETE FROM bdba_replaced_file;
END;

-- A REPLACE's own delete (recursive_triggers on) went through bdba_files_count_delete already.
CREATE TRIGGER bdba_files_count_replaced_clear AFTER DELETE ON files
WHEN EXISTS (SELECT 1 FROM bdba_replaced_file WHERE id = OLD.ID)
BEGIN
    DELETE FROM bdba_replaced_file;
END;

-- Start exact: whatever REPLACE did under 0002's triggers is counted away.
UPDATE bdba_counters SET clients = (SELECT COUNT(*) FROM clients),
    files = (SELECT COUNT(*) FROM files),
    total_size = (SELECT COALESCE(SUM(FileSize), 0) FROM files),
    sized_files = (SELECT COUNT(FileSize) FROM files),
    verified = (SELECT COALESCE(SUM(Verified != 0), 0) FROM files)
WHERE id = 1;
DELETE FROM bdba_client_totals;
INSERT INTO bdba_client_totals (client_id, files, total_size, verified)
SELECT ClientID, COUNT(*), COALESCE(SUM(FileSize), 0), COALESCE(SUM(Verified != 0), 0)
FROM files GROUP BY ClientID;
