#include "settingsdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace backupdb::ui {

namespace {

constexpr int kOneDayMs = 24 * 3600 * 1000;

QSpinBox *spinBox(QWidget *parent, const QString &name, int minimum, int maximum, qint64 value,
                  const QString &suffix = QString(), const QString &specialValue = QString())
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(minimum, maximum);
    box->setValue(int(std::clamp<qint64>(value, minimum, maximum)));
    box->setSuffix(suffix);
    box->setSpecialValueText(specialValue); // shown for the minimum
    box->setGroupSeparatorShown(true);
    box->setAccelerated(true);
    box->setMinimumWidth(140);
    return box;
}

// The nearest folder that exists on the way up from path.
QFileInfo nearestExisting(const QString &path)
{
    QFileInfo info(path);
    while (!info.exists()) {
        const QString parent = info.absolutePath();
        if (parent == info.absoluteFilePath())
            break;
        info = QFileInfo(parent);
    }
    return info;
}

} // namespace

SettingsDialog::SettingsDialog(const AppConfig &config, QWidget *parent)
    : QDialog(parent)
    , m_config(config)
{
    setWindowTitle(tr("Settings"));
    setObjectName(QStringLiteral("settingsDialog"));
    const QString ms = tr(" ms");

    auto *pool = new QGroupBox(tr("Connection pool and queries"), this);
    auto *poolForm = new QFormLayout(pool);
    m_coreSize = spinBox(pool, QStringLiteral("coreSize"), 1, 256, config.coreSize);
    m_coreSize->setToolTip(tr("Reader connections kept open"));
    m_overflow = spinBox(pool, QStringLiteral("maxOverflow"), 0, 256, config.maxOverflow);
    m_overflow->setToolTip(tr("Extra connections opened under load and closed when idle"));
    m_acquireTimeout = spinBox(pool, QStringLiteral("acquireTimeout"), 0, kOneDayMs,
                               config.acquireTimeoutMs, ms);
    m_acquireTimeout->setToolTip(
            tr("How long a request waits for a free connection before it fails"));
    m_queryTimeout = spinBox(pool, QStringLiteral("queryTimeout"), 0, kOneDayMs,
                             config.queryTimeoutMs, ms, tr("none"));
    m_queryTimeout->setToolTip(tr("A statement running longer is interrupted"));
    m_slowQuery = spinBox(pool, QStringLiteral("slowQuery"), 0, kOneDayMs, config.slowQueryMs, ms);
    m_slowQuery->setToolTip(tr("Statements slower than this are logged as slow queries"));
    poolForm->addRow(tr("&Connections:"), m_coreSize);
    poolForm->addRow(tr("&Overflow connections:"), m_overflow);
    poolForm->addRow(tr("&Acquire timeout:"), m_acquireTimeout);
    poolForm->addRow(tr("&Query timeout:"), m_queryTimeout);
    poolForm->addRow(tr("S&low-query threshold:"), m_slowQuery);

    auto *size = new QGroupBox(tr("Database size"), this);
    auto *sizeForm = new QFormLayout(size);
    m_sizeWarning = spinBox(size, QStringLiteral("sizeWarning"), 1, 1024 * 1024,
                            config.sizeWarningMB, tr(" MB"));
    m_sizeCritical = spinBox(size, QStringLiteral("sizeCritical"), 1, 1024 * 1024,
                             config.sizeCriticalMB, tr(" MB"));
    sizeForm->addRow(tr("&Warning above:"), m_sizeWarning);
    sizeForm->addRow(tr("C&ritical above:"), m_sizeCritical);

    auto *backups = new QGroupBox(tr("Backups"), this);
    auto *backupForm = new QFormLayout(backups);
    m_backupFolder = new QLineEdit(config.backupFolder, backups);
    m_backupFolder->setObjectName(QStringLiteral("backupFolder"));
    m_backupFolder->setPlaceholderText(tr("a \"backups\" folder beside the database"));
    m_backupFolder->setClearButtonEnabled(true);
    auto *browse = new QPushButton(tr("&Browse…"), backups);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_backupFolder, 1);
    folderRow->addWidget(browse);
    m_keepLast = spinBox(backups, QStringLiteral("keepLast"), 0, 100000, config.backupKeepLast,
                         QString(), tr("no limit"));
    m_keepDays = spinBox(backups, QStringLiteral("keepDays"), 0, 100 * 366, config.backupKeepDays,
                         tr(" days"), tr("no limit"));
    auto *folderLabel = new QLabel(tr("&Folder:"), backups);
    folderLabel->setBuddy(m_backupFolder);
    backupForm->addRow(folderLabel, folderRow);
    backupForm->addRow(tr("Keep the &newest:"), m_keepLast);
    backupForm->addRow(tr("Keep those &younger than:"), m_keepDays);
    backupForm->addRow(
            QString(),
            new QLabel(tr("<small>A backup is deleted only when no rule keeps it; the newest "
                          "verified one is always kept.</small>"),
                       backups));

    auto *display = new QGroupBox(tr("Display"), this);
    auto *displayForm = new QFormLayout(display);
    m_refresh = spinBox(display, QStringLiteral("refreshInterval"), 1, 5,
                        (config.refreshIntervalMs + 500) / 1000, tr(" s"));
    m_language = new QComboBox(display);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System"), QString());
    // Language names in their own language: whoever needs them may not read the current one.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("Français"), QStringLiteral("fr"));
    if (m_language->findData(config.language) < 0) // a language set in the file by hand
        m_language->addItem(QLocale(config.language).nativeLanguageName(), config.language);
    m_language->setCurrentIndex(m_language->findData(config.language));
    displayForm->addRow(tr("Dashboard &refresh every:"), m_refresh);
    displayForm->addRow(tr("&Language:"), m_language);

    m_errors = new QLabel(this);
    m_errors->setObjectName(QStringLiteral("settingsErrors"));
    m_errors->setWordWrap(true);
    m_errors->setStyleSheet(QStringLiteral("color: #c5221f;"));
    m_errors->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *columns = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    left->addWidget(pool);
    left->addWidget(size);
    left->addStretch();
    auto *right = new QVBoxLayout;
    right->addWidget(backups);
    right->addWidget(display);
    right->addStretch();
    columns->addLayout(left);
    columns->addLayout(right);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(m_errors);
    layout->addWidget(buttons);

    connect(browse, &QPushButton::clicked, this, &SettingsDialog::browseBackupFolder);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
}

AppConfig SettingsDialog::config() const
{
    AppConfig c = m_config;
    c.coreSize = m_coreSize->value();
    c.maxOverflow = m_overflow->value();
    c.acquireTimeoutMs = m_acquireTimeout->value();
    c.queryTimeoutMs = m_queryTimeout->value();
    c.slowQueryMs = m_slowQuery->value();
    c.sizeWarningMB = m_sizeWarning->value();
    c.sizeCriticalMB = m_sizeCritical->value();
    const QString folder = m_backupFolder->text().trimmed();
    c.backupFolder
            = folder.isEmpty() ? QString() : QDir::cleanPath(QDir::fromNativeSeparators(folder));
    c.backupKeepLast = m_keepLast->value();
    c.backupKeepDays = m_keepDays->value();
    c.refreshIntervalMs = m_refresh->value() * 1000;
    c.language = m_language->currentData().toString();
    return c;
}

QStringList SettingsDialog::problems() const
{
    QStringList out;
    const AppConfig c = config();
    if (c.sizeWarningMB >= c.sizeCriticalMB)
        out << tr("The size warning threshold (%1 MB) must be below the critical threshold (%2 "
                  "MB).")
                        .arg(c.sizeWarningMB)
                        .arg(c.sizeCriticalMB);
    if (c.queryTimeoutMs > 0 && c.slowQueryMs >= c.queryTimeoutMs)
        out << tr("The slow-query threshold (%1 ms) must be below the query timeout (%2 ms), or no "
                  "statement "
                  "could ever be logged as slow.")
                        .arg(c.slowQueryMs)
                        .arg(c.queryTimeoutMs);
    if (!c.backupFolder.isEmpty()) {
        const QString shown = QDir::toNativeSeparators(c.backupFolder);
        const QFileInfo folder(c.backupFolder);
        if (c.backupFolder.contains(QChar(0)))
            out << tr("The backup folder contains a NUL character.");
        else if (folder.isRelative())
            out << tr("The backup folder must be a full path (such as /var/backups/backupdb), not "
                      "\"%1\".")
                            .arg(shown);
        else if (folder.exists() && !folder.isDir())
            out << tr("The backup folder %1 is a file, not a folder.").arg(shown);
        else if (folder.exists() && !folder.isWritable())
            out << tr("The backup folder %1 is not writable.").arg(shown);
        else if (!folder.exists()) {
            const QFileInfo parent = nearestExisting(c.backupFolder);
            if (!parent.isDir() || !parent.isWritable())
                out << tr("The backup folder %1 does not exist and cannot be created in %2.")
                                .arg(shown, QDir::toNativeSeparators(parent.absoluteFilePath()));
        }
    }
    return out;
}

QWidget *SettingsDialog::firstProblemWidget() const
{
    const AppConfig c = config();
    if (c.sizeWarningMB >= c.sizeCriticalMB)
        return m_sizeWarning;
    if (c.queryTimeoutMs > 0 && c.slowQueryMs >= c.queryTimeoutMs)
        return m_slowQuery;
    return m_backupFolder;
}

void SettingsDialog::accept()
{
    const QStringList found = problems();
    if (!found.isEmpty()) {
        m_errors->setText(found.join(QLatin1Char('\n')));
        m_errors->show();
        firstProblemWidget()->setFocus();
        return;
    }
    m_errors->hide();
    m_config = config();
    QDialog::accept();
}

void SettingsDialog::browseBackupFolder()
{
    const QString start
            = m_backupFolder->text().isEmpty() ? QDir::homePath() : m_backupFolder->text();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Backup folder"), start);
    if (!folder.isEmpty())
        m_backupFolder->setText(QDir::toNativeSeparators(folder));
}

} // namespace backupdb::ui
