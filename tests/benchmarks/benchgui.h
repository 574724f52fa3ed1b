// GUI measures of backupdb-bench: the real main window, offscreen, over the benchmark's
// database. They run in a child process of the benchmark (the same program with --gui-child),
// so that the resident memory is the window's, not that of the fixture that made the data.
//   gui_launch_to_rows  ms from the child's start to the files table's first page
//   gui_launch_writer   the same while another process inserts
//   gui_first_page  ms from the database being open to the first page's rows in the files model
//   gui_last_page   ms from Ctrl+End in the files view to the last page's rows in the model
//   gui_stall_scroll  the longest gap of a 5 ms timer on the GUI thread while the files view is
//                   scrolled top to bottom in page steps, waiting for rows as a user would
//   gui_stall_sort  the same while the files are sorted by size and by name, both ways, then
//                   unsorted, each order followed by 20 page steps
//   gui_stall_pages the same while every page of the window is shown in turn, three rounds
//   gui_stall_writer the same while the view scrolls 1,500 page steps and another process
//                   inserts (the live refresh following it)
//   gui_max_stall   the longest of the four, named by the operation and the slowest event
//                   delivered in its longest gap
//   gui_rss         VmRSS in MB after that scroll and back up (in jumps of 100 pages)
//   gui_rss_growth  VmRSS in MB that a second round trip (in jumps) added
#pragma once

#include "benchmeasures.h"

#include <QApplication>
#include <QList>
#include <utility>
#include <vector>

namespace backupdb::bench {

// The benchmark's application: times every event delivered on the GUI thread (outermost
// only), so that a stall can be named by the event that took the time.
class TimedApplication : public QApplication
{
public:
    TimedApplication(int &argc, char **argv) : QApplication(argc, argv) { }
    bool notify(QObject *receiver, QEvent *event) override;
    // The slowest event since the last reset: ms and "event type to class 'name'".
    double slowestMs() const { return double(m_slowestNs) / 1e6; }
    QString slowest() const { return m_slowest; }
    void resetSlowest();
    // The durations (ns) of the window paints delivered (UpdateRequest to a top-level widget)
    // since the last takePaints().
    std::vector<qint64> takePaints() { return std::exchange(m_paints, {}); }

private:
    int m_depth = 0; // GUI thread only
    qint64 m_slowestNs = 0;
    QString m_slowest;
    std::vector<qint64> m_paints;
};

// In the benchmark: runs the child and reads its measures; a child that fails still gives
// every line (as failures with the reason in the note).
QList<Measure> guiMeasures(const QString &database, const QString &folder, const Sizes &sizes);

// In the child (--gui-child): measures the window over database and prints the results.
// launchedAtMs: when the benchmark started the child (ms since the epoch), for launch-to-rows.
// stopAfter: the measure after which the child stops (empty: all of them).
int runGuiChild(const QString &database, const QString &folder, qint64 launchedAtMs,
                const QString &stopAfter);

// gui_first_page and gui_last_page only (the child stops there): for the scale run.
QList<Measure> guiPageMeasures(const QString &database, const QString &folder);

} // namespace backupdb::bench
