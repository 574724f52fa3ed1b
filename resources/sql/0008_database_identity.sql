-- Which database this is: a random ID made once and kept in the database itself, so that it
-- survives a move or a rename. Every backup records it (its sidecar, and the copy holds this
-- table too), so that the Backups page, the dashboard's "last backup", retention and restore
-- consider only this database's backups, and restoring another database's backup is a choice
-- of its own. A restore keeps the ID of the database it restores into.
CREATE TABLE bdba_identity (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    database_id TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO bdba_identity (id, database_id) VALUES (1, lower(hex(randomblob(16))));
