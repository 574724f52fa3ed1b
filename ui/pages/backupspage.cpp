#include "backupspage.h"

#include "datachangewatcher.h"
#include "pagesupport.h"
#include "widgets/icons.h"
#include "widgets/jobprogress.h"
#include "widgets/maintenancehistoryview.h"
#include "widgets/messagebanner.h"
#include "widgets/sortableitem.h"
#include "worker/databaseworker.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

namespace backupdb::ui {

namespace {
enum Column { Time, Age, Size, Verified, Database, File, ColumnCount };
} // namespace

BackupsPage::BackupsPage(DatabaseWorker *worker, QWidget *parent)
    : QWidget(parent)
    , m_worker(worker)
{
    m_banner = new MessageBanner(this);
    m_backUp = new QPushButton(this);
    m_backUp->setObjectName(QStringLiteral("backUpNowButton"));
    m_backUp->setIcon(icon(Icon::BackUpNow));
    m_progress = new JobProgress(m_worker, this);
    m_jobs = std::make_unique<PageJobs>(m_worker, m_progress, this, [this] { updateButtons(); });
    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_backUp);
    toolbar->addWidget(m_progress, 1);
    toolbar->addStretch();

    m_listBox = new QGroupBox(this);
    m_folder = new QLabel(m_listBox);
    m_folder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_folder->setWordWrap(true);
    m_table = readOnlyTable(m_listBox, QStringLiteral("backupList"));
    m_table->setColumnCount(ColumnCount);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_verify = new QPushButton(m_listBox);
    m_verify->setObjectName(QStringLiteral("verifyButton"));
    m_restore = new QPushButton(m_listBox);
    m_restore->setObjectName(QStringLiteral("restoreButton"));
    m_refresh = new QPushButton(m_listBox);
    m_verify->setIcon(icon(Icon::Verify));
    m_restore->setIcon(icon(Icon::Restore));
    m_refresh->setIcon(icon(Icon::Refresh));
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_verify);
    listButtons->addWidget(m_restore);
    listButtons->addStretch();
    listButtons->addWidget(m_refresh);
    auto *listLayout = new QVBoxLayout(m_listBox);
    listLayout->addWidget(m_folder);
    listLayout->addWidget(m_table, 1);
    listLayout->addLayout(listButtons);

    m_retentionBox = new QGroupBox(this);
    m_retention = new QLabel(m_retentionBox);
    m_retention->setWordWrap(true);
    m_applyRetention = new QPushButton(m_retentionBox);
    m_applyRetention->setObjectName(QStringLiteral("applyRetentionButton"));
    m_applyRetention->setIcon(icon(Icon::CleanUp));
    auto *retentionLayout = new QHBoxLayout(m_retentionBox);
    retentionLayout->addWidget(m_retention, 1);
    retentionLayout->addWidget(m_applyRetention, 0, Qt::AlignTop);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_banner);
    layout->addWidget(m_listBox, 1);
    layout->addWidget(m_retentionBox);
    // The scheduled (and recorded) backups and retention runs, and how each ended.
    layout->addWidget(new MaintenanceHistoryView(
                              m_worker, { QStringLiteral("backup"), QStringLiteral("retention") }, this),
                      1);

    connect(m_backUp, &QPushButton::clicked, this, &BackupsPage::backUpNow);
    connect(m_verify, &QPushButton::clicked, this, &BackupsPage::verifySelected);
    connect(m_restore, &QPushButton::clicked, this, &BackupsPage::restoreSelected);
    connect(m_refresh, &QPushButton::clicked, this, &BackupsPage::refresh);
    connect(m_applyRetention, &QPushButton::clicked, this, &BackupsPage::applyRetention);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &BackupsPage::updateButtons);
    connect(m_table, &QTableWidget::itemDoubleClicked, this, &BackupsPage::verifySelected);
    connect(m_worker, &DatabaseWorker::sessionChanged, this, &BackupsPage::reload);
    // A backup taken by another page (the orphan cleanup takes one first), or a restore.
    new DataChangeWatcher(m_worker, this, DatabaseWorker::DataChange::Backups,
                          [this](auto) { refresh(); });
    retranslate();
    reload();
}

void BackupsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void BackupsPage::retranslate()
{
    m_backUp->setText(tr("&Back up now"));
    m_backUp->setToolTip(tr("An online backup: the database stays in use while it is copied, then "
                            "the copy is verified"));
    m_listBox->setTitle(tr("Backups"));
    m_table->setHorizontalHeaderLabels(
            { tr("Time"), tr("Age"), tr("Size"), tr("Verified"), tr("Database"), tr("File") });
    m_verify->setText(tr("&Verify selected"));
    m_restore->setText(tr("&Restore selected…"));
    m_refresh->setText(tr("Refresh"));
    m_retentionBox->setTitle(tr("Retention"));
    m_applyRetention->setText(tr("&Apply retention now…"));
    showRetention();
    showFolder();
    showBackups(m_backups);
}

void BackupsPage::setConfig(const AppConfig &config)
{
    const bool folderChanged = config.backupFolder != m_config.backupFolder;
    m_config = config;
    showRetention();
    if (folderChanged)
        refresh();
}

QString BackupsPage::backupFolder() const
{
    return backupFolderFor(m_config, m_worker);
}

bool BackupsPage::isBusy() const
{
    return m_jobs->isBusy();
}

void BackupsPage::showRetention()
{
    const QString last = m_config.backupKeepLast > 0
            ? tr("the newest %n backup(s)", nullptr, m_config.backupKeepLast)
            : QString();
    const QString days = m_config.backupKeepDays > 0
            ? tr("those younger than %n day(s)", nullptr, m_config.backupKeepDays)
            : QString();
    QString rule;
    if (last.isEmpty() && days.isEmpty())
        rule = tr("All backups are kept (no retention rule is set).");
    else if (days.isEmpty())
        rule = tr("Keep %1.").arg(last);
    else if (last.isEmpty())
        rule = tr("Keep %1.").arg(days);
    else
        rule = tr("Keep %1, and %2.").arg(last, days);
    m_retention->setText(
            rule + QLatin1Char(' ')
            + tr("The rules are applied after every backup; the newest verified backup is always "
                 "kept. Change them in Settings."));
}

void BackupsPage::reload()
{
    m_jobs->startGeneration();
    m_banner->clearMessage();
    refresh();
}

void BackupsPage::refresh()
{
    if (!m_worker->isOpen()) {
        m_backups.clear();
        m_table->setRowCount(0);
        showFolder();
        updateButtons();
        return;
    }
    const QString folder = backupFolder();
    showFolder();
    const quint64 request = ++m_listRequest;
    // Listing reads the folder and the sidecars: file I/O, so off the GUI thread too.
    m_jobs->run(
            // Every backup in the folder, each marked with whose it is: another database's
            // backups are shown as such, never taken for this one's.
            [folder](Session &s) { return s.backups().list(folder, BackupScope::All); },
            [this, request](const Result<QList<BackupInfo>> &list) {
                if (request != m_listRequest)
                    return; // a newer listing is on its way
                if (!list) {
                    m_banner->showMessage(
                            MessageBanner::Kind::Error,
                            tr("The backups could not be listed: %1").arg(list.error().message()));
                    return;
                }
                showBackups(list.value());
                emit backupsLoaded(int(m_backups.size()));
            });
}

void BackupsPage::showFolder()
{
    m_folder->setText(m_worker->isOpen()
                              ? tr("Folder: %1").arg(QDir::toNativeSeparators(backupFolder()))
                              : tr("No database is open."));
}

void BackupsPage::showBackups(const QList<BackupInfo> &backups)
{
    const QString keep = m_select.isEmpty() ? selectedPath() : m_select;
    m_select.clear();
    m_backups = backups;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    fillTable(m_table, int(backups.size()), [this, &backups, now](int r) {
        const BackupInfo &b = backups.at(r);
        auto *time = new SortableItem(timeText(b.createdAt), b.createdAt.toMSecsSinceEpoch());
        time->setData(Qt::UserRole, b.path);
        m_table->setItem(r, Time, time);
        m_table->setItem(r, Age,
                         new SortableItem(ageText(b.createdAt, now), b.createdAt.secsTo(now)));
        m_table->setItem(r, Size, sizeItem(b.bytes));
        QString verified;
        if (b.verified)
            verified = b.verifiedAt.isValid() ? tr("yes, %1").arg(ageText(b.verifiedAt, now))
                                              : tr("yes");
        else if (b.verifyMessage.isEmpty())
            verified = tr("not verified");
        else
            verified = tr("FAILED: %1").arg(b.verifyMessage);
        auto *state = new SortableItem(verified, b.verified ? 1 : 0);
        state->setIcon(style()->standardIcon(b.verified ? QStyle::SP_DialogApplyButton
                                                        : QStyle::SP_MessageBoxWarning));
        m_table->setItem(r, Verified, state);
        QString whose;
        switch (b.origin) {
        case BackupInfo::Origin::ThisDatabase:
            whose = tr("this database");
            break;
        case BackupInfo::Origin::OtherDatabase:
            whose = tr("another: %1").arg(b.databasePath.isEmpty()
                                                  ? b.databaseId
                                                  : QDir::toNativeSeparators(b.databasePath));
            break;
        case BackupInfo::Origin::Unknown:
            whose = tr("not recorded");
            break;
        }
        auto *database = new SortableItem(whose, int(b.origin));
        if (!b.isOfThisDatabase()) {
            database->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
            database->setToolTip(tr("Not a backup of the open database: it does not count as "
                                    "its backup, retention leaves it alone, and restoring it "
                                    "asks twice."));
        }
        m_table->setItem(r, Database, database);
        m_table->setItem(r, File, new SortableItem(QFileInfo(b.path).fileName()));
    });
    if (!keep.isEmpty())
        selectBackup(keep);
    updateButtons();
}

void BackupsPage::selectBackup(const QString &path)
{
    for (int r = 0; r < m_table->rowCount(); ++r) {
        if (m_table->item(r, Time)
            && m_table->item(r, Time)->data(Qt::UserRole).toString() == path) {
            m_table->selectRow(r);
            return;
        }
    }
    m_select = path; // not listed yet
}

QString BackupsPage::selectedPath() const
{
    const QList<QTableWidgetItem *> selected = m_table->selectedItems();
    for (QTableWidgetItem *cell : selected)
        if (QTableWidgetItem *time = m_table->item(cell->row(), Time))
            return time->data(Qt::UserRole).toString();
    return QString();
}

void BackupsPage::updateButtons()
{
    const bool idle = m_jobs->isIdle();
    const bool selected = !selectedPath().isEmpty();
    m_backUp->setEnabled(idle);
    m_verify->setEnabled(idle && selected);
    m_restore->setEnabled(idle && selected);
    m_applyRetention->setEnabled(idle
                                 && (m_config.backupKeepLast > 0 || m_config.backupKeepDays > 0));
    m_refresh->setEnabled(m_worker->isOpen());
}

void BackupsPage::backUpNow()
{
    if (!m_jobs->isIdle())
        return;
    const AppConfig config = m_config;
    m_banner->clearMessage();
    auto backup = [config](Session &s, const ProgressCallback &progress, const CancelFlag *cancel) {
        BackupOptions options;
        options.retention.keepLast = config.backupKeepLast;
        options.retention.keepDays = config.backupKeepDays;
        return s.backups().backup(backupFolderFor(config, s.path()), options, progress, cancel);
    };
    m_jobs->runLong(tr("Backing up"), underMaintenanceLock(QStringLiteral("backup"), backup), [this](const Result<BackupInfo> &result) {
        if (!result) {
            const bool cancelled = result.error().kind() == DbError::Kind::Cancelled;
            m_banner->showMessage(
                    cancelled ? MessageBanner::Kind::Information : MessageBanner::Kind::Error,
                    cancelled ? tr("The backup was cancelled; no file was left behind.")
                              : tr("The backup failed: %1").arg(result.error().message()));
            emit backupFinished(false);
            return;
        }
        m_banner->showMessage(MessageBanner::Kind::Success,
                              tr("Backup written and verified in %1 s: %2 (%3).")
                                      .arg(QLocale().toString(result->seconds, 'f', 1),
                                           QDir::toNativeSeparators(result->path),
                                           QLocale().formattedDataSize(result->bytes)));
        m_select = result->path;
        refresh();
        m_worker->notifyDataChanged(
                DatabaseWorker::DataChange::Backups | DatabaseWorker::DataChange::Audit, this);
        emit backupFinished(true);
    });
}

void BackupsPage::verifySelected()
{
    const QString path = selectedPath();
    if (path.isEmpty() || !m_jobs->isIdle())
        return;
    auto verify = [path](Session &s, const ProgressCallback &, const CancelFlag *cancel) {
        return s.backups().verify(path, cancel);
    };
    m_jobs->runLong(tr("Verifying"), verify, [this, path](const Result<BackupInfo> &result) {
        const QString name = QFileInfo(path).fileName();
        if (!result)
            m_banner->showMessage(
                    MessageBanner::Kind::Error,
                    tr("%1 could not be verified: %2").arg(name, result.error().message()));
        else if (result->verified)
            m_banner->showMessage(MessageBanner::Kind::Success,
                                  tr("%1 is intact (integrity check: ok).").arg(name));
        else
            m_banner->showMessage(MessageBanner::Kind::Error,
                                  tr("%1 FAILED verification: %2. Do not restore from it.")
                                          .arg(name, result->verifyMessage));
        m_select = path;
        refresh();
        if (result)
            m_worker->notifyDataChanged(DatabaseWorker::DataChange::Backups, this);
        emit verifyFinished(result && result->verified);
    });
}

void BackupsPage::restoreSelected()
{
    const QString path = selectedPath();
    if (path.isEmpty() || !m_jobs->isIdle())
        return;
    QString made;
    std::optional<BackupInfo> chosen;
    for (const BackupInfo &b : std::as_const(m_backups))
        if (b.path == path) {
            made = timeText(b.createdAt);
            chosen = b;
        }
    if (!confirmAction(
                this, QStringLiteral("restoreConfirmation"), tr("Restore from a backup"),
                tr("Replace the current database with the backup of %1?").arg(made),
                tr("The backup is verified first; one that fails verification is refused. The "
                   "current database is then backed up to %1, and only then replaced. Data "
                   "changed since the backup was taken is kept only in that safety backup; the "
                   "audit log and the maintenance history since then are carried over.")
                        .arg(QDir::toNativeSeparators(backupFolder())),
                tr("Back up current and &restore")))
        return;
    RestoreOptions options;
    if (chosen && !chosen->isOfThisDatabase()) {
        // A choice of its own, worded as what it is: the open database's contents are replaced
        // by another database's.
        const std::shared_ptr<Session> open = m_worker->session();
        const QString openPath = open ? open->path() : QString();
        const QString other = chosen->origin == BackupInfo::Origin::OtherDatabase
                ? tr("a backup of another database, %1")
                          .arg(QDir::toNativeSeparators(chosen->databasePath.isEmpty()
                                                                ? chosen->databaseId
                                                                : chosen->databasePath))
                : tr("a backup that does not record which database it is of");
        if (!confirmAction(this, QStringLiteral("otherDatabaseRestoreConfirmation"),
                           tr("Restore another database's backup"),
                           tr("%1 is %2, not of the open database.")
                                   .arg(QFileInfo(path).fileName(), other),
                           tr("Restoring it replaces %1 with that database's clients and files. "
                              "Do this only to move a database's contents here on purpose.")
                                   .arg(QDir::toNativeSeparators(openPath)),
                           tr("&Replace with the other database's backup")))
            return;
        options.allowOtherDatabase = true;
    }

    const AppConfig config = m_config;
    auto restore = [path, config, options](Session &s, const ProgressCallback &,
                                           const CancelFlag *cancel) {
        return s.backups().restore(path, backupFolderFor(config, s.path()), cancel, options);
    };
    m_jobs->runLong(tr("Restoring"), underMaintenanceLock(QStringLiteral("restore"), restore),
                    [this, path](const Result<BackupInfo> &safety) {
        if (!safety) {
            m_banner->showMessage(MessageBanner::Kind::Error,
                                  tr("Not restored: %1").arg(safety.error().message()));
            emit restoreFinished(false);
            return;
        }
        const QString message
                = tr("Restored from %1. The database as it was before is saved in %2.")
                          .arg(QFileInfo(path).fileName(), QDir::toNativeSeparators(safety->path));
        // Every page and model holds data of the replaced database: all of them reload now,
        // visible or not, keeping their selections where the rows are still there.
        refresh(); // the safety backup
        m_worker->notifyDataChanged(DatabaseWorker::DataChange::Everything, this);
        m_banner->showMessage(MessageBanner::Kind::Success, message);
        emit restoreFinished(true);
    });
}

void BackupsPage::applyRetention()
{
    if (!m_jobs->isIdle())
        return;
    RetentionPolicy policy;
    policy.keepLast = m_config.backupKeepLast;
    policy.keepDays = m_config.backupKeepDays;
    if (policy.keepLast == 0 && policy.keepDays == 0) {
        m_banner->showMessage(MessageBanner::Kind::Information,
                              tr("No retention rule is set: all backups are kept."));
        return;
    }
    const QString folder = backupFolder();
    const auto answer = QMessageBox::question(
            this, tr("Apply retention"),
            tr("Delete the backups in %1 that no retention rule keeps? The newest "
               "verified backup is always kept.")
                    .arg(QDir::toNativeSeparators(folder)));
    if (answer != QMessageBox::Yes)
        return;
    m_jobs->run([folder, policy](Session &s) { return s.backups().applyRetention(folder, policy); },
                [this](const Result<QStringList> &removed) {
                    if (!removed) {
                        m_banner->showMessage(
                                MessageBanner::Kind::Error,
                                tr("Retention failed: %1").arg(removed.error().message()));
                        emit retentionApplied(-1);
                        return;
                    }
                    m_banner->showMessage(MessageBanner::Kind::Success,
                                          tr("%n backup(s) removed by the retention rules.",
                                             nullptr, int(removed->size())));
                    refresh();
                    m_worker->notifyDataChanged(DatabaseWorker::DataChange::Backups
                                                        | DatabaseWorker::DataChange::Audit,
                                                this);
                    emit retentionApplied(int(removed->size()));
                });
}

} // namespace backupdb::ui
