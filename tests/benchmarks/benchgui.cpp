#include "benchgui.h"
#include "benchstall.h"

#include "mainwindow.h"
#include "models/filetablemodel.h"
#include "models/pagedtablemodel.h"
#include "worker/databaseworker.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHeaderView>
#include <QKeyEvent>
#include <QListWidget>
#include <QMetaEnum>
#include <QProcess>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <sqlite3.h>
#include <thread>

namespace backupdb::bench {

namespace {

constexpr int kScrollBudgetMs = 300'000; // the whole scroll; stops there (and says so)
constexpr int kWriterSteps = 1500; // the scroll beside a writer: ~75,000 rows
constexpr double kNotMeasured = std::numeric_limits<double>::quiet_NaN();

struct GuiGoal
{
    const char *name;
    const char *unit;
    double goal;
};
constexpr GuiGoal kGoals[] = { { "gui_launch_to_rows", "ms", 300 },
                               { "gui_launch_writer", "ms", 300 },
                               { "gui_first_page", "ms", 300 },
                               { "gui_last_page", "ms", 300 },
                               { "gui_stall_scroll", "ms", 25 },
                               { "gui_stall_sort", "ms", 25 },
                               { "gui_stall_pages", "ms", 25 },
                               { "gui_stall_writer", "ms", 25 },
                               { "gui_max_stall", "ms", 25 },
                               { "gui_rss", "MB", 150 },
                               { "gui_rss_growth", "MB", 10 } };

bool isLoaded(const QAbstractItemModel *model, int row)
{
    return model->index(row, 0).data(ui::PagedTableModel::LoadedRole).toBool();
}

double residentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return kNotMeasured;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return kNotMeasured;
}

void report(const char *name, double value, const QString &note)
{
    std::printf("GUI %s %.6g %s\n", name, value, qPrintable(note));
    std::fflush(stdout);
}

} // namespace

bool TimedApplication::notify(QObject *receiver, QEvent *event)
{
    if (QThread::currentThread() != thread() || m_depth > 0)
        return QApplication::notify(receiver, event);
    // Taken before: the event may delete its receiver (DeferredDelete) and itself.
    const int eventType = event->type();
    const char *className = receiver->metaObject()->className();
    const QString name = receiver->objectName();
    ++m_depth;
    QElapsedTimer timer;
    timer.start();
    const bool handled = QApplication::notify(receiver, event);
    const qint64 ns = timer.nsecsElapsed();
    --m_depth;
    if (eventType == QEvent::UpdateRequest && m_paints.size() < 1'000'000)
        m_paints.push_back(ns);
    if (ns > m_slowestNs) {
        m_slowestNs = ns;
        const char *type = QMetaEnum::fromType<QEvent::Type>().valueToKey(eventType);
        m_slowest = QStringLiteral("%1 to %2 '%3'")
                            .arg(type ? QString::fromLatin1(type) : QString::number(eventType),
                                 QString::fromLatin1(className), name);
    }
    return handled;
}

void TimedApplication::resetSlowest()
{
    m_slowestNs = 0;
    m_slowest.clear();
}

int runGuiChild(const QString &database, const QString &folder, qint64 launchedAtMs,
                const QString &stopAfter)
{
    // The window keeps its state in QSettings: in test mode it goes to a test folder, not to
    // the user's settings.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("BackupDB"));
    QCoreApplication::setApplicationName(QStringLiteral("backupdb-bench-gui"));
    QSettings().clear();

    QElapsedTimer clock;
    clock.start();
    const auto nowMs = [&] {
        return double(clock.nsecsElapsed()) / 1e6;
    };

    ui::MainWindowOptions options;
    options.databasePath = database;
    options.configPath = folder + QStringLiteral("/bench-gui.ini");
    options.openLastDatabase = false;
    options.offerDemoDatabase = false;
    auto window = std::make_unique<ui::MainWindow>(options);
    double sessionAt = -1;
    QObject::connect(window->worker(), &ui::DatabaseWorker::sessionChanged, window.get(), [&] {
        if (sessionAt < 0)
            sessionAt = nowMs();
    });
    QString openError;
    QObject::connect(window.get(), &ui::MainWindow::databaseOpenFailed, window.get(),
                     [&](const QString &, const QString &message) { openError = message; });
    window->resize(1600, 1200); // a full-HD screen's window: more rows per page step
    window->show();
    auto *files = window->findChild<QTableView *>(QStringLiteral("filesView"));
    if (!files) {
        std::fprintf(stderr, "bench gui: no files view\n");
        return 1;
    }
    QAbstractItemModel *model = files->model();
    const int pageSize = 200; // PageLoader's default, which the files model uses

    // 1. The first page: the view asks for it when it paints, as soon as the count is known.
    const bool first = waitUntil(
            [&] {
                const int rows = model->rowCount();
                return !openError.isEmpty()
                        || (rows > 0 && isLoaded(model, 0)
                            && isLoaded(model, std::min(rows, pageSize) - 1));
            },
            kWaitMs);
    const int rows = model->rowCount();
    if (!first || !openError.isEmpty() || sessionAt < 0) {
        report("gui_first_page", kNotMeasured,
               QStringLiteral("the first page did not load: %1").arg(openError));
        return 1;
    }
    const double firstAt = nowMs();
    const qint64 launchToRows = QDateTime::currentMSecsSinceEpoch() - launchedAtMs;
    const auto session = window->worker()->session();
    const bool checksBehind = session && !session->integrity().lastReport();
    report("gui_launch_to_rows", launchedAtMs > 0 ? double(launchToRows) : kNotMeasured,
           QStringLiteral("from the process's start to the files table's first %1 rows, "
                          "the open-time checks %2")
                   .arg(std::min(rows, pageSize))
                   .arg(checksBehind ? QStringLiteral("still running behind them")
                                     : QStringLiteral("already done")));
    if (stopAfter == QLatin1String("gui_launch_to_rows"))
        return 0;
    StallMeter meter(nowMs);
    const auto *paged = qobject_cast<const ui::PagedTableModel *>(model);
    const auto shown = [&] {
        const int count = model->rowCount();
        if (count == 0)
            return true;
        const int top = std::max(0, files->rowAt(0));
        int bottom = files->rowAt(files->viewport()->height() - 1);
        if (bottom < 0)
            bottom = count - 1;
        return isLoaded(model, top) && isLoaded(model, bottom);
    };
    if (stopAfter == QLatin1String("gui_stall_writer")) {
        // The benchmark launched this window with another process writing beside it; now
        // the files view scrolls while that goes on, the live refresh following its rows.
        waitUntil([] { return false; }, 200);
        const int rowsBefore = model->rowCount();
        meter.start();
        const Scroll scroll = scrollInSteps(files, shown, kWriterSteps, kScrollBudgetMs);
        meter.stop();
        report("gui_stall_writer", scroll.steps > 1 ? meter.longestMs() : kNotMeasured,
               QStringLiteral("%1 page steps in %2 s while another process wrote; the files "
                              "table's rows %3 -> %4 meanwhile%5%6")
                       .arg(scroll.steps)
                       .arg(scroll.ms / 1000, 0, 'f', 1)
                       .arg(rowsBefore)
                       .arg(model->rowCount())
                       .arg(meter.details(),
                            scroll.stopped.isEmpty() ? QString() : QStringLiteral("; ") + scroll.stopped));
        return scroll.stopped.isEmpty() ? 0 : 1;
    }
    report("gui_first_page", firstAt - sessionAt,
           QStringLiteral("%1 rows; after the database was open (opening it, its checks "
                          "deferred: %2 ms; from the window's creation: %3 ms)")
                   .arg(rows)
                   .arg(sessionAt, 0, 'f', 0)
                   .arg(firstAt, 0, 'f', 0));
    waitUntil([] { return false; }, 200); // let the start-up settle (other pages, the status)

    // 2. The last page: Ctrl+End in the files view, as a user would press it.
    const int lastPageFirstRow = (rows - 1) / pageSize * pageSize;
    files->setFocus();
    const double endPressed = nowMs();
    QKeyEvent press(QEvent::KeyPress, Qt::Key_End, Qt::ControlModifier);
    QApplication::sendEvent(files, &press);
    QKeyEvent release(QEvent::KeyRelease, Qt::Key_End, Qt::ControlModifier);
    QApplication::sendEvent(files, &release);
    const bool last = waitUntil(
            [&] { return isLoaded(model, rows - 1) && isLoaded(model, lastPageFirstRow); },
            kWaitMs);
    report("gui_last_page", last ? nowMs() - endPressed : kNotMeasured,
           last ? QStringLiteral("rows %1..%2").arg(lastPageFirstRow).arg(rows - 1)
                : QStringLiteral("the last page did not load"));
    if (stopAfter == QLatin1String("gui_last_page"))
        return last ? 0 : 1;

    // 3. The scroll, top to bottom in page steps, each step waiting for its rows; the stall
    // meter's 5 ms timer measures how long the GUI thread is kept from it.
    QScrollBar *bar = files->verticalScrollBar();
    files->scrollToTop();
    waitUntil([&] { return isLoaded(model, 0); }, kWaitMs);
    const int requestsBefore = paged ? paged->loaderStats().pageRequests : 0;
    meter.start();
    const Scroll scroll = scrollInSteps(files, shown, std::numeric_limits<int>::max(),
                                        kScrollBudgetMs);
    meter.stop();
    const int requests = (paged ? paged->loaderStats().pageRequests : 0) - requestsBefore;
    // A scroll cut short by the budget still gives the longest stall of what it did (noted).
    report("gui_stall_scroll", scroll.steps > 1 ? meter.longestMs() : kNotMeasured,
           QStringLiteral("%1 page steps of %2 rows in %3 s (%4 waits for rows, %5 page reads, "
                          "%6 timer ticks)%7%8")
                   .arg(scroll.steps)
                   .arg(bar->pageStep())
                   .arg(scroll.ms / 1000, 0, 'f', 1)
                   .arg(scroll.waits)
                   .arg(requests)
                   .arg(meter.ticks())
                   .arg(meter.details(),
                        scroll.stopped.isEmpty() ? QString() : QStringLiteral("; ") + scroll.stopped));
    const bool complete = scroll.stopped.isEmpty();
    // 4. Back to the top, then down and up once more, in jumps of 100 pages, each waiting for
    // its rows: the memory after the first round trip, and what the second added (a bounded
    // cache and no leak add nothing).
    const auto jumpPass = [&](bool down) {
        const int jump = std::max(1, bar->pageStep() * 100);
        for (int value = down ? 0 : bar->maximum();;) {
            bar->setValue(value);
            QCoreApplication::processEvents();
            if (!waitUntil(shown, kWaitMs))
                return false;
            if (down ? value >= bar->maximum() : value <= 0)
                return true;
            value = down ? std::min(bar->maximum(), value + jump) : std::max(0, value - jump);
        }
    };
    const bool back = complete && jumpPass(false);
    const double afterFirst = residentMiB();
    report("gui_rss", back ? afterFirst : kNotMeasured,
           QStringLiteral("VmRSS after the scroll down and back up (MiB); %1 pages cached in the "
                          "files model")
                   .arg(paged ? paged->loaderStats().cachedPages : -1));
    const int readsBefore = paged ? paged->loaderStats().pageRequests : 0;
    const bool again = back && jumpPass(true) && jumpPass(false);
    report("gui_rss_growth", again ? residentMiB() - afterFirst : kNotMeasured,
           QStringLiteral("VmRSS added by a second round trip (MiB), %1 page reads")
                   .arg((paged ? paged->loaderStats().pageRequests : 0) - readsBefore));

    // 5. Sorting by indexed columns, as a click on a header does (ascending, then
    // descending), each order followed by 20 page steps down, then the table's own order.
    QHeaderView *header = files->horizontalHeader();
    int resets = 0;
    QObject::connect(model, &QAbstractItemModel::modelReset, window.get(), [&] { ++resets; });
    files->scrollToTop();
    const std::pair<int, Qt::SortOrder> orders[] = {
        { ui::FileTableModel::Size, Qt::AscendingOrder }, { ui::FileTableModel::Size, Qt::DescendingOrder },
        { ui::FileTableModel::Name, Qt::AscendingOrder }, { ui::FileTableModel::Name, Qt::DescendingOrder },
        { -1, Qt::AscendingOrder }
    };
    int sorts = 0;
    meter.start();
    for (const auto &[section, order] : orders) {
        const int before = resets;
        header->setSortIndicator(section, order);
        if (!waitUntil([&] { return resets > before && shown(); }, kWaitMs))
            break;
        if (!scrollInSteps(files, shown, 20, kWaitMs).stopped.isEmpty())
            break;
        files->scrollToTop();
        ++sorts;
    }
    meter.stop();
    const bool sorted = sorts == int(std::size(orders));
    report("gui_stall_sort", sorted ? meter.longestMs() : kNotMeasured,
           QStringLiteral("%1 of %2 orders (size and name, each both ways, then none), each "
                          "followed by 20 page steps%3")
                   .arg(sorts)
                   .arg(std::size(orders))
                   .arg(meter.details()));

    // 6. Every page of the window in turn, three rounds, 250 ms on each (each page loads what
    // it shows when it is shown), back to the files at the end.
    auto *navigation = window->findChild<QListWidget *>(QStringLiteral("navigation"));
    const int home = navigation ? navigation->currentRow() : -1;
    int switches = 0;
    double longest = 0;
    QString longestAt;
    for (int round = 0; navigation && round < 3; ++round) {
        for (int row = 0; row < navigation->count(); ++row) {
            meter.start();
            navigation->setCurrentRow(row);
            waitUntil([] { return false; }, 250);
            meter.stop();
            ++switches;
            if (meter.longestMs() > longest) {
                longest = meter.longestMs();
                longestAt = QStringLiteral("; longest on showing %1 (round %2)%3")
                                    .arg(navigation->item(row)->text())
                                    .arg(round + 1)
                                    .arg(meter.details());
            }
        }
    }
    if (navigation)
        navigation->setCurrentRow(home);
    report("gui_stall_pages", switches > 0 ? longest : kNotMeasured,
           QStringLiteral("%1 page switches over %2 pages, 250 ms on each%3")
                   .arg(switches)
                   .arg(navigation ? navigation->count() : 0)
                   .arg(longestAt));
    window.reset();
    return complete && again && sorted && switches > 0 ? 0 : 1;
}

namespace {

// Another process's writes during a launch, the way the server writes: one file row per
// transaction, for one client, until stopped; the rows are taken away again afterwards.
class BesideWriter
{
public:
    explicit BesideWriter(const QString &database)
    {
        if (sqlite3_open_v2(database.toUtf8().constData(), &m_db, SQLITE_OPEN_READWRITE, nullptr)
            != SQLITE_OK)
            return;
        sqlite3_busy_timeout(m_db, 5000);
        m_thread = std::thread([this] { run(); });
    }
    ~BesideWriter()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
        if (m_db) {
            sqlite3_exec(m_db, "DELETE FROM files WHERE FileName = 'bench-beside-writer'", nullptr,
                         nullptr, nullptr);
            sqlite3_close(m_db);
        }
    }
    qint64 rows() const { return m_rows.load(); }

private:
    void run()
    {
        sqlite3_stmt *insert = nullptr;
        if (sqlite3_prepare_v2(m_db,
                               "INSERT INTO files (ID, FileName, PathName, Verified, FileSize, "
                               "ClientID) VALUES (randomblob(16), 'bench-beside-writer', '/srv', "
                               "0, 1, (SELECT ID FROM clients LIMIT 1))",
                               -1, &insert, nullptr)
            != SQLITE_OK)
            return;
        while (!m_stop) {
            if (sqlite3_step(insert) == SQLITE_DONE)
                ++m_rows;
            sqlite3_reset(insert);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        sqlite3_finalize(insert);
    }

    sqlite3 *m_db = nullptr;
    std::thread m_thread;
    std::atomic<bool> m_stop { false };
    std::atomic<qint64> m_rows { 0 };
};

// Runs the child and gives its lines "GUI name value note...", the exit in finished.
QStringList runChild(const QString &database, const QString &folder, const QString &stopAfter,
                     bool *finished, QString *error)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QStringList arguments { QStringLiteral("--gui-child"), database, QStringLiteral("--dir"),
                            folder, QStringLiteral("--launched-at"),
                            QString::number(QDateTime::currentMSecsSinceEpoch()) };
    if (!stopAfter.isEmpty())
        arguments << QStringLiteral("--stop-after") << stopAfter;
    child.start(QCoreApplication::applicationFilePath(), arguments);
    *finished = child.waitForFinished(kScrollBudgetMs + 4 * kWaitMs)
            && child.exitStatus() == QProcess::NormalExit;
    if (!*finished) {
        child.kill();
        child.waitForFinished();
        *error = child.errorString();
    }
    return QString::fromUtf8(child.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

void take(const QStringList &lines, QList<Measure> &measures, const QString &rename = {})
{
    for (const QString &line : lines) {
        const QStringList parts = line.split(QLatin1Char(' '));
        if (parts.size() < 3 || parts.at(0) != QLatin1String("GUI"))
            continue;
        const QString name = rename.isEmpty() ? parts.at(1) : rename;
        for (Measure &m : measures) {
            if (m.name == name) {
                bool ok = false;
                const double value = parts.at(2).toDouble(&ok);
                m.value = ok ? value : kNotMeasured;
                m.note = parts.mid(3).join(QLatin1Char(' '));
            }
        }
    }
}

} // namespace

QList<Measure> guiPageMeasures(const QString &database, const QString &folder)
{
    QList<Measure> measures;
    for (const char *name : { "gui_first_page", "gui_last_page" })
        measures.append(Measure { QString::fromLatin1(name), QStringLiteral("ms"), 300, 0, 0,
                                  kNotMeasured, QStringLiteral("not measured") });
    bool finished = false;
    QString error;
    take(runChild(database, folder, QStringLiteral("gui_last_page"), &finished, &error), measures);
    return measures;
}

QList<Measure> guiMeasures(const QString &database, const QString &folder, const Sizes &)
{
    QList<Measure> measures;
    for (const GuiGoal &g : kGoals)
        measures.append(Measure { QString::fromLatin1(g.name), QString::fromLatin1(g.unit), g.goal,
                                  0, 0, kNotMeasured, QStringLiteral("not measured") });
    bool finished = false;
    QString error;
    take(runChild(database, folder, QString(), &finished, &error), measures);
    // The launch again, with the server writing beside it, and a scroll while it writes.
    bool besideFinished = false;
    QString besideError;
    qint64 besideRows = 0;
    {
        BesideWriter writer(database);
        QStringList launch, rest;
        for (const QString &line : runChild(database, folder, QStringLiteral("gui_stall_writer"),
                                            &besideFinished, &besideError))
            (line.startsWith(QLatin1String("GUI gui_launch_to_rows ")) ? launch : rest).append(line);
        besideRows = writer.rows();
        take(launch, measures, QStringLiteral("gui_launch_writer"));
        take(rest, measures);
    }
    const auto besideRun = [](const Measure &m) {
        return m.name == QLatin1String("gui_launch_writer")
                || m.name == QLatin1String("gui_stall_writer");
    };
    for (Measure &m : measures) {
        if (m.name == QLatin1String("gui_launch_writer") && !std::isnan(m.value))
            m.note += QStringLiteral("; another process wrote %1 file rows, one per transaction, "
                                     "during the launch and the scroll").arg(besideRows);
        const bool ok = besideRun(m) ? besideFinished : finished;
        if (!ok && std::isnan(m.value))
            m.note = QStringLiteral("the GUI child did not finish (%1)")
                             .arg(besideRun(m) ? besideError : error);
    }
    // The longest stall of all, named by the operation and the event that took it.
    Measure *overall = nullptr;
    const Measure *slowest = nullptr;
    bool allMeasured = true;
    for (Measure &m : measures) {
        if (m.name == QLatin1String("gui_max_stall"))
            overall = &m;
        else if (m.name.startsWith(QLatin1String("gui_stall_"))) {
            allMeasured = allMeasured && !std::isnan(m.value);
            if (!std::isnan(m.value) && (!slowest || m.value > slowest->value))
                slowest = &m;
        }
    }
    if (overall && slowest && allMeasured) {
        overall->value = slowest->value;
        const QString cause = slowest->note.section(QStringLiteral("; longest gap's "), 1, 1);
        overall->note = QStringLiteral("the longest of scroll, sort, pages and writer: %1%2")
                                .arg(slowest->name.mid(10),
                                     cause.isEmpty() ? QString() : QStringLiteral(", ") + cause);
    } else if (overall) {
        overall->note = QStringLiteral("not every stall was measured");
    }
    return measures;
}

} // namespace backupdb::bench
