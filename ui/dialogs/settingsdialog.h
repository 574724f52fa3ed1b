// The settings dialog (G5): pool size and timeouts, query timeout and slow-query threshold,
// size thresholds, backup folder and retention, dashboard refresh interval and language. OK
// validates everything and refuses with a message that names what is wrong; config() is the
// configuration given with the edits applied (keys the dialog does not show are kept).
// Thread-safety: GUI thread only.
#pragma once

#include "ops/config.h"

#include <QDialog>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace backupdb::ui {

class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(const AppConfig &config, QWidget *parent = nullptr);

    AppConfig config() const;
    // What is wrong with the values entered, one sentence each; empty when they may be saved.
    QStringList problems() const;

public slots:
    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void browseBackupFolder();
    QWidget *firstProblemWidget() const;

    AppConfig m_config;
    QGroupBox *m_poolBox = nullptr;
    QGroupBox *m_sizeBox = nullptr;
    QGroupBox *m_backupsBox = nullptr;
    QGroupBox *m_displayBox = nullptr;
    QPushButton *m_browse = nullptr;
    QLabel *m_folderLabel = nullptr;
    QLabel *m_retentionNote = nullptr;
    QSpinBox *m_coreSize = nullptr;
    QSpinBox *m_overflow = nullptr;
    QSpinBox *m_acquireTimeout = nullptr;
    QSpinBox *m_queryTimeout = nullptr;
    QSpinBox *m_slowQuery = nullptr;
    QSpinBox *m_sizeWarning = nullptr;
    QSpinBox *m_sizeCritical = nullptr;
    QLineEdit *m_backupFolder = nullptr;
    QSpinBox *m_keepLast = nullptr;
    QSpinBox *m_keepDays = nullptr;
    QSpinBox *m_refresh = nullptr;
    QComboBox *m_language = nullptr;
    QLabel *m_errors = nullptr;
};

} // namespace backupdb::ui
