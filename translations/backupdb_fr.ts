<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AppSession</name>
    <message>
        <source>creating the demo database</source>
        <translation>lors de la création de la base de démonstration</translation>
    </message>
</context>
<context>
    <name>PageSupport</name>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>à l&apos;instant</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>il y a %n min</numerusform>
            <numerusform>il y a %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>il y a %n h</numerusform>
            <numerusform>il y a %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>il y a %n jour</numerusform>
            <numerusform>il y a %n jours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>backupdb::ui::AuditPage</name>
    <message>
        <source>&amp;Audit log</source>
        <translation>Journal d&apos;&amp;audit</translation>
    </message>
    <message>
        <source>&amp;Slow queries</source>
        <translation>Requêtes &amp;lentes</translation>
    </message>
    <message>
        <source>A&amp;ction:</source>
        <translation>A&amp;ction&#xa0;:</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Toutes les actions</translation>
    </message>
    <message>
        <source>Filter the loaded entries…</source>
        <translation>Filtrer les entrées chargées…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>&amp;Load more</source>
        <translation>Charger la &amp;suite</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Date et heure</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
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
        <translation>Ligne</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Total (ms)</source>
        <translation>Total (ms)</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Appels</translation>
    </message>
    <message>
        <source>Mean (ms)</source>
        <translation>Moyenne (ms)</translation>
    </message>
    <message>
        <source>Max (ms)</source>
        <translation>Max. (ms)</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Instruction</translation>
    </message>
    <message>
        <source>Duration (ms)</source>
        <translation>Durée (ms)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Statements by total time&lt;/b&gt; (since the database was opened)</source>
        <translation>&lt;b&gt;Instructions par durée totale&lt;/b&gt; (depuis l&apos;ouverture de la base de données)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent slow statements&lt;/b&gt;</source>
        <translation>&lt;b&gt;Instructions lentes récentes&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent slow statements&lt;/b&gt; (over %1 ms; %2 since the database was opened)</source>
        <translation>&lt;b&gt;Instructions lentes récentes&lt;/b&gt; (plus de %1 ms&#xa0;; %2 depuis l&apos;ouverture de la base de données)</translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation>Le journal d&apos;audit n&apos;a pas pu être lu&#xa0;: %1</translation>
    </message>
    <message>
        <source>(server)</source>
        <translation>(serveur)</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base de données n&apos;est ouverte.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>%1 of %2 entries loaded</source>
        <translation>%1 entrées sur %2 chargées</translation>
    </message>
    <message>
        <source>%1 entries loaded</source>
        <translation>%1 entrées chargées</translation>
    </message>
    <message>
        <source>%1 match the filter</source>
        <translation>%1 correspondent au filtre</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::BackupsPage</name>
    <message>
        <source>&amp;Back up now</source>
        <translation>&amp;Sauvegarder maintenant</translation>
    </message>
    <message>
        <source>An online backup: the database stays in use while it is copied, then the copy is verified</source>
        <translation>Une sauvegarde à chaud&#xa0;: la base de données reste utilisable pendant la copie, puis la copie est vérifiée</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Sauvegardes</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Date et heure</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Âge</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Vérifié</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>&amp;Verify selected</source>
        <translation>&amp;Vérifier la sélection</translation>
    </message>
    <message>
        <source>&amp;Restore selected…</source>
        <translation>&amp;Restaurer la sélection…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Rétention</translation>
    </message>
    <message>
        <source>&amp;Apply retention now…</source>
        <translation>&amp;Appliquer la rétention maintenant…</translation>
    </message>
    <message numerus="yes">
        <source>the newest %n backup(s)</source>
        <translation>
            <numerusform>%n sauvegarde, la plus récente</numerusform>
            <numerusform>les %n sauvegardes les plus récentes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>those younger than %n day(s)</source>
        <translation>
            <numerusform>celles de moins de %n jour</numerusform>
            <numerusform>celles de moins de %n jours</numerusform>
        </translation>
    </message>
    <message>
        <source>All backups are kept (no retention rule is set).</source>
        <translation>Toutes les sauvegardes sont conservées (aucune règle de rétention n&apos;est définie).</translation>
    </message>
    <message>
        <source>Keep %1.</source>
        <translation>Conserver %1.</translation>
    </message>
    <message>
        <source>Keep %1, and %2.</source>
        <translation>Conserver %1, ainsi que %2.</translation>
    </message>
    <message>
        <source>The rules are applied after every backup; the newest verified backup is always kept. Change them in Settings.</source>
        <translation>Les règles sont appliquées après chaque sauvegarde&#xa0;; la sauvegarde vérifiée la plus récente est toujours conservée. Modifiez-les dans les paramètres.</translation>
    </message>
    <message>
        <source>The backups could not be listed: %1</source>
        <translation>Les sauvegardes n&apos;ont pas pu être listées&#xa0;: %1</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>Dossier&#xa0;: %1</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base de données n&apos;est ouverte.</translation>
    </message>
    <message>
        <source>yes, %1</source>
        <translation>oui, %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>non vérifiée</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>ÉCHEC&#xa0;: %1</translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation>Sauvegarde en cours</translation>
    </message>
    <message>
        <source>The backup was cancelled; no file was left behind.</source>
        <translation>La sauvegarde a été annulée&#xa0;; aucun fichier n&apos;a été laissé.</translation>
    </message>
    <message>
        <source>The backup failed: %1</source>
        <translation>La sauvegarde a échoué&#xa0;: %1</translation>
    </message>
    <message>
        <source>Backup written and verified in %1 s: %2 (%3).</source>
        <translation>Sauvegarde écrite et vérifiée en %1 s&#xa0;: %2 (%3).</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>Vérification en cours</translation>
    </message>
    <message>
        <source>%1 could not be verified: %2</source>
        <translation>%1 n&apos;a pas pu être vérifiée&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 is intact (integrity check: ok).</source>
        <translation>%1 est intacte (contrôle d&apos;intégrité&#xa0;: ok).</translation>
    </message>
    <message>
        <source>%1 FAILED verification: %2. Do not restore from it.</source>
        <translation>%1 a ÉCHOUÉ à la vérification&#xa0;: %2. Ne pas l&apos;utiliser pour une restauration.</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>Restaurer depuis une sauvegarde</translation>
    </message>
    <message>
        <source>Replace the current database with the backup of %1?</source>
        <translation>Remplacer la base de données actuelle par la sauvegarde du %1&#xa0;?</translation>
    </message>
    <message>
        <source>Back up current and &amp;restore</source>
        <translation>Sauvegarder l&apos;actuelle et &amp;restaurer</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>Restauration en cours</translation>
    </message>
    <message>
        <source>Not restored: %1</source>
        <translation>Non restaurée&#xa0;: %1</translation>
    </message>
    <message>
        <source>Restored from %1. The database as it was before is saved in %2.</source>
        <translation>Restaurée depuis %1. La base de données telle qu&apos;elle était avant est sauvegardée dans %2.</translation>
    </message>
    <message>
        <source>No retention rule is set: all backups are kept.</source>
        <translation>Aucune règle de rétention n&apos;est définie&#xa0;: toutes les sauvegardes sont conservées.</translation>
    </message>
    <message>
        <source>Apply retention</source>
        <translation>Appliquer la rétention</translation>
    </message>
    <message>
        <source>Delete the backups in %1 that no retention rule keeps? The newest verified backup is always kept.</source>
        <translation>Supprimer les sauvegardes de %1 qu&apos;aucune règle de rétention ne conserve&#xa0;? La sauvegarde vérifiée la plus récente est toujours conservée.</translation>
    </message>
    <message>
        <source>Retention failed: %1</source>
        <translation>La rétention a échoué&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) removed by the retention rules.</source>
        <translation>
            <numerusform>%n sauvegarde supprimée par les règles de rétention.</numerusform>
            <numerusform>%n sauvegardes supprimées par les règles de rétention.</numerusform>
        </translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Base de données</translation>
    </message>
    <message>
        <source>this database</source>
        <translation>cette base</translation>
    </message>
    <message>
        <source>another: %1</source>
        <translation>une autre : %1</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>non enregistrée</translation>
    </message>
    <message>
        <source>Not a backup of the open database: it does not count as its backup, retention leaves it alone, and restoring it asks twice.</source>
        <translation>Pas une sauvegarde de la base ouverte : elle ne compte pas comme sa sauvegarde, la rétention n’y touche pas, et sa restauration demande deux confirmations.</translation>
    </message>
    <message>
        <source>The backup is verified first; one that fails verification is refused. The current database is then backed up to %1, and only then replaced. Data changed since the backup was taken is kept only in that safety backup; the audit log and the maintenance history since then are carried over.</source>
        <translation>La sauvegarde est d’abord vérifiée ; une sauvegarde qui échoue à la vérification est refusée. La base actuelle est ensuite sauvegardée dans %1, puis seulement remplacée. Les données modifiées depuis la sauvegarde ne sont conservées que dans cette sauvegarde de sécurité ; le journal d’audit et l’historique de maintenance depuis lors sont repris.</translation>
    </message>
    <message>
        <source>a backup of another database, %1</source>
        <translation>une sauvegarde d’une autre base, %1</translation>
    </message>
    <message>
        <source>a backup that does not record which database it is of</source>
        <translation>une sauvegarde qui n’indique pas de quelle base elle provient</translation>
    </message>
    <message>
        <source>Restore another database&apos;s backup</source>
        <translation>Restaurer la sauvegarde d’une autre base</translation>
    </message>
    <message>
        <source>%1 is %2, not of the open database.</source>
        <translation>%1 est %2, pas de la base ouverte.</translation>
    </message>
    <message>
        <source>Restoring it replaces %1 with that database&apos;s clients and files. Do this only to move a database&apos;s contents here on purpose.</source>
        <translation>La restaurer remplace %1 par les clients et les fichiers de cette autre base. À ne faire que pour transférer volontairement ici le contenu d’une base.</translation>
    </message>
    <message>
        <source>&amp;Replace with the other database&apos;s backup</source>
        <translation>&amp;Remplacer par la sauvegarde de l’autre base</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::ClientTableModel</name>
    <message>
        <source>Stored as: %1</source>
        <translation>Stocké sous la forme&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 octets</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Dernière connexion</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Fichiers</translation>
    </message>
    <message>
        <source>Total size</source>
        <translation>Taille totale</translation>
    </message>
    <message>
        <source>Public key</source>
        <translation>Clé publique</translation>
    </message>
    <message>
        <source>AES key</source>
        <translation>Clé AES</translation>
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
        <translation>Rechercher des clients par nom…</translation>
    </message>
    <message>
        <source>All clients</source>
        <translation>Tous les clients</translation>
    </message>
    <message>
        <source>Show the files of all clients</source>
        <translation>Afficher les fichiers de tous les clients</translation>
    </message>
    <message>
        <source>Delete client…</source>
        <translation>Supprimer le client…</translation>
    </message>
    <message>
        <source>Delete the selected client and all of its file records (Delete)</source>
        <translation>Supprimer le client sélectionné et toutes ses entrées de fichiers (Suppr)</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Tous les fichiers</translation>
    </message>
    <message>
        <source>Verified only</source>
        <translation>Vérifiés uniquement</translation>
    </message>
    <message>
        <source>Unverified only</source>
        <translation>Non vérifiés uniquement</translation>
    </message>
    <message>
        <source>Filter by verification state</source>
        <translation>Filtrer selon l&apos;état de vérification</translation>
    </message>
    <message>
        <source>Filter files by name…</source>
        <translation>Filtrer les fichiers par nom…</translation>
    </message>
    <message>
        <source>Could not load clients: %1</source>
        <translation>Impossible de charger les clients&#xa0;: %1</translation>
    </message>
    <message>
        <source>Clients: %1</source>
        <translation>Clients&#xa0;: %1</translation>
    </message>
    <message>
        <source>Could not load files: %1</source>
        <translation>Impossible de charger les fichiers&#xa0;: %1</translation>
    </message>
    <message>
        <source>Files: %1</source>
        <translation>Fichiers&#xa0;: %1</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Vérifié</translation>
    </message>
    <message>
        <source>Files of client “%1”</source>
        <translation>Fichiers du client «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Files of all clients</source>
        <translation>Fichiers de tous les clients</translation>
    </message>
    <message>
        <source>Delete client</source>
        <translation>Supprimer le client</translation>
    </message>
    <message>
        <source>Could not count the files of “%1”: %2</source>
        <translation>Impossible de compter les fichiers de «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message numerus="yes">
        <source>Delete the client “%1”?

Its file records are deleted with it: %Ln file record(s). This cannot be undone (take a backup first if unsure).</source>
        <translation>
            <numerusform>Supprimer le client «&#xa0;%1&#xa0;»&#xa0;?

Ses entrées de fichiers sont supprimées avec lui&#xa0;: %Ln entrée de fichier. Cette opération est irréversible (en cas de doute, faites d&apos;abord une sauvegarde).</numerusform>
            <numerusform>Supprimer le client «&#xa0;%1&#xa0;»&#xa0;?

Ses entrées de fichiers sont supprimées avec lui&#xa0;: %Ln entrées de fichiers. Cette opération est irréversible (en cas de doute, faites d&apos;abord une sauvegarde).</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Could not delete “%1”: %2</source>
        <translation>Impossible de supprimer «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message numerus="yes">
        <source>Deleted the client “%1” and its %Ln file record(s).</source>
        <translation>
            <numerusform>Le client «&#xa0;%1&#xa0;» et son entrée de fichier (%Ln) ont été supprimés.</numerusform>
            <numerusform>Le client «&#xa0;%1&#xa0;» et ses %Ln entrées de fichiers ont été supprimés.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was deleted: another database was opened while you were asked about “%1”.</source>
        <translation>Rien n’a été supprimé : une autre base a été ouverte pendant la question sur « %1 ».</translation>
    </message>
    <message>
        <source>Nothing was deleted: %1.</source>
        <translation>Rien n’a été supprimé : %1.</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::DashboardPage</name>
    <message>
        <source>Health</source>
        <translation>État de santé</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Maintenant</translation>
    </message>
    <message>
        <source>Readers:</source>
        <translation>Connexions de lecture&#xa0;:</translation>
    </message>
    <message>
        <source>Writer:</source>
        <translation>Connexion d&apos;écriture&#xa0;:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Base de données&#xa0;:</translation>
    </message>
    <message>
        <source>Rows:</source>
        <translation>Lignes&#xa0;:</translation>
    </message>
    <message>
        <source>Last backup:</source>
        <translation>Dernière sauvegarde&#xa0;:</translation>
    </message>
    <message>
        <source>Integrity:</source>
        <translation>Intégrité&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <source>every %n s</source>
        <translation>
            <numerusform>toutes les %n s</numerusform>
            <numerusform>toutes les %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Refresh:</source>
        <translation>&amp;Actualisation&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Reprendre</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Stop taking samples (the history keeps what was recorded)</source>
        <translation>Arrêter l&apos;échantillonnage (l&apos;historique conserve ce qui a été enregistré)</translation>
    </message>
    <message>
        <source>Refresh &amp;now</source>
        <translation>Actualiser &amp;maintenant</translation>
    </message>
    <message>
        <source>Health score 0–100: the lower of the two pools&apos; scores, less penalties for integrity, size and backup problems</source>
        <translation>Score de santé 0–100&#xa0;: le plus bas des scores des deux pools, moins des pénalités pour les problèmes d&apos;intégrité, de taille et de sauvegarde</translation>
    </message>
    <message>
        <source>Pool utilisation (%)</source>
        <translation>Utilisation du pool (%)</translation>
    </message>
    <message>
        <source>Utilisation</source>
        <translation>Utilisation</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Connexions</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actives</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Inactives</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Acquire latency p95 (ms)</source>
        <translation>Latence d&apos;acquisition p95 (ms)</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Queries per second</source>
        <translation>Requêtes par seconde</translation>
    </message>
    <message>
        <source>Queries/s</source>
        <translation>Requêtes/s</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Waiting for the first sample…</source>
        <translation>En attente du premier échantillon…</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base de données n&apos;est ouverte.</translation>
    </message>
    <message>
        <source>The pool-health history could not be read: %1</source>
        <translation>L&apos;historique de santé du pool n&apos;a pas pu être lu&#xa0;: %1</translation>
    </message>
    <message>
        <source>The sample could not be stored: %1</source>
        <translation>L&apos;échantillon n&apos;a pas pu être enregistré&#xa0;: %1</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>Sain</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Attention requise</translation>
    </message>
    <message>
        <source>Unhealthy</source>
        <translation>Critique</translation>
    </message>
    <message>
        <source>No warnings</source>
        <translation>Aucun avertissement</translation>
    </message>
    <message>
        <source>%1 of %2 in use</source>
        <translation>%1 sur %2 utilisées</translation>
    </message>
    <message>
        <source>%1 open, %2 overflow</source>
        <translation>%1 ouvertes, %2 supplémentaires</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 en attente</translation>
    </message>
    <message>
        <source>writing</source>
        <translation>en écriture</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>au repos</translation>
    </message>
    <message>
        <source>%1 exhaustion events, %2 timeouts</source>
        <translation>%1 épuisements du pool, %2 dépassements de délai</translation>
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
        <translation>%1 clients, %2 fichiers</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>vérifiée</translation>
    </message>
    <message>
        <source>NOT verified</source>
        <translation>NON vérifiée</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>%1 check %2: %3</source>
        <translation>Vérification %1 %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>full</source>
        <translation>complète</translation>
    </message>
    <message>
        <source>quick</source>
        <translation>rapide</translation>
    </message>
    <message numerus="yes">
        <source>%n orphaned</source>
        <translation>
            <numerusform>%n entrée orpheline</numerusform>
            <numerusform>%n entrées orphelines</numerusform>
        </translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>pas encore vérifiée</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Mis à jour à %1</translation>
    </message>
    <message>
        <source>Sampling failed</source>
        <translation>L&apos;échantillonnage a échoué</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::DatabaseOpener</name>
    <message>
        <source>Not a database</source>
        <translation>Pas une base de données</translation>
    </message>
    <message>
        <source>Read-only database</source>
        <translation>Base de données en lecture seule</translation>
    </message>
    <message>
        <source>Damaged database</source>
        <translation>Base de données endommagée</translation>
    </message>
    <message>
        <source>Database too new</source>
        <translation>Base de données trop récente</translation>
    </message>
    <message>
        <source>Migration failed</source>
        <translation>La migration a échoué</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>Impossible d&apos;ouvrir la base de données</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>Vérification de %1…</translation>
    </message>
    <message>
        <source>“%1” is an empty file. Create a new backup database in it?</source>
        <translation>«&#xa0;%1&#xa0;» est un fichier vide. Y créer une nouvelle base de données de sauvegarde&#xa0;?</translation>
    </message>
    <message numerus="yes">
        <source>“%1” is in the original backup server&apos;s layout (or was written by an older BackupDB Admin). To open it, BackupDB Admin adds its own tables, triggers and any missing indexes (%n migration(s)); it never drops or changes the server&apos;s tables or rows.

A backup of the file is taken first, beside the database, and restored if the migration fails.</source>
        <translation>
            <numerusform>«&#xa0;%1&#xa0;» suit la structure du serveur de sauvegarde d&apos;origine (ou a été écrit par une version plus ancienne de BackupDB Admin). Pour l&apos;ouvrir, BackupDB Admin ajoute ses propres tables, déclencheurs et les index manquants (%n migration)&#xa0;; il ne supprime ni ne modifie jamais les tables ou les lignes du serveur.

Une sauvegarde du fichier est d&apos;abord faite, à côté de la base de données, et restaurée si la migration échoue.</numerusform>
            <numerusform>«&#xa0;%1&#xa0;» suit la structure du serveur de sauvegarde d&apos;origine (ou a été écrit par une version plus ancienne de BackupDB Admin). Pour l&apos;ouvrir, BackupDB Admin ajoute ses propres tables, déclencheurs et les index manquants (%n migrations)&#xa0;; il ne supprime ni ne modifie jamais les tables ou les lignes du serveur.

Une sauvegarde du fichier est d&apos;abord faite, à côté de la base de données, et restaurée si la migration échoue.</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is an SQLite database without a clients table: it does not look like a backup server&apos;s database. Opening it adds the backup server&apos;s tables and BackupDB Admin&apos;s own to it.

A backup of the file is taken first, beside the database.</source>
        <translation>«&#xa0;%1&#xa0;» est une base de données SQLite sans table clients&#xa0;: elle ne ressemble pas à la base de données d&apos;un serveur de sauvegarde. L&apos;ouvrir y ajoute les tables du serveur de sauvegarde et celles de BackupDB Admin.

Une sauvegarde du fichier est d&apos;abord faite, à côté de la base de données.</translation>
    </message>
    <message>
        <source>Migrate the database?</source>
        <translation>Migrer la base de données&#xa0;?</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Créer</translation>
    </message>
    <message>
        <source>Back up and migrate</source>
        <translation>Sauvegarder et migrer</translation>
    </message>
    <message>
        <source>Opening the demo database (created on first use)…</source>
        <translation>Ouverture de la base de démonstration (créée à la première utilisation)…</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Ouverture de %1…</translation>
    </message>
    <message>
        <source>Migrated from schema version %1 to %2; the backup taken first is %3.</source>
        <translation>Migrée de la version de schéma %1 à %2&#xa0;; la sauvegarde faite au préalable est %3.</translation>
    </message>
    <message>
        <source>Created the demo database.</source>
        <translation>Base de démonstration créée.</translation>
    </message>
    <message>
        <source>Database opened with a problem</source>
        <translation>Base de données ouverte avec un problème</translation>
    </message>
    <message>
        <source>Could not open the demo database.</source>
        <translation>Impossible d&apos;ouvrir la base de démonstration.</translation>
    </message>
    <message>
        <source>Could not open “%1”.</source>
        <translation>Impossible d&apos;ouvrir «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>

The database that was open stays open.</source>
        <translation>

La base de données déjà ouverte reste ouverte.</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::DatabaseWorker</name>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base de données n&apos;est ouverte.</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::FileTableModel</name>
    <message>
        <source>Stored as: %1</source>
        <translation>Stocké sous la forme&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 octets</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Modifié</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Vérifié</translation>
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
        <translation>Vérification &amp;rapide</translation>
    </message>
    <message>
        <source>SQLite quick_check and the logical checks: seconds, also on large files</source>
        <translation>quick_check de SQLite et les contrôles logiques&#xa0;: quelques secondes, même sur de gros fichiers</translation>
    </message>
    <message>
        <source>&amp;Full check</source>
        <translation>Vérification &amp;complète</translation>
    </message>
    <message>
        <source>SQLite integrity_check, the logical checks and the counters: reads every page</source>
        <translation>integrity_check de SQLite, les contrôles logiques et les compteurs&#xa0;: lit chaque page</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Constats</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Constat</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <source>Rows of the selected finding</source>
        <translation>Lignes du constat sélectionné</translation>
    </message>
    <message>
        <source>Orphaned file records</source>
        <translation>Entrées de fichiers orphelines</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>&amp;Clean up…</source>
        <translation>&amp;Nettoyer…</translation>
    </message>
    <message>
        <source>Back up the database, then delete the file records that belong to no client</source>
        <translation>Sauvegarder la base de données, puis supprimer les entrées de fichiers qui n&apos;appartiennent à aucun client</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>Nom du fichier</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Modifié</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Vérifié</translation>
    </message>
    <message>
        <source>Client ID (missing)</source>
        <translation>ID du client (manquant)</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>No check has run yet.</source>
        <translation>Aucune vérification n&apos;a encore été effectuée.</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base de données n&apos;est ouverte.</translation>
    </message>
    <message>
        <source>Full check</source>
        <translation>Vérification complète</translation>
    </message>
    <message>
        <source>Quick check</source>
        <translation>Vérification rapide</translation>
    </message>
    <message>
        <source>The check was cancelled.</source>
        <translation>La vérification a été annulée.</translation>
    </message>
    <message>
        <source>The check could not run: %1</source>
        <translation>La vérification n&apos;a pas pu s&apos;exécuter&#xa0;: %1</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>No findings: the database is consistent.</source>
        <translation>Aucun constat&#xa0;: la base de données est cohérente.</translation>
    </message>
    <message numerus="yes">
        <source>%1 check at %2 took %3 s. SQLite: %4. %n problem(s) to act on.</source>
        <translation>
            <numerusform>Vérification %1 à %2 en %3 s. SQLite&#xa0;: %4. %n problème à traiter.</numerusform>
            <numerusform>Vérification %1 à %2 en %3 s. SQLite&#xa0;: %4. %n problèmes à traiter.</numerusform>
        </translation>
    </message>
    <message>
        <source>Full</source>
        <translation>complète</translation>
    </message>
    <message>
        <source>Quick</source>
        <translation>rapide</translation>
    </message>
    <message>
        <source>Select a finding to see the rows it concerns.</source>
        <translation>Sélectionnez un constat pour voir les lignes concernées.</translation>
    </message>
    <message>
        <source>This finding concerns no particular rows.</source>
        <translation>Ce constat ne concerne aucune ligne en particulier.</translation>
    </message>
    <message>
        <source>Loading the rows…</source>
        <translation>Chargement des lignes…</translation>
    </message>
    <message>
        <source>The rows could not be read: %1</source>
        <translation>Les lignes n&apos;ont pas pu être lues&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 of %2 row(s) of %3</source>
        <translation>%1 sur %2 ligne(s) de %3</translation>
    </message>
    <message>
        <source>(the first rows are shown)</source>
        <translation>(les premières lignes sont affichées)</translation>
    </message>
    <message>
        <source>Looking for file records without a client…</source>
        <translation>Recherche d&apos;entrées de fichiers sans client…</translation>
    </message>
    <message>
        <source>The orphaned records could not be listed: %1</source>
        <translation>Les entrées orphelines n&apos;ont pas pu être listées&#xa0;: %1</translation>
    </message>
    <message>
        <source>No file record lacks its client.</source>
        <translation>Aucune entrée de fichier n&apos;est sans client.</translation>
    </message>
    <message>
        <source>%1 file records belong to no client; the first %2 are shown.</source>
        <translation>%1 entrées de fichiers n&apos;appartiennent à aucun client&#xa0;; les %2 premières sont affichées.</translation>
    </message>
    <message numerus="yes">
        <source>%n file record(s) belong to no client.</source>
        <translation>
            <numerusform>%n entrée de fichier n&apos;appartient à aucun client.</numerusform>
            <numerusform>%n entrées de fichiers n&apos;appartiennent à aucun client.</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>There are no orphaned file records to clean up.</source>
        <translation>Il n&apos;y a aucune entrée de fichier orpheline à nettoyer.</translation>
    </message>
    <message>
        <source>Clean up orphaned file records</source>
        <translation>Nettoyer les entrées de fichiers orphelines</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n file record(s) that belong to no client?</source>
        <translation>
            <numerusform>Supprimer %n entrée de fichier qui n&apos;appartient à aucun client&#xa0;?</numerusform>
            <numerusform>Supprimer %n entrées de fichiers qui n&apos;appartiennent à aucun client&#xa0;?</numerusform>
        </translation>
    </message>
    <message>
        <source>A backup of the database is taken and verified first, in %1. Only then are the records deleted, in small batches; each is checked again to still lack its client. An audit entry records what was removed.</source>
        <translation>Une sauvegarde de la base de données est d&apos;abord faite et vérifiée, dans %1. Ce n&apos;est qu&apos;ensuite que les entrées sont supprimées, par petits lots&#xa0;; pour chacune, on vérifie à nouveau que son client manque toujours. Une entrée d&apos;audit consigne ce qui a été supprimé.</translation>
    </message>
    <message>
        <source>Back up and &amp;delete</source>
        <translation>Sauvegarder et &amp;supprimer</translation>
    </message>
    <message>
        <source>Cleaning up orphans</source>
        <translation>Nettoyage des orphelins</translation>
    </message>
    <message>
        <source>The cleanup stopped: %1</source>
        <translation>Le nettoyage s&apos;est arrêté&#xa0;: %1</translation>
    </message>
    <message>
        <source>Cancelled after deleting %1 of %2 orphaned file records. The backup taken first is %3. An audit entry was written.</source>
        <translation>Annulé après la suppression de %1 entrées de fichiers orphelines sur %2. La sauvegarde faite au préalable est %3. Une entrée d&apos;audit a été écrite.</translation>
    </message>
    <message>
        <source>No orphaned file records were left to delete; nothing was changed.</source>
        <translation>Il ne restait aucune entrée de fichier orpheline à supprimer&#xa0;; rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <source>Deleted %1 of %2 orphaned file records. A verified backup was taken first: %3. An audit entry was written.</source>
        <translation>%1 entrées de fichiers orphelines sur %2 supprimées. Une sauvegarde vérifiée a été faite au préalable&#xa0;: %3. Une entrée d&apos;audit a été écrite.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) violate a foreign key</source>
        <translation>
            <numerusform>%n ligne viole une clé étrangère</numerusform>
            <numerusform>%n lignes violent une clé étrangère</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file record(s) belong to no client</source>
        <translation>
            <numerusform>%n enregistrement de fichier n’appartient à aucun client</numerusform>
            <numerusform>%n enregistrements de fichier n’appartiennent à aucun client</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) of %1 have an ID that is not 16 bytes</source>
        <translation>
            <numerusform>%n ligne de %1 a un identifiant qui ne fait pas 16 octets</numerusform>
            <numerusform>%n lignes de %1 ont un identifiant qui ne fait pas 16 octets</numerusform>
        </translation>
    </message>
    <message>
        <source>The statistics counters differ from the tables (another program wrote with REPLACE?); run a recount.</source>
        <translation>Les compteurs statistiques diffèrent des tables (un autre programme a-t-il écrit avec REPLACE ?) ; lancez un recomptage.</translation>
    </message>
    <message>
        <source>OUT OF DATE: %1. A new quick check runs within a minute, or run one now. %2</source>
        <translation>PÉRIMÉ : %1. Une nouvelle vérification rapide a lieu dans la minute, ou lancez-en une maintenant. %2</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::JobProgress</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::MainWindow</name>
    <message>
        <source>Could not open %1</source>
        <translation>Impossible d&apos;ouvrir %1</translation>
    </message>
    <message>
        <source>Clients &amp; Files</source>
        <translation>Clients et fichiers</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <source>Integrity</source>
        <translation>Intégrité</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Sauvegardes</translation>
    </message>
    <message>
        <source>Audit &amp; Slow queries</source>
        <translation>Audit et requêtes lentes</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Open Database…</source>
        <translation>&amp;Ouvrir une base de données…</translation>
    </message>
    <message>
        <source>Open &amp;Demo Database</source>
        <translation>Ouvrir la base de &amp;démonstration</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Outils</translation>
    </message>
    <message>
        <source>&amp;Back Up Now</source>
        <translation>&amp;Sauvegarder maintenant</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;About BackupDB Admin</source>
        <translation>À &amp;propos de BackupDB Admin</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
    <message>
        <source>No database open</source>
        <translation>Aucune base de données ouverte</translation>
    </message>
    <message>
        <source>No database is open. Create the demo database (120 clients, 60,000 file records, a few orphans) in %1?

You can open a backup server&apos;s database with File › Open Database… at any time.</source>
        <translation>Aucune base de données n&apos;est ouverte. Créer la base de démonstration (120 clients, 60&#xa0;000 entrées de fichiers, quelques orphelines) dans %1&#xa0;?

Vous pouvez ouvrir la base de données d&apos;un serveur de sauvegarde à tout moment avec Fichier › Ouvrir une base de données….</translation>
    </message>
    <message>
        <source>Create demo database</source>
        <translation>Créer la base de démonstration</translation>
    </message>
    <message>
        <source>Open Database</source>
        <translation>Ouvrir une base de données</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>Bases de données SQLite (*.db *.sqlite *.sqlite3);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 ouverte</translation>
    </message>
    <message>
        <source>Settings applied from %1</source>
        <translation>Paramètres appliqués depuis %1</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Some settings in %1 were refused; the previous values stay in effect.</source>
        <translation>Certains paramètres de %1 ont été refusés&#xa0;; les valeurs précédentes restent en vigueur.</translation>
    </message>
    <message>
        <source>Some settings were refused: %1</source>
        <translation>Certains paramètres ont été refusés&#xa0;: %1</translation>
    </message>
    <message>
        <source>The settings could not be applied; the previous ones stay in effect.

%1</source>
        <translation>Les paramètres n&apos;ont pas pu être appliqués&#xa0;; les précédents restent en vigueur.

%1</translation>
    </message>
    <message>
        <source>Could not save the refresh interval to %1: %2</source>
        <translation>Impossible d&apos;enregistrer l&apos;intervalle d&apos;actualisation dans %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Could not save the settings to %1.

%2</source>
        <translation>Impossible d&apos;enregistrer les paramètres dans %1.

%2</translation>
    </message>
    <message>
        <source>About BackupDB Admin</source>
        <translation>À propos de BackupDB Admin</translation>
    </message>
    <message>
        <source>BackupDB Admin %1

Looks after the database of an encrypted file-backup server: its clients and their files, the health of the connection pool, integrity, backups and the audit log.

Built with Qt %2 and SQLite.</source>
        <translation>BackupDB Admin %1

Administre la base de données d&apos;un serveur de sauvegarde de fichiers chiffrés&#xa0;: ses clients et leurs fichiers, la santé du pool de connexions, l&apos;intégrité, les sauvegardes et le journal d&apos;audit.

Conçu avec Qt %2 et SQLite.</translation>
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
        <translation>Historique de maintenance</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Started by</source>
        <translation>Déclenchée par</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>The maintenance history could not be read: %1</source>
        <translation>L’historique de maintenance n’a pas pu être lu : %1</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>problems found</source>
        <translation>problèmes trouvés</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>ignorée</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <source>schedule</source>
        <translation>planification</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>à la main</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Aucune base de données n’est ouverte.</translation>
    </message>
    <message>
        <source>No run recorded yet. The service (backupdb-cli service) records every scheduled run here.</source>
        <translation>Aucune exécution enregistrée pour l’instant. Le service (backupdb-cli service) enregistre ici chaque exécution planifiée.</translation>
    </message>
    <message numerus="yes">
        <source>The last %n run(s), newest first.</source>
        <translation>
            <numerusform>%n exécution, la plus récente d’abord.</numerusform>
            <numerusform>Les %n dernières exécutions, la plus récente d’abord.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>backupdb::ui::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Masquer</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::NoDatabasePanel</name>
    <message>
        <source>No database open</source>
        <translation>Aucune base de données ouverte</translation>
    </message>
    <message>
        <source>Open Database…</source>
        <translation>Ouvrir une base de données…</translation>
    </message>
    <message>
        <source>Open Demo Database</source>
        <translation>Ouvrir la base de démonstration</translation>
    </message>
    <message>
        <source>Try Again</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Open a backup server&apos;s database, or the demo database (created on first use) to look around.</source>
        <translation>Ouvrez la base de données d&apos;un serveur de sauvegarde, ou la base de démonstration (créée à la première utilisation) pour découvrir l&apos;application.</translation>
    </message>
    <message>
        <source>The demo database could not be opened.</source>
        <translation>La base de démonstration n&apos;a pas pu être ouverte.</translation>
    </message>
    <message>
        <source>“%1” could not be opened.</source>
        <translation>« %1 » n&apos;a pas pu être ouvert.</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::PagedTableModel</name>
    <message>
        <source>Click to sort by %1</source>
        <translation>Cliquer pour trier par «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>%1 (not sortable)</source>
        <translation>%1 (non triable)</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Connection pool and queries</source>
        <translation>Pool de connexions et requêtes</translation>
    </message>
    <message>
        <source>Reader connections kept open</source>
        <translation>Connexions de lecture maintenues ouvertes</translation>
    </message>
    <message>
        <source>Extra connections opened under load and closed when idle</source>
        <translation>Connexions supplémentaires ouvertes sous charge et fermées au repos</translation>
    </message>
    <message>
        <source>How long a request waits for a free connection before it fails</source>
        <translation>Durée pendant laquelle une demande attend une connexion libre avant d&apos;échouer</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>A statement running longer is interrupted</source>
        <translation>Une instruction qui dure plus longtemps est interrompue</translation>
    </message>
    <message>
        <source>Statements slower than this are logged as slow queries</source>
        <translation>Les instructions plus lentes sont journalisées comme requêtes lentes</translation>
    </message>
    <message>
        <source>&amp;Connections:</source>
        <translation>&amp;Connexions&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Overflow connections:</source>
        <translation>Connexions &amp;supplémentaires&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Acquire timeout:</source>
        <translation>Délai d&apos;&amp;acquisition&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Query timeout:</source>
        <translation>Délai de &amp;requête&#xa0;:</translation>
    </message>
    <message>
        <source>S&amp;low-query threshold:</source>
        <translation>Seuil de requête lent&amp;e&#xa0;:</translation>
    </message>
    <message>
        <source>Database size</source>
        <translation>Taille de la base de données</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>&amp;Warning above:</source>
        <translation>A&amp;vertissement au-delà de&#xa0;:</translation>
    </message>
    <message>
        <source>C&amp;ritical above:</source>
        <translation>Cri&amp;tique au-delà de&#xa0;:</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Sauvegardes</translation>
    </message>
    <message>
        <source>a &quot;backups&quot; folder beside the database</source>
        <translation>un dossier «&#xa0;backups&#xa0;» à côté de la base de données</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Parcourir…</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>illimité</translation>
    </message>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Dossier&#xa0;:</translation>
    </message>
    <message>
        <source>Keep the &amp;newest:</source>
        <translation>Garder les plus réce&amp;ntes&#xa0;:</translation>
    </message>
    <message>
        <source>Keep those &amp;younger than:</source>
        <translation>Garder celles de &amp;moins de&#xa0;:</translation>
    </message>
    <message>
        <source>&lt;small&gt;A backup is deleted only when no rule keeps it; the newest verified one is always kept.&lt;/small&gt;</source>
        <translation>&lt;small&gt;Une sauvegarde n&apos;est supprimée que si aucune règle ne la conserve&#xa0;; la plus récente vérifiée est toujours conservée.&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Affichage</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>Dashboard &amp;refresh every:</source>
        <translation>Actualisation du tableau de &amp;bord toutes les&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <source>The size warning threshold (%1 MB) must be below the critical threshold (%2 MB).</source>
        <translation>Le seuil d&apos;avertissement de taille (%1 MB) doit être inférieur au seuil critique (%2 MB).</translation>
    </message>
    <message>
        <source>The slow-query threshold (%1 ms) must be below the query timeout (%2 ms), or no statement could ever be logged as slow.</source>
        <translation>Le seuil de requête lente (%1 ms) doit être inférieur au délai de requête (%2 ms), sinon aucune instruction ne pourrait jamais être journalisée comme lente.</translation>
    </message>
    <message>
        <source>The backup folder contains a NUL character.</source>
        <translation>Le dossier de sauvegarde contient un caractère NUL.</translation>
    </message>
    <message>
        <source>The backup folder must be a full path (such as /var/backups/backupdb), not &quot;%1&quot;.</source>
        <translation>Le dossier de sauvegarde doit être un chemin complet (comme /var/backups/backupdb), et non «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>The backup folder %1 is a file, not a folder.</source>
        <translation>Le dossier de sauvegarde %1 est un fichier, pas un dossier.</translation>
    </message>
    <message>
        <source>The backup folder %1 is not writable.</source>
        <translation>Le dossier de sauvegarde %1 n&apos;est pas accessible en écriture.</translation>
    </message>
    <message>
        <source>The backup folder %1 does not exist and cannot be created in %2.</source>
        <translation>Le dossier de sauvegarde %1 n&apos;existe pas et ne peut pas être créé dans %2.</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>Dossier de sauvegarde</translation>
    </message>
</context>
<context>
    <name>backupdb::ui::StatusPanel</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancel the running job</source>
        <translation>Annuler la tâche en cours</translation>
    </message>
    <message>
        <source>Health: unknown</source>
        <translation>Santé&#xa0;: inconnue</translation>
    </message>
    <message>
        <source>Database %1, WAL %2, free pages %3</source>
        <translation>Base de données %1, WAL %2, pages libres %3</translation>
    </message>
    <message>
        <source>Journal: %1</source>
        <translation>Journal&#xa0;: %1</translation>
    </message>
    <message>
        <source>Health: &lt;b style=&quot;color:%1&quot;&gt;%2&lt;/b&gt;</source>
        <translation>Santé&#xa0;: &lt;b style=&quot;color:%1&quot;&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No warnings</source>
        <translation>Aucun avertissement</translation>
    </message>
    <message>
        <source>No database open</source>
        <translation>Aucune base de données ouverte</translation>
    </message>
    <message>
        <source>%1 (+%2 more)</source>
        <translation>%1 (+%2 autres)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Look after a backup server&apos;s database.</source>
        <translation>Administrer la base de données d&apos;un serveur de sauvegarde.</translation>
    </message>
    <message>
        <source>Database file to open (default: the last one used, or the demo database).</source>
        <translation>Fichier de base de données à ouvrir (par défaut&#xa0;: le dernier utilisé, ou la base de démonstration).</translation>
    </message>
    <message>
        <source>Configuration file (default: backupdb-admin.ini in the application&apos;s configuration folder); reloaded on change.</source>
        <translation>Fichier de configuration (par défaut&#xa0;: backupdb-admin.ini dans le dossier de configuration de l&apos;application)&#xa0;; rechargé à chaque modification.</translation>
    </message>
</context>
</TS>
