-- Schema v1 (PostgreSQL): the schema-version table, the guard every migration starts with, and the
-- backup server's two tables with their 8 indexes. Names are unquoted, so PostgreSQL folds them
-- to lower case (ID is id): the SQL the core writes for SQLite (SELECT ID, Name FROM clients)
-- reads the same columns here, and QSqlRecord looks field names up without regard to case.
--
-- Type mapping (README, "PostgreSQL (in progress)"):
-- * IDs are the server's 16 raw bytes: bytea with a CHECK of 16 bytes. The QPSQL driver reads and
--   binds bytea as QByteArray, exactly as QSQLITE does BLOBs, and bytea sorts bytewise (memcmp)
--   like SQLite's BLOBs, so keyset pages (WHERE id > ? ORDER BY id) come in the same order.
-- * Dates are timestamptz. A date the move cannot read (timestamps::parse refuses it) is kept as
--   the server wrote it in *_unparsed, the timestamptz column then NULL: nothing is lost and the
--   integrity check can name the row. Exactly one of the two holds LastSeen (it is NOT NULL in
--   the server's schema).
-- * Text columns are text COLLATE "C": SQLite compares with BINARY (bytewise UTF-8), which is what
--   "C" does, whatever locale the cluster has; and SQLite never enforced VARCHAR(255), so the
--   server's rows may be longer: a length limit here would refuse rows the server holds.
-- * Verified is boolean (NULL stays NULL); FileSize and CRC are bigint (SQLite INTEGER is 64 bits).
DO $$
BEGIN
    IF to_regclass('bdba_schema_version') IS NOT NULL THEN
        RAISE EXCEPTION 'migration 1 is already applied to this database (bdba_schema_version exists)';
    END IF;
END $$;

CREATE TABLE bdba_schema_version (
    version     integer PRIMARY KEY,
    description text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);

-- Every migration (this one too) calls this first, in the migration's transaction: it refuses a
-- migration that is already applied, or one whose predecessor is missing, and records it. The
-- table lock makes a second migrator wait and then refuse, instead of both applying it.
CREATE FUNCTION bdba_begin_migration(wanted integer, what text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    current integer;
BEGIN
    LOCK TABLE bdba_schema_version IN EXCLUSIVE MODE;
    SELECT COALESCE(MAX(version), 0) INTO current FROM bdba_schema_version;
    IF current >= wanted THEN
        RAISE EXCEPTION 'migration % is already applied to this database (schema version %)',
            wanted, current;
    END IF;
    IF current <> wanted - 1 THEN
        RAISE EXCEPTION 'migration % needs schema version %, this database has %',
            wanted, wanted - 1, current;
    END IF;
    INSERT INTO bdba_schema_version (version, description) VALUES (wanted, what);
END $$;

SELECT bdba_begin_migration(1, 'the server''s tables and their 8 indexes');

CREATE TABLE clients (
    id                bytea PRIMARY KEY CONSTRAINT clients_id_16_bytes CHECK (octet_length(id) = 16),
    name              text COLLATE "C" NOT NULL UNIQUE,
    publickey         bytea,
    lastseen          timestamptz,
    lastseen_unparsed text,          -- the server's text, when it is no date the move can read
    aeskey            bytea,
    CONSTRAINT clients_lastseen_one_form CHECK ((lastseen IS NULL) <> (lastseen_unparsed IS NULL))
);

CREATE TABLE files (
    id                        bytea PRIMARY KEY CONSTRAINT files_id_16_bytes CHECK (octet_length(id) = 16),
    filename                  text COLLATE "C" NOT NULL,
    pathname                  text COLLATE "C" NOT NULL,
    verified                  boolean DEFAULT false,
    filesize                  bigint,
    modificationdate          timestamptz,
    modificationdate_unparsed text,
    crc                       bigint,
    -- PostgreSQL always enforces it: a client's delete takes its file records with it, and no
    -- file record can name a client that does not exist (SQLite only did on connections with
    -- foreign_keys=ON, which is how the server's orphans came to be).
    clientid                  bytea NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    CONSTRAINT files_modificationdate_one_form
        CHECK (modificationdate IS NULL OR modificationdate_unparsed IS NULL)
);

-- The 8 indexes of the SQLite schema (clients.name is the UNIQUE constraint's), same names.
CREATE INDEX bdba_idx_clients_lastseen ON clients (lastseen);
CREATE INDEX bdba_idx_files_clientid ON files (clientid);
CREATE INDEX bdba_idx_files_filename ON files (filename);
CREATE INDEX bdba_idx_files_clientid_filename ON files (clientid, filename);
CREATE INDEX bdba_idx_files_verified ON files (verified);
CREATE INDEX bdba_idx_files_modificationdate ON files (modificationdate);
CREATE INDEX bdba_idx_files_filesize ON files (filesize);
