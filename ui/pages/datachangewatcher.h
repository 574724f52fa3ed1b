// Keeps a page in step with changes other pages make (DatabaseWorker::dataChanged): the page's
// refresh function runs at once while the page is visible, else once, when it is next shown
// (a hidden page does not query for data nobody sees). A restore (DataChange::Everything) is
// delivered at once to every page. Changes announced by the page itself (origin) are skipped:
// it has updated itself. A new session drops what was pending (the pages reload anyway).
// Thread-safety: GUI thread only.
#pragma once

#include "worker/databaseworker.h"

#include <QObject>
#include <functional>

class QWidget;

namespace backupdb::ui {

class DataChangeWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DataChangeWatcher)

public:
    using Changes = DatabaseWorker::DataChanges;
    using Refresh = std::function<void(Changes)>;

    // page: the owner (parent) and the widget whose visibility counts; interest: the changes
    // the page shows; refresh gets those of them that happened since it last ran.
    DataChangeWatcher(DatabaseWorker *worker, QWidget *page, Changes interest, Refresh refresh);

    Changes pending() const { return m_pending; }
    bool isStale() const { return m_pending != Changes(); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onDataChanged(Changes what, const QObject *origin);
    void deliver();

    QWidget *m_page;
    Changes m_interest;
    Refresh m_refresh;
    Changes m_pending;
};

} // namespace backupdb::ui
