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
    // update(): the row count changes from oldRows to newRows at the end of the table, the rows
    // before stay (no reset: the view keeps its selection and scroll position).
    std::function<void(int oldRows, int newRows)> aboutToResize;
    std::function<void()> resized;
    std::function<void(const DbError &error)> failed;
};

} // namespace backupdb::ui
