#include "integritypage.h"

#include "worker/databaseworker.h"

namespace backupdb::ui {

IntegrityPage::IntegrityPage(DatabaseWorker *worker, QWidget *parent) : QWidget(parent), m_worker(worker) { }

} // namespace backupdb::ui
