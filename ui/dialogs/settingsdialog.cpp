#include "settingsdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
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

QSpinBox *spinBox(QWidget *parent, const QString &name, int minimum, int maximum, qint64 value)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(minimum, maximum);
    box->setValue(int(std::clamp<qint64>(value, minimum, maximum)));
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
    setObjectName(QStringLiteral("settingsDialog"));
    // The texts are set by retranslateUi(), again when the language changes while open.
    m_poolBox = new QGroupBox(this);
    auto *poolForm = new QFormLayout(m_poolBox);
    m_coreSize = spinBox(m_poolBox, QStringLiteral("coreSize"), 1, 256, config.coreSize);
    m_overflow = spinBox(m_poolBox, QStringLiteral("maxOverflow"), 0, 256, config.maxOverflow);
    m_acquireTimeout = spinBox(m_poolBox, QStringLiteral("acquireTimeout"), 0, kOneDayMs,
                               config.acquireTimeoutMs);
    m_queryTimeout = spinBox(m_poolBox, QStringLiteral("queryTimeout"), 0, kOneDayMs,
                             config.queryTimeoutMs);
    m_slowQuery = spinBox(m_poolBox, QStringLiteral("slowQuery"), 0, kOneDayMs, config.slowQueryMs);
    for (QSpinBox *box : { m_coreSize, m_overflow, m_acquireTimeout, m_queryTimeout, m_slowQuery })
        poolForm->addRow(new QLabel(m_poolBox), box);

    m_sizeBox = new QGroupBox(this);
    auto *sizeForm = new QFormLayout(m_sizeBox);
    m_sizeWarning = spinBox(m_sizeBox, QStringLiteral("sizeWarning"), 1, 1024 * 1024,
                            config.sizeWarningMB);
    m_sizeCritical = spinBox(m_sizeBox, QStringLiteral("sizeCritical"), 1, 1024 * 1024,
                             config.sizeCriticalMB);
    for (QSpinBox *box : { m_sizeWarning, m_sizeCritical })
        sizeForm->addRow(new QLabel(m_sizeBox), box);

    m_backupsBox = new QGroupBox(this);
    auto *backupForm = new QFormLayout(m_backupsBox);
    m_backupFolder = new QLineEdit(config.backupFolder, m_backupsBox);
    m_backupFolder->setObjectName(QStringLiteral("backupFolder"));
    m_backupFolder->setClearButtonEnabled(true);
    m_browse = new QPushButton(m_backupsBox);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_backupFolder, 1);
    folderRow->addWidget(m_browse);
    m_keepLast
            = spinBox(m_backupsBox, QStringLiteral("keepLast"), 0, 100000, config.backupKeepLast);
    m_keepDays = spinBox(m_backupsBox, QStringLiteral("keepDays"), 0, 100 * 366,
                         config.backupKeepDays);
    m_folderLabel = new QLabel(m_backupsBox);
    m_folderLabel->setBuddy(m_backupFolder);
    backupForm->addRow(m_folderLabel, folderRow);
    backupForm->addRow(new QLabel(m_backupsBox), m_keepLast);
    backupForm->addRow(new QLabel(m_backupsBox), m_keepDays);
    m_retentionNote = new QLabel(m_backupsBox);
    backupForm->addRow(QString(), m_retentionNote);

    m_displayBox = new QGroupBox(this);
    auto *displayForm = new QFormLayout(m_displayBox);
    m_refresh = spinBox(m_displayBox, QStringLiteral("refreshInterval"), 1, 5,
                        (config.refreshIntervalMs + 500) / 1000);
    m_language = new QComboBox(m_displayBox);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(QString(), QString()); // "System", set by retranslateUi()
    // Language names in their own language: whoever needs them may not read the current one.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("Français"), QStringLiteral("fr"));
    if (m_language->findData(config.language) < 0) // a language set in the file by hand
        m_language->addItem(QLocale(config.language).nativeLanguageName(), config.language);
    m_language->setCurrentIndex(m_language->findData(config.language));
    displayForm->addRow(new QLabel(m_displayBox), m_refresh);
    displayForm->addRow(new QLabel(m_displayBox), m_language);

    m_errors = new QLabel(this);
    m_errors->setObjectName(QStringLiteral("settingsErrors"));
    m_errors->setWordWrap(true);
    m_errors->setStyleSheet(QStringLiteral("color: #c5221f;"));
    m_errors->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *columns = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    left->addWidget(m_poolBox);
    left->addWidget(m_sizeBox);
    left->addStretch();
    auto *right = new QVBoxLayout;
    right->addWidget(m_backupsBox);
    right->addWidget(m_displayBox);
    right->addStretch();
    columns->addLayout(left);
    columns->addLayout(right);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(m_errors);
    layout->addWidget(buttons);

    retranslateUi();
    connect(m_browse, &QPushButton::clicked, this, &SettingsDialog::browseBackupFolder);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
}

void SettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void SettingsDialog::retranslateUi()
{
    const auto setRowLabel = [](QWidget *field, const QString &text) {
        auto *form = qobject_cast<QFormLayout *>(field->parentWidget()->layout());
        if (auto *label = form ? qobject_cast<QLabel *>(form->labelForField(field)) : nullptr) {
            label->setText(text);
            label->setBuddy(field);
        }
    };
    setWindowTitle(tr("Settings"));
    const QString ms = tr(" ms");

    m_poolBox->setTitle(tr("Connection pool and queries"));
    m_coreSize->setToolTip(tr("Reader connections kept open"));
    m_overflow->setToolTip(tr("Extra connections opened under load and closed when idle"));
    m_acquireTimeout->setSuffix(ms);
    m_acquireTimeout->setToolTip(
            tr("How long a request waits for a free connection before it fails"));
    m_queryTimeout->setSuffix(ms);
    m_queryTimeout->setSpecialValueText(tr("none")); // shown for the minimum
    m_queryTimeout->setToolTip(tr("A statement running longer is interrupted"));
    m_slowQuery->setSuffix(ms);
    m_slowQuery->setToolTip(tr("Statements slower than this are logged as slow queries"));
    setRowLabel(m_coreSize, tr("&Connections:"));
    setRowLabel(m_overflow, tr("&Overflow connections:"));
    setRowLabel(m_acquireTimeout, tr("&Acquire timeout:"));
    setRowLabel(m_queryTimeout, tr("&Query timeout:"));
    setRowLabel(m_slowQuery, tr("S&low-query threshold:"));

    m_sizeBox->setTitle(tr("Database size"));
    m_sizeWarning->setSuffix(tr(" MB"));
    m_sizeCritical->setSuffix(tr(" MB"));
    setRowLabel(m_sizeWarning, tr("&Warning above:"));
    setRowLabel(m_sizeCritical, tr("C&ritical above:"));

    m_backupsBox->setTitle(tr("Backups"));
    m_backupFolder->setPlaceholderText(tr("a \"backups\" folder beside the database"));
    m_browse->setText(tr("&Browse…"));
    m_keepLast->setSpecialValueText(tr("no limit"));
    m_keepDays->setSuffix(tr(" days"));
    m_keepDays->setSpecialValueText(tr("no limit"));
    m_folderLabel->setText(tr("&Folder:"));
    setRowLabel(m_keepLast, tr("Keep the &newest:"));
    setRowLabel(m_keepDays, tr("Keep those &younger than:"));
    m_retentionNote->setText(tr("<small>A backup is deleted only when no rule keeps it; the newest "
                                "verified one is always kept.</small>"));

    m_displayBox->setTitle(tr("Display"));
    m_refresh->setSuffix(tr(" s"));
    m_language->setItemText(0, tr("System"));
    setRowLabel(m_refresh, tr("Dashboard &refresh every:"));
    setRowLabel(m_language, tr("&Language:"));
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
