-- Audit log (M6, improvement 19): every DELETE and UPDATE on clients and files, by anyone, and
-- every maintenance action. Rows written by BackupDB Admin's own connections get the operating-
-- system user (a TEMP trigger on those connections fills it in); os_user NULL means another
-- program, normally the backup server. AES keys are never recorded, only that they changed.
CREATE TABLE bdba_audit (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    os_user    TEXT,
    action     TEXT NOT NULL,          -- DELETE, UPDATE, or a maintenance action (backup, ...)
    table_name TEXT,
    row_id     TEXT,                   -- the row's ID, hex
    details    TEXT                    -- JSON
);
CREATE INDEX bdba_audit_at ON bdba_audit(at);

CREATE TRIGGER bdba_audit_clients_delete AFTER DELETE ON clients BEGIN
    INSERT INTO bdba_audit (action, table_name, row_id, details)
    VALUES ('DELETE', 'clients', hex(OLD.ID),
            json_object('Name', OLD.Name, 'LastSeen', OLD.LastSeen,
                        'PublicKey', length(OLD.PublicKey), 'AESKey', length(OLD.AESKey)));
END;

CREATE TRIGGER bdba_audit_clients_update AFTER UPDATE ON clients BEGIN
    INSERT INTO bdba_audit (action, table_name, row_id, details)
    VALUES ('UPDATE', 'clients', hex(OLD.ID),
            json_object(
                'ID', CASE WHEN OLD.ID IS NOT NEW.ID THEN json_array(hex(OLD.ID), hex(NEW.ID)) END,
                'Name', CASE WHEN OLD.Name IS NOT NEW.Name THEN json_array(OLD.Name, NEW.Name) END,
                'LastSeen', CASE WHEN OLD.LastSeen IS NOT NEW.LastSeen THEN json_array(OLD.LastSeen, NEW.LastSeen) END,
                'PublicKey', CASE WHEN OLD.PublicKey IS NOT NEW.PublicKey THEN 'changed' END,
                'AESKey', CASE WHEN OLD.AESKey IS NOT NEW.AESKey THEN 'changed' END));
END;

CREATE TRIGGER bdba_audit_files_delete AFTER DELETE ON files BEGIN
    INSERT INTO bdba_audit (action, table_name, row_id, details)
    VALUES ('DELETE', 'files', hex(OLD.ID),
            json_object('FileName', OLD.FileName, 'PathName', OLD.PathName, 'ClientID', hex(OLD.ClientID),
                        'FileSize', OLD.FileSize, 'Verified', OLD.Verified));
END;

CREATE TRIGGER bdba_audit_files_update AFTER UPDATE ON files BEGIN
    INSERT INTO bdba_audit (action, table_name, row_id, details)
    VALUES ('UPDATE', 'files', hex(OLD.ID),
            json_object(
                'ID', CASE WHEN OLD.ID IS NOT NEW.ID THEN json_array(hex(OLD.ID), hex(NEW.ID)) END,
                'FileName', CASE WHEN OLD.FileName IS NOT NEW.FileName THEN json_array(OLD.FileName, NEW.FileName) END,
                'PathName', CASE WHEN OLD.PathName IS NOT NEW.PathName THEN json_array(OLD.PathName, NEW.PathName) END,
                'Verified', CASE WHEN OLD.Verified IS NOT NEW.Verified THEN json_array(OLD.Verified, NEW.Verified) END,
                'FileSize', CASE WHEN OLD.FileSize IS NOT NEW.FileSize THEN json_array(OLD.FileSize, NEW.FileSize) END,
                'ModificationDate', CASE WHEN OLD.ModificationDate IS NOT NEW.ModificationDate
                                         THEN json_array(OLD.ModificationDate, NEW.ModificationDate) END,
                'CRC', CASE WHEN OLD.CRC IS NOT NEW.CRC THEN json_array(OLD.CRC, NEW.CRC) END,
                'ClientID', CASE WHEN OLD.ClientID IS NOT NEW.ClientID THEN json_array(hex(OLD.ClientID), hex(NEW.ClientID)) END));
END;
