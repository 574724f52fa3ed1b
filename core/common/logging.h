// Logging categories, one per area (O4). Enable with QT_LOGGING_RULES, e.g.
// "backupdb.query.debug=true".
#pragma once

#include <QLoggingCategory>

namespace backupdb {
Q_DECLARE_LOGGING_CATEGORY(lcPool)
Q_DECLARE_LOGGING_CATEGORY(lcQuery)
Q_DECLARE_LOGGING_CATEGORY(lcSchema)
Q_DECLARE_LOGGING_CATEGORY(lcBackup)
Q_DECLARE_LOGGING_CATEGORY(lcIntegrity)
Q_DECLARE_LOGGING_CATEGORY(lcAudit)
} // namespace backupdb
