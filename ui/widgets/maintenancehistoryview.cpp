#include "maintenancehistoryview.h"

#include "pages/pagesupport.h"
#include "widgets/sortableitem.h"
#include "worker/databaseworker.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

namespace backupdb::ui {

namespace {
enum Column { Started, Task, Result, Trigger, Duration, Message, ColumnCount };
} // namespace

MaintenanceHistoryView::MaintenanceHistoryView(DatabaseWorker *worker, QStringList tasks,
                                               QWidget *parent)
    : QGroupBox(parent)
    , m_worker(worker)
    , m_tasks(std::move(tasks))
{
    setObjectName(QStringLiteral("maintenanceHistory"));
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_table = readOnlyTable(this, QStringLiteral("maintenanceHistoryTable"));
    m_table->setColumnCount(ColumnCount);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    connect(m_worker, &DatabaseWorker::sessionChanged, this, &MaintenanceHistoryView::refresh);
    // A run of this window's pages, or of the service beside it (found by the change poll).
    connect(m_worker, &DatabaseWorker::dataChanged, this, &MaintenanceHistoryView::refresh);
    retranslate();
    refresh();
}

void MaintenanceHistoryView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QGroupBox::changeEvent(event);
}

void MaintenanceHistoryView::retranslate()
{
    setTitle(tr("Maintenance history"));
    m_table->setHorizontalHeaderLabels({ tr("Started"), tr("Task"), tr("Result"), tr("Started by"),
                                         tr("Duration"), tr("Message") });
    show(m_runs);
}

void MaintenanceHistoryView::refresh()
{
    if (!m_worker->isOpen()) {
        show({});
        return;
    }
    const quint64 request = ++m_request;
    const QStringList tasks = m_tasks;
    m_worker->run([tasks](Session &s) -> backupdb::Result<QList<MaintenanceRun>> {
                auto all = s.maintenanceHistory().recent(kRows * 4);
                if (!all)
                    return all.error();
                QList<MaintenanceRun> mine;
                for (const MaintenanceRun &run : all.value())
                    if (tasks.contains(run.task) && mine.size() < kRows)
                        mine.append(run);
                return mine;
            })
            // The worker as context (this view may close first; see PageJobs).
            .then(m_worker, [this, alive = QPointer<QObject>(this),
                             request](backupdb::Result<QList<MaintenanceRun>> runs) {
                if (!alive || request != m_request)
                    return; // a newer load is on its way
                if (!runs) {
                    m_summary->setText(tr("The maintenance history could not be read: %1")
                                               .arg(runs.error().message()));
                    return;
                }
                show(runs.value());
                emit loaded(int(m_runs.size()));
            });
}

QString MaintenanceHistoryView::resultText(MaintenanceRun::Result result) const
{
    switch (result) {
    case MaintenanceRun::Result::Ok:
        return tr("ok");
    case MaintenanceRun::Result::Problems:
        return tr("problems found");
    case MaintenanceRun::Result::Failed:
        return tr("failed");
    case MaintenanceRun::Result::Skipped:
        return tr("skipped");
    case MaintenanceRun::Result::Cancelled:
        return tr("cancelled");
    }
    return QString();
}

void MaintenanceHistoryView::show(const QList<MaintenanceRun> &runs)
{
    m_runs = runs;
    const QLocale locale;
    fillTable(m_table, int(runs.size()), [&](int r) {
        const MaintenanceRun &run = runs.at(r);
        m_table->setItem(r, Started, new SortableItem(timeText(run.startedAt),
                                                      run.startedAt.toMSecsSinceEpoch()));
        m_table->setItem(r, Task, new SortableItem(run.task));
        auto *result = new SortableItem(resultText(run.result), int(run.result));
        result->setIcon(style()->standardIcon(run.succeeded() ? QStyle::SP_DialogApplyButton
                                                              : QStyle::SP_MessageBoxWarning));
        m_table->setItem(r, Result, result);
        m_table->setItem(r, Trigger,
                         new SortableItem(run.trigger == MaintenanceRun::Trigger::Schedule
                                                  ? tr("schedule")
                                                  : tr("by hand")));
        const double seconds = double(run.startedAt.msecsTo(run.finishedAt)) / 1000.0;
        auto *duration = new SortableItem(tr("%1 s").arg(locale.toString(seconds, 'f', 1)),
                                          qint64(seconds * 1000));
        duration->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(r, Duration, duration);
        m_table->setItem(r, Message, new SortableItem(run.message));
    });
    if (!m_worker->isOpen())
        m_summary->setText(tr("No database is open."));
    else if (runs.isEmpty())
        m_summary->setText(tr("No run recorded yet. The service (backupdb-cli service) records "
                              "every scheduled run here."));
    else
        m_summary->setText(tr("The last %n run(s), newest first.", nullptr, int(runs.size())));
}

} // namespace backupdb::ui
