#include "datachangewatcher.h"

#include <QEvent>
#include <QWidget>

namespace backupdb::ui {

DataChangeWatcher::DataChangeWatcher(DatabaseWorker *worker, QWidget *page, Changes interest,
                                     Refresh refresh)
    : QObject(page)
    , m_page(page)
    , m_interest(interest)
    , m_refresh(std::move(refresh))
{
    connect(worker, &DatabaseWorker::dataChanged, this, &DataChangeWatcher::onDataChanged);
    connect(worker, &DatabaseWorker::sessionChanged, this, [this] { m_pending = Changes(); });
    m_page->installEventFilter(this);
}

void DataChangeWatcher::onDataChanged(Changes what, const QObject *origin)
{
    if (origin == m_page)
        return;
    const Changes relevant = what & m_interest;
    if (!relevant)
        return;
    const bool replaced = what.testFlag(DatabaseWorker::DataChange::Everything);
    m_pending |= replaced ? what : relevant; // refresh() tells a reload from an update by it
    if (replaced || m_page->isVisible())
        deliver();
}

bool DataChangeWatcher::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_page && event->type() == QEvent::Show && isStale())
        deliver();
    return QObject::eventFilter(watched, event);
}

void DataChangeWatcher::deliver()
{
    const Changes changes = m_pending;
    m_pending = Changes();
    m_refresh(changes);
}

} // namespace backupdb::ui
