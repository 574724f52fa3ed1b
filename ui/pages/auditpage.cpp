#include "auditpage.h"

#include "worker/databaseworker.h"

namespace backupdb::ui {

AuditPage::AuditPage(DatabaseWorker *worker, QWidget *parent) : QWidget(parent), m_worker(worker) { }

} // namespace backupdb::ui
