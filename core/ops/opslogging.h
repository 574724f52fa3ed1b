// Logging categories of the operations area (O4), beside the core's in common/logging.h.
#pragma once

#include <QLoggingCategory>

namespace backupdb {
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcMetrics)
} // namespace backupdb
