#include "opslogging.h"

namespace backupdb {
Q_LOGGING_CATEGORY(lcConfig, "backupdb.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMetrics, "backupdb.metrics", QtInfoMsg)
} // namespace backupdb
