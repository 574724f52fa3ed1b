#include "backupspage.h"

#include "worker/databaseworker.h"

namespace backupdb::ui {

BackupsPage::BackupsPage(DatabaseWorker *worker, QWidget *parent) : QWidget(parent), m_worker(worker) { }

} // namespace backupdb::ui
