#include "dashboardpage.h"

#include "datachangewatcher.h"
#include "pagesupport.h"
#include "widgets/icons.h"
#include "widgets/poolhealthchart.h"
#include "worker/databaseworker.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

namespace backupdb::ui {

namespace {

struct DashboardSample
{
    MetricsSample sample;
    HealthReport report;
    qint64 statements = 0;
    qint64 monotonicNs = 0;
    QString historyError; // the sample was shown but could not be stored
};

// Both lanes together: the writer's one connection and the readers' pool.
MetricsSample sampleOf(const HealthReport &r)
{
    MetricsSample s;
    s.at = r.at.isValid() ? r.at : QDateTime::currentDateTimeUtc();
    const int core = r.writer.coreSize + r.readers.coreSize;
    s.active = r.writer.active + r.readers.active;
    s.idle = r.writer.idle + r.readers.idle;
    s.waiting = r.writer.waiting + r.readers.waiting;
    s.utilisationPercent = core > 0 ? 100.0 * s.active / core : 0;
    s.acquireP95Ms = std::max(r.writer.acquireTime.p95Ms, r.readers.acquireTime.p95Ms);
    s.health = r.score;
    return s;
}

QLabel *valueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // One line each: a wrapping label in a form row is cut off instead of growing.
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return label;
}

} // namespace

DashboardPage::DashboardPage(DatabaseWorker *worker, QWidget *parent)
    : QWidget(parent)
    , m_worker(worker)
{
    // Health: the score, a verdict and the warnings, where the eye lands first.
    m_healthBox = new QGroupBox(this);
    m_scoreLabel = new QLabel(m_healthBox);
    m_scoreLabel->setObjectName(QStringLiteral("healthScore"));
    m_scoreLabel->setAlignment(Qt::AlignCenter);
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 3.2);
    big.setBold(true);
    m_scoreLabel->setFont(big);
    m_scoreLabel->setMinimumWidth(
            m_scoreLabel->fontMetrics().horizontalAdvance(QStringLiteral("100")) + 24);
    m_verdict = new QLabel(m_healthBox);
    m_verdict->setAlignment(Qt::AlignCenter);
    m_verdict->setWordWrap(true);
    auto *scoreColumn = new QVBoxLayout;
    scoreColumn->addWidget(m_scoreLabel);
    scoreColumn->addWidget(m_verdict);
    scoreColumn->addStretch();
    m_warningList = new QListWidget(m_healthBox);
    m_warningList->setObjectName(QStringLiteral("healthWarnings"));
    m_warningList->setSelectionMode(QAbstractItemView::NoSelection);
    m_warningList->setWordWrap(true);
    m_warningList->setIconSize(QSize(16, 16));
    m_warningList->setMinimumWidth(240);
    m_warningList->setMaximumHeight(140);
    auto *healthLayout = new QHBoxLayout(m_healthBox);
    healthLayout->addLayout(scoreColumn);
    healthLayout->addWidget(m_warningList, 1);

    m_factsBox = new QGroupBox(this);
    m_facts = new QFormLayout(m_factsBox);
    m_facts->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    for (QLabel **fact : { &m_readers, &m_writer, &m_database, &m_rows, &m_backup, &m_integrity }) {
        *fact = valueLabel(m_factsBox);
        m_facts->addRow(new QLabel(m_factsBox), *fact); // an empty text would make no label
    }
    m_backup->setObjectName(QStringLiteral("lastBackupFact"));
    m_integrity->setObjectName(QStringLiteral("integrityFact"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_healthBox, 1);
    top->addWidget(m_factsBox, 1);

    m_interval = new QComboBox(this);
    m_interval->setObjectName(QStringLiteral("refreshInterval"));
    for (int seconds = 1; seconds <= 5; ++seconds)
        m_interval->addItem(QString(), seconds * 1000);
    m_pause = new QPushButton(this);
    m_pause->setCheckable(true);
    m_refreshNow = new QPushButton(this);
    m_refreshNow->setIcon(icon(Icon::Refresh));
    m_refreshLabel = new QLabel(this);
    m_refreshLabel->setBuddy(m_interval);
    m_updated = new QLabel(this);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_refreshLabel);
    controls->addWidget(m_interval);
    controls->addWidget(m_pause);
    controls->addWidget(m_refreshNow);
    controls->addStretch();
    controls->addWidget(m_updated);

    m_utilisation = new PoolHealthChart(this);
    m_utilisation->setObjectName(QStringLiteral("utilisationChart"));
    m_utilisation->addSeries(QString());
    m_utilisation->setAutoRange(100);
    m_utilisation->setValueFormat(QStringLiteral("%.0f"));
    m_connections = new PoolHealthChart(this);
    m_connections->setObjectName(QStringLiteral("connectionsChart"));
    for (int i = 0; i < 3; ++i)
        m_connections->addSeries(QString());
    m_connections->setAutoRange(5);
    m_connections->setValueFormat(QStringLiteral("%.0f"));
    m_latency = new PoolHealthChart(this);
    m_latency->setObjectName(QStringLiteral("latencyChart"));
    m_latency->addSeries(QString());
    m_latency->setAutoRange(1);
    m_throughput = new PoolHealthChart(this);
    m_throughput->setObjectName(QStringLiteral("throughputChart"));
    m_throughput->addSeries(QString());
    m_throughput->setAutoRange(10);
    m_throughput->setValueFormat(QStringLiteral("%.0f"));
    auto *charts = new QGridLayout;
    charts->addWidget(m_utilisation, 0, 0);
    charts->addWidget(m_connections, 0, 1);
    charts->addWidget(m_latency, 1, 0);
    charts->addWidget(m_throughput, 1, 1);
    for (PoolHealthChart *chart : { m_utilisation, m_connections, m_latency, m_throughput })
        chart->setWindow(kWindow);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(controls);
    layout->addLayout(charts, 1);

    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &DashboardPage::refresh);
    connect(m_interval, &QComboBox::activated, this, [this](int index) {
        setRefreshInterval(m_interval->itemData(index).toInt());
        emit refreshIntervalChanged(refreshInterval());
    });
    connect(m_pause, &QPushButton::toggled, this, &DashboardPage::setPaused);
    connect(m_refreshNow, &QPushButton::clicked, this, &DashboardPage::refresh);
    connect(m_worker, &DatabaseWorker::sessionChanged, this, &DashboardPage::reload);
    // Rows and the last backup changed elsewhere: a sample now shows them. A restore brought
    // back the history of the database restored.
    using Change = DatabaseWorker::DataChange;
    new DataChangeWatcher(m_worker, this, Change::Clients | Change::Files | Change::Backups,
                          [this](DataChangeWatcher::Changes changes) {
                              if (changes.testFlag(Change::Everything))
                                  reload();
                              else if (!m_paused)
                                  refresh();
                          });

    retranslate();
    setRefreshInterval(m_config.refreshIntervalMs);
    reload();
}

void DashboardPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void DashboardPage::retranslate()
{
    m_healthBox->setTitle(tr("Health"));
    m_factsBox->setTitle(tr("Now"));
    const QStringList facts { tr("Readers:"), tr("Writer:"),      tr("Database:"),
                              tr("Rows:"),    tr("Last backup:"), tr("Integrity:") };
    const QList<QLabel *> fields { m_readers, m_writer, m_database, m_rows, m_backup, m_integrity };
    for (int i = 0; i < fields.size(); ++i)
        if (auto *label = qobject_cast<QLabel *>(m_facts->labelForField(fields.at(i))))
            label->setText(facts.at(i));
    for (int i = 0; i < m_interval->count(); ++i)
        m_interval->setItemText(i, tr("every %n s", nullptr, i + 1));
    m_refreshLabel->setText(tr("&Refresh:"));
    m_pause->setText(m_paused ? tr("&Resume") : tr("&Pause"));
    m_pause->setToolTip(tr("Stop taking samples (the history keeps what was recorded)"));
    m_refreshNow->setText(tr("Refresh &now"));
    m_scoreLabel->setToolTip(
            tr("Health score 0–100: the lower of the two pools' scores, less penalties "
               "for integrity, size and backup problems"));
    m_utilisation->setTitle(tr("Pool utilisation (%)"));
    m_utilisation->setSeriesName(0, tr("Utilisation"));
    m_connections->setTitle(tr("Connections"));
    m_connections->setSeriesName(0, tr("Active"));
    m_connections->setSeriesName(1, tr("Idle"));
    m_connections->setSeriesName(2, tr("Waiting"));
    m_latency->setTitle(tr("Acquire latency p95 (ms)"));
    m_latency->setSeriesName(0, tr("p95"));
    m_throughput->setTitle(tr("Queries per second"));
    m_throughput->setSeriesName(0, tr("Queries/s"));
    if (m_report)
        showReport(*m_report);
    else
        showWaiting();
}

void DashboardPage::showWaiting()
{
    m_scoreLabel->setText(tr("–"));
    m_scoreLabel->setStyleSheet(QString());
    m_verdict->setText(m_worker->isOpen() ? tr("Waiting for the first sample…")
                                          : tr("No database is open."));
    for (QLabel *fact : { m_readers, m_writer, m_database, m_rows, m_backup, m_integrity })
        fact->clear();
}

void DashboardPage::setConfig(const AppConfig &config)
{
    m_config = config;
    setRefreshInterval(config.refreshIntervalMs);
}

void DashboardPage::setRefreshInterval(int milliseconds)
{
    const int ms = std::clamp(milliseconds, 1000, 5000);
    m_config.refreshIntervalMs = ms;
    m_timer->setInterval(ms);
    const int index = m_interval->findData((ms + 500) / 1000 * 1000);
    if (index >= 0)
        m_interval->setCurrentIndex(index);
}

int DashboardPage::refreshInterval() const
{
    return m_timer->interval();
}

void DashboardPage::setPaused(bool paused)
{
    m_paused = paused;
    if (m_pause->isChecked() != paused)
        m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("&Resume") : tr("&Pause"));
    updateTimer();
}

void DashboardPage::updateTimer()
{
    if (m_historyLoaded && !m_paused && m_worker->isOpen())
        m_timer->start();
    else
        m_timer->stop();
}

void DashboardPage::reload()
{
    const quint64 generation = ++m_generation;
    m_historyLoaded = false;
    m_sampling = false;
    m_previousStatements = -1;
    m_score = -1;
    m_warnings.clear();
    m_report.reset();
    for (PoolHealthChart *chart : { m_utilisation, m_connections, m_latency, m_throughput })
        chart->clear();
    m_warningList->clear();
    m_updated->clear();
    showWaiting();
    updateTimer();
    if (!m_worker->isOpen())
        return;
    m_worker->run([](Session &s) -> Result<QList<MetricsSample>> {
                // Pruning here keeps the table small without a timer of its own.
                s.metricsHistory().prune(kHistoryKeepDays);
                return s.metricsHistory().last(kWindow);
            })
            .then(this, [this, generation](const Result<QList<MetricsSample>> &history) {
                if (generation != m_generation)
                    return;
                if (!history)
                    showError(tr("The pool-health history could not be read: %1")
                                      .arg(history.error().message()));
                else
                    for (const MetricsSample &sample : history.value())
                        addSample(sample);
                m_historyLoaded = true;
                updateTimer();
                emit historyLoaded(history ? int(history->size()) : 0);
                // The first sample at once, but from the event loop: this continuation may
                // run inside the constructor, before the owner had a chance to pause the page.
                QTimer::singleShot(0, this, [this, generation] {
                    if (generation == m_generation && !m_paused)
                        refresh();
                });
            });
}

void DashboardPage::refresh()
{
    if (m_sampling || !m_historyLoaded || !m_worker->isOpen())
        return;
    m_sampling = true;
    const quint64 generation = m_generation;
    const AppConfig config = m_config;
    const qint64 previousStatements = m_previousStatements;
    const qint64 previousNs = m_previousNs;
    m_worker->run([config, previousStatements, previousNs](Session &s) -> Result<DashboardSample> {
                auto report = s.health().report(healthOptionsFor(config, s.path()));
                if (!report)
                    return report.error();
                DashboardSample d;
                d.report = std::move(report.value());
                d.sample = sampleOf(d.report);
                d.statements = s.database().queryStats().totalStatements();
                d.monotonicNs = SteadyClock::instance().now().count();
                if (previousStatements >= 0 && d.statements >= previousStatements
                    && d.monotonicNs > previousNs)
                    d.sample.queriesPerSecond = double(d.statements - previousStatements) * 1e9
                            / double(d.monotonicNs - previousNs);
                if (DbError e = s.metricsHistory().append(d.sample))
                    d.historyError = e.message();
                return d;
            })
            .then(this, [this, generation](const Result<DashboardSample> &result) {
                if (generation != m_generation)
                    return; // another database was opened meanwhile
                m_sampling = false;
                if (!result) {
                    showError(result.error().message());
                    return;
                }
                m_previousStatements = result->statements;
                m_previousNs = result->monotonicNs;
                addSample(result->sample);
                showReport(result->report);
                if (!result->historyError.isEmpty())
                    m_updated->setToolTip(
                            tr("The sample could not be stored: %1").arg(result->historyError));
                emit sampled(m_score);
            });
}

void DashboardPage::addSample(const MetricsSample &sample)
{
    m_utilisation->append(0, sample.at, sample.utilisationPercent);
    m_connections->append(0, sample.at, sample.active);
    m_connections->append(1, sample.at, sample.idle);
    m_connections->append(2, sample.at, sample.waiting);
    m_latency->append(0, sample.at, sample.acquireP95Ms);
    if (sample.queriesPerSecond)
        m_throughput->append(0, sample.at, *sample.queriesPerSecond);
}

void DashboardPage::showReport(const HealthReport &r)
{
    const QLocale locale;
    m_report = r;
    m_score = r.score;
    m_warnings = r.warnings;
    m_scoreLabel->setText(QString::number(r.score));
    QString colour;
    if (r.score >= 80) {
        colour = QStringLiteral("#1e8e3e");
        m_verdict->setText(tr("Healthy"));
    } else if (r.score >= 50) {
        colour = QStringLiteral("#c77700");
        m_verdict->setText(tr("Needs attention"));
    } else {
        colour = QStringLiteral("#c5221f");
        m_verdict->setText(tr("Unhealthy"));
    }
    m_scoreLabel->setStyleSheet(QStringLiteral("color: %1;").arg(colour));

    m_warningList->clear();
    const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (const QString &w : r.warnings)
        m_warningList->addItem(new QListWidgetItem(warning, w));
    if (r.warnings.isEmpty())
        m_warningList->addItem(new QListWidgetItem(
                style()->standardIcon(QStyle::SP_DialogApplyButton), tr("No warnings")));

    const auto show = [](QLabel *label, const QString &text) {
        label->setText(text);
        label->setToolTip(text);
    };
    const QString dot = QStringLiteral(" · ");
    show(m_readers,
         tr("%1 of %2 in use").arg(r.readers.active).arg(r.readers.coreSize) + dot
                 + tr("%1 open, %2 overflow").arg(r.readers.size).arg(r.readers.overflow) + dot
                 + tr("%1 waiting").arg(r.readers.waiting + r.writer.waiting));
    show(m_writer,
         (r.writer.active > 0 ? tr("writing") : tr("idle")) + dot
                 + tr("%1 exhaustion events, %2 timeouts")
                           .arg(r.readers.exhaustionEvents + r.writer.exhaustionEvents)
                           .arg(r.readers.timeouts + r.writer.timeouts));
    show(m_database,
         locale.formattedDataSize(r.size.databaseBytes) + dot
                 + tr("WAL %1").arg(locale.formattedDataSize(r.size.walBytes)) + dot
                 + tr("journal %1").arg(r.journalMode));
    show(m_rows,
         tr("%1 clients, %2 files")
                         .arg(locale.toString(r.totals.clients), locale.toString(r.totals.files))
                 + dot + locale.formattedDataSize(r.totals.totalSizeBytes));
    if (r.lastBackup)
        show(m_backup,
             ageText(r.lastBackup->createdAt, r.at) + dot
                     + (r.lastBackup->verified ? tr("verified") : tr("NOT verified")));
    else
        show(m_backup, tr("none"));
    if (r.integrity)
        show(m_integrity,
             tr("%1 check %2: %3")
                             .arg(r.integrity->depth == IntegrityReport::Depth::Full ? tr("full")
                                                                                     : tr("quick"),
                                  ageText(r.integrity->checkedAt, r.at), r.integrity->integrity())
                     + dot + tr("%n orphaned", nullptr, int(r.integrity->orphanedFiles)));
    else
        show(m_integrity, tr("not checked yet"));
    m_updated->setText(
            tr("Updated %1").arg(r.at.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
    m_updated->setToolTip(QString());
}

void DashboardPage::showError(const QString &message)
{
    m_verdict->setText(tr("Sampling failed"));
    m_warningList->clear();
    m_warningList->addItem(
            new QListWidgetItem(style()->standardIcon(QStyle::SP_MessageBoxCritical), message));
}

} // namespace backupdb::ui
