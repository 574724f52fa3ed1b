-- Schema v1: the backup server's own tables, created only where missing. A database written by
-- the server keeps its tables exactly as they are; the indexes are added by code (where no index
-- on the same columns exists yet).
CREATE TABLE IF NOT EXISTS clients (
    ID        BLOB(16) PRIMARY KEY,          -- UUID, 16 raw bytes
    Name      VARCHAR(255) UNIQUE NOT NULL,
    PublicKey BLOB(160),
    LastSeen  TEXT NOT NULL,                 -- ISO-8601 UTC (older rows: other formats)
    AESKey    BLOB(32)
);
CREATE TABLE IF NOT EXISTS files (
    ID               BLOB(16) PRIMARY KEY,
    FileName         VARCHAR(255) NOT NULL,
    PathName         VARCHAR(255) NOT NULL,
    Verified         BOOLEAN DEFAULT 0,
    FileSize         INTEGER,
    ModificationDate TEXT,
    CRC              INTEGER,
    ClientID         BLOB(16) NOT NULL,
    -- Deleting a client deletes all of its file records (ON DELETE CASCADE). This only happens
    -- on connections with PRAGMA foreign_keys=ON (BackupDB Admin sets it on every connection);
    -- the original server never did, which is how orphaned file rows came to exist.
    FOREIGN KEY (ClientID) REFERENCES clients(ID) ON DELETE CASCADE
);
