#include "auditpage.h"

#include "datachangewatcher.h"
#include "pagesupport.h"
#include "widgets/icons.h"
#include "worker/databaseworker.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace backupdb::ui {

namespace {

struct QueryReport
{
    QList<StatementStats> statements;
    QList<SlowQuery> slow;
    qint64 slowTotal = 0;
    qint64 thresholdMs = 0;
};

QStandardItem *cell(const QString &text, const QVariant &sortValue = {},
                    Qt::Alignment alignment = {})
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    item->setToolTip(text);
    item->setData(sortValue.isValid() ? sortValue : QVariant(text), AuditPage::kSortRole);
    if (alignment)
        item->setTextAlignment(alignment | Qt::AlignVCenter);
    return item;
}

QTableView *sortedView(QWidget *parent, QStandardItemModel *model, QSortFilterProxyModel **proxyOut,
                       const QString &name)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(model);
    proxy->setSortRole(AuditPage::kSortRole);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy->setFilterKeyColumn(-1);
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionsMovable(true);
    if (proxyOut)
        *proxyOut = proxy;
    return view;
}

// Every column but the last (free text) as wide as its content.
void fitColumns(QTableView *view)
{
    const int columns = view->model()->columnCount();
    for (int c = 0; c + 1 < columns; ++c)
        view->resizeColumnToContents(c);
}

QString oneLine(const QString &sql)
{
    return sql.simplified();
}

} // namespace

AuditPage::AuditPage(DatabaseWorker *worker, QWidget *parent)
    : QWidget(parent)
    , m_worker(worker)
{
    m_tabs = new QTabWidget(this);

    // Audit log.
    auto *auditTab = new QWidget(m_tabs);
    m_action = new QComboBox(auditTab);
    m_action->setObjectName(QStringLiteral("auditAction"));
    m_action->addItem(QString(), QString());
    // The action names as stored: they are what an operator searches the log file for.
    for (const char *action : { "DELETE", "UPDATE", "backup", "restore", "orphan-cleanup",
                                "backup-retention", "vacuum", "checkpoint", "audit-prune" })
        m_action->addItem(QString::fromLatin1(action), QString::fromLatin1(action));
    m_actionLabel = new QLabel(auditTab);
    m_actionLabel->setBuddy(m_action);
    m_filter = new QLineEdit(auditTab);
    m_filter->setClearButtonEnabled(true);
    m_refreshAudit = new QPushButton(auditTab);
    m_refreshAudit->setIcon(icon(Icon::Refresh));
    auto *auditBar = new QHBoxLayout;
    auditBar->addWidget(m_actionLabel);
    auditBar->addWidget(m_action);
    auditBar->addWidget(m_filter, 1);
    auditBar->addWidget(m_refreshAudit);
    m_audit = new QStandardItemModel(0, 6, this);
    m_auditView = sortedView(auditTab, m_audit, &m_auditProxy, QStringLiteral("auditView"));
    m_auditView->sortByColumn(0, Qt::DescendingOrder);
    m_auditStatus = new QLabel(auditTab);
    m_loadMore = new QPushButton(auditTab);
    m_loadMore->setObjectName(QStringLiteral("loadMoreButton"));
    auto *auditFooter = new QHBoxLayout;
    auditFooter->addWidget(m_auditStatus, 1);
    auditFooter->addWidget(m_loadMore);
    auto *auditLayout = new QVBoxLayout(auditTab);
    auditLayout->addLayout(auditBar);
    auditLayout->addWidget(m_auditView, 1);
    auditLayout->addLayout(auditFooter);
    m_tabs->addTab(auditTab, QString());

    // Slow queries.
    auto *queriesTab = new QWidget(m_tabs);
    m_statements = new QStandardItemModel(0, 5, this);
    m_slow = new QStandardItemModel(0, 3, this);
    m_statementView
            = sortedView(queriesTab, m_statements, nullptr, QStringLiteral("statementView"));
    m_statementView->sortByColumn(0, Qt::DescendingOrder);
    m_slowView = sortedView(queriesTab, m_slow, nullptr, QStringLiteral("slowView"));
    m_slowView->sortByColumn(0, Qt::DescendingOrder);
    auto *statementBox = new QWidget(queriesTab);
    auto *statementLayout = new QVBoxLayout(statementBox);
    statementLayout->setContentsMargins(0, 0, 0, 0);
    m_statementsTitle = new QLabel(statementBox);
    statementLayout->addWidget(m_statementsTitle);
    statementLayout->addWidget(m_statementView);
    auto *slowBox = new QWidget(queriesTab);
    auto *slowLayout = new QVBoxLayout(slowBox);
    slowLayout->setContentsMargins(0, 0, 0, 0);
    m_queriesStatus = new QLabel(slowBox);
    slowLayout->addWidget(m_queriesStatus);
    slowLayout->addWidget(m_slowView);
    auto *split = new QSplitter(Qt::Vertical, queriesTab);
    split->addWidget(statementBox);
    split->addWidget(slowBox);
    m_refreshQueries = new QPushButton(queriesTab);
    m_refreshQueries->setIcon(icon(Icon::Refresh));
    auto *queriesBar = new QHBoxLayout;
    queriesBar->addStretch();
    queriesBar->addWidget(m_refreshQueries);
    auto *queriesLayout = new QVBoxLayout(queriesTab);
    queriesLayout->addWidget(split, 1);
    queriesLayout->addLayout(queriesBar);
    m_tabs->addTab(queriesTab, QString());

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);

    connect(m_action, &QComboBox::currentIndexChanged, this, &AuditPage::refreshAudit);
    connect(m_filter, &QLineEdit::textChanged, m_auditProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_filter, &QLineEdit::textChanged, this, &AuditPage::updateAuditStatus);
    connect(m_refreshAudit, &QPushButton::clicked, this, &AuditPage::refreshAudit);
    connect(m_loadMore, &QPushButton::clicked, this, &AuditPage::loadMoreAudit);
    connect(m_refreshQueries, &QPushButton::clicked, this, &AuditPage::refreshQueries);
    connect(m_worker, &DatabaseWorker::sessionChanged, this, &AuditPage::reload);
    // Entries written by the other pages' changes (the audit triggers, a cleanup, a backup).
    new DataChangeWatcher(m_worker, this, DatabaseWorker::DataChange::Audit,
                          [this](DataChangeWatcher::Changes changes) {
                              if (changes.testFlag(DatabaseWorker::DataChange::Everything))
                                  reload();
                              else
                                  refreshAudit();
                          });
    retranslate();
    reload();
}

void AuditPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void AuditPage::retranslate()
{
    m_tabs->setTabText(0, tr("&Audit log"));
    m_tabs->setTabText(1, tr("&Slow queries"));
    m_actionLabel->setText(tr("A&ction:"));
    m_action->setItemText(0, tr("All actions"));
    m_filter->setPlaceholderText(tr("Filter the loaded entries…"));
    m_refreshAudit->setText(tr("Refresh"));
    m_loadMore->setText(tr("&Load more"));
    m_audit->setHorizontalHeaderLabels(
            { tr("Time"), tr("User"), tr("Action"), tr("Table"), tr("Row"), tr("Details") });
    m_statements->setHorizontalHeaderLabels(
            { tr("Total (ms)"), tr("Calls"), tr("Mean (ms)"), tr("Max (ms)"), tr("Statement") });
    m_slow->setHorizontalHeaderLabels({ tr("Time"), tr("Duration (ms)"), tr("Statement") });
    m_statementsTitle->setText(
            tr("<b>Statements by total time</b> (since the database was opened)"));
    m_refreshQueries->setText(tr("Refresh"));
    updateAuditStatus();
    showQueriesStatus();
}

void AuditPage::showQueriesStatus()
{
    const QLocale locale;
    if (m_slowThresholdMs < 0)
        m_queriesStatus->setText(tr("<b>Recent slow statements</b>"));
    else
        m_queriesStatus->setText(
                tr("<b>Recent slow statements</b> (over %1 ms; %2 since the database was opened)")
                        .arg(locale.toString(m_slowThresholdMs), locale.toString(m_slowTotal)));
}

void AuditPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Statement statistics change all the time; show them as they are when the page is opened.
    if (m_worker->isOpen())
        refreshQueries();
}

void AuditPage::reload()
{
    ++m_generation;
    refresh();
}

void AuditPage::refresh()
{
    refreshAudit();
    refreshQueries();
}

void AuditPage::refreshAudit()
{
    m_audit->removeRows(0, m_audit->rowCount());
    m_lastId = 0;
    m_total = -1;
    m_auditComplete = false;
    m_loading = false;
    ++m_auditRequest;
    if (!m_worker->isOpen()) {
        updateAuditStatus();
        return;
    }
    const quint64 generation = m_generation;
    const quint64 request = m_auditRequest;
    m_worker->run([](Session &s) { return s.audit().count(); })
            .then(this, [this, generation, request](const Result<qint64> &n) {
                if (generation == m_generation && request == m_auditRequest && n)
                    m_total = n.value();
                updateAuditStatus();
            });
    loadMoreAudit();
}

void AuditPage::loadMoreAudit()
{
    if (!m_worker->isOpen() || m_loading || m_auditComplete)
        return;
    m_loading = true;
    updateAuditStatus();
    AuditQuery query;
    query.beforeId = m_lastId;
    query.limit = kPageSize;
    query.action = m_action->currentData().toString();
    const quint64 generation = m_generation;
    const quint64 request = m_auditRequest;
    m_worker->run([query](Session &s) { return s.audit().entries(query); })
            .then(this, [this, generation, request](const Result<QList<AuditEntry>> &entries) {
                if (generation != m_generation || request != m_auditRequest)
                    return; // the filter changed or another database was opened meanwhile
                m_loading = false;
                if (!entries) {
                    m_auditStatus->setText(tr("The audit log could not be read: %1")
                                                   .arg(entries.error().message()));
                    return;
                }
                const bool first = m_audit->rowCount() == 0;
                appendAudit(entries.value());
                if (first)
                    fitColumns(m_auditView);
                m_auditComplete = entries->size() < kPageSize;
                updateAuditStatus();
                emit auditLoaded(m_audit->rowCount());
            });
}

void AuditPage::appendAudit(const QList<AuditEntry> &entries)
{
    for (const AuditEntry &e : entries) {
        const QString details = e.details;
        QStandardItem *detailsCell = cell(details);
        const QJsonDocument json = QJsonDocument::fromJson(details.toUtf8());
        if (!json.isNull())
            detailsCell->setToolTip(QString::fromUtf8(json.toJson(QJsonDocument::Indented)));
        QStandardItem *time = cell(timeText(e.at), e.id);
        time->setToolTip(e.at);
        m_audit->appendRow({ time, cell(e.osUser.isEmpty() ? tr("(server)") : e.osUser),
                             cell(e.action), cell(e.table), cell(e.rowId), detailsCell });
        m_lastId = e.id;
    }
}

void AuditPage::updateAuditStatus()
{
    const QLocale locale;
    const int loaded = m_audit->rowCount();
    QString text;
    if (!m_worker->isOpen())
        text = tr("No database is open.");
    else if (m_loading && loaded == 0)
        text = tr("Loading…");
    else if (m_action->currentData().toString().isEmpty() && m_total >= 0)
        text = tr("%1 of %2 entries loaded").arg(locale.toString(loaded), locale.toString(m_total));
    else
        text = tr("%1 entries loaded").arg(locale.toString(loaded));
    if (!m_filter->text().isEmpty())
        text += QLatin1String(", ")
                + tr("%1 match the filter").arg(locale.toString(m_auditProxy->rowCount()));
    m_auditStatus->setText(text);
    m_loadMore->setEnabled(m_worker->isOpen() && !m_loading && !m_auditComplete);
}

void AuditPage::refreshQueries()
{
    if (!m_worker->isOpen()) {
        m_statements->removeRows(0, m_statements->rowCount());
        m_slow->removeRows(0, m_slow->rowCount());
        m_slowThresholdMs = -1;
        showQueriesStatus();
        return;
    }
    const quint64 generation = m_generation;
    m_worker->run([](Session &s) -> Result<QueryReport> {
                QueryStats &stats = s.database().queryStats();
                return QueryReport { stats.statements(), stats.recentSlow(), stats.slowTotal(),
                                     qint64(stats.slowThreshold().count()) };
            })
            .then(this, [this, generation](const Result<QueryReport> &report) {
                if (generation != m_generation || !report)
                    return;
                const QLocale locale;
                m_statements->removeRows(0, m_statements->rowCount());
                for (const StatementStats &st : report->statements) {
                    const double mean = st.calls > 0 ? st.totalMs / double(st.calls) : 0;
                    const auto right = Qt::AlignRight;
                    m_statements->appendRow(
                            { cell(locale.toString(st.totalMs, 'f', 1), st.totalMs, right),
                              cell(locale.toString(st.calls), st.calls, right),
                              cell(locale.toString(mean, 'f', 3), mean, right),
                              cell(locale.toString(st.maxMs, 'f', 1), st.maxMs, right),
                              cell(oneLine(st.sql)) });
                }
                m_slow->removeRows(0, m_slow->rowCount());
                for (const SlowQuery &q : report->slow)
                    m_slow->appendRow({ cell(timeText(q.at), q.at.toMSecsSinceEpoch()),
                                        cell(locale.toString(q.durationMs, 'f', 1), q.durationMs,
                                             Qt::AlignRight),
                                        cell(oneLine(q.sql)) });
                m_slowThresholdMs = report->thresholdMs;
                m_slowTotal = report->slowTotal;
                showQueriesStatus();
                fitColumns(m_statementView);
                fitColumns(m_slowView);
                emit queriesLoaded(int(report->statements.size()));
            });
}

} // namespace backupdb::ui
