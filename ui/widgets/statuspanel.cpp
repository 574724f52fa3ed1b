#include "statuspanel.h"

#include "pages/pagesupport.h"
#include "worker/databaseworker.h"

#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>

namespace backupdb::ui {

namespace {

QLabel *field(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setContentsMargins(6, 0, 6, 0);
    return label;
}

QString scoreColor(int score)
{
    if (score >= 80)
        return QStringLiteral("#1b7f3b");
    if (score >= 50)
        return QStringLiteral("#a66300");
    return QStringLiteral("#b3261e");
}

} // namespace

StatusPanel::StatusPanel(DatabaseWorker *worker, QWidget *parent)
    : QWidget(parent)
    , m_worker(worker)
{
    m_path = field(QStringLiteral("statusPath"), this);
    m_path->setMaximumWidth(420);
    m_size = field(QStringLiteral("statusSize"), this);
    m_journal = field(QStringLiteral("statusJournal"), this);
    m_health = field(QStringLiteral("statusHealth"), this);
    m_health->setTextFormat(Qt::RichText); // only our own text, coloured
    m_jobTitle = field(QStringLiteral("statusJob"), this);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("statusProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(180);
    m_progress->setMaximumHeight(fontMetrics().height() + 4);
    m_cancel = new QToolButton(this);
    m_cancel->setObjectName(QStringLiteral("statusCancel"));
    retranslateUi();
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (!m_shownJob)
            return;
        m_worker->cancel(m_shownJob); // the job whose title and bar are shown beside it
        m_cancel->setEnabled(false);
    });

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_jobTitle);
    layout->addWidget(m_progress);
    layout->addWidget(m_cancel);
    for (QLabel *label : { m_path, m_size, m_journal, m_health }) {
        auto *separator = new QFrame(this);
        separator->setFrameShape(QFrame::VLine);
        separator->setFrameShadow(QFrame::Sunken);
        layout->addWidget(separator);
        layout->addWidget(label);
    }
    showCurrentJob();
    showNoDatabase();

    m_timer = new QTimer(this);
    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &StatusPanel::refresh);
    m_timer->start();
    connect(m_worker, &DatabaseWorker::sessionChanged, this, [this] {
        ++m_generation; // a report of the previous database is not this one's
        m_reportPending = false;
        refresh();
    });
    // A change made by a page (a client deleted, a cleanup, a restore): sizes and the score
    // change; a report under way may predate it, so a new one replaces it.
    connect(m_worker, &DatabaseWorker::dataChanged, this, [this] {
        ++m_generation;
        m_reportPending = false;
        refresh();
    });
    connect(m_worker, &DatabaseWorker::jobStarted, this, &StatusPanel::onJobStarted);
    connect(m_worker, &DatabaseWorker::progress, this, &StatusPanel::onProgress);
    connect(m_worker, &DatabaseWorker::jobFinished, this, &StatusPanel::onJobFinished);
}

void StatusPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        showCurrentJob();
        refresh(); // the health and size texts, in the new language once the report is in
    }
    QWidget::changeEvent(event);
}

void StatusPanel::retranslateUi()
{
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Cancel the running job"));
}

void StatusPanel::setConfig(const AppConfig &config)
{
    m_config = config;
    refresh();
}

void StatusPanel::refresh()
{
    const auto session = m_worker->session();
    if (!session) {
        showNoDatabase();
        return;
    }
    const QString path = session->path();
    m_path->setText(session->database().engine().displayName(path));
    m_path->setToolTip(path);
    if (m_reportPending)
        return;
    m_reportPending = true;
    const HealthOptions options = healthOptionsFor(m_config, path);
    const quint64 generation = m_generation;
    m_worker->run([options](Session &s) { return s.health().report(options); })
            .then(this, [this, generation](Result<HealthReport> report) {
                if (generation != m_generation)
                    return;
                m_reportPending = false;
                if (!report) {
                    m_health->setText(tr("Health: unknown"));
                    m_health->setToolTip(report.error().message());
                    return;
                }
                const QLocale locale;
                const SizeReport &size = report->size;
                m_size->setText(locale.formattedDataSize(size.databaseBytes + size.walBytes));
                m_size->setToolTip(tr("Database %1, WAL %2, free pages %3")
                                           .arg(locale.formattedDataSize(size.databaseBytes),
                                                locale.formattedDataSize(size.walBytes),
                                                locale.formattedDataSize(size.freeBytes)));
                m_journal->setText(tr("Journal: %1").arg(report->journalMode.toUpper()));
                m_score = report->score;
                m_health->setText(tr("Health: <b style=\"color:%1\">%2</b>")
                                          .arg(scoreColor(m_score))
                                          .arg(m_score));
                m_health->setToolTip(report->warnings.isEmpty()
                                             ? tr("No warnings")
                                             : report->warnings.join(QLatin1Char('\n')));
                emit healthUpdated(m_score);
            });
}

void StatusPanel::showNoDatabase()
{
    m_path->setText(tr("No database open"));
    m_path->setToolTip({});
    m_size->clear();
    m_journal->clear();
    m_health->clear();
    m_score = -1;
}

void StatusPanel::setBusy(const QString &text)
{
    m_busy = text;
    showCurrentJob();
}

void StatusPanel::clearBusy()
{
    m_busy.clear();
    showCurrentJob();
}

void StatusPanel::onJobStarted(quint64 jobId, const QString &title)
{
    m_jobs.insert(jobId, title);
    m_fractions.insert(jobId, -1);
    m_cancel->setEnabled(true);
    showCurrentJob();
}

void StatusPanel::onProgress(quint64 jobId, const QString &, double fraction)
{
    if (!m_jobs.contains(jobId))
        return;
    m_fractions.insert(jobId, fraction);
    showCurrentJob();
}

void StatusPanel::onJobFinished(quint64 jobId)
{
    m_jobs.remove(jobId);
    m_fractions.remove(jobId);
    m_cancel->setEnabled(true);
    showCurrentJob();
    refresh(); // a backup, vacuum or cleanup changes sizes and the score
}

void StatusPanel::setShownElsewhere(std::function<bool(quint64)> shown)
{
    m_shownElsewhere = std::move(shown);
    showCurrentJob();
}

void StatusPanel::showCurrentJob()
{
    // The newest job that no other progress bar on screen shows already.
    QList<quint64> here;
    for (auto it = m_jobs.cbegin(); it != m_jobs.cend(); ++it)
        if (!m_shownElsewhere || !m_shownElsewhere(it.key()))
            here.append(it.key());
    if (!here.isEmpty()) {
        const quint64 id = here.last();
        const double fraction = m_fractions.value(id, -1);
        m_shownJob = id;
        m_jobTitle->setText(here.size() > 1
                                    ? tr("%1 (+%2 more)").arg(m_jobs.value(id)).arg(here.size() - 1)
                                    : m_jobs.value(id));
        if (fraction < 0) {
            m_progress->setRange(0, 0);
        } else {
            m_progress->setRange(0, 1000);
            m_progress->setValue(int(fraction * 1000));
        }
        m_jobTitle->show();
        m_progress->show();
        m_cancel->show();
        return;
    }
    m_shownJob = 0;
    m_cancel->hide();
    const bool busy = !m_busy.isEmpty();
    m_jobTitle->setText(m_busy);
    m_jobTitle->setVisible(busy);
    m_progress->setRange(0, 0);
    m_progress->setVisible(busy);
}

} // namespace backupdb::ui
