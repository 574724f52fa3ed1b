<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AppSession</name>
    <message>
        <source>creating the demo database</source>
        <translation>creating the demo database</translation>
    </message>
</context>
<context>
    <name>PageSupport</name>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>just now</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>backupdb::ui::AuditPage</name>
    <message>
        <source>&amp;Audit log</source>
        <translation>&amp;Audit log</translation>
    </message>
    <message>
        <source>&amp;Slow queries</source>
        <translation>&amp;Slow queries</translation>
    </message>
    <message>
        <source>A&amp;ction:</source>
        <translation>A&amp;ction:</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>All actions</translation>
    </message>
    <message>
        <source>Filter the loaded entries…</source>
        <translation>Filter the loaded entries…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>&amp;Load more</source>
        <translation>&amp;Load more</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Total (ms)</source>
        <translation>Total (ms)</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Calls</translation>
    </message>
    <message>
        <source>Mean (ms)</source>
        <translation>Mean (ms)</translation>
    </message>
    <message>
        <source>Max (ms)</source>
        <translation>Max (ms)</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Statement</translation>
    </message>
    <message>
        <source>Duration (ms)</source>
        <translation>Duration (ms)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Statements by total time&lt;/b&gt; (since the database was opened)</source>
        <translation>&lt;b&gt;Statements by total time&lt;/b&gt; (since the database was opened)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent slow statements&lt;/b&gt;</source>
        <translation>&lt;b&gt;Recent slow statements&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent slow statements&lt;/b&gt; (over %1 ms; %2 since the database was opened)</source>
        <translation>&lt;b&gt;Recent slow statements&lt;/b&gt; (over %1 ms; %2 since the database was opened)</translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation>The audit log could not be read: %1</translation>
    </message>
    <message>
        <source>(server)</source>
        <translation>(server)</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>No database is open.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>%1 of %2 entries loaded</source>
        <translation>%1 of %2 entries loaded</translation>
    </message>
    <message>
        <source>%1 entries loaded</source>
        <translation>%1 entries loaded</translation>
    </message>
    <message>
        <source>%1 match the filter</source>
        <translation>%1 match the filter</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::BackupsPage</name>
    <message>
        <source>&amp;Back up now</source>
        <translation>&amp;Back up now</translation>
    </message>
    <message>
        <source>An online backup: the database stays in use while it is copied, then the copy is verified</source>
        <translation>An online backup: the database stays in use while it is copied, then the copy is verified</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>&amp;Verify selected</source>
        <translation>&amp;Verify selected</translation>
    </message>
    <message>
        <source>&amp;Restore selected…</source>
        <translation>&amp;Restore selected…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Retention</translation>
    </message>
    <message>
        <source>&amp;Apply retention now…</source>
        <translation>&amp;Apply retention now…</translation>
    </message>
    <message numerus="yes">
        <source>the newest %n backup(s)</source>
        <translation>
            <numerusform>the newest %n backup</numerusform>
            <numerusform>the newest %n backups</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>those younger than %n day(s)</source>
        <translation>
            <numerusform>those younger than %n day</numerusform>
            <numerusform>those younger than %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>All backups are kept (no retention rule is set).</source>
        <translation>All backups are kept (no retention rule is set).</translation>
    </message>
    <message>
        <source>Keep %1.</source>
        <translation>Keep %1.</translation>
    </message>
    <message>
        <source>Keep %1, and %2.</source>
        <translation>Keep %1, and %2.</translation>
    </message>
    <message>
        <source>The rules are applied after every backup; the newest verified backup is always kept. Change them in Settings.</source>
        <translation>The rules are applied after every backup; the newest verified backup is always kept. Change them in Settings.</translation>
    </message>
    <message>
        <source>The backups could not be listed: %1</source>
        <translation>The backups could not be listed: %1</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>Folder: %1</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>No database is open.</translation>
    </message>
    <message>
        <source>yes, %1</source>
        <translation>yes, %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>not verified</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>FAILED: %1</translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation>Backing up</translation>
    </message>
    <message>
        <source>The backup was cancelled; no file was left behind.</source>
        <translation>The backup was cancelled; no file was left behind.</translation>
    </message>
    <message>
        <source>The backup failed: %1</source>
        <translation>The backup failed: %1</translation>
    </message>
    <message>
        <source>Backup written and verified in %1 s: %2 (%3).</source>
        <translation>Backup written and verified in %1 s: %2 (%3).</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>Verifying</translation>
    </message>
    <message>
        <source>%1 could not be verified: %2</source>
        <translation>%1 could not be verified: %2</translation>
    </message>
    <message>
        <source>%1 is intact (integrity check: ok).</source>
        <translation>%1 is intact (integrity check: ok).</translation>
    </message>
    <message>
        <source>%1 FAILED verification: %2. Do not restore from it.</source>
        <translation>%1 FAILED verification: %2. Do not restore from it.</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>Restore from a backup</translation>
    </message>
    <message>
        <source>Replace the current database with the backup of %1?</source>
        <translation>Replace the current database with the backup of %1?</translation>
    </message>
    <message>
        <source>Back up current and &amp;restore</source>
        <translation>Back up current and &amp;restore</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>Restoring</translation>
    </message>
    <message>
        <source>Not restored: %1</source>
        <translation>Not restored: %1</translation>
    </message>
    <message>
        <source>Restored from %1. The database as it was before is saved in %2.</source>
        <translation>Restored from %1. The database as it was before is saved in %2.</translation>
    </message>
    <message>
        <source>No retention rule is set: all backups are kept.</source>
        <translation>No retention rule is set: all backups are kept.</translation>
    </message>
    <message>
        <source>Apply retention</source>
        <translation>Apply retention</translation>
    </message>
    <message>
        <source>Delete the backups in %1 that no retention rule keeps? The newest verified backup is always kept.</source>
        <translation>Delete the backups in %1 that no retention rule keeps? The newest verified backup is always kept.</translation>
    </message>
    <message>
        <source>Retention failed: %1</source>
        <translation>Retention failed: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) removed by the retention rules.</source>
        <translation>
            <numerusform>%n backup removed by the retention rules.</numerusform>
            <numerusform>%n backups removed by the retention rules.</numerusform>
        </translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>this database</source>
        <translation>this database</translation>
    </message>
    <message>
        <source>another: %1</source>
        <translation>another: %1</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>not recorded</translation>
    </message>
    <message>
        <source>Not a backup of the open database: it does not count as its backup, retention leaves it alone, and restoring it asks twice.</source>
        <translation>Not a backup of the open database: it does not count as its backup, retention leaves it alone, and restoring it asks twice.</translation>
    </message>
    <message>
        <source>The backup is verified first; one that fails verification is refused. The current database is then backed up to %1, and only then replaced. Data changed since the backup was taken is kept only in that safety backup; the audit log and the maintenance history since then are carried over.</source>
        <translation>The backup is verified first; one that fails verification is refused. The current database is then backed up to %1, and only then replaced. Data changed since the backup was taken is kept only in that safety backup; the audit log and the maintenance history since then are carried over.</translation>
    </message>
    <message>
        <source>a backup of another database, %1</source>
        <translation>a backup of another database, %1</translation>
    </message>
    <message>
        <source>a backup that does not record which database it is of</source>
        <translation>a backup that does not record which database it is of</translation>
    </message>
    <message>
        <source>Restore another database&apos;s backup</source>
        <translation>Restore another database&apos;s backup</translation>
    </message>
    <message>
        <source>%1 is %2, not of the open database.</source>
        <translation>%1 is %2, not of the open database.</translation>
    </message>
    <message>
        <source>Restoring it replaces %1 with that database&apos;s clients and files. Do this only to move a database&apos;s contents here on purpose.</source>
        <translation>Restoring it replaces %1 with that database&apos;s clients and files. Do this only to move a database&apos;s contents here on purpose.</translation>
    </message>
    <message>
        <source>&amp;Replace with the other database&apos;s backup</source>
        <translation>&amp;Replace with the other database&apos;s backup</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::ClientTableModel</name>
    <message>
        <source>Stored as: %1</source>
        <translation>Stored as: %1</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 bytes</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>Total size</source>
        <translation>Total size</translation>
    </message>
    <message>
        <source>Public key</source>
        <translation>Public key</translation>
    </message>
    <message>
        <source>AES key</source>
        <translation>AES key</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::ClientsPage</name>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Search clients by name…</source>
        <translation>Search clients by name…</translation>
    </message>
    <message>
        <source>All clients</source>
        <translation>All clients</translation>
    </message>
    <message>
        <source>Show the files of all clients</source>
        <translation>Show the files of all clients</translation>
    </message>
    <message>
        <source>Delete client…</source>
        <translation>Delete client…</translation>
    </message>
    <message>
        <source>Delete the selected client and all of its file records (Delete)</source>
        <translation>Delete the selected client and all of its file records (Delete)</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>All files</translation>
    </message>
    <message>
        <source>Verified only</source>
        <translation>Verified only</translation>
    </message>
    <message>
        <source>Unverified only</source>
        <translation>Unverified only</translation>
    </message>
    <message>
        <source>Filter by verification state</source>
        <translation>Filter by verification state</translation>
    </message>
    <message>
        <source>Filter files by name…</source>
        <translation>Filter files by name…</translation>
    </message>
    <message>
        <source>Could not load clients: %1</source>
        <translation>Could not load clients: %1</translation>
    </message>
    <message>
        <source>Clients: %1</source>
        <translation>Clients: %1</translation>
    </message>
    <message>
        <source>Could not load files: %1</source>
        <translation>Could not load files: %1</translation>
    </message>
    <message>
        <source>Files: %1</source>
        <translation>Files: %1</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>Files of client “%1”</source>
        <translation>Files of client “%1”</translation>
    </message>
    <message>
        <source>Files of all clients</source>
        <translation>Files of all clients</translation>
    </message>
    <message>
        <source>Delete client</source>
        <translation>Delete client</translation>
    </message>
    <message>
        <source>Could not count the files of “%1”: %2</source>
        <translation>Could not count the files of “%1”: %2</translation>
    </message>
    <message numerus="yes">
        <source>Delete the client “%1”?

Its file records are deleted with it: %Ln file record(s). This cannot be undone (take a backup first if unsure).</source>
        <translation>
            <numerusform>Delete the client “%1”?

Its file records are deleted with it: %Ln file record. This cannot be undone (take a backup first if unsure).</numerusform>
            <numerusform>Delete the client “%1”?

Its file records are deleted with it: %Ln file records. This cannot be undone (take a backup first if unsure).</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Could not delete “%1”: %2</source>
        <translation>Could not delete “%1”: %2</translation>
    </message>
    <message numerus="yes">
        <source>Deleted the client “%1” and its %Ln file record(s).</source>
        <translation>
            <numerusform>Deleted the client “%1” and its %Ln file record.</numerusform>
            <numerusform>Deleted the client “%1” and its %Ln file records.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was deleted: another database was opened while you were asked about “%1”.</source>
        <translation>Nothing was deleted: another database was opened while you were asked about “%1”.</translation>
    </message>
    <message>
        <source>Nothing was deleted: %1.</source>
        <translation>Nothing was deleted: %1.</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::DashboardPage</name>
    <message>
        <source>Health</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>Readers:</source>
        <translation>Readers:</translation>
    </message>
    <message>
        <source>Writer:</source>
        <translation>Writer:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Database:</translation>
    </message>
    <message>
        <source>Rows:</source>
        <translation>Rows:</translation>
    </message>
    <message>
        <source>Last backup:</source>
        <translation>Last backup:</translation>
    </message>
    <message>
        <source>Integrity:</source>
        <translation>Integrity:</translation>
    </message>
    <message numerus="yes">
        <source>every %n s</source>
        <translation>
            <numerusform>every %n s</numerusform>
            <numerusform>every %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Refresh:</source>
        <translation>&amp;Refresh:</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Resume</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Stop taking samples (the history keeps what was recorded)</source>
        <translation>Stop taking samples (the history keeps what was recorded)</translation>
    </message>
    <message>
        <source>Refresh &amp;now</source>
        <translation>Refresh &amp;now</translation>
    </message>
    <message>
        <source>Health score 0–100: the lower of the two pools&apos; scores, less penalties for integrity, size and backup problems</source>
        <translation>Health score 0–100: the lower of the two pools&apos; scores, less penalties for integrity, size and backup problems</translation>
    </message>
    <message>
        <source>Pool utilisation (%)</source>
        <translation>Pool utilisation (%)</translation>
    </message>
    <message>
        <source>Utilisation</source>
        <translation>Utilisation</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Connections</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Idle</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Acquire latency p95 (ms)</source>
        <translation>Acquire latency p95 (ms)</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Queries per second</source>
        <translation>Queries per second</translation>
    </message>
    <message>
        <source>Queries/s</source>
        <translation>Queries/s</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Waiting for the first sample…</source>
        <translation>Waiting for the first sample…</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>No database is open.</translation>
    </message>
    <message>
        <source>The pool-health history could not be read: %1</source>
        <translation>The pool-health history could not be read: %1</translation>
    </message>
    <message>
        <source>The sample could not be stored: %1</source>
        <translation>The sample could not be stored: %1</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>Healthy</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Needs attention</translation>
    </message>
    <message>
        <source>Unhealthy</source>
        <translation>Unhealthy</translation>
    </message>
    <message>
        <source>No warnings</source>
        <translation>No warnings</translation>
    </message>
    <message>
        <source>%1 of %2 in use</source>
        <translation>%1 of %2 in use</translation>
    </message>
    <message>
        <source>%1 open, %2 overflow</source>
        <translation>%1 open, %2 overflow</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 waiting</translation>
    </message>
    <message>
        <source>writing</source>
        <translation>writing</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>idle</translation>
    </message>
    <message>
        <source>%1 exhaustion events, %2 timeouts</source>
        <translation>%1 exhaustion events, %2 timeouts</translation>
    </message>
    <message>
        <source>WAL %1</source>
        <translation>WAL %1</translation>
    </message>
    <message>
        <source>journal %1</source>
        <translation>journal %1</translation>
    </message>
    <message>
        <source>%1 clients, %2 files</source>
        <translation>%1 clients, %2 files</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verified</translation>
    </message>
    <message>
        <source>NOT verified</source>
        <translation>NOT verified</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>%1 check %2: %3</source>
        <translation>%1 check %2: %3</translation>
    </message>
    <message>
        <source>full</source>
        <translation>full</translation>
    </message>
    <message>
        <source>quick</source>
        <translation>quick</translation>
    </message>
    <message numerus="yes">
        <source>%n orphaned</source>
        <translation>
            <numerusform>%n orphaned</numerusform>
            <numerusform>%n orphaned</numerusform>
        </translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>not checked yet</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Updated %1</translation>
    </message>
    <message>
        <source>Sampling failed</source>
        <translation>Sampling failed</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::DatabaseOpener</name>
    <message>
        <source>Not a database</source>
        <translation>Not a database</translation>
    </message>
    <message>
        <source>Read-only database</source>
        <translation>Read-only database</translation>
    </message>
    <message>
        <source>Damaged database</source>
        <translation>Damaged database</translation>
    </message>
    <message>
        <source>Database too new</source>
        <translation>Database too new</translation>
    </message>
    <message>
        <source>Migration failed</source>
        <translation>Migration failed</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>Checking %1…</translation>
    </message>
    <message>
        <source>“%1” is an empty file. Create a new backup database in it?</source>
        <translation>“%1” is an empty file. Create a new backup database in it?</translation>
    </message>
    <message numerus="yes">
        <source>“%1” is in the original backup server&apos;s layout (or was written by an older BackupDB Admin). To open it, BackupDB Admin adds its own tables, triggers and any missing indexes (%n migration(s)); it never drops or changes the server&apos;s tables or rows.

A backup of the file is taken first, beside the database, and restored if the migration fails.</source>
        <translation>
            <numerusform>“%1” is in the original backup server&apos;s layout (or was written by an older BackupDB Admin). To open it, BackupDB Admin adds its own tables, triggers and any missing indexes (%n migration); it never drops or changes the server&apos;s tables or rows.

A backup of the file is taken first, beside the database, and restored if the migration fails.</numerusform>
            <numerusform>“%1” is in the original backup server&apos;s layout (or was written by an older BackupDB Admin). To open it, BackupDB Admin adds its own tables, triggers and any missing indexes (%n migrations); it never drops or changes the server&apos;s tables or rows.

A backup of the file is taken first, beside the database, and restored if the migration fails.</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is an SQLite database without a clients table: it does not look like a backup server&apos;s database. Opening it adds the backup server&apos;s tables and BackupDB Admin&apos;s own to it.

A backup of the file is taken first, beside the database.</source>
        <translation>“%1” is an SQLite database without a clients table: it does not look like a backup server&apos;s database. Opening it adds the backup server&apos;s tables and BackupDB Admin&apos;s own to it.

A backup of the file is taken first, beside the database.</translation>
    </message>
    <message>
        <source>Migrate the database?</source>
        <translation>Migrate the database?</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>Back up and migrate</source>
        <translation>Back up and migrate</translation>
    </message>
    <message>
        <source>Opening the demo database (created on first use)…</source>
        <translation>Opening the demo database (created on first use)…</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Opening %1…</translation>
    </message>
    <message>
        <source>Migrated from schema version %1 to %2; the backup taken first is %3.</source>
        <translation>Migrated from schema version %1 to %2; the backup taken first is %3.</translation>
    </message>
    <message>
        <source>Created the demo database.</source>
        <translation>Created the demo database.</translation>
    </message>
    <message>
        <source>Database opened with a problem</source>
        <translation>Database opened with a problem</translation>
    </message>
    <message>
        <source>Could not open the demo database.</source>
        <translation>Could not open the demo database.</translation>
    </message>
    <message>
        <source>Could not open “%1”.</source>
        <translation>Could not open “%1”.</translation>
    </message>
    <message>
        <source>

The database that was open stays open.</source>
        <translation>

The database that was open stays open.</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::DatabaseWorker</name>
    <message>
        <source>No database is open.</source>
        <translation>No database is open.</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::FileTableModel</name>
    <message>
        <source>Stored as: %1</source>
        <translation>Stored as: %1</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 bytes</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Path</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Modified</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>CRC</source>
        <translation>CRC</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::IntegrityPage</name>
    <message>
        <source>&amp;Quick check</source>
        <translation>&amp;Quick check</translation>
    </message>
    <message>
        <source>SQLite quick_check and the logical checks: seconds, also on large files</source>
        <translation>SQLite quick_check and the logical checks: seconds, also on large files</translation>
    </message>
    <message>
        <source>&amp;Full check</source>
        <translation>&amp;Full check</translation>
    </message>
    <message>
        <source>SQLite integrity_check, the logical checks and the counters: reads every page</source>
        <translation>SQLite integrity_check, the logical checks and the counters: reads every page</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>Rows of the selected finding</source>
        <translation>Rows of the selected finding</translation>
    </message>
    <message>
        <source>Orphaned file records</source>
        <translation>Orphaned file records</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>&amp;Clean up…</source>
        <translation>&amp;Clean up…</translation>
    </message>
    <message>
        <source>Back up the database, then delete the file records that belong to no client</source>
        <translation>Back up the database, then delete the file records that belong to no client</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>File name</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Path</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Modified</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>Client ID (missing)</source>
        <translation>Client ID (missing)</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>No check has run yet.</source>
        <translation>No check has run yet.</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>No database is open.</translation>
    </message>
    <message>
        <source>Full check</source>
        <translation>Full check</translation>
    </message>
    <message>
        <source>Quick check</source>
        <translation>Quick check</translation>
    </message>
    <message>
        <source>The check was cancelled.</source>
        <translation>The check was cancelled.</translation>
    </message>
    <message>
        <source>The check could not run: %1</source>
        <translation>The check could not run: %1</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>No findings: the database is consistent.</source>
        <translation>No findings: the database is consistent.</translation>
    </message>
    <message numerus="yes">
        <source>%1 check at %2 took %3 s. SQLite: %4. %n problem(s) to act on.</source>
        <translation>
            <numerusform>%1 check at %2 took %3 s. SQLite: %4. %n problem to act on.</numerusform>
            <numerusform>%1 check at %2 took %3 s. SQLite: %4. %n problems to act on.</numerusform>
        </translation>
    </message>
    <message>
        <source>Full</source>
        <translation>Full</translation>
    </message>
    <message>
        <source>Quick</source>
        <translation>Quick</translation>
    </message>
    <message>
        <source>Select a finding to see the rows it concerns.</source>
        <translation>Select a finding to see the rows it concerns.</translation>
    </message>
    <message>
        <source>This finding concerns no particular rows.</source>
        <translation>This finding concerns no particular rows.</translation>
    </message>
    <message>
        <source>Loading the rows…</source>
        <translation>Loading the rows…</translation>
    </message>
    <message>
        <source>The rows could not be read: %1</source>
        <translation>The rows could not be read: %1</translation>
    </message>
    <message>
        <source>%1 of %2 row(s) of %3</source>
        <translation>%1 of %2 row(s) of %3</translation>
    </message>
    <message>
        <source>(the first rows are shown)</source>
        <translation>(the first rows are shown)</translation>
    </message>
    <message>
        <source>Looking for file records without a client…</source>
        <translation>Looking for file records without a client…</translation>
    </message>
    <message>
        <source>The orphaned records could not be listed: %1</source>
        <translation>The orphaned records could not be listed: %1</translation>
    </message>
    <message>
        <source>No file record lacks its client.</source>
        <translation>No file record lacks its client.</translation>
    </message>
    <message>
        <source>%1 file records belong to no client; the first %2 are shown.</source>
        <translation>%1 file records belong to no client; the first %2 are shown.</translation>
    </message>
    <message numerus="yes">
        <source>%n file record(s) belong to no client.</source>
        <translation>
            <numerusform>%n file record belongs to no client.</numerusform>
            <numerusform>%n file records belong to no client.</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>There are no orphaned file records to clean up.</source>
        <translation>There are no orphaned file records to clean up.</translation>
    </message>
    <message>
        <source>Clean up orphaned file records</source>
        <translation>Clean up orphaned file records</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n file record(s) that belong to no client?</source>
        <translation>
            <numerusform>Delete %n file record that belongs to no client?</numerusform>
            <numerusform>Delete %n file records that belong to no client?</numerusform>
        </translation>
    </message>
    <message>
        <source>A backup of the database is taken and verified first, in %1. Only then are the records deleted, in small batches; each is checked again to still lack its client. An audit entry records what was removed.</source>
        <translation>A backup of the database is taken and verified first, in %1. Only then are the records deleted, in small batches; each is checked again to still lack its client. An audit entry records what was removed.</translation>
    </message>
    <message>
        <source>Back up and &amp;delete</source>
        <translation>Back up and &amp;delete</translation>
    </message>
    <message>
        <source>Cleaning up orphans</source>
        <translation>Cleaning up orphans</translation>
    </message>
    <message>
        <source>The cleanup stopped: %1</source>
        <translation>The cleanup stopped: %1</translation>
    </message>
    <message>
        <source>Cancelled after deleting %1 of %2 orphaned file records. The backup taken first is %3. An audit entry was written.</source>
        <translation>Cancelled after deleting %1 of %2 orphaned file records. The backup taken first is %3. An audit entry was written.</translation>
    </message>
    <message>
        <source>No orphaned file records were left to delete; nothing was changed.</source>
        <translation>No orphaned file records were left to delete; nothing was changed.</translation>
    </message>
    <message>
        <source>Deleted %1 of %2 orphaned file records. A verified backup was taken first: %3. An audit entry was written.</source>
        <translation>Deleted %1 of %2 orphaned file records. A verified backup was taken first: %3. An audit entry was written.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) violate a foreign key</source>
        <translation>
            <numerusform>%n row violates a foreign key</numerusform>
            <numerusform>%n rows violate a foreign key</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file record(s) belong to no client</source>
        <translation>
            <numerusform>%n file record belongs to no client</numerusform>
            <numerusform>%n file records belong to no client</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) of %1 have an ID that is not 16 bytes</source>
        <translation>
            <numerusform>%n row of %1 has an ID that is not 16 bytes</numerusform>
            <numerusform>%n rows of %1 have an ID that is not 16 bytes</numerusform>
        </translation>
    </message>
    <message>
        <source>The statistics counters differ from the tables (another program wrote with REPLACE?); run a recount.</source>
        <translation>The statistics counters differ from the tables (another program wrote with REPLACE?); run a recount.</translation>
    </message>
    <message>
        <source>OUT OF DATE: %1. A new quick check runs within a minute, or run one now. %2</source>
        <translation>OUT OF DATE: %1. A new quick check runs within a minute, or run one now. %2</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::JobProgress</name>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::MainWindow</name>
    <message>
        <source>Could not open %1</source>
        <translation>Could not open %1</translation>
    </message>
    <message>
        <source>Clients &amp; Files</source>
        <translation>Clients &amp; Files</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Integrity</source>
        <translation>Integrity</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>Audit &amp; Slow queries</source>
        <translation>Audit &amp; Slow queries</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Open Database…</source>
        <translation>&amp;Open Database…</translation>
    </message>
    <message>
        <source>Open &amp;Demo Database</source>
        <translation>Open &amp;Demo Database</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <source>&amp;Back Up Now</source>
        <translation>&amp;Back Up Now</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About BackupDB Admin</source>
        <translation>&amp;About BackupDB Admin</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>About &amp;Qt</translation>
    </message>
    <message>
        <source>No database open</source>
        <translation>No database open</translation>
    </message>
    <message>
        <source>No database is open. Create the demo database (120 clients, 60,000 file records, a few orphans) in %1?

You can open a backup server&apos;s database with File › Open Database… at any time.</source>
        <translation>No database is open. Create the demo database (120 clients, 60,000 file records, a few orphans) in %1?

You can open a backup server&apos;s database with File › Open Database… at any time.</translation>
    </message>
    <message>
        <source>Create demo database</source>
        <translation>Create demo database</translation>
    </message>
    <message>
        <source>Open Database</source>
        <translation>Open Database</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>Opened %1</translation>
    </message>
    <message>
        <source>Settings applied from %1</source>
        <translation>Settings applied from %1</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Some settings in %1 were refused; the previous values stay in effect.</source>
        <translation>Some settings in %1 were refused; the previous values stay in effect.</translation>
    </message>
    <message>
        <source>Some settings were refused: %1</source>
        <translation>Some settings were refused: %1</translation>
    </message>
    <message>
        <source>The settings could not be applied; the previous ones stay in effect.

%1</source>
        <translation>The settings could not be applied; the previous ones stay in effect.

%1</translation>
    </message>
    <message>
        <source>Could not save the refresh interval to %1: %2</source>
        <translation>Could not save the refresh interval to %1: %2</translation>
    </message>
    <message>
        <source>Could not save the settings to %1.

%2</source>
        <translation>Could not save the settings to %1.

%2</translation>
    </message>
    <message>
        <source>About BackupDB Admin</source>
        <translation>About BackupDB Admin</translation>
    </message>
    <message>
        <source>BackupDB Admin %1

Looks after the database of an encrypted file-backup server: its clients and their files, the health of the connection pool, integrity, backups and the audit log.

Built with Qt %2 and SQLite.</source>
        <translation>BackupDB Admin %1

Looks after the database of an encrypted file-backup server: its clients and their files, the health of the connection pool, integrity, backups and the audit log.

Built with Qt %2 and SQLite.</translation>
    </message>
    <message>
        <source>%1 — BackupDB Admin</source>
        <translation>%1 — BackupDB Admin</translation>
    </message>
    <message>
        <source>BackupDB Admin</source>
        <translation>BackupDB Admin</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::MaintenanceHistoryView</name>
    <message>
        <source>Maintenance history</source>
        <translation>Maintenance history</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Started by</source>
        <translation>Started by</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>The maintenance history could not be read: %1</source>
        <translation>The maintenance history could not be read: %1</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>problems found</source>
        <translation>problems found</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>skipped</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>schedule</source>
        <translation>schedule</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>by hand</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>No database is open.</translation>
    </message>
    <message>
        <source>No run recorded yet. The service (backupdb-cli service) records every scheduled run here.</source>
        <translation>No run recorded yet. The service (backupdb-cli service) records every scheduled run here.</translation>
    </message>
    <message numerus="yes">
        <source>The last %n run(s), newest first.</source>
        <translation>
            <numerusform>The last %n run, newest first.</numerusform>
            <numerusform>The last %n runs, newest first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>backupdb::ui::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::NoDatabasePanel</name>
    <message>
        <source>No database open</source>
        <translation>No database open</translation>
    </message>
    <message>
        <source>Open Database…</source>
        <translation>Open Database…</translation>
    </message>
    <message>
        <source>Open Demo Database</source>
        <translation>Open Demo Database</translation>
    </message>
    <message>
        <source>Try Again</source>
        <translation>Try Again</translation>
    </message>
    <message>
        <source>Open a backup server&apos;s database, or the demo database (created on first use) to look around.</source>
        <translation>Open a backup server&apos;s database, or the demo database (created on first use) to look around.</translation>
    </message>
    <message>
        <source>The demo database could not be opened.</source>
        <translation>The demo database could not be opened.</translation>
    </message>
    <message>
        <source>“%1” could not be opened.</source>
        <translation>“%1” could not be opened.</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::PagedTableModel</name>
    <message>
        <source>Click to sort by %1</source>
        <translation>Click to sort by %1</translation>
    </message>
    <message>
        <source>%1 (not sortable)</source>
        <translation>%1 (not sortable)</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Connection pool and queries</source>
        <translation>Connection pool and queries</translation>
    </message>
    <message>
        <source>Reader connections kept open</source>
        <translation>Reader connections kept open</translation>
    </message>
    <message>
        <source>Extra connections opened under load and closed when idle</source>
        <translation>Extra connections opened under load and closed when idle</translation>
    </message>
    <message>
        <source>How long a request waits for a free connection before it fails</source>
        <translation>How long a request waits for a free connection before it fails</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>A statement running longer is interrupted</source>
        <translation>A statement running longer is interrupted</translation>
    </message>
    <message>
        <source>Statements slower than this are logged as slow queries</source>
        <translation>Statements slower than this are logged as slow queries</translation>
    </message>
    <message>
        <source>&amp;Connections:</source>
        <translation>&amp;Connections:</translation>
    </message>
    <message>
        <source>&amp;Overflow connections:</source>
        <translation>&amp;Overflow connections:</translation>
    </message>
    <message>
        <source>&amp;Acquire timeout:</source>
        <translation>&amp;Acquire timeout:</translation>
    </message>
    <message>
        <source>&amp;Query timeout:</source>
        <translation>&amp;Query timeout:</translation>
    </message>
    <message>
        <source>S&amp;low-query threshold:</source>
        <translation>S&amp;low-query threshold:</translation>
    </message>
    <message>
        <source>Database size</source>
        <translation>Database size</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>&amp;Warning above:</source>
        <translation>&amp;Warning above:</translation>
    </message>
    <message>
        <source>C&amp;ritical above:</source>
        <translation>C&amp;ritical above:</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>a &quot;backups&quot; folder beside the database</source>
        <translation>a &quot;backups&quot; folder beside the database</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>no limit</translation>
    </message>
    <message>
        <source> days</source>
        <translation> days</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Folder:</translation>
    </message>
    <message>
        <source>Keep the &amp;newest:</source>
        <translation>Keep the &amp;newest:</translation>
    </message>
    <message>
        <source>Keep those &amp;younger than:</source>
        <translation>Keep those &amp;younger than:</translation>
    </message>
    <message>
        <source>&lt;small&gt;A backup is deleted only when no rule keeps it; the newest verified one is always kept.&lt;/small&gt;</source>
        <translation>&lt;small&gt;A backup is deleted only when no rule keeps it; the newest verified one is always kept.&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Display</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Dashboard &amp;refresh every:</source>
        <translation>Dashboard &amp;refresh every:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>The size warning threshold (%1 MB) must be below the critical threshold (%2 MB).</source>
        <translation>The size warning threshold (%1 MB) must be below the critical threshold (%2 MB).</translation>
    </message>
    <message>
        <source>The slow-query threshold (%1 ms) must be below the query timeout (%2 ms), or no statement could ever be logged as slow.</source>
        <translation>The slow-query threshold (%1 ms) must be below the query timeout (%2 ms), or no statement could ever be logged as slow.</translation>
    </message>
    <message>
        <source>The backup folder contains a NUL character.</source>
        <translation>The backup folder contains a NUL character.</translation>
    </message>
    <message>
        <source>The backup folder must be a full path (such as /var/backups/backupdb), not &quot;%1&quot;.</source>
        <translation>The backup folder must be a full path (such as /var/backups/backupdb), not &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>The backup folder %1 is a file, not a folder.</source>
        <translation>The backup folder %1 is a file, not a folder.</translation>
    </message>
    <message>
        <source>The backup folder %1 is not writable.</source>
        <translation>The backup folder %1 is not writable.</translation>
    </message>
    <message>
        <source>The backup folder %1 does not exist and cannot be created in %2.</source>
        <translation>The backup folder %1 does not exist and cannot be created in %2.</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>Backup folder</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::StatusPanel</name>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cancel the running job</source>
        <translation>Cancel the running job</translation>
    </message>
    <message>
        <source>Health: unknown</source>
        <translation>Health: unknown</translation>
    </message>
    <message>
        <source>Database %1, WAL %2, free pages %3</source>
        <translation>Database %1, WAL %2, free pages %3</translation>
    </message>
    <message>
        <source>Journal: %1</source>
        <translation>Journal: %1</translation>
    </message>
    <message>
        <source>Health: &lt;b style=&quot;color:%1&quot;&gt;%2&lt;/b&gt;</source>
        <translation>Health: &lt;b style=&quot;color:%1&quot;&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No warnings</source>
        <translation>No warnings</translation>
    </message>
    <message>
        <source>No database open</source>
        <translation>No database open</translation>
    </message>
    <message>
        <source>%1 (+%2 more)</source>
        <translation>%1 (+%2 more)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Look after a backup server&apos;s database.</source>
        <translation>Look after a backup server&apos;s database.</translation>
    </message>
    <message>
        <source>Database file to open (default: the last one used, or the demo database).</source>
        <translation>Database file to open (default: the last one used, or the demo database).</translation>
    </message>
    <message>
        <source>Configuration file (default: backupdb-admin.ini in the application&apos;s configuration folder); reloaded on change.</source>
        <translation>Configuration file (default: backupdb-admin.ini in the application&apos;s configuration folder); reloaded on change.</translation>
    </message>
</context>
</TS>
