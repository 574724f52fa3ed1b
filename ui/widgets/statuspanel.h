// The right-hand side of the main window's status bar (G6): the database's path, size and
// journal mode and the health score, refreshed on a timer from a HealthService report on the
// worker; and, while a long job runs (DatabaseWorker::runLong) or the database is being
// opened, a progress bar with Cancel. A job that the visible page already shows with a progress
// bar and Cancel of its own (setShownElsewhere) is not shown a second time here.
// Thread-safety: GUI thread only.
#pragma once

#include "ops/config.h"

#include <QMap>
#include <QWidget>
#include <functional>

class QLabel;
class QProgressBar;
class QTimer;
class QToolButton;

namespace backupdb::ui {

class DatabaseWorker;

class StatusPanel final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kRefreshMs = 10000;

    explicit StatusPanel(DatabaseWorker *worker, QWidget *parent = nullptr);

    void setConfig(const AppConfig &config);
    // Work that is not a worker job (opening a database): a busy bar, no Cancel.
    void setBusy(const QString &text);
    void clearBusy();
    int healthScore() const { return m_score; } // -1 until the first report
    // shown(jobId): true while the job's progress is on screen elsewhere (the current page's).
    void setShownElsewhere(std::function<bool(quint64 jobId)> shown);

public slots:
    void refresh();
    // Shows the newest running job that is not shown elsewhere (or the busy text, or nothing).
    void showCurrentJob();

signals:
    void healthUpdated(int score);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void onJobStarted(quint64 jobId, const QString &title);
    void onProgress(quint64 jobId, const QString &title, double fraction);
    void onJobFinished(quint64 jobId);
    void showNoDatabase();

    DatabaseWorker *m_worker;
    AppConfig m_config;
    QTimer *m_timer = nullptr;
    QLabel *m_path = nullptr;
    QLabel *m_size = nullptr;
    QLabel *m_journal = nullptr;
    QLabel *m_health = nullptr;
    QLabel *m_jobTitle = nullptr;
    QProgressBar *m_progress = nullptr;
    QToolButton *m_cancel = nullptr;
    QMap<quint64, QString> m_jobs; // running long jobs; the newest is shown
    QMap<quint64, double> m_fractions;
    QString m_busy;
    std::function<bool(quint64)> m_shownElsewhere;
    quint64 m_shownJob = 0; // the job that m_cancel cancels
    bool m_reportPending = false;
    quint64 m_generation = 0;
    int m_score = -1;
};

} // namespace backupdb::ui
