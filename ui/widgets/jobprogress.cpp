#include "jobprogress.h"

#include "worker/databaseworker.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace backupdb::ui {

JobProgress::JobProgress(DatabaseWorker *worker, QWidget *parent)
    : QWidget(parent)
    , m_worker(worker)
{
    m_title = new QLabel(this);
    m_bar = new QProgressBar(this);
    m_bar->setRange(0, 1000);
    m_bar->setMinimumWidth(200);
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setShortcut(Qt::Key_Escape);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_bar, 1);
    layout->addWidget(m_cancel);
    retranslateUi();
    connect(m_cancel, &QPushButton::clicked, this, &JobProgress::cancel);
    connect(m_worker, &DatabaseWorker::progress, this, &JobProgress::onProgress);
    connect(m_worker, &DatabaseWorker::jobFinished, this, [this](quint64 id) {
        if (id == m_jobId)
            finish();
    });
    hide();
}

void JobProgress::track(quint64 jobId, const QString &title)
{
    m_jobId = jobId;
    m_fraction = -1;
    m_title->setText(title);
    m_bar->setRange(0, 0); // busy until the first fraction arrives
    m_cancel->setEnabled(true);
    retranslateUi();
    show();
    emit trackingChanged();
}

void JobProgress::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void JobProgress::retranslateUi()
{
    // A disabled Cancel is one already pressed.
    m_cancel->setText(m_cancel->isEnabled() ? tr("Cancel") : tr("Cancelling…"));
}

void JobProgress::finish()
{
    const bool was = m_jobId != 0;
    m_jobId = 0;
    hide();
    if (was)
        emit trackingChanged();
}

void JobProgress::cancel()
{
    if (!m_jobId)
        return;
    m_worker->cancel(m_jobId);
    m_cancel->setEnabled(false);
    retranslateUi();
    emit cancelRequested(m_jobId);
}

void JobProgress::onProgress(quint64 jobId, const QString &, double fraction)
{
    if (jobId != m_jobId)
        return;
    m_fraction = fraction;
    if (m_bar->maximum() == 0)
        m_bar->setRange(0, 1000);
    m_bar->setValue(int(fraction * 1000));
}

} // namespace backupdb::ui
