#include "benchgui.h"

#include "mainwindow.h"
#include "models/pagedtablemodel.h"
#include "worker/databaseworker.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QKeyEvent>
#include <QMetaEnum>
#include <QProcess>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QThread>
#include <QTimer>
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

constexpr int kWaitMs = 60'000; // for one page; a miss this large is a failure, not a figure
constexpr int kScrollBudgetMs = 300'000; // the whole scroll; stops there (and says so)
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
                               { "gui_max_stall", "ms", 25 },
                               { "gui_rss", "MB", 150 },
                               { "gui_rss_growth", "MB", 10 } };

bool isLoaded(const QAbstractItemModel *model, int row)
{
    return model->index(row, 0).data(ui::PagedTableModel::LoadedRole).toBool();
}

// Runs the event loop (blocking in it, not spinning) until done() holds, checking every
// millisecond; false on timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QElapsedTimer elapsed;
    elapsed.start();
    bool ok = false;
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            ok = true;
            loop.quit();
        } else if (elapsed.elapsed() > timeoutMs) {
            loop.quit();
        }
    });
    poll.start();
    loop.exec();
    return ok;
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

    // 3. The scroll, top to bottom in page steps, each step waiting for its rows; a 5 ms timer
    // on the GUI thread measures how long the thread is kept from it.
    QScrollBar *bar = files->verticalScrollBar();
    files->scrollToTop();
    waitUntil([&] { return isLoaded(model, 0); }, kWaitMs);
    double lastTick = 0, maxGap = 0;
    qint64 ticks = 0;
    QString maxGapCause;
    auto *app = dynamic_cast<TimedApplication *>(QCoreApplication::instance());
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(5);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const double now = nowMs();
        if (now - lastTick > maxGap) {
            maxGap = now - lastTick;
            maxGapCause = app && !app->slowest().isEmpty()
                    ? QStringLiteral("slowest event in it: %1 ms, %2")
                              .arg(app->slowestMs(), 0, 'f', 1)
                              .arg(app->slowest())
                    : QString();
        }
        if (app)
            app->resetSlowest();
        lastTick = now;
        ++ticks;
    });
    const auto *paged = qobject_cast<const ui::PagedTableModel *>(model);
    const int requestsBefore = paged ? paged->loaderStats().pageRequests : 0;
    const double scrollStart = nowMs();
    lastTick = scrollStart;
    ticker.start();
    int steps = 0, waits = 0;
    bool complete = true;
    QString stopped;
    const auto shown = [&] {
        const int top = std::max(0, files->rowAt(0));
        int bottom = files->rowAt(files->viewport()->height() - 1);
        if (bottom < 0)
            bottom = rows - 1;
        return isLoaded(model, top) && isLoaded(model, bottom);
    };
    for (int value = 0;; value += std::max(1, bar->pageStep())) {
        bar->setValue(std::min(value, bar->maximum()));
        QCoreApplication::processEvents(); // the view paints and asks for what it shows
        ++steps;
        if (!shown()) {
            ++waits;
            if (!waitUntil(shown, kWaitMs)) {
                complete = false;
                stopped = QStringLiteral("rows at %1 did not load").arg(bar->value());
                break;
            }
        }
        if (value >= bar->maximum())
            break;
        if (nowMs() - scrollStart > kScrollBudgetMs) {
            complete = false;
            stopped = QStringLiteral("stopped at row %1 of %2 after %3 s")
                              .arg(bar->value())
                              .arg(rows)
                              .arg(kScrollBudgetMs / 1000);
            break;
        }
    }
    ticker.stop();
    const double scrollMs = nowMs() - scrollStart;
    const int requests = (paged ? paged->loaderStats().pageRequests : 0) - requestsBefore;
    // A scroll cut short by the budget still gives the longest stall of what it did (noted).
    report("gui_max_stall", steps > 1 ? maxGap : kNotMeasured,
           QStringLiteral("%1 page steps of %2 rows in %3 s (%4 waits for rows, %5 page reads, "
                          "%6 timer ticks)%7")
                   .arg(steps)
                   .arg(bar->pageStep())
                   .arg(scrollMs / 1000, 0, 'f', 1)
                   .arg(waits)
                   .arg(requests)
                   .arg(ticks)
                   .arg((maxGapCause.isEmpty() ? QString() : QStringLiteral("; longest gap's ") + maxGapCause)
                        + (stopped.isEmpty() ? QString() : QStringLiteral("; ") + stopped)));
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
    window.reset();
    return complete && again ? 0 : 1;
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
    // The launch again, with the server writing beside it (the launch only: no scroll).
    bool besideFinished = false;
    QString besideError;
    qint64 besideRows = 0;
    {
        BesideWriter writer(database);
        QStringList lines = runChild(database, folder, QStringLiteral("gui_launch_to_rows"),
                                     &besideFinished, &besideError);
        QStringList launch;
        for (const QString &line : lines)
            if (line.startsWith(QLatin1String("GUI gui_launch_to_rows ")))
                launch.append(line);
        besideRows = writer.rows();
        take(launch, measures, QStringLiteral("gui_launch_writer"));
    }
    for (Measure &m : measures) {
        if (m.name == QLatin1String("gui_launch_writer") && !std::isnan(m.value))
            m.note += QStringLiteral("; another process wrote %1 file rows, one per transaction, "
                                     "meanwhile").arg(besideRows);
        const bool ok = m.name == QLatin1String("gui_launch_writer") ? besideFinished : finished;
        if (!ok && std::isnan(m.value))
            m.note = QStringLiteral("the GUI child did not finish (%1)")
                             .arg(m.name == QLatin1String("gui_launch_writer") ? besideError : error);
    }
    return measures;
}

} // namespace backupdb::bench
