#include "benchstall.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QScrollBar>
#include <algorithm>
#include <vector>

namespace backupdb::bench {

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

QString paintSummary()
{
    auto *app = dynamic_cast<TimedApplication *>(QCoreApplication::instance());
    std::vector<qint64> paints = app ? app->takePaints() : std::vector<qint64>();
    if (paints.empty())
        return QStringLiteral("no window paints");
    std::sort(paints.begin(), paints.end());
    const auto at = [&](double q) {
        return double(paints[std::min(paints.size() - 1, size_t(q * double(paints.size())))]) / 1e6;
    };
    return QStringLiteral("%1 window paints, median %2 ms, 99th percentile %3 ms")
            .arg(paints.size())
            .arg(at(0.5), 0, 'f', 1)
            .arg(at(0.99), 0, 'f', 1);
}

Scroll scrollInSteps(QTableView *view, const std::function<bool()> &shown, int maxSteps,
                     int budgetMs)
{
    Scroll scroll;
    QScrollBar *bar = view->verticalScrollBar();
    QElapsedTimer elapsed;
    elapsed.start();
    for (int value = bar->value(); scroll.steps < maxSteps; value += std::max(1, bar->pageStep())) {
        bar->setValue(std::min(value, bar->maximum()));
        QCoreApplication::processEvents(); // the view paints and asks for what it shows
        ++scroll.steps;
        if (!shown()) {
            ++scroll.waits;
            if (!waitUntil(shown, kWaitMs)) {
                scroll.stopped = QStringLiteral("rows at %1 did not load").arg(bar->value());
                break;
            }
        }
        if (value >= bar->maximum())
            break;
        if (elapsed.elapsed() > budgetMs) {
            scroll.stopped = QStringLiteral("stopped at row %1 after %2 s")
                                     .arg(view->rowAt(0))
                                     .arg(budgetMs / 1000);
            break;
        }
    }
    scroll.ms = double(elapsed.nsecsElapsed()) / 1e6;
    return scroll;
}

} // namespace backupdb::bench
