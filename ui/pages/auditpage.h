// The audit log and slow-query page (G5): the audit entries newest first, a page at a time
// ("Load more"), filtered by action on the database and by text among those loaded; the
// statements by total time and the recent slow statements. All tables sort by any column.
// Thread-safety: GUI thread only.
#pragma once

#include "maintenance/auditlog.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTabWidget;
class QTableView;

namespace backupdb::ui {

class DatabaseWorker;

class AuditPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kPageSize = 200;
    static constexpr int kSortRole = Qt::UserRole + 1;

    explicit AuditPage(DatabaseWorker *worker, QWidget *parent = nullptr);

    // The models behind the tables (for tests; views see them through a sorting proxy).
    QStandardItemModel *auditModel() const { return m_audit; }
    QStandardItemModel *statementModel() const { return m_statements; }
    QStandardItemModel *slowModel() const { return m_slow; }
    qint64 auditTotal() const { return m_total; }

public slots:
    // F5: the audit log from its newest entry, and the query statistics.
    void refresh();
    void refreshAudit();
    void loadMoreAudit();
    void refreshQueries();

signals:
    void auditLoaded(int rows);
    void queriesLoaded(int statements);

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void reload();
    void showQueriesStatus();
    void appendAudit(const QList<AuditEntry> &entries);
    void updateAuditStatus();

    DatabaseWorker *m_worker;
    quint64 m_generation = 0;
    quint64 m_auditRequest = 0;
    qint64 m_lastId = 0; // the oldest entry loaded; the next page starts before it
    qint64 m_total = -1;
    bool m_auditComplete = false;
    bool m_loading = false;
    qint64 m_slowThresholdMs = -1; // -1: not loaded
    qint64 m_slowTotal = 0;

    QTabWidget *m_tabs = nullptr;
    QLabel *m_actionLabel = nullptr;
    QPushButton *m_refreshAudit = nullptr;
    QLabel *m_statementsTitle = nullptr;
    QPushButton *m_refreshQueries = nullptr;
    QTableView *m_statementView = nullptr;
    QTableView *m_slowView = nullptr;
    QComboBox *m_action = nullptr;
    QLineEdit *m_filter = nullptr;
    QStandardItemModel *m_audit = nullptr;
    QSortFilterProxyModel *m_auditProxy = nullptr;
    QTableView *m_auditView = nullptr;
    QLabel *m_auditStatus = nullptr;
    QPushButton *m_loadMore = nullptr;
    QStandardItemModel *m_statements = nullptr;
    QStandardItemModel *m_slow = nullptr;
    QLabel *m_queriesStatus = nullptr;
};

} // namespace backupdb::ui
