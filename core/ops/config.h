// The application's configuration file (O1, improvement 18): an INI file read through QSettings,
// every value validated, and a watcher that reloads it when it changes on disk.
//
//   [pool]      coreSize=4  maxOverflow=4  acquireTimeoutMs=5000  maxLifetimeMs=1800000
//               idleTimeoutMs=60000  leakThresholdMs=60000  busyTimeoutMs=2000
//   [query]     timeoutMs=30000 (0 = none)  slowMs=100
//   [size]      warningMB=500  criticalMB=1000
//   [backup]    folder=  keepLast=0 (0 = unlimited)  keepDays=0 (0 = unlimited)
//   [metrics]   port=9187  bindAddress=127.0.0.1
//   [dashboard] refreshIntervalMs=5000 (1000..5000)
//   [log]       file= (empty = no log file)
//   [ui]        language= (empty = the system's)
//   [schedule]  (backupdb-cli service; see schedulespec.h for the forms)
//               quickCheck=daily 03:00  fullCheck=weekly sun 04:00
//               backup=after-check (a verified backup after each passing check) | off
//               checkpoint=every 15m  vacuum=every 1h (only in a quiet period with enough free
//               pages)  vacuumQuietSeconds=300  historyKeepDays=90
//
// A value that is missing takes its default. A value that is invalid (wrong type, out of range)
// is refused: a problem naming the key, the value and the reason is reported, and the previous
// value of that key stays in effect. Unknown keys are reported too (typos would otherwise go
// unnoticed).
//
// Thread-safety: AppConfig is a value type; loadConfig()/saveConfig() may be called from any
// thread. ConfigWatcher lives in the thread that created it (it needs that thread's event loop).
#pragma once

#include "../common/error.h"
#include "../data/database.h"
#include "../db/poolconfig.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

class QFileSystemWatcher;
class QTimer;

namespace backupdb {

struct AppConfig
{
    // [pool] (see PoolConfig for what each governs)
    int coreSize = 4;
    int maxOverflow = 4;
    qint64 acquireTimeoutMs = 5000;
    qint64 maxLifetimeMs = 30 * 60 * 1000;
    qint64 idleTimeoutMs = 60 * 1000;
    qint64 leakThresholdMs = 60 * 1000;
    qint64 busyTimeoutMs = 2000;

    // [query]
    qint64 queryTimeoutMs = 30000; // 0 = none
    qint64 slowQueryMs = 100;

    // [size]
    qint64 sizeWarningMB = 500;
    qint64 sizeCriticalMB = 1000;

    // [backup]
    QString backupFolder; // empty: the caller's default
    int backupKeepLast = 0; // 0 = unlimited
    int backupKeepDays = 0; // 0 = unlimited

    // [metrics]
    int metricsPort = 9187;
    QString metricsBindAddress = QStringLiteral("127.0.0.1");

    // [dashboard]
    int refreshIntervalMs = 5000;

    // [log]
    QString logFile; // empty: no log file

    // [ui]
    QString language; // empty: the system's

    // [schedule] (texts in the form of ScheduleSpec, validated when read)
    QString scheduleQuickCheck = QStringLiteral("daily 03:00");
    QString scheduleFullCheck = QStringLiteral("weekly sun 04:00");
    QString scheduleBackup = QStringLiteral("after-check"); // or "off"
    QString scheduleCheckpoint = QStringLiteral("every 15m");
    QString scheduleVacuum = QStringLiteral("every 1h");
    qint64 vacuumQuietSeconds = 300;
    int historyKeepDays = 90;

    // base with the [pool] values of this configuration applied (path, name, access kept).
    PoolConfig toPoolConfig(PoolConfig base) const;
    // base with the [query] values applied (the retry policy kept).
    QueryPolicy toQueryPolicy(QueryPolicy base) const;

    bool operator==(const AppConfig &other) const = default;
};

// Reads iniPath. Values that are absent take the defaults of AppConfig; values that are invalid
// keep their value from previous (by default also the defaults) and add a line to problems (may
// be null). Fails (NotFound / Io) only when the file itself cannot be read or is not INI.
Result<AppConfig> loadConfig(const QString &iniPath, QStringList *problems,
                             const AppConfig &previous = AppConfig());

// Writes every key of config to iniPath, atomically (the file is replaced, never half-written).
// Keys of iniPath that AppConfig does not know are not kept.
DbError saveConfig(const AppConfig &config, const QString &iniPath);

// Watches one configuration file and reloads it when it changes: when it is rewritten in place
// and when an editor replaces it (writes a new file and renames it over the old one). Changes
// are debounced, so that an editor's several writes make one reload. A file found empty on a
// reload is taken for one being written and ignored (to reset everything to the defaults while
// running, leave a comment in it).
// Thread-safety: use from the thread that created it (it needs that thread's event loop).
class ConfigWatcher final : public QObject
{
    Q_OBJECT
public:
    explicit ConfigWatcher(const QString &iniPath, QObject *parent = nullptr);
    ~ConfigWatcher() override;
    Q_DISABLE_COPY_MOVE(ConfigWatcher)

    // Loads the file (problems as loadConfig) and starts watching. Watching starts even when
    // the file cannot be read yet (the result is then that error and config() the defaults):
    // the file is loaded when it appears.
    Result<AppConfig> start(QStringList *problems = nullptr);
    void stop();

    AppConfig config() const { return m_config; }
    QString path() const { return m_path; }
    // Time between the last change seen on disk and the reload; 200 ms by default.
    void setDebounceInterval(int milliseconds);

public Q_SLOTS:
    // Reads the file now (does nothing when its content has not changed since the last read).
    void reload();

Q_SIGNALS:
    // Something in the configuration changed; newConfig is in effect from now on.
    void changed(const backupdb::AppConfig &newConfig, const backupdb::AppConfig &old);
    // Values (or the whole file) were refused; the old values stay in effect.
    void problems(const QStringList &problems);

private:
    void onFileSystemEvent();
    void watchFile();

    QString m_path;
    AppConfig m_config;
    QByteArray m_lastContentHash; // of the content last read; empty: not read yet
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_debounce = nullptr;
};

} // namespace backupdb

Q_DECLARE_METATYPE(backupdb::AppConfig)
