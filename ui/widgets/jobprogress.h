// Progress of one long job of the DatabaseWorker (a backup, a check, a cleanup): its title, a
// progress bar (busy until the job reports a fraction) and Cancel. Hidden while no job runs.
// Thread-safety: GUI thread only.
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace backupdb::ui {

class DatabaseWorker;

class JobProgress final : public QWidget
{
    Q_OBJECT

public:
    explicit JobProgress(DatabaseWorker *worker, QWidget *parent = nullptr);

    // Shows the job until the worker reports it finished (or finish() is called).
    void track(quint64 jobId, const QString &title);
    void finish();
    bool isBusy() const { return m_jobId != 0; }
    quint64 jobId() const { return m_jobId; }
    // 0..1, or -1 while the job has not reported any.
    double fraction() const { return m_fraction; }

public slots:
    void cancel();

signals:
    void cancelRequested(quint64 jobId);
    // track() or finish(): the job shown here changed (the status bar then leaves it out).
    void trackingChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void onProgress(quint64 jobId, const QString &title, double fraction);

    DatabaseWorker *m_worker;
    QLabel *m_title = nullptr;
    QProgressBar *m_bar = nullptr;
    QPushButton *m_cancel = nullptr;
    quint64 m_jobId = 0;
    double m_fraction = -1;
};

} // namespace backupdb::ui
