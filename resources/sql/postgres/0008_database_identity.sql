-- Which database this is: a random ID made once and kept in the database itself, so that it
-- survives a move or a rename; every backup records it. The same form as SQLite's (32 lower-case
-- hex digits); gen_random_uuid() is built into PostgreSQL 13 and later (122 random bits).
SELECT bdba_begin_migration(8, 'the database''s own identity, which its backups record');

CREATE TABLE bdba_identity (
    id          integer PRIMARY KEY CHECK (id = 1),
    database_id text NOT NULL CHECK (database_id ~ '^[0-9a-f]{32}$'),
    created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO bdba_identity (id, database_id) VALUES (1, replace(gen_random_uuid()::text, '-', ''));
