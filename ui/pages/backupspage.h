// The backups page (G4): "Back up now" with progress and Cancel, the backups in the configured
// folder (time, age, size, verification), verify and restore the selected one, and the
// retention rules with "Apply retention now".
// Thread-safety: GUI thread only.
#pragma once

#include "maintenance/backupservice.h"
#include "ops/config.h"
#include "pages/pagejobs.h"

#include <QWidget>
#include <memory>

class QGroupBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace backupdb::ui {

class MessageBanner;

class BackupsPage : public QWidget
{
    Q_OBJECT

public:
    explicit BackupsPage(DatabaseWorker *worker, QWidget *parent = nullptr);

    // The backup folder (empty: "backups" beside the database) and the retention rules.
    void setConfig(const AppConfig &config);
    QString backupFolder() const;

    QList<BackupInfo> backups() const { return m_backups; }
    bool isBusy() const;
    // Selects the backup at path in the list (tests, and after a backup).
    void selectBackup(const QString &path);
    QString selectedPath() const;

public slots:
    void backUpNow();
    void refresh();
    void verifySelected();
    // Asks for confirmation first.
    void restoreSelected();
    void applyRetention();

signals:
    void backupsLoaded(int count);
    void backupFinished(bool succeeded);
    void verifyFinished(bool verified);
    void restoreFinished(bool succeeded);
    void retentionApplied(int removed);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void reload();
    void showBackups(const QList<BackupInfo> &backups);
    void showRetention();
    void showFolder();
    void updateButtons();

    DatabaseWorker *m_worker;
    AppConfig m_config;
    quint64 m_listRequest = 0;
    QList<BackupInfo> m_backups;
    QString m_select; // to select once the list has loaded

    MessageBanner *m_banner = nullptr;
    JobProgress *m_progress = nullptr;
    std::unique_ptr<PageJobs> m_jobs; // with m_progress
    QPushButton *m_backUp = nullptr;
    QGroupBox *m_listBox = nullptr;
    QGroupBox *m_retentionBox = nullptr;
    QLabel *m_folder = nullptr;
    QTableWidget *m_table = nullptr;
    QPushButton *m_verify = nullptr;
    QPushButton *m_restore = nullptr;
    QPushButton *m_refresh = nullptr;
    QLabel *m_retention = nullptr;
    QPushButton *m_applyRetention = nullptr;
};

} // namespace backupdb::ui
