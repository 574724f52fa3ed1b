// Placeholder: the page is being built (see the GUI issue). Thread-safety: GUI thread only.
#pragma once

#include <QWidget>

namespace backupdb::ui {

class DatabaseWorker;

class DashboardPage : public QWidget
{
    Q_OBJECT

public:
    explicit DashboardPage(DatabaseWorker *worker, QWidget *parent = nullptr);

private:
    DatabaseWorker *m_worker;
};

} // namespace backupdb::ui
