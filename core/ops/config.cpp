#include "config.h"

#include "opslogging.h"
#include "schedulespec.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHostAddress>
#include <QLocale>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <functional>

namespace backupdb {

namespace {

constexpr qint64 kOneDayMs = 24 * 60 * 60 * 1000;

// How a value of the file appears in a message: as written, lists joined as QSettings split them.
QString shown(const QVariant &value)
{
    if (value.typeId() == QMetaType::QStringList)
        return value.toStringList().join(QLatin1String(", "));
    return value.toString();
}

// Reads the keys of one INI text into an AppConfig. Absent keys keep the defaults, refused
// values the value of previous.
class ConfigReader
{
public:
    ConfigReader(const QSettings &settings, const AppConfig &previous, QStringList *problems)
        : m_settings(settings)
        , m_previous(previous)
        , m_problems(problems)
    { }

    template<typename T>
    void integer(const QString &key, T AppConfig::*field, qint64 min, qint64 max)
    {
        m_known.insert(key);
        if (!m_settings.contains(key))
            return;
        const QVariant raw = m_settings.value(key);
        QString why;
        qint64 parsed = 0;
        if (raw.typeId() != QMetaType::QString) {
            why = QStringLiteral("not an integer");
        } else {
            bool ok = false;
            parsed = raw.toString().trimmed().toLongLong(&ok, 10);
            if (!ok)
                why = QStringLiteral("not an integer");
            else if (parsed < min || parsed > max)
                why = QStringLiteral("must be in %1..%2").arg(min).arg(max);
        }
        if (why.isEmpty()) {
            m_config.*field = T(parsed);
            return;
        }
        m_config.*field = m_previous.*field;
        refuse(key, raw, why, QString::number(m_previous.*field));
    }

    // validate returns why a value is refused, or an empty string.
    void string(const QString &key, QString AppConfig::*field,
                const std::function<QString(const QString &)> &validate)
    {
        m_known.insert(key);
        if (!m_settings.contains(key))
            return;
        const QVariant raw = m_settings.value(key);
        QString why;
        if (raw.typeId() == QMetaType::QStringList)
            why = QStringLiteral("contains a comma; put the value in double quotes");
        else if (raw.typeId() != QMetaType::QString)
            why = QStringLiteral("not a plain text value");
        else if (raw.toString().contains(QChar(0)))
            why = QStringLiteral("contains a NUL character");
        else
            why = validate(raw.toString());
        if (why.isEmpty()) {
            m_config.*field = raw.toString();
            return;
        }
        m_config.*field = m_previous.*field;
        refuse(key, raw, why, QLatin1Char('"') + m_previous.*field + QLatin1Char('"'));
    }

    void refuse(const QString &key, const QVariant &raw, const QString &why, const QString &kept)
    {
        if (m_problems)
            *m_problems << QStringLiteral("%1: refused \"%2\": %3; keeping %4")
                                   .arg(key, shown(raw), why, kept);
    }

    void reportUnknownKeys()
    {
        if (!m_problems)
            return;
        for (const QString &key : m_settings.allKeys()) {
            if (!m_known.contains(key))
                *m_problems << QStringLiteral("%1: unknown key, ignored").arg(key);
        }
    }

    AppConfig &config() { return m_config; }

private:
    const QSettings &m_settings;
    const AppConfig &m_previous;
    QStringList *m_problems;
    AppConfig m_config; // starts at the defaults
    QSet<QString> m_known;
};

QString anyPath(const QString &)
{
    return QString();
}

QString ipAddress(const QString &value)
{
    QHostAddress address;
    if (!address.setAddress(value.trimmed()))
        return QStringLiteral("not a numeric IPv4 or IPv6 address");
    return QString();
}

QString scheduleText(const QString &value)
{
    return ScheduleSpec::problemWith(value);
}

QString backupSchedule(const QString &value)
{
    const QString v = value.trimmed();
    if (v == QLatin1String("after-check") || v == QLatin1String("off"))
        return QString();
    return QStringLiteral("expected \"after-check\" (a verified backup after each passing check) "
                          "or \"off\"");
}

QString languageName(const QString &value)
{
    if (value.isEmpty())
        return QString();
    static const QRegularExpression form(QStringLiteral("^[a-z]{2,3}(_[A-Z]{2})?$"));
    if (!form.match(value).hasMatch() || QLocale(value).language() == QLocale::C)
        return QStringLiteral(
                "not a language name such as \"de\" or \"pt_BR\" (empty = the system's)");
    return QString();
}

// Parses INI text. QSettings reads only files, and it caches them by path and re-reads a file only
// when its size or modification time changed: a rewrite of the same length within the
// filesystem's timestamp granularity would be missed. So the text is given to QSettings as a new
// file under a fresh path each time.
Result<AppConfig> parseConfig(const QByteArray &ini, const QString &sourceName,
                              QStringList *problems, const AppConfig &previous)
{
    QTemporaryDir dir;
    if (!dir.isValid())
        return DbError(DbError::Kind::Io,
                       QStringLiteral("cannot create a temporary folder to read %1: %2")
                               .arg(sourceName, dir.errorString()));
    const QString copyPath = dir.filePath(QStringLiteral("config.ini"));
    {
        QFile copy(copyPath);
        if (!copy.open(QIODevice::WriteOnly) || copy.write(ini) != ini.size())
            return DbError(DbError::Kind::Io,
                           QStringLiteral("cannot copy %1 for reading: %2")
                                   .arg(sourceName, copy.errorString()));
    }
    const QSettings settings(copyPath, QSettings::IniFormat);
    if (settings.status() == QSettings::FormatError)
        return DbError(DbError::Kind::InvalidInput,
                       QStringLiteral("%1 is not an INI file").arg(sourceName));
    if (settings.status() != QSettings::NoError)
        return DbError(DbError::Kind::Io, QStringLiteral("cannot read %1").arg(sourceName));

    ConfigReader r(settings, previous, problems);
    r.integer(QStringLiteral("pool/coreSize"), &AppConfig::coreSize, 1, 256);
    r.integer(QStringLiteral("pool/maxOverflow"), &AppConfig::maxOverflow, 0, 256);
    r.integer(QStringLiteral("pool/acquireTimeoutMs"), &AppConfig::acquireTimeoutMs, 0, kOneDayMs);
    r.integer(QStringLiteral("pool/maxLifetimeMs"), &AppConfig::maxLifetimeMs, 1, 7 * kOneDayMs);
    r.integer(QStringLiteral("pool/idleTimeoutMs"), &AppConfig::idleTimeoutMs, 0, kOneDayMs);
    // 0 would report every lease as a leak.
    r.integer(QStringLiteral("pool/leakThresholdMs"), &AppConfig::leakThresholdMs, 1, kOneDayMs);
    r.integer(QStringLiteral("pool/busyTimeoutMs"), &AppConfig::busyTimeoutMs, 0, kOneDayMs);
    r.integer(QStringLiteral("query/timeoutMs"), &AppConfig::queryTimeoutMs, 0, kOneDayMs);
    r.integer(QStringLiteral("query/slowMs"), &AppConfig::slowQueryMs, 0, kOneDayMs);
    r.integer(QStringLiteral("size/warningMB"), &AppConfig::sizeWarningMB, 1, 1024 * 1024);
    r.integer(QStringLiteral("size/criticalMB"), &AppConfig::sizeCriticalMB, 1, 1024 * 1024);
    r.string(QStringLiteral("backup/folder"), &AppConfig::backupFolder, anyPath);
    r.integer(QStringLiteral("backup/keepLast"), &AppConfig::backupKeepLast, 0, 100000);
    r.integer(QStringLiteral("backup/keepDays"), &AppConfig::backupKeepDays, 0, 100 * 366);
    r.integer(QStringLiteral("metrics/port"), &AppConfig::metricsPort, 1, 65535);
    r.string(QStringLiteral("metrics/bindAddress"), &AppConfig::metricsBindAddress, ipAddress);
    r.integer(QStringLiteral("dashboard/refreshIntervalMs"), &AppConfig::refreshIntervalMs, 1000,
              5000);
    r.string(QStringLiteral("log/file"), &AppConfig::logFile, anyPath);
    r.string(QStringLiteral("ui/language"), &AppConfig::language, languageName);
    r.string(QStringLiteral("schedule/quickCheck"), &AppConfig::scheduleQuickCheck, scheduleText);
    r.string(QStringLiteral("schedule/fullCheck"), &AppConfig::scheduleFullCheck, scheduleText);
    r.string(QStringLiteral("schedule/backup"), &AppConfig::scheduleBackup, backupSchedule);
    r.string(QStringLiteral("schedule/checkpoint"), &AppConfig::scheduleCheckpoint, scheduleText);
    r.string(QStringLiteral("schedule/vacuum"), &AppConfig::scheduleVacuum, scheduleText);
    r.integer(QStringLiteral("schedule/vacuumQuietSeconds"), &AppConfig::vacuumQuietSeconds, 0,
              kOneDayMs / 1000);
    r.integer(QStringLiteral("schedule/historyKeepDays"), &AppConfig::historyKeepDays, 1, 100 * 366);
    r.reportUnknownKeys();

    AppConfig config = r.config();
    config.metricsBindAddress = config.metricsBindAddress.trimmed();
    config.scheduleBackup = config.scheduleBackup.trimmed();
    if (config.sizeWarningMB > config.sizeCriticalMB) {
        if (problems)
            *problems
                    << QStringLiteral(
                               "size/criticalMB: refused \"%1\": must not be below size/warningMB "
                               "(%2); keeping warningMB=%3 and criticalMB=%4")
                               .arg(config.sizeCriticalMB)
                               .arg(config.sizeWarningMB)
                               .arg(previous.sizeWarningMB)
                               .arg(previous.sizeCriticalMB);
        config.sizeWarningMB = previous.sizeWarningMB;
        config.sizeCriticalMB = previous.sizeCriticalMB;
        if (config.sizeWarningMB > config.sizeCriticalMB) { // previous was inconsistent too
            config.sizeWarningMB = AppConfig().sizeWarningMB;
            config.sizeCriticalMB = AppConfig().sizeCriticalMB;
        }
    }
    return config;
}

struct FileContent
{
    QByteArray bytes;
    DbError error;
};

FileContent readFile(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return { {},
                 DbError(DbError::Kind::NotFound,
                         QStringLiteral("configuration file %1 does not exist").arg(path)) };
    if (!file.open(QIODevice::ReadOnly))
        return { {},
                 DbError(DbError::Kind::Io,
                         QStringLiteral("cannot read configuration file %1: %2")
                                 .arg(path, file.errorString())) };
    // A configuration file is small; anything huge is a mistake (or a device).
    constexpr qint64 kMaxBytes = 1024 * 1024;
    QByteArray bytes = file.read(kMaxBytes + 1);
    if (bytes.size() > kMaxBytes)
        return { {},
                 DbError(DbError::Kind::InvalidInput,
                         QStringLiteral("configuration file %1 is larger than 1 MiB").arg(path)) };
    return { bytes, {} };
}

} // namespace

PoolConfig AppConfig::toPoolConfig(PoolConfig base) const
{
    base.coreSize = coreSize;
    base.maxOverflow = maxOverflow;
    base.acquireTimeout = Milliseconds(acquireTimeoutMs);
    base.maxLifetime = Milliseconds(maxLifetimeMs);
    base.idleTimeout = Milliseconds(idleTimeoutMs);
    base.leakThreshold = Milliseconds(leakThresholdMs);
    base.busyTimeout = Milliseconds(busyTimeoutMs);
    return base;
}

QueryPolicy AppConfig::toQueryPolicy(QueryPolicy base) const
{
    base.queryTimeout = Milliseconds(queryTimeoutMs);
    base.slowThreshold = Milliseconds(slowQueryMs);
    return base;
}

Result<AppConfig> loadConfig(const QString &iniPath, QStringList *problems,
                             const AppConfig &previous)
{
    const FileContent content = readFile(iniPath);
    if (content.error)
        return content.error;
    return parseConfig(content.bytes, iniPath, problems, previous);
}

DbError saveConfig(const AppConfig &config, const QString &iniPath)
{
    // QSettings writes the INI text (quoting and escaping as its reader expects) into a scratch
    // file; QSaveFile then replaces the target in one rename.
    QTemporaryDir dir;
    if (!dir.isValid())
        return DbError(
                DbError::Kind::Io,
                QStringLiteral("cannot create a temporary folder: %1").arg(dir.errorString()));
    const QString scratch = dir.filePath(QStringLiteral("config.ini"));
    {
        QSettings s(scratch, QSettings::IniFormat);
        s.beginGroup(QStringLiteral("pool"));
        s.setValue(QStringLiteral("coreSize"), config.coreSize);
        s.setValue(QStringLiteral("maxOverflow"), config.maxOverflow);
        s.setValue(QStringLiteral("acquireTimeoutMs"), config.acquireTimeoutMs);
        s.setValue(QStringLiteral("maxLifetimeMs"), config.maxLifetimeMs);
        s.setValue(QStringLiteral("idleTimeoutMs"), config.idleTimeoutMs);
        s.setValue(QStringLiteral("leakThresholdMs"), config.leakThresholdMs);
        s.setValue(QStringLiteral("busyTimeoutMs"), config.busyTimeoutMs);
        s.endGroup();
        s.beginGroup(QStringLiteral("query"));
        s.setValue(QStringLiteral("timeoutMs"), config.queryTimeoutMs);
        s.setValue(QStringLiteral("slowMs"), config.slowQueryMs);
        s.endGroup();
        s.beginGroup(QStringLiteral("size"));
        s.setValue(QStringLiteral("warningMB"), config.sizeWarningMB);
        s.setValue(QStringLiteral("criticalMB"), config.sizeCriticalMB);
        s.endGroup();
        s.beginGroup(QStringLiteral("backup"));
        s.setValue(QStringLiteral("folder"), config.backupFolder);
        s.setValue(QStringLiteral("keepLast"), config.backupKeepLast);
        s.setValue(QStringLiteral("keepDays"), config.backupKeepDays);
        s.endGroup();
        s.beginGroup(QStringLiteral("metrics"));
        s.setValue(QStringLiteral("port"), config.metricsPort);
        s.setValue(QStringLiteral("bindAddress"), config.metricsBindAddress);
        s.endGroup();
        s.beginGroup(QStringLiteral("dashboard"));
        s.setValue(QStringLiteral("refreshIntervalMs"), config.refreshIntervalMs);
        s.endGroup();
        s.beginGroup(QStringLiteral("log"));
        s.setValue(QStringLiteral("file"), config.logFile);
        s.endGroup();
        s.beginGroup(QStringLiteral("ui"));
        s.setValue(QStringLiteral("language"), config.language);
        s.endGroup();
        s.beginGroup(QStringLiteral("schedule"));
        s.setValue(QStringLiteral("quickCheck"), config.scheduleQuickCheck);
        s.setValue(QStringLiteral("fullCheck"), config.scheduleFullCheck);
        s.setValue(QStringLiteral("backup"), config.scheduleBackup);
        s.setValue(QStringLiteral("checkpoint"), config.scheduleCheckpoint);
        s.setValue(QStringLiteral("vacuum"), config.scheduleVacuum);
        s.setValue(QStringLiteral("vacuumQuietSeconds"), config.vacuumQuietSeconds);
        s.setValue(QStringLiteral("historyKeepDays"), config.historyKeepDays);
        s.endGroup();
        s.sync();
        if (s.status() != QSettings::NoError)
            return DbError(DbError::Kind::Io, QStringLiteral("cannot write the configuration"));
    }
    QFile scratchFile(scratch);
    if (!scratchFile.open(QIODevice::ReadOnly))
        return DbError(DbError::Kind::Io,
                       QStringLiteral("cannot read back the configuration: %1")
                               .arg(scratchFile.errorString()));
    const QByteArray text = scratchFile.readAll();

    QSaveFile target(iniPath);
    if (!target.open(QIODevice::WriteOnly) || target.write(text) != text.size() || !target.commit())
        return DbError(DbError::Kind::Io,
                       QStringLiteral("cannot write configuration file %1: %2")
                               .arg(iniPath, target.errorString()));
    return DbError();
}

ConfigWatcher::ConfigWatcher(const QString &iniPath, QObject *parent)
    : QObject(parent)
    , m_path(QFileInfo(iniPath).absoluteFilePath())
    , m_watcher(new QFileSystemWatcher(this))
    , m_debounce(new QTimer(this))
{
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(200);
    connect(m_debounce, &QTimer::timeout, this, [this] {
        watchFile();
        reload();
    });
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &ConfigWatcher::onFileSystemEvent);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this,
            &ConfigWatcher::onFileSystemEvent);
}

ConfigWatcher::~ConfigWatcher() = default;

Result<AppConfig> ConfigWatcher::start(QStringList *problems)
{
    // The folder is watched too: an editor that saves by writing a new file and renaming it over
    // the old one leaves the file watch on the old, deleted file; the folder sees the rename.
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!m_watcher->directories().contains(folder))
        m_watcher->addPath(folder);
    watchFile();

    const FileContent content = readFile(m_path);
    m_lastContentHash = content.error
            ? QByteArray("error:") + content.error.message().toUtf8()
            : QCryptographicHash::hash(content.bytes, QCryptographicHash::Sha256);
    if (content.error) {
        m_config = AppConfig();
        return content.error;
    }
    auto loaded = parseConfig(content.bytes, m_path, problems, AppConfig());
    m_config = loaded.valueOr(AppConfig());
    return loaded;
}

void ConfigWatcher::stop()
{
    m_debounce->stop();
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
}

void ConfigWatcher::setDebounceInterval(int milliseconds)
{
    m_debounce->setInterval(milliseconds);
}

void ConfigWatcher::onFileSystemEvent()
{
    m_debounce->start(); // restarts: one reload after the last of a burst of events
}

void ConfigWatcher::watchFile()
{
    // Re-adding follows the file to its current inode after a replace.
    if (m_watcher->files().contains(m_path))
        m_watcher->removePath(m_path);
    if (QFileInfo::exists(m_path))
        m_watcher->addPath(m_path);
}

void ConfigWatcher::reload()
{
    const FileContent content = readFile(m_path);
    const QByteArray hash = content.error
            ? QByteArray("error:") + content.error.message().toUtf8()
            : QCryptographicHash::hash(content.bytes, QCryptographicHash::Sha256);
    if (hash == m_lastContentHash)
        return; // another file of the folder changed, or the same text was written again
    if (!content.error && content.bytes.isEmpty()) {
        // Most likely an editor that truncated the file and has not written it yet: taking it
        // would put every setting back to its default for a moment. Its next write is seen.
        qCInfo(lcConfig).noquote() << m_path << "is empty; keeping the current settings";
        return;
    }
    m_lastContentHash = hash;
    if (content.error) {
        Q_EMIT problems(
                { content.error.message() + QStringLiteral("; keeping the current settings") });
        return;
    }
    QStringList found;
    auto loaded = parseConfig(content.bytes, m_path, &found, m_config);
    if (!loaded) {
        Q_EMIT problems(
                { loaded.error().message() + QStringLiteral("; keeping the current settings") });
        return;
    }
    const AppConfig old = m_config;
    m_config = loaded.value();
    if (!found.isEmpty())
        Q_EMIT problems(found);
    if (m_config != old)
        Q_EMIT changed(m_config, old);
}

} // namespace backupdb
