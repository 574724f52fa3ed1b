// How a PageLoader tells its model what happened (all called on the GUI thread).
#pragma once

#include "common/error.h"

#include <functional>

namespace backupdb::ui {

struct PageLoaderHooks
{
    std::function<void()> aboutToReset; // a new row count is about to take effect
    std::function<void()> resetDone;
    std::function<void(int firstRow, int lastRow)> rowsLoaded;
    std::function<void(const DbError &error)> failed;
};

} // namespace backupdb::ui
