// backupdb-bench --scale: how each cost grows with the database. The measures run at 100,000
// and 1,000,000 files (and 10,000,000 with --scale 10m), each printed per operation (or per
// row), with the growth exponent k of time ~ n^k fitted through every size (least squares on
// log-log): near 0 is O(1) or O(log n), near 1 is O(n). Those that must not grow (statistics, point
// lookup, page fetch, first and last page in the window) fail above kFlatExponent; the scans
// may grow linearly and say so. The chart (Qt Charts, log–log, each measure against its own
// time at the smallest size, with the O(1), O(log n) and O(n) lines) goes into a PNG.
#pragma once

#include <QList>
#include <QString>

namespace backupdb::bench {

constexpr double kFlatExponent = 0.25;

int runScale(const QString &folder, const QList<qint64> &fileCounts, const QString &chartPath);

} // namespace backupdb::bench
