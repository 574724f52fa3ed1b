// GUI measures of backupdb-bench: the real main window, offscreen, over the benchmark's
// database. They run in a child process of the benchmark (the same program with --gui-child),
// so that the resident memory is the window's, not that of the fixture that made the data.
//   gui_first_page  ms from the database being open to the first page's rows in the files model
//   gui_last_page   ms from Ctrl+End in the files view to the last page's rows in the model
//   gui_max_stall   the longest gap of a 5 ms timer on the GUI thread while the files view is
//                   scrolled top to bottom in page steps, waiting for rows as a user would
//   gui_rss         VmRSS in MB after that scroll
#pragma once

#include "benchmeasures.h"

#include <QList>

namespace backupdb::bench {

// In the benchmark: runs the child and reads its measures; a child that fails still gives
// every line (as failures with the reason in the note).
QList<Measure> guiMeasures(const QString &database, const QString &folder, const Sizes &sizes);

// In the child (--gui-child): measures the window over database and prints the results.
// launchedAtMs: when the benchmark started the child (ms since the epoch), for launch-to-rows.
// launchOnly: stops after gui_launch_to_rows.
int runGuiChild(const QString &database, const QString &folder, qint64 launchedAtMs,
                bool launchOnly);

} // namespace backupdb::bench
