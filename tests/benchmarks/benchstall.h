// The GUI child's tools for its stall measures (benchgui.cpp): waiting in the event loop, the
// stall meter (the longest gap of a 5 ms timer on the GUI thread, and the slowest event the
// TimedApplication delivered in it), and a scroll in page steps as a user who reads each page.
#pragma once

#include "benchgui.h"

#include <QCoreApplication>
#include <QString>
#include <QTableView>
#include <QTimer>
#include <functional>

namespace backupdb::bench {

constexpr int kWaitMs = 60'000; // for one page; a miss this large is a failure, not a figure

// Runs the event loop (blocking in it, not spinning) until done() holds, checking every
// millisecond; false on timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs);

// "N window paints, median M ms, 99th percentile P ms" of the paints since the last call.
QString paintSummary();

// The longest gap of a 5 ms timer on the GUI thread between start() and stop(), and the
// slowest event the TimedApplication delivered in that gap: how long a user's input would
// have waited.
class StallMeter
{
public:
    explicit StallMeter(std::function<double()> now) : m_now(std::move(now))
    {
        m_ticker.setTimerType(Qt::PreciseTimer);
        m_ticker.setInterval(5);
        QObject::connect(&m_ticker, &QTimer::timeout, [this] { tick(); });
    }
    void start()
    {
        m_longest = 0;
        m_ticks = 0;
        m_cause.clear();
        if (auto *app = application()) {
            app->resetSlowest();
            app->takePaints();
        }
        m_last = m_now();
        m_ticker.start();
    }
    void stop()
    {
        tick(); // a gap still open at the end counts too
        m_ticker.stop();
        m_paints = paintSummary();
    }
    // "; the paints; the longest gap's slowest event", for a measure's note.
    QString details() const
    {
        return QStringLiteral("; ") + m_paints
                + (m_cause.isEmpty() ? QString() : QStringLiteral("; ") + m_cause);
    }
    double longestMs() const { return m_longest; }
    QString cause() const { return m_cause; }
    qint64 ticks() const { return m_ticks; }

private:
    static TimedApplication *application()
    {
        return dynamic_cast<TimedApplication *>(QCoreApplication::instance());
    }
    void tick()
    {
        const double now = m_now();
        TimedApplication *app = application();
        if (now - m_last > m_longest) {
            m_longest = now - m_last;
            m_cause = app && !app->slowest().isEmpty()
                    ? QStringLiteral("longest gap's slowest event: %1 ms, %2")
                              .arg(app->slowestMs(), 0, 'f', 1)
                              .arg(app->slowest())
                    : QString();
        }
        if (app)
            app->resetSlowest();
        m_last = now;
        ++m_ticks;
    }

    std::function<double()> m_now;
    QTimer m_ticker;
    double m_last = 0, m_longest = 0;
    qint64 m_ticks = 0;
    QString m_cause, m_paints;
};

struct Scroll
{
    int steps = 0, waits = 0;
    double ms = 0;
    QString stopped; // why it ended before the bottom; empty when it got there
};

// Scrolls view down in page steps from where it is, each step waiting for the rows shown()
// checks, as a user who reads each page would: to the bottom, or maxSteps, or budgetMs.
Scroll scrollInSteps(QTableView *view, const std::function<bool()> &shown, int maxSteps,
                     int budgetMs);

} // namespace backupdb::bench
