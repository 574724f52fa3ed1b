// The integrity page (G3): quick and full checks with progress and Cancel, the report as a list
// of findings, the rows of the selected finding, and the orphaned file records with a preview
// and one "Clean up" (a verified backup first, then deletion in batches, an audit entry).
// Thread-safety: GUI thread only.
#pragma once

#include "maintenance/integritychecker.h"
#include "maintenance/orphancleaner.h"
#include "maintenance/rowinspector.h"
#include "ops/config.h"
#include "pages/pagejobs.h"

#include <QWidget>
#include <memory>
#include <optional>

class QGroupBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QTreeWidget;

namespace backupdb::ui {

class MessageBanner;

class IntegrityPage : public QWidget
{
    Q_OBJECT

public:
    explicit IntegrityPage(DatabaseWorker *worker, QWidget *parent = nullptr);

    // The backup folder used before a cleanup.
    void setConfig(const AppConfig &config);

    std::optional<IntegrityReport> report() const { return m_report; }
    qint64 orphanCount() const { return m_orphanCount; } // -1 until the preview has loaded
    bool isBusy() const;

public slots:
    // F5: a quick check and the orphan preview again.
    void refresh();
    void runQuickCheck();
    void runFullCheck();
    void refreshOrphans();
    // Asks for confirmation, then backs up and deletes the orphaned file records.
    void cleanUpOrphans();

signals:
    void checkFinished(bool succeeded);
    void orphansLoaded(qint64 count);
    void cleanupFinished(bool succeeded);
    void findingRowsLoaded(int rows);
    void reportShown(); // a report (fresh, or marked out of date) is on the page

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void reload();
    // Shows IntegrityChecker::current(): re-measured when the data changed.
    void loadCurrentReport();
    void runCheck(IntegrityReport::Depth depth);
    void showReport(const IntegrityReport &report);
    QString findingText(const IntegrityFinding &finding) const;
    void showFindingRows();
    void showRows(const RowSample &sample);
    void showPreview(const OrphanPreview &preview);
    void updateButtons();
    QString backupFolder() const;

    DatabaseWorker *m_worker;
    AppConfig m_config;
    quint64 m_rowsRequest = 0;
    // Counts the report requests (current reports and checks): an answer to an older request
    // than the newest never replaces the report shown.
    quint64 m_reportRequest = 0;
    std::optional<IntegrityReport> m_report;
    qint64 m_orphanCount = -1;
    std::optional<OrphanPreview> m_preview;

    MessageBanner *m_banner = nullptr;
    JobProgress *m_progress = nullptr;
    std::unique_ptr<PageJobs> m_jobs; // with m_progress
    QPushButton *m_quick = nullptr;
    QPushButton *m_full = nullptr;
    QGroupBox *m_findingsBox = nullptr;
    QGroupBox *m_rowsBox = nullptr;
    QGroupBox *m_orphansBox = nullptr;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_findings = nullptr;
    QLabel *m_rowsTitle = nullptr;
    QTableWidget *m_rows = nullptr;
    QLabel *m_orphanSummary = nullptr;
    QPushButton *m_refreshOrphans = nullptr;
    QPushButton *m_cleanup = nullptr;
    QTableWidget *m_orphans = nullptr;
};

} // namespace backupdb::ui
