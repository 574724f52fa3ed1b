#include "dashboardpage.h"

#include "worker/databaseworker.h"

namespace backupdb::ui {

DashboardPage::DashboardPage(DatabaseWorker *worker, QWidget *parent) : QWidget(parent), m_worker(worker) { }

} // namespace backupdb::ui
