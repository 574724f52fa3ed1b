// What a lazy table model asks the database for, as functions of the Session that run on the
// worker: the row count, the page anchors and one page of rows. A model builds a new source
// (capturing its query by value) on every filter or sort change.
// Thread-safety: the functions run on worker threads; they must capture values only.
#pragma once

#include "session.h"

#include <functional>

namespace backupdb::ui {

enum class PageDirection {
    Forward, // rows after `after`, in the query's order
    Backward, // rows after `after` in the reversed order: the rows before it, nearest first
};

template<typename Row> struct PageSource
{
    std::function<Result<qint64>(Session &)> count;
    std::function<Result<QList<KeysetPosition>>(Session &, int pageSize, const CancelFlag *)>
            anchors;
    std::function<Result<Page<Row>>(Session &, const KeysetPosition &after, PageDirection,
                                    int limit)>
            page;
};

} // namespace backupdb::ui
