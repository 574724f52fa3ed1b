#include "integritypage.h"

#include "datachangewatcher.h"
#include "pagesupport.h"
#include "widgets/icons.h"
#include "widgets/jobprogress.h"
#include "widgets/maintenancehistoryview.h"
#include "widgets/messagebanner.h"
#include "widgets/sortableitem.h"
#include "worker/databaseworker.h"

#include <QDir>
#include <QEvent>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStyle>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <limits>
#include <utility>

namespace backupdb::ui {

namespace {

constexpr int kPreviewRows = 1000;

QTableWidgetItem *item(const QString &text, const QVariant &sortValue = {})
{
    return new SortableItem(text, sortValue);
}

} // namespace

IntegrityPage::IntegrityPage(DatabaseWorker *worker, QWidget *parent)
    : QWidget(parent)
    , m_worker(worker)
{
    m_banner = new MessageBanner(this);
    m_quick = new QPushButton(this);
    m_quick->setObjectName(QStringLiteral("quickCheckButton"));
    m_full = new QPushButton(this);
    m_full->setObjectName(QStringLiteral("fullCheckButton"));
    for (QPushButton *button : { m_quick, m_full })
        button->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    m_progress = new JobProgress(m_worker, this);
    m_jobs = std::make_unique<PageJobs>(m_worker, m_progress, this, [this] { updateButtons(); });
    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_quick);
    toolbar->addWidget(m_full);
    toolbar->addWidget(m_progress, 1);
    toolbar->addStretch();

    m_findingsBox = new QGroupBox(this);
    m_summary = new QLabel(m_findingsBox);
    m_summary->setObjectName(QStringLiteral("integritySummary"));
    m_summary->setWordWrap(true);
    m_findings = new QTreeWidget(m_findingsBox);
    m_findings->setObjectName(QStringLiteral("findings"));
    m_findings->setRootIsDecorated(false);
    m_findings->setUniformRowHeights(true);
    m_findings->setColumnCount(3);
    m_findings->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_findings->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_findings->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_findings->header()->setStretchLastSection(false);
    auto *findingsLayout = new QVBoxLayout(m_findingsBox);
    findingsLayout->addWidget(m_summary);
    findingsLayout->addWidget(m_findings);

    m_rowsBox = new QGroupBox(this);
    m_rowsTitle = new QLabel(m_rowsBox);
    m_rowsTitle->setWordWrap(true);
    m_rows = readOnlyTable(m_rowsBox, QStringLiteral("findingRows"));
    auto *rowsLayout = new QVBoxLayout(m_rowsBox);
    rowsLayout->addWidget(m_rowsTitle);
    rowsLayout->addWidget(m_rows);

    m_orphansBox = new QGroupBox(this);
    m_orphanSummary = new QLabel(m_orphansBox);
    m_orphanSummary->setWordWrap(true);
    m_refreshOrphans = new QPushButton(m_orphansBox);
    m_cleanup = new QPushButton(m_orphansBox);
    m_cleanup->setObjectName(QStringLiteral("cleanUpButton"));
    m_cleanup->setIcon(icon(Icon::CleanUp));
    m_refreshOrphans->setIcon(icon(Icon::Refresh));
    m_quick->setIcon(icon(Icon::Integrity));
    m_full->setIcon(icon(Icon::FullCheck));
    m_orphans = readOnlyTable(m_orphansBox, QStringLiteral("orphanPreview"));
    m_orphans->setColumnCount(7);
    auto *orphanButtons = new QHBoxLayout;
    orphanButtons->addWidget(m_orphanSummary, 1);
    orphanButtons->addWidget(m_refreshOrphans);
    orphanButtons->addWidget(m_cleanup);
    auto *orphansLayout = new QVBoxLayout(m_orphansBox);
    orphansLayout->addLayout(orphanButtons);
    orphansLayout->addWidget(m_orphans);

    auto *left = new QSplitter(Qt::Vertical, this);
    left->addWidget(m_findingsBox);
    left->addWidget(m_rowsBox);
    left->setStretchFactor(0, 1);
    left->setStretchFactor(1, 2);
    // The orphans, and below them the checks run so far (by the service or by hand).
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_orphansBox);
    right->addWidget(new MaintenanceHistoryView(
            m_worker, { QStringLiteral("quick_check"), QStringLiteral("full_check") }, right));
    right->setStretchFactor(0, 2);
    right->setStretchFactor(1, 1);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);

    connect(m_quick, &QPushButton::clicked, this, &IntegrityPage::runQuickCheck);
    connect(m_full, &QPushButton::clicked, this, &IntegrityPage::runFullCheck);
    connect(m_refreshOrphans, &QPushButton::clicked, this, &IntegrityPage::refreshOrphans);
    connect(m_cleanup, &QPushButton::clicked, this, &IntegrityPage::cleanUpOrphans);
    connect(m_findings, &QTreeWidget::currentItemChanged, this, &IntegrityPage::showFindingRows);
    connect(m_worker, &DatabaseWorker::sessionChanged, this, &IntegrityPage::reload);
    // A client deleted elsewhere, or a restore: the orphan preview (and after a restore the
    // report, which described the database replaced) is out of date.
    using Change = DatabaseWorker::DataChange;
    new DataChangeWatcher(m_worker, this, Change::Clients | Change::Files | Change::External,
                          [this](DataChangeWatcher::Changes changes) {
                              if (changes.testFlag(Change::Everything))
                                  reload();
                              else if (changes.testFlag(Change::External))
                                  loadCurrentReport(); // the orphan list follows if it changed
                              else
                                  refreshOrphans();
                          });
    retranslate();
    reload();
}

void IntegrityPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void IntegrityPage::retranslate()
{
    m_quick->setText(tr("&Quick check"));
    m_quick->setToolTip(
            tr("SQLite quick_check and the logical checks: seconds, also on large files"));
    m_full->setText(tr("&Full check"));
    m_full->setToolTip(
            tr("SQLite integrity_check, the logical checks and the counters: reads every page"));
    m_findingsBox->setTitle(tr("Findings"));
    m_findings->setHeaderLabels({ tr("Finding"), tr("Table"), tr("Rows") });
    m_rowsBox->setTitle(tr("Rows of the selected finding"));
    m_orphansBox->setTitle(tr("Orphaned file records"));
    m_refreshOrphans->setText(tr("Refresh"));
    m_cleanup->setText(tr("&Clean up…"));
    m_cleanup->setToolTip(
            tr("Back up the database, then delete the file records that belong to no client"));
    m_orphans->setHorizontalHeaderLabels({ tr("File name"), tr("Path"), tr("Size"), tr("Modified"),
                                           tr("Verified"), tr("Client ID (missing)"), tr("Row") });
    if (m_report)
        showReport(*m_report);
    else
        m_summary->setText(m_worker->isOpen() ? tr("No check has run yet.")
                                              : tr("No database is open."));
    if (m_preview)
        showPreview(*m_preview);
}

void IntegrityPage::setConfig(const AppConfig &config)
{
    m_config = config;
}

bool IntegrityPage::isBusy() const
{
    return m_jobs->isBusy();
}

QString IntegrityPage::backupFolder() const
{
    return backupFolderFor(m_config, m_worker);
}

void IntegrityPage::reload()
{
    m_jobs->startGeneration();
    m_report.reset();
    m_preview.reset();
    m_orphanCount = -1;
    m_banner->clearMessage();
    m_findings->clear();
    m_rows->clear();
    m_rows->setRowCount(0);
    m_rows->setColumnCount(0);
    m_orphans->setRowCount(0);
    m_summary->setText(m_worker->isOpen() ? tr("No check has run yet.")
                                          : tr("No database is open."));
    m_orphanSummary->clear();
    updateButtons();
    if (!m_worker->isOpen())
        return;
    loadCurrentReport();
    refreshOrphans();
}

void IntegrityPage::loadCurrentReport()
{
    if (!m_worker->isOpen())
        return;
    // The report of the database's state now: the last check while the data is unchanged, else
    // a new quick check (the same report the dashboard and the status bar show).
    const quint64 request = ++m_reportRequest;
    m_jobs->run([](Session &s) { return s.integrity().current(); },
                [this, request](const Result<IntegrityReport> &current) {
                    // A check the operator started later (or a later request) has the newer
                    // report; jobs run side by side, so this answer may come after it.
                    if (!current || request != m_reportRequest || m_jobs->isBusy())
                        return;
                    showReport(current.value());
                    if (m_orphanCount >= 0 && m_orphanCount != current->orphanedFiles)
                        refreshOrphans();
                });
}

void IntegrityPage::updateButtons()
{
    const bool idle = m_jobs->isIdle();
    m_quick->setEnabled(idle);
    m_full->setEnabled(idle);
    m_refreshOrphans->setEnabled(idle);
    m_cleanup->setEnabled(idle && m_orphanCount > 0);
}

void IntegrityPage::refresh()
{
    refreshOrphans();
    runQuickCheck();
}

void IntegrityPage::runQuickCheck()
{
    runCheck(IntegrityReport::Depth::Quick);
}

void IntegrityPage::runFullCheck()
{
    runCheck(IntegrityReport::Depth::Full);
}

void IntegrityPage::runCheck(IntegrityReport::Depth depth)
{
    if (!m_jobs->isIdle())
        return;
    const QString title
            = depth == IntegrityReport::Depth::Full ? tr("Full check") : tr("Quick check");
    auto check = [depth](Session &s, const ProgressCallback &progress, const CancelFlag *cancel) {
        return s.integrity().check(depth, progress, cancel);
    };
    ++m_reportRequest; // a current report still on its way is older than this check's
    m_jobs->runLong(title, underMaintenanceLock(QStringLiteral("check"), check), [this](const Result<IntegrityReport> &result) {
        if (!result) {
            if (result.error().kind() == DbError::Kind::Cancelled)
                m_banner->showMessage(MessageBanner::Kind::Information,
                                      tr("The check was cancelled."));
            else
                m_banner->showMessage(
                        MessageBanner::Kind::Error,
                        tr("The check could not run: %1").arg(result.error().message()));
            emit checkFinished(false);
            return;
        }
        showReport(result.value());
        emit checkFinished(true);
    });
}

// The findings the core reports in English, in the interface's language (with plural forms);
// SQLite's own messages and the index details stay as they are.
QString IntegrityPage::findingText(const IntegrityFinding &f) const
{
    const int n = int(qMin<qint64>(f.count, std::numeric_limits<int>::max()));
    if (f.kind == QLatin1String("foreign_key"))
        return tr("%n row(s) violate a foreign key", nullptr, n);
    if (f.kind == QLatin1String("orphaned_files"))
        return tr("%n file record(s) belong to no client", nullptr, n);
    if (f.kind == QLatin1String("malformed_id"))
        return tr("%n row(s) of %1 have an ID that is not 16 bytes", nullptr, n).arg(f.table);
    if (f.kind == QLatin1String("counters"))
        return tr("The statistics counters differ from the tables (another program wrote with "
                  "REPLACE?); run a recount.");
    return f.message;
}

void IntegrityPage::showReport(const IntegrityReport &report)
{
    // The finding the operator is looking at stays selected when the new report has it too
    // (a live refresh must not take the selection away).
    std::optional<std::pair<QString, QString>> selected;
    if (const QTreeWidgetItem *current = m_findings->currentItem(); current && m_report) {
        const int index = current->data(0, Qt::UserRole).toInt();
        if (index >= 0 && index < m_report->findings.size())
            selected = std::pair(m_report->findings.at(index).kind,
                                 m_report->findings.at(index).table);
    }
    m_report = report;
    QTreeWidgetItem *reselect = nullptr;
    const QSignalBlocker quiet(m_findings); // no row reads for the items being replaced
    m_findings->clear();
    const QLocale locale;
    const bool full = report.depth == IntegrityReport::Depth::Full;
    int problems = 0;
    for (qsizetype i = 0; i < report.findings.size(); ++i) {
        const IntegrityFinding &f = report.findings.at(i);
        QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
        QString severity = tr("Information");
        if (f.severity == IntegrityFinding::Severity::Error) {
            icon = QStyle::SP_MessageBoxCritical;
            severity = tr("Error");
            ++problems;
        } else if (f.severity == IntegrityFinding::Severity::Warning) {
            icon = QStyle::SP_MessageBoxWarning;
            severity = tr("Warning");
            ++problems;
        }
        const QString text = findingText(f);
        auto *row = new QTreeWidgetItem(m_findings, { text, f.table, locale.toString(f.count) });
        row->setIcon(0, style()->standardIcon(icon));
        row->setToolTip(0, QStringLiteral("%1: %2").arg(severity, text));
        row->setData(0, Qt::UserRole, int(i));
        row->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        if (selected && selected->first == f.kind && selected->second == f.table)
            reselect = row;
    }
    if (report.findings.isEmpty()) {
        auto *row = new QTreeWidgetItem(
                m_findings,
                { tr("No findings: the database is consistent."), QString(), QString() });
        row->setIcon(0, style()->standardIcon(QStyle::SP_DialogApplyButton));
        row->setData(0, Qt::UserRole, -1);
    }
    const QString when = timeText(report.checkedAt);
    QString summary
            = tr("%1 check at %2 took %3 s. SQLite: %4. %n problem(s) to act on.", nullptr, problems)
                      .arg(full ? tr("Full") : tr("Quick"), when,
                           locale.toString(report.seconds, 'f', 2), report.integrity());
    if (report.isStale())
        summary = tr("OUT OF DATE: %1. A new quick check runs within a minute, or run one now. %2")
                          .arg(report.staleReason, summary);
    m_summary->setText(summary);
    if (reselect) {
        m_findings->setCurrentItem(reselect);
        showFindingRows(); // the rows of the new report's finding
    } else {
        m_findings->setCurrentItem(nullptr);
        showFindingRows(); // clears the rows, and drops the answer of an older row request
    }
    emit reportShown();
}

void IntegrityPage::showFindingRows()
{
    const quint64 request = ++m_rowsRequest;
    QTreeWidgetItem *current = m_findings->currentItem();
    const int index = current ? current->data(0, Qt::UserRole).toInt() : -1;
    m_rows->setRowCount(0);
    m_rows->setColumnCount(0);
    if (!m_report || index < 0 || index >= m_report->findings.size()) {
        m_rowsTitle->setText(tr("Select a finding to see the rows it concerns."));
        return;
    }
    const IntegrityFinding finding = m_report->findings.at(index);
    if (finding.rowIds.isEmpty()) {
        m_rowsTitle->setText(tr("This finding concerns no particular rows."));
        return;
    }
    // A foreign key finding may name several tables; the rows are shown for the first.
    const QString table = finding.table.section(QLatin1Char(','), 0, 0).trimmed();
    m_rowsTitle->setText(tr("Loading the rows…"));
    const QList<qint64> ids = finding.rowIds;
    m_jobs->run([table, ids](Session &s) { return RowInspector(s.database()).rows(table, ids); },
                [this, request, finding](const Result<RowSample> &rows) {
                    if (request != m_rowsRequest)
                        return; // another finding was selected meanwhile
                    if (!rows) {
                        m_rowsTitle->setText(
                                tr("The rows could not be read: %1").arg(rows.error().message()));
                        emit findingRowsLoaded(0);
                        return;
                    }
                    showRows(rows.value());
                    const QLocale locale;
                    QString title = tr("%1 of %2 row(s) of %3")
                                            .arg(locale.toString(rows->rows.size()),
                                                 locale.toString(finding.count), rows->table);
                    if (rows->rows.size() < finding.count)
                        title += QLatin1Char(' ') + tr("(the first rows are shown)");
                    m_rowsTitle->setText(title);
                    emit findingRowsLoaded(int(rows->rows.size()));
                });
}

void IntegrityPage::showRows(const RowSample &sample)
{
    m_rows->setColumnCount(int(sample.columns.size()));
    m_rows->setHorizontalHeaderLabels(sample.columns);
    fillTable(m_rows, int(sample.rows.size()), [this, &sample](int r) {
        for (int c = 0; c < sample.rows.at(r).size(); ++c)
            m_rows->setItem(
                    r, c,
                    item(sample.rows.at(r).at(c),
                         c == 0 ? QVariant(sample.rows.at(r).at(c).toLongLong()) : QVariant()));
    });
}

void IntegrityPage::refreshOrphans()
{
    if (!m_worker->isOpen())
        return;
    m_orphanSummary->setText(tr("Looking for file records without a client…"));
    m_jobs->run([](Session &s) { return s.orphans().preview(kPreviewRows); },
                [this](const Result<OrphanPreview> &preview) {
                    if (!preview) {
                        m_orphanSummary->setText(tr("The orphaned records could not be listed: %1")
                                                         .arg(preview.error().message()));
                        return;
                    }
                    showPreview(preview.value());
                    emit orphansLoaded(m_orphanCount);
                });
}

void IntegrityPage::showPreview(const OrphanPreview &preview)
{
    const QLocale locale;
    m_preview = preview;
    m_orphanCount = preview.count;
    if (preview.count == 0)
        m_orphanSummary->setText(tr("No file record lacks its client."));
    else if (preview.rows.size() < preview.count)
        m_orphanSummary->setText(
                tr("%1 file records belong to no client; the first %2 are shown.")
                        .arg(locale.toString(preview.count), locale.toString(preview.rows.size())));
    else
        m_orphanSummary->setText(
                tr("%n file record(s) belong to no client.", nullptr, int(preview.count)));
    fillTable(m_orphans, int(preview.rows.size()), [this, &preview](int r) {
        const FileRecord &f = preview.rows.at(r);
        m_orphans->setItem(r, 0, item(f.fileName));
        m_orphans->setItem(r, 1, item(f.pathName));
        m_orphans->setItem(r, 2, sizeItem(f.fileSize));
        m_orphans->setItem(r, 3, item(f.modificationDate));
        m_orphans->setItem(r, 4, item(f.verified ? tr("yes") : tr("no")));
        m_orphans->setItem(r, 5, item(idText(f.clientId)));
        m_orphans->setItem(r, 6, item(QString::number(f.rowId), f.rowId));
    });
    updateButtons();
}

void IntegrityPage::cleanUpOrphans()
{
    if (!m_jobs->isIdle())
        return;
    if (m_orphanCount <= 0) {
        m_banner->showMessage(MessageBanner::Kind::Information,
                              tr("There are no orphaned file records to clean up."));
        return;
    }
    const QString folder = backupFolder();
    if (!confirmAction(
                this, QStringLiteral("orphanCleanupConfirmation"),
                tr("Clean up orphaned file records"),
                tr("Delete %n file record(s) that belong to no client?", nullptr,
                   int(m_orphanCount)),
                tr("A backup of the database is taken and verified first, in %1. Only then are "
                   "the records deleted, in small batches; each is checked again to still lack "
                   "its client. An audit entry records what was removed.")
                        .arg(QDir::toNativeSeparators(folder)),
                tr("Back up and &delete")))
        return;

    const AppConfig config = m_config;
    auto cleanup = [config](Session &s, const ProgressCallback &progress,
                            const CancelFlag *cancel) {
        return s.orphans().cleanup(backupFolderFor(config, s.path()), 500, progress, cancel);
    };
    m_jobs->runLong(
            tr("Cleaning up orphans"), underMaintenanceLock(QStringLiteral("orphans --fix"), cleanup), [this](const Result<OrphanCleanupResult> &result) {
                const QLocale locale;
                if (!result) {
                    m_banner->showMessage(
                            result.error().kind() == DbError::Kind::Cancelled
                                    ? MessageBanner::Kind::Information
                                    : MessageBanner::Kind::Error,
                            tr("The cleanup stopped: %1").arg(result.error().message()));
                    emit cleanupFinished(false);
                } else {
                    const QString backup = QDir::toNativeSeparators(result->backupPath);
                    if (result->cancelled)
                        m_banner->showMessage(
                                MessageBanner::Kind::Warning,
                                tr("Cancelled after deleting %1 of %2 orphaned file records. "
                                   "The backup taken "
                                   "first is %3. An audit entry was written.")
                                        .arg(locale.toString(result->deleted),
                                             locale.toString(result->found), backup));
                    else if (result->found == 0)
                        m_banner->showMessage(MessageBanner::Kind::Information,
                                              tr("No orphaned file records were left to delete; "
                                                 "nothing was changed."));
                    else
                        m_banner->showMessage(MessageBanner::Kind::Success,
                                              tr("Deleted %1 of %2 orphaned file records. A "
                                                 "verified backup was taken "
                                                 "first: %3. An audit entry was written.")
                                                      .arg(locale.toString(result->deleted),
                                                           locale.toString(result->found), backup));
                    emit cleanupFinished(true);
                }
                // Also after a failure: batches deleted before it stay deleted, the backup stays.
                m_worker->notifyDataChanged(DatabaseWorker::DataChange::Files
                                                    | DatabaseWorker::DataChange::Backups
                                                    | DatabaseWorker::DataChange::Audit,
                                            this);
                refreshOrphans();
                runQuickCheck(); // the findings shown are out of date now
            });
}

} // namespace backupdb::ui
