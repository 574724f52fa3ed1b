// One open backup database: checks the file, migrates it (with a backup first), and owns the
// pools and the services. The CLI and the GUI's worker both start here, so the wiring exists
// once.
// Thread-safety: open() from any thread; the services it hands out are thread-safe. Destroy
// the session after every lease taken from it has been released.
#pragma once

#include "data/bulkinserter.h"
#include "data/clientrepository.h"
#include "data/database.h"
#include "data/filerepository.h"
#include "data/statistics.h"
#include "maintenance/auditlog.h"
#include "maintenance/backupservice.h"
#include "maintenance/healthservice.h"
#include "maintenance/integritychecker.h"
#include "maintenance/maintenancehistory.h"
#include "maintenance/metricshistory.h"
#include "maintenance/orphancleaner.h"
#include "maintenance/sizemonitor.h"
#include "ops/config.h"
#include "schema/migrator.h"

#include <functional>
#include <memory>
#include <mutex>

namespace backupdb {

enum class OpenMode { OpenExisting, CreateIfMissing };

struct SessionOptions
{
    QString path;
    OpenMode mode = OpenMode::OpenExisting;
    PoolConfig pool; // databasePath is set from path
    QueryPolicy query;
    Milliseconds statisticsTtl { 30000 };
    QString migrationBackupFolder; // empty: beside the database
    bool quickCheckOnOpen = true; // M1: quick_check and the logical checks when opening
    // Before anything is written (migrations included), SQLite's quick_check on a read-only
    // connection: a file that fails it is opened read-only (hands off a damaged database).
    bool damageCheckOnOpen = true;
    // Both checks run behind the open instead of in it, when that writes nothing (the schema
    // is current and the file is in WAL mode already): the first IntegrityChecker::current()
    // runs them, and writes wait for the damage check's verdict. For a window that shows rows
    // first; whoever opens so must call current() (the GUI's worker does at once).
    bool deferOpenChecks = false;
    // Called on the checking thread before the deferred checks start (tests hold them with it).
    std::function<void()> beforeDeferredChecks;
};

class Session
{
public:
    static Result<std::unique_ptr<Session>> open(const SessionOptions &options);
    // Checks that path can be opened as a backup database: not empty, not a folder, an SQLite
    // file (or missing, with CreateIfMissing), readable and writable.
    static DbError checkFile(const QString &path, OpenMode mode);

    ~Session();
    Q_DISABLE_COPY_MOVE(Session)

    QString path() const { return m_options.path; }
    Database &database() { return *m_database; }
    ClientRepository &clients() { return m_clients; }
    FileRepository &files() { return m_files; }
    BulkInserter &bulk() { return m_bulk; }
    StatisticsService &statistics() { return m_statistics; }
    AuditLog &audit() { return m_audit; }
    BackupService &backups() { return m_backups; }
    IntegrityChecker &integrity() { return m_integrity; }
    OrphanCleaner &orphans() { return m_orphans; }
    SizeMonitor &size() { return m_size; }
    HealthService &health() { return m_health; }
    MetricsHistory &metricsHistory() { return m_metricsHistory; }
    MaintenanceHistory &maintenanceHistory() { return m_maintenanceHistory; }
    const MigrationOutcome &migration() const { return m_migration; }
    // The data's stamp when open() finished, before anyone read a row: the base against which
    // other programs' writes are noticed (none on a file whose counters cannot be read).
    const std::optional<ContentStamp> &openedStamp() const { return m_openedStamp; }
    // The file failed its quick check on open: the session is read-only and damage() holds
    // SQLite's messages. The way out is BackupService::replaceDamaged or salvage.
    // With deferred checks, known once they ran.
    bool isDamaged() const { return !damage().isEmpty(); }
    QStringList damage() const;

    // Applies a new configuration while open (O1): pool sizes and timeouts, query timeout and
    // slow-query threshold. Invalid values are refused as a whole and the old ones kept.
    DbError applyConfig(const AppConfig &config);

private:
    explicit Session(const SessionOptions &options, std::unique_ptr<Database> database);
    static Result<std::unique_ptr<Session>> openPostgres(const SessionOptions &options);
    // The deferred damage check: quick_check on a read-only connection of its own, then the
    // held writes go (or are refused from then on, on a damaged file).
    Result<QStringList> checkForDamage();
    void setDamage(const QStringList &damage);

    SessionOptions m_options;
    std::unique_ptr<Database> m_database;
    ClientRepository m_clients;
    FileRepository m_files;
    BulkInserter m_bulk;
    StatisticsService m_statistics;
    AuditLog m_audit;
    BackupService m_backups;
    IntegrityChecker m_integrity;
    OrphanCleaner m_orphans;
    SizeMonitor m_size;
    HealthService m_health;
    MetricsHistory m_metricsHistory;
    MaintenanceHistory m_maintenanceHistory;
    MigrationOutcome m_migration;
    mutable std::mutex m_damageMutex;
    QStringList m_damage; // guarded by m_damageMutex
    std::optional<ContentStamp> m_openedStamp;
};

} // namespace backupdb
