// The maintenance runs of some tasks (issue 14: what the service and the operators ran, and how
// it ended), newest first, as the database keeps them (MaintenanceHistory). Shown on the
// Integrity page (the checks) and the Backups page (backups and retention); reloaded when a
// database is opened, when the data changes (a run of ours or the service's) and on refresh().
// Thread-safety: GUI thread only.
#pragma once

#include "maintenance/maintenancehistory.h"

#include <QGroupBox>

class QLabel;
class QTableWidget;

namespace backupdb::ui {

class DatabaseWorker;

class MaintenanceHistoryView final : public QGroupBox
{
    Q_OBJECT

public:
    static constexpr int kRows = 50;

    // tasks: the task names shown (MaintenanceRun::task), e.g. quick_check and full_check.
    MaintenanceHistoryView(DatabaseWorker *worker, QStringList tasks, QWidget *parent = nullptr);
    QList<MaintenanceRun> runs() const { return m_runs; }

public slots:
    void refresh();

signals:
    void loaded(int runs);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void show(const QList<MaintenanceRun> &runs);
    QString resultText(MaintenanceRun::Result result) const;

    DatabaseWorker *m_worker;
    QStringList m_tasks;
    quint64 m_request = 0;
    QList<MaintenanceRun> m_runs;
    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
};

} // namespace backupdb::ui
