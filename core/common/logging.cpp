#include "logging.h"

namespace backupdb {
Q_LOGGING_CATEGORY(lcPool, "backupdb.pool", QtInfoMsg)
Q_LOGGING_CATEGORY(lcQuery, "backupdb.query", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSchema, "backupdb.schema", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBackup, "backupdb.backup", QtInfoMsg)
Q_LOGGING_CATEGORY(lcIntegrity, "backupdb.integrity", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAudit, "backupdb.audit", QtInfoMsg)
} // namespace backupdb
