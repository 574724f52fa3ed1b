<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AppSession</name>
    <message>
        <source>creating the demo database</source>
        <translation>beim Anlegen der Demo-Datenbank</translation>
    </message>
</context>
<context>
    <name>PageSupport</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n Min.</numerusform>
            <numerusform>vor %n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>vor %n Std.</numerusform>
            <numerusform>vor %n Std.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>backupdb::ui::AuditPage</name>
    <message>
        <source>&amp;Audit log</source>
        <translation>&amp;Audit-Protokoll</translation>
    </message>
    <message>
        <source>&amp;Slow queries</source>
        <translation>&amp;Langsame Abfragen</translation>
    </message>
    <message>
        <source>A&amp;ction:</source>
        <translation>A&amp;ktion:</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Alle Aktionen</translation>
    </message>
    <message>
        <source>Filter the loaded entries…</source>
        <translation>Geladene Einträge filtern…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Load more</source>
        <translation>&amp;Mehr laden</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Total (ms)</source>
        <translation>Gesamt (ms)</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Mean (ms)</source>
        <translation>Mittel (ms)</translation>
    </message>
    <message>
        <source>Max (ms)</source>
        <translation>Max. (ms)</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Anweisung</translation>
    </message>
    <message>
        <source>Duration (ms)</source>
        <translation>Dauer (ms)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Statements by total time&lt;/b&gt; (since the database was opened)</source>
        <translation>&lt;b&gt;Anweisungen nach Gesamtzeit&lt;/b&gt; (seit dem Öffnen der Datenbank)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent slow statements&lt;/b&gt;</source>
        <translation>&lt;b&gt;Letzte langsame Anweisungen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent slow statements&lt;/b&gt; (over %1 ms; %2 since the database was opened)</source>
        <translation>&lt;b&gt;Letzte langsame Anweisungen&lt;/b&gt; (über %1 ms; %2 seit dem Öffnen der Datenbank)</translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation>Das Audit-Protokoll konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>(server)</source>
        <translation>(Server)</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>%1 of %2 entries loaded</source>
        <translation>%1 von %2 Einträgen geladen</translation>
    </message>
    <message>
        <source>%1 entries loaded</source>
        <translation>%1 Einträge geladen</translation>
    </message>
    <message>
        <source>%1 match the filter</source>
        <translation>%1 passen zum Filter</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::BackupsPage</name>
    <message>
        <source>&amp;Back up now</source>
        <translation>Jetzt &amp;sichern</translation>
    </message>
    <message>
        <source>An online backup: the database stays in use while it is copied, then the copy is verified</source>
        <translation>Eine Online-Sicherung: Die Datenbank bleibt während des Kopierens in Betrieb, danach wird die Kopie verifiziert</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Sicherungen</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verifiziert</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>&amp;Verify selected</source>
        <translation>Auswahl &amp;verifizieren</translation>
    </message>
    <message>
        <source>&amp;Restore selected…</source>
        <translation>Auswahl &amp;wiederherstellen…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Aufbewahrung</translation>
    </message>
    <message>
        <source>&amp;Apply retention now…</source>
        <translation>Aufbewahrungsregeln jetzt &amp;anwenden…</translation>
    </message>
    <message numerus="yes">
        <source>the newest %n backup(s)</source>
        <translation>
            <numerusform>%n Sicherung, die neueste</numerusform>
            <numerusform>die %n neuesten Sicherungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>those younger than %n day(s)</source>
        <translation>
            <numerusform>die weniger als %n Tag alten</numerusform>
            <numerusform>die weniger als %n Tage alten</numerusform>
        </translation>
    </message>
    <message>
        <source>All backups are kept (no retention rule is set).</source>
        <translation>Alle Sicherungen werden aufbewahrt (keine Aufbewahrungsregel festgelegt).</translation>
    </message>
    <message>
        <source>Keep %1.</source>
        <translation>Behalten: %1.</translation>
    </message>
    <message>
        <source>Keep %1, and %2.</source>
        <translation>Behalten: %1 sowie %2.</translation>
    </message>
    <message>
        <source>The rules are applied after every backup; the newest verified backup is always kept. Change them in Settings.</source>
        <translation>Die Regeln werden nach jeder Sicherung angewendet; die neueste verifizierte Sicherung bleibt immer erhalten. Ändern lassen sie sich in den Einstellungen.</translation>
    </message>
    <message>
        <source>The backups could not be listed: %1</source>
        <translation>Die Sicherungen konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>Ordner: %1</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>yes, %1</source>
        <translation>ja, %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>nicht verifiziert</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>FEHLGESCHLAGEN: %1</translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation>Sicherung läuft</translation>
    </message>
    <message>
        <source>The backup was cancelled; no file was left behind.</source>
        <translation>Die Sicherung wurde abgebrochen; es ist keine Datei zurückgeblieben.</translation>
    </message>
    <message>
        <source>The backup failed: %1</source>
        <translation>Die Sicherung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Backup written and verified in %1 s: %2 (%3).</source>
        <translation>Sicherung in %1 s geschrieben und verifiziert: %2 (%3).</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>Verifizierung läuft</translation>
    </message>
    <message>
        <source>%1 could not be verified: %2</source>
        <translation>%1 konnte nicht verifiziert werden: %2</translation>
    </message>
    <message>
        <source>%1 is intact (integrity check: ok).</source>
        <translation>%1 ist intakt (Integritätsprüfung: ok).</translation>
    </message>
    <message>
        <source>%1 FAILED verification: %2. Do not restore from it.</source>
        <translation>%1 hat die Verifizierung NICHT bestanden: %2. Nicht daraus wiederherstellen.</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>Aus einer Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>Replace the current database with the backup of %1?</source>
        <translation>Die aktuelle Datenbank durch die Sicherung vom %1 ersetzen?</translation>
    </message>
    <message>
        <source>Back up current and &amp;restore</source>
        <translation>Aktuelle sichern und &amp;wiederherstellen</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>Wiederherstellung läuft</translation>
    </message>
    <message>
        <source>Not restored: %1</source>
        <translation>Nicht wiederhergestellt: %1</translation>
    </message>
    <message>
        <source>Restored from %1. The database as it was before is saved in %2.</source>
        <translation>Aus %1 wiederhergestellt. Die vorherige Datenbank ist in %2 gesichert.</translation>
    </message>
    <message>
        <source>No retention rule is set: all backups are kept.</source>
        <translation>Keine Aufbewahrungsregel festgelegt: Alle Sicherungen werden aufbewahrt.</translation>
    </message>
    <message>
        <source>Apply retention</source>
        <translation>Aufbewahrungsregeln anwenden</translation>
    </message>
    <message>
        <source>Delete the backups in %1 that no retention rule keeps? The newest verified backup is always kept.</source>
        <translation>Die Sicherungen in %1 löschen, die keine Aufbewahrungsregel behält? Die neueste verifizierte Sicherung bleibt immer erhalten.</translation>
    </message>
    <message>
        <source>Retention failed: %1</source>
        <translation>Aufbewahrung fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) removed by the retention rules.</source>
        <translation>
            <numerusform>%n Sicherung durch die Aufbewahrungsregeln entfernt.</numerusform>
            <numerusform>%n Sicherungen durch die Aufbewahrungsregeln entfernt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>this database</source>
        <translation>diese Datenbank</translation>
    </message>
    <message>
        <source>another: %1</source>
        <translation>andere: %1</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>nicht erfasst</translation>
    </message>
    <message>
        <source>Not a backup of the open database: it does not count as its backup, retention leaves it alone, and restoring it asks twice.</source>
        <translation>Keine Sicherung der geöffneten Datenbank: Sie zählt nicht als deren Sicherung, die Aufbewahrungsregeln lassen sie unberührt, und vor dem Wiederherstellen wird zweimal gefragt.</translation>
    </message>
    <message>
        <source>The backup is verified first; one that fails verification is refused. The current database is then backed up to %1, and only then replaced. Data changed since the backup was taken is kept only in that safety backup; the audit log and the maintenance history since then are carried over.</source>
        <translation>Die Sicherung wird zuerst verifiziert; eine, die die Verifizierung nicht besteht, wird abgelehnt. Dann wird die aktuelle Datenbank nach %1 gesichert und erst danach ersetzt. Seit der Sicherung geänderte Daten bleiben nur in dieser Schutzsicherung erhalten; das Audit-Protokoll und der Wartungsverlauf seither werden übernommen.</translation>
    </message>
    <message>
        <source>a backup of another database, %1</source>
        <translation>eine Sicherung einer anderen Datenbank, %1</translation>
    </message>
    <message>
        <source>a backup that does not record which database it is of</source>
        <translation>eine Sicherung, die nicht festhält, von welcher Datenbank sie stammt</translation>
    </message>
    <message>
        <source>Restore another database&apos;s backup</source>
        <translation>Sicherung einer anderen Datenbank wiederherstellen</translation>
    </message>
    <message>
        <source>%1 is %2, not of the open database.</source>
        <translation>%1 ist %2, nicht der geöffneten Datenbank.</translation>
    </message>
    <message>
        <source>Restoring it replaces %1 with that database&apos;s clients and files. Do this only to move a database&apos;s contents here on purpose.</source>
        <translation>Das Wiederherstellen ersetzt %1 durch die Clients und Dateien jener Datenbank. Nur tun, wenn der Inhalt einer Datenbank absichtlich hierher übertragen werden soll.</translation>
    </message>
    <message>
        <source>&amp;Replace with the other database&apos;s backup</source>
        <translation>Durch die Sicherung der anderen Datenbank &amp;ersetzen</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::ClientTableModel</name>
    <message>
        <source>Stored as: %1</source>
        <translation>Gespeichert als: %1</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Byte</translation>
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
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Total size</source>
        <translation>Gesamtgröße</translation>
    </message>
    <message>
        <source>Public key</source>
        <translation>Öffentlicher Schlüssel</translation>
    </message>
    <message>
        <source>AES key</source>
        <translation>AES-Schlüssel</translation>
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
        <translation>Clients nach Namen suchen…</translation>
    </message>
    <message>
        <source>All clients</source>
        <translation>Alle Clients</translation>
    </message>
    <message>
        <source>Show the files of all clients</source>
        <translation>Die Dateien aller Clients anzeigen</translation>
    </message>
    <message>
        <source>Delete client…</source>
        <translation>Client löschen…</translation>
    </message>
    <message>
        <source>Delete the selected client and all of its file records (Delete)</source>
        <translation>Den ausgewählten Client mit allen seinen Dateieinträgen löschen (Entf)</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Alle Dateien</translation>
    </message>
    <message>
        <source>Verified only</source>
        <translation>Nur verifizierte</translation>
    </message>
    <message>
        <source>Unverified only</source>
        <translation>Nur nicht verifizierte</translation>
    </message>
    <message>
        <source>Filter by verification state</source>
        <translation>Nach Verifizierungsstatus filtern</translation>
    </message>
    <message>
        <source>Filter files by name…</source>
        <translation>Dateien nach Namen filtern…</translation>
    </message>
    <message>
        <source>Could not load clients: %1</source>
        <translation>Clients konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Clients: %1</source>
        <translation>Clients: %1</translation>
    </message>
    <message>
        <source>Could not load files: %1</source>
        <translation>Dateien konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Files: %1</source>
        <translation>Dateien: %1</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verifiziert</translation>
    </message>
    <message>
        <source>Files of client “%1”</source>
        <translation>Dateien des Clients „%1“</translation>
    </message>
    <message>
        <source>Files of all clients</source>
        <translation>Dateien aller Clients</translation>
    </message>
    <message>
        <source>Delete client</source>
        <translation>Client löschen</translation>
    </message>
    <message>
        <source>Could not count the files of “%1”: %2</source>
        <translation>Die Dateien von „%1“ konnten nicht gezählt werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>Delete the client “%1”?

Its file records are deleted with it: %Ln file record(s). This cannot be undone (take a backup first if unsure).</source>
        <translation>
            <numerusform>Den Client „%1“ löschen?

Seine Dateieinträge werden mit gelöscht: %Ln Dateieintrag. Das lässt sich nicht rückgängig machen (im Zweifel zuerst eine Sicherung erstellen).</numerusform>
            <numerusform>Den Client „%1“ löschen?

Seine Dateieinträge werden mit gelöscht: %Ln Dateieinträge. Das lässt sich nicht rückgängig machen (im Zweifel zuerst eine Sicherung erstellen).</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Could not delete “%1”: %2</source>
        <translation>„%1“ konnte nicht gelöscht werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>Deleted the client “%1” and its %Ln file record(s).</source>
        <translation>
            <numerusform>Der Client „%1“ und sein %Ln Dateieintrag wurden gelöscht.</numerusform>
            <numerusform>Der Client „%1“ und seine %Ln Dateieinträge wurden gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was deleted: another database was opened while you were asked about “%1”.</source>
        <translation>Nichts wurde gelöscht: Während der Rückfrage zu „%1“ wurde eine andere Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>Nothing was deleted: %1.</source>
        <translation>Nichts wurde gelöscht: %1.</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::DashboardPage</name>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>Readers:</source>
        <translation>Leseverbindungen:</translation>
    </message>
    <message>
        <source>Writer:</source>
        <translation>Schreibverbindung:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Datenbank:</translation>
    </message>
    <message>
        <source>Rows:</source>
        <translation>Zeilen:</translation>
    </message>
    <message>
        <source>Last backup:</source>
        <translation>Letzte Sicherung:</translation>
    </message>
    <message>
        <source>Integrity:</source>
        <translation>Integrität:</translation>
    </message>
    <message numerus="yes">
        <source>every %n s</source>
        <translation>
            <numerusform>alle %n s</numerusform>
            <numerusform>alle %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Refresh:</source>
        <translation>&amp;Aktualisierung:</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Stop taking samples (the history keeps what was recorded)</source>
        <translation>Keine Messwerte mehr erfassen (der Verlauf behält, was aufgezeichnet wurde)</translation>
    </message>
    <message>
        <source>Refresh &amp;now</source>
        <translation>&amp;Jetzt aktualisieren</translation>
    </message>
    <message>
        <source>Health score 0–100: the lower of the two pools&apos; scores, less penalties for integrity, size and backup problems</source>
        <translation>Zustandswert 0–100: der niedrigere Wert der beiden Pools, abzüglich Abzügen für Probleme mit Integrität, Größe und Sicherungen</translation>
    </message>
    <message>
        <source>Pool utilisation (%)</source>
        <translation>Pool-Auslastung (%)</translation>
    </message>
    <message>
        <source>Utilisation</source>
        <translation>Auslastung</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Leerlauf</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Acquire latency p95 (ms)</source>
        <translation>Wartezeit auf Verbindung p95 (ms)</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Queries per second</source>
        <translation>Abfragen pro Sekunde</translation>
    </message>
    <message>
        <source>Queries/s</source>
        <translation>Abfragen/s</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Waiting for the first sample…</source>
        <translation>Warten auf den ersten Messwert…</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>The pool-health history could not be read: %1</source>
        <translation>Der Verlauf des Pool-Zustands konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The sample could not be stored: %1</source>
        <translation>Der Messwert konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>Gesund</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Benötigt Aufmerksamkeit</translation>
    </message>
    <message>
        <source>Unhealthy</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>No warnings</source>
        <translation>Keine Warnungen</translation>
    </message>
    <message>
        <source>%1 of %2 in use</source>
        <translation>%1 von %2 in Benutzung</translation>
    </message>
    <message>
        <source>%1 open, %2 overflow</source>
        <translation>%1 offen, %2 zusätzlich</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 wartend</translation>
    </message>
    <message>
        <source>writing</source>
        <translation>schreibt</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>im Leerlauf</translation>
    </message>
    <message>
        <source>%1 exhaustion events, %2 timeouts</source>
        <translation>%1 Engpässe, %2 Zeitüberschreitungen</translation>
    </message>
    <message>
        <source>WAL %1</source>
        <translation>WAL %1</translation>
    </message>
    <message>
        <source>journal %1</source>
        <translation>Journal %1</translation>
    </message>
    <message>
        <source>%1 clients, %2 files</source>
        <translation>%1 Clients, %2 Dateien</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verifiziert</translation>
    </message>
    <message>
        <source>NOT verified</source>
        <translation>NICHT verifiziert</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 check %2: %3</source>
        <translation>%1 Prüfung %2: %3</translation>
    </message>
    <message>
        <source>full</source>
        <translation>vollständige</translation>
    </message>
    <message>
        <source>quick</source>
        <translation>schnelle</translation>
    </message>
    <message numerus="yes">
        <source>%n orphaned</source>
        <translation>
            <numerusform>%n verwaister Eintrag</numerusform>
            <numerusform>%n verwaiste Einträge</numerusform>
        </translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>noch nicht geprüft</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Aktualisiert %1</translation>
    </message>
    <message>
        <source>Sampling failed</source>
        <translation>Messung fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::DatabaseOpener</name>
    <message>
        <source>Not a database</source>
        <translation>Keine Datenbank</translation>
    </message>
    <message>
        <source>Read-only database</source>
        <translation>Schreibgeschützte Datenbank</translation>
    </message>
    <message>
        <source>Damaged database</source>
        <translation>Beschädigte Datenbank</translation>
    </message>
    <message>
        <source>Database too new</source>
        <translation>Datenbank zu neu</translation>
    </message>
    <message>
        <source>Migration failed</source>
        <translation>Migration fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>Die Datenbank kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>%1 wird geprüft…</translation>
    </message>
    <message>
        <source>“%1” is an empty file. Create a new backup database in it?</source>
        <translation>„%1“ ist eine leere Datei. Darin eine neue Sicherungsdatenbank anlegen?</translation>
    </message>
    <message numerus="yes">
        <source>“%1” is in the original backup server&apos;s layout (or was written by an older BackupDB Admin). To open it, BackupDB Admin adds its own tables, triggers and any missing indexes (%n migration(s)); it never drops or changes the server&apos;s tables or rows.

A backup of the file is taken first, beside the database, and restored if the migration fails.</source>
        <translation>
            <numerusform>„%1“ hat das Format des ursprünglichen Sicherungsservers (oder wurde von einer älteren Version von BackupDB Admin geschrieben). Zum Öffnen fügt BackupDB Admin seine eigenen Tabellen, Trigger und fehlende Indizes hinzu (%n Migration); Tabellen und Zeilen des Servers werden nie gelöscht oder verändert.

Zuerst wird neben der Datenbank eine Sicherung der Datei erstellt, die bei einer fehlgeschlagenen Migration zurückgespielt wird.</numerusform>
            <numerusform>„%1“ hat das Format des ursprünglichen Sicherungsservers (oder wurde von einer älteren Version von BackupDB Admin geschrieben). Zum Öffnen fügt BackupDB Admin seine eigenen Tabellen, Trigger und fehlende Indizes hinzu (%n Migrationen); Tabellen und Zeilen des Servers werden nie gelöscht oder verändert.

Zuerst wird neben der Datenbank eine Sicherung der Datei erstellt, die bei einer fehlgeschlagenen Migration zurückgespielt wird.</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is an SQLite database without a clients table: it does not look like a backup server&apos;s database. Opening it adds the backup server&apos;s tables and BackupDB Admin&apos;s own to it.

A backup of the file is taken first, beside the database.</source>
        <translation>„%1“ ist eine SQLite-Datenbank ohne Tabelle „clients“: Sie sieht nicht wie die Datenbank eines Sicherungsservers aus. Beim Öffnen werden ihr die Tabellen des Sicherungsservers und die von BackupDB Admin hinzugefügt.

Zuerst wird neben der Datenbank eine Sicherung der Datei erstellt.</translation>
    </message>
    <message>
        <source>Migrate the database?</source>
        <translation>Datenbank migrieren?</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>Back up and migrate</source>
        <translation>Sichern und migrieren</translation>
    </message>
    <message>
        <source>Opening the demo database (created on first use)…</source>
        <translation>Demo-Datenbank wird geöffnet (beim ersten Mal angelegt)…</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Migrated from schema version %1 to %2; the backup taken first is %3.</source>
        <translation>Von Schemaversion %1 auf %2 migriert; die vorher erstellte Sicherung ist %3.</translation>
    </message>
    <message>
        <source>Created the demo database.</source>
        <translation>Demo-Datenbank angelegt.</translation>
    </message>
    <message>
        <source>Database opened with a problem</source>
        <translation>Datenbank mit einem Problem geöffnet</translation>
    </message>
    <message>
        <source>Could not open the demo database.</source>
        <translation>Die Demo-Datenbank konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Could not open “%1”.</source>
        <translation>„%1“ konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>

The database that was open stays open.</source>
        <translation>

Die bisher geöffnete Datenbank bleibt geöffnet.</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::DatabaseWorker</name>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::FileTableModel</name>
    <message>
        <source>Stored as: %1</source>
        <translation>Gespeichert als: %1</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Byte</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verifiziert</translation>
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
        <translation>&amp;Schnellprüfung</translation>
    </message>
    <message>
        <source>SQLite quick_check and the logical checks: seconds, also on large files</source>
        <translation>SQLite quick_check und die logischen Prüfungen: Sekunden, auch bei großen Dateien</translation>
    </message>
    <message>
        <source>&amp;Full check</source>
        <translation>&amp;Vollständige Prüfung</translation>
    </message>
    <message>
        <source>SQLite integrity_check, the logical checks and the counters: reads every page</source>
        <translation>SQLite integrity_check, die logischen Prüfungen und die Zähler: liest jede Seite</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Rows of the selected finding</source>
        <translation>Zeilen des ausgewählten Befunds</translation>
    </message>
    <message>
        <source>Orphaned file records</source>
        <translation>Verwaiste Dateieinträge</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Clean up…</source>
        <translation>&amp;Bereinigen…</translation>
    </message>
    <message>
        <source>Back up the database, then delete the file records that belong to no client</source>
        <translation>Die Datenbank sichern, dann die Dateieinträge löschen, die zu keinem Client gehören</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>Dateiname</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verifiziert</translation>
    </message>
    <message>
        <source>Client ID (missing)</source>
        <translation>Client-ID (fehlt)</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>No check has run yet.</source>
        <translation>Es wurde noch keine Prüfung ausgeführt.</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>Full check</source>
        <translation>Vollständige Prüfung</translation>
    </message>
    <message>
        <source>Quick check</source>
        <translation>Schnellprüfung</translation>
    </message>
    <message>
        <source>The check was cancelled.</source>
        <translation>Die Prüfung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The check could not run: %1</source>
        <translation>Die Prüfung konnte nicht ausgeführt werden: %1</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>No findings: the database is consistent.</source>
        <translation>Keine Befunde: Die Datenbank ist konsistent.</translation>
    </message>
    <message numerus="yes">
        <source>%1 check at %2 took %3 s. SQLite: %4. %n problem(s) to act on.</source>
        <translation>
            <numerusform>%1 Prüfung um %2 dauerte %3 s. SQLite: %4. %n Problem zu beheben.</numerusform>
            <numerusform>%1 Prüfung um %2 dauerte %3 s. SQLite: %4. %n Probleme zu beheben.</numerusform>
        </translation>
    </message>
    <message>
        <source>Full</source>
        <translation>Vollständige</translation>
    </message>
    <message>
        <source>Quick</source>
        <translation>Schnelle</translation>
    </message>
    <message>
        <source>Select a finding to see the rows it concerns.</source>
        <translation>Einen Befund auswählen, um die betroffenen Zeilen zu sehen.</translation>
    </message>
    <message>
        <source>This finding concerns no particular rows.</source>
        <translation>Dieser Befund betrifft keine bestimmten Zeilen.</translation>
    </message>
    <message>
        <source>Loading the rows…</source>
        <translation>Zeilen werden geladen…</translation>
    </message>
    <message>
        <source>The rows could not be read: %1</source>
        <translation>Die Zeilen konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 of %2 row(s) of %3</source>
        <translation>%1 von %2 Zeile(n) aus %3</translation>
    </message>
    <message>
        <source>(the first rows are shown)</source>
        <translation>(die ersten Zeilen werden angezeigt)</translation>
    </message>
    <message>
        <source>Looking for file records without a client…</source>
        <translation>Suche nach Dateieinträgen ohne Client…</translation>
    </message>
    <message>
        <source>The orphaned records could not be listed: %1</source>
        <translation>Die verwaisten Einträge konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>No file record lacks its client.</source>
        <translation>Kein Dateieintrag ist ohne Client.</translation>
    </message>
    <message>
        <source>%1 file records belong to no client; the first %2 are shown.</source>
        <translation>%1 Dateieinträge gehören zu keinem Client; die ersten %2 werden angezeigt.</translation>
    </message>
    <message numerus="yes">
        <source>%n file record(s) belong to no client.</source>
        <translation>
            <numerusform>%n Dateieintrag gehört zu keinem Client.</numerusform>
            <numerusform>%n Dateieinträge gehören zu keinem Client.</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>There are no orphaned file records to clean up.</source>
        <translation>Es gibt keine verwaisten Dateieinträge zu bereinigen.</translation>
    </message>
    <message>
        <source>Clean up orphaned file records</source>
        <translation>Verwaiste Dateieinträge bereinigen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n file record(s) that belong to no client?</source>
        <translation>
            <numerusform>%n Dateieintrag löschen, der zu keinem Client gehört?</numerusform>
            <numerusform>%n Dateieinträge löschen, die zu keinem Client gehören?</numerusform>
        </translation>
    </message>
    <message>
        <source>A backup of the database is taken and verified first, in %1. Only then are the records deleted, in small batches; each is checked again to still lack its client. An audit entry records what was removed.</source>
        <translation>Zuerst wird in %1 eine Sicherung der Datenbank erstellt und verifiziert. Erst dann werden die Einträge in kleinen Stapeln gelöscht; bei jedem wird erneut geprüft, ob sein Client noch fehlt. Ein Audit-Eintrag hält fest, was entfernt wurde.</translation>
    </message>
    <message>
        <source>Back up and &amp;delete</source>
        <translation>Sichern und &amp;löschen</translation>
    </message>
    <message>
        <source>Cleaning up orphans</source>
        <translation>Verwaiste Einträge werden bereinigt</translation>
    </message>
    <message>
        <source>The cleanup stopped: %1</source>
        <translation>Die Bereinigung wurde beendet: %1</translation>
    </message>
    <message>
        <source>Cancelled after deleting %1 of %2 orphaned file records. The backup taken first is %3. An audit entry was written.</source>
        <translation>Abgebrochen nach dem Löschen von %1 von %2 verwaisten Dateieinträgen. Die vorher erstellte Sicherung ist %3. Ein Audit-Eintrag wurde geschrieben.</translation>
    </message>
    <message>
        <source>No orphaned file records were left to delete; nothing was changed.</source>
        <translation>Es waren keine verwaisten Dateieinträge mehr zu löschen; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Deleted %1 of %2 orphaned file records. A verified backup was taken first: %3. An audit entry was written.</source>
        <translation>%1 von %2 verwaisten Dateieinträgen gelöscht. Zuvor wurde eine verifizierte Sicherung erstellt: %3. Ein Audit-Eintrag wurde geschrieben.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) violate a foreign key</source>
        <translation>
            <numerusform>%n Zeile verletzt einen Fremdschlüssel</numerusform>
            <numerusform>%n Zeilen verletzen einen Fremdschlüssel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file record(s) belong to no client</source>
        <translation>
            <numerusform>%n Dateieintrag gehört zu keinem Client</numerusform>
            <numerusform>%n Dateieinträge gehören zu keinem Client</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) of %1 have an ID that is not 16 bytes</source>
        <translation>
            <numerusform>%n Zeile in %1 hat eine ID, die nicht 16 Bytes lang ist</numerusform>
            <numerusform>%n Zeilen in %1 haben eine ID, die nicht 16 Bytes lang ist</numerusform>
        </translation>
    </message>
    <message>
        <source>The statistics counters differ from the tables (another program wrote with REPLACE?); run a recount.</source>
        <translation>Die Statistikzähler weichen von den Tabellen ab (hat ein anderes Programm mit REPLACE geschrieben?); bitte neu zählen lassen.</translation>
    </message>
    <message>
        <source>OUT OF DATE: %1. A new quick check runs within a minute, or run one now. %2</source>
        <translation>VERALTET: %1. Eine neue Schnellprüfung läuft innerhalb einer Minute, oder jetzt eine starten. %2</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::JobProgress</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::MainWindow</name>
    <message>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Clients &amp; Files</source>
        <translation>Clients &amp; Dateien</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Integrity</source>
        <translation>Integrität</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Sicherungen</translation>
    </message>
    <message>
        <source>Audit &amp; Slow queries</source>
        <translation>Audit &amp; langsame Abfragen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open Database…</source>
        <translation>Datenbank ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Demo Database</source>
        <translation>&amp;Demo-Datenbank öffnen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <source>&amp;Back Up Now</source>
        <translation>Jetzt &amp;sichern</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About BackupDB Admin</source>
        <translation>Ü&amp;ber BackupDB Admin</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>No database open</source>
        <translation>Keine Datenbank geöffnet</translation>
    </message>
    <message>
        <source>No database is open. Create the demo database (120 clients, 60,000 file records, a few orphans) in %1?

You can open a backup server&apos;s database with File › Open Database… at any time.</source>
        <translation>Keine Datenbank geöffnet. Die Demo-Datenbank (120 Clients, 60.000 Dateieinträge, einige verwaiste) in %1 anlegen?

Die Datenbank eines Sicherungsservers lässt sich jederzeit über Datei › Datenbank öffnen… öffnen.</translation>
    </message>
    <message>
        <source>Create demo database</source>
        <translation>Demo-Datenbank anlegen</translation>
    </message>
    <message>
        <source>Open Database</source>
        <translation>Datenbank öffnen</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>SQLite-Datenbanken (*.db *.sqlite *.sqlite3);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Settings applied from %1</source>
        <translation>Einstellungen aus %1 übernommen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Some settings in %1 were refused; the previous values stay in effect.</source>
        <translation>Einige Einstellungen in %1 wurden abgelehnt; die bisherigen Werte bleiben wirksam.</translation>
    </message>
    <message>
        <source>Some settings were refused: %1</source>
        <translation>Einige Einstellungen wurden abgelehnt: %1</translation>
    </message>
    <message>
        <source>The settings could not be applied; the previous ones stay in effect.

%1</source>
        <translation>Die Einstellungen konnten nicht angewendet werden; die bisherigen bleiben wirksam.

%1</translation>
    </message>
    <message>
        <source>Could not save the refresh interval to %1: %2</source>
        <translation>Das Aktualisierungsintervall konnte nicht in %1 gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Could not save the settings to %1.

%2</source>
        <translation>Die Einstellungen konnten nicht in %1 gespeichert werden.

%2</translation>
    </message>
    <message>
        <source>About BackupDB Admin</source>
        <translation>Über BackupDB Admin</translation>
    </message>
    <message>
        <source>BackupDB Admin %1

Looks after the database of an encrypted file-backup server: its clients and their files, the health of the connection pool, integrity, backups and the audit log.

Built with Qt %2 and SQLite.</source>
        <translation>BackupDB Admin %1

Betreut die Datenbank eines verschlüsselnden Datei-Sicherungsservers: seine Clients und deren Dateien, den Zustand des Verbindungspools, die Integrität, Sicherungen und das Audit-Protokoll.

Erstellt mit Qt %2 und SQLite.</translation>
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
        <translation>Wartungsverlauf</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Started by</source>
        <translation>Ausgelöst durch</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>The maintenance history could not be read: %1</source>
        <translation>Der Wartungsverlauf konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>problems found</source>
        <translation>Probleme gefunden</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>von Hand</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>No run recorded yet. The service (backupdb-cli service) records every scheduled run here.</source>
        <translation>Noch kein Lauf erfasst. Der Dienst (backupdb-cli service) erfasst hier jeden geplanten Lauf.</translation>
    </message>
    <message numerus="yes">
        <source>The last %n run(s), newest first.</source>
        <translation>
            <numerusform>%n Lauf, der neueste zuerst.</numerusform>
            <numerusform>Die letzten %n Läufe, der neueste zuerst.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>backupdb::ui::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::NoDatabasePanel</name>
    <message>
        <source>No database open</source>
        <translation>Keine Datenbank geöffnet</translation>
    </message>
    <message>
        <source>Open Database…</source>
        <translation>Datenbank öffnen…</translation>
    </message>
    <message>
        <source>Open Demo Database</source>
        <translation>Demo-Datenbank öffnen</translation>
    </message>
    <message>
        <source>Try Again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Open a backup server&apos;s database, or the demo database (created on first use) to look around.</source>
        <translation>Öffnen Sie die Datenbank eines Sicherungsservers oder zum Ausprobieren die Demo-Datenbank (beim ersten Mal angelegt).</translation>
    </message>
    <message>
        <source>The demo database could not be opened.</source>
        <translation>Die Demo-Datenbank konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>“%1” could not be opened.</source>
        <translation>„%1“ konnte nicht geöffnet werden.</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::PagedTableModel</name>
    <message>
        <source>Click to sort by %1</source>
        <translation>Klicken, um nach „%1“ zu sortieren</translation>
    </message>
    <message>
        <source>%1 (not sortable)</source>
        <translation>%1 (nicht sortierbar)</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Connection pool and queries</source>
        <translation>Verbindungspool und Abfragen</translation>
    </message>
    <message>
        <source>Reader connections kept open</source>
        <translation>Offen gehaltene Leseverbindungen</translation>
    </message>
    <message>
        <source>Extra connections opened under load and closed when idle</source>
        <translation>Zusätzliche Verbindungen, die unter Last geöffnet und im Leerlauf geschlossen werden</translation>
    </message>
    <message>
        <source>How long a request waits for a free connection before it fails</source>
        <translation>Wie lange eine Anforderung auf eine freie Verbindung wartet, bevor sie fehlschlägt</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keins</translation>
    </message>
    <message>
        <source>A statement running longer is interrupted</source>
        <translation>Eine Anweisung, die länger läuft, wird unterbrochen</translation>
    </message>
    <message>
        <source>Statements slower than this are logged as slow queries</source>
        <translation>Langsamere Anweisungen werden als langsame Abfragen protokolliert</translation>
    </message>
    <message>
        <source>&amp;Connections:</source>
        <translation>&amp;Verbindungen:</translation>
    </message>
    <message>
        <source>&amp;Overflow connections:</source>
        <translation>&amp;Zusätzliche Verbindungen:</translation>
    </message>
    <message>
        <source>&amp;Acquire timeout:</source>
        <translation>Max. Wartezeit auf Ver&amp;bindung:</translation>
    </message>
    <message>
        <source>&amp;Query timeout:</source>
        <translation>&amp;Abfrage-Zeitlimit:</translation>
    </message>
    <message>
        <source>S&amp;low-query threshold:</source>
        <translation>Schwelle für &amp;langsame Abfragen:</translation>
    </message>
    <message>
        <source>Database size</source>
        <translation>Datenbankgröße</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>&amp;Warning above:</source>
        <translation>&amp;Warnung ab:</translation>
    </message>
    <message>
        <source>C&amp;ritical above:</source>
        <translation>&amp;Kritisch ab:</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Sicherungen</translation>
    </message>
    <message>
        <source>a &quot;backups&quot; folder beside the database</source>
        <translation>ein Ordner „backups“ neben der Datenbank</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>Keep the &amp;newest:</source>
        <translation>Die &amp;neuesten behalten:</translation>
    </message>
    <message>
        <source>Keep those &amp;younger than:</source>
        <translation>Behalten, wenn &amp;jünger als:</translation>
    </message>
    <message>
        <source>&lt;small&gt;A backup is deleted only when no rule keeps it; the newest verified one is always kept.&lt;/small&gt;</source>
        <translation>&lt;small&gt;Eine Sicherung wird nur gelöscht, wenn keine Regel sie behält; die neueste verifizierte bleibt immer erhalten.&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Anzeige</translation>
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
        <translation>Aktualisierungs&amp;intervall der Übersicht:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>The size warning threshold (%1 MB) must be below the critical threshold (%2 MB).</source>
        <translation>Die Warnschwelle für die Größe (%1 MB) muss unter der kritischen Schwelle (%2 MB) liegen.</translation>
    </message>
    <message>
        <source>The slow-query threshold (%1 ms) must be below the query timeout (%2 ms), or no statement could ever be logged as slow.</source>
        <translation>Die Schwelle für langsame Abfragen (%1 ms) muss unter dem Abfrage-Zeitlimit (%2 ms) liegen, sonst könnte nie eine Anweisung als langsam protokolliert werden.</translation>
    </message>
    <message>
        <source>The backup folder contains a NUL character.</source>
        <translation>Der Sicherungsordner enthält ein NUL-Zeichen.</translation>
    </message>
    <message>
        <source>The backup folder must be a full path (such as /var/backups/backupdb), not &quot;%1&quot;.</source>
        <translation>Der Sicherungsordner muss ein vollständiger Pfad sein (etwa /var/backups/backupdb), nicht „%1“.</translation>
    </message>
    <message>
        <source>The backup folder %1 is a file, not a folder.</source>
        <translation>Der Sicherungsordner %1 ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <source>The backup folder %1 is not writable.</source>
        <translation>Der Sicherungsordner %1 ist nicht beschreibbar.</translation>
    </message>
    <message>
        <source>The backup folder %1 does not exist and cannot be created in %2.</source>
        <translation>Der Sicherungsordner %1 existiert nicht und kann in %2 nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>Sicherungsordner</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::StatusPanel</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel the running job</source>
        <translation>Den laufenden Auftrag abbrechen</translation>
    </message>
    <message>
        <source>Health: unknown</source>
        <translation>Zustand: unbekannt</translation>
    </message>
    <message>
        <source>Database %1, WAL %2, free pages %3</source>
        <translation>Datenbank %1, WAL %2, freie Seiten %3</translation>
    </message>
    <message>
        <source>Journal: %1</source>
        <translation>Journal: %1</translation>
    </message>
    <message>
        <source>Health: &lt;b style=&quot;color:%1&quot;&gt;%2&lt;/b&gt;</source>
        <translation>Zustand: &lt;b style=&quot;color:%1&quot;&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No warnings</source>
        <translation>Keine Warnungen</translation>
    </message>
    <message>
        <source>No database open</source>
        <translation>Keine Datenbank geöffnet</translation>
    </message>
    <message>
        <source>%1 (+%2 more)</source>
        <translation>%1 (+%2 weitere)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Look after a backup server&apos;s database.</source>
        <translation>Die Datenbank eines Sicherungsservers betreuen.</translation>
    </message>
    <message>
        <source>Database file to open (default: the last one used, or the demo database).</source>
        <translation>Zu öffnende Datenbankdatei (Standard: die zuletzt verwendete oder die Demo-Datenbank).</translation>
    </message>
    <message>
        <source>Configuration file (default: backupdb-admin.ini in the application&apos;s configuration folder); reloaded on change.</source>
        <translation>Konfigurationsdatei (Standard: backupdb-admin.ini im Konfigurationsordner der Anwendung); wird bei Änderungen neu geladen.</translation>
    </message>
</context>
</TS>
