#include "poolhealthchart.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLegendMarker>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

namespace backupdb::ui {

namespace {

// Axis ends an operator can read at a glance (1, 2, 3, 4, 5, 6 or 8 times a power of ten),
// each with a tick count that puts the ticks on round steps.
struct AxisEnd
{
    double leading;
    int ticks;
};
constexpr AxisEnd kAxisEnds[]
        = { { 1, 6 }, { 2, 5 }, { 3, 4 }, { 4, 5 }, { 5, 6 }, { 6, 4 }, { 8, 5 } };

double niceCeiling(double value)
{
    if (value <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (const AxisEnd &end : kAxisEnds)
        if (value <= end.leading * magnitude * (1 + 1e-12))
            return end.leading * magnitude;
    return 10 * magnitude;
}

int tickCountFor(double niceMaximum)
{
    const double leading = niceMaximum / std::pow(10.0, std::floor(std::log10(niceMaximum)));
    for (const AxisEnd &end : kAxisEnds)
        if (std::abs(leading - end.leading) < 1e-6)
            return end.ticks;
    return 6;
}

} // namespace

PoolHealthChart::PoolHealthChart(QWidget *parent)
    : QWidget(parent)
{
    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation); // a live chart that animates lags behind
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setVisible(false);
    QFont titleFont = font();
    titleFont.setBold(true);
    m_chart->setTitleFont(titleFont);

    m_timeAxis = new QDateTimeAxis;
    m_timeAxis->setFormat(QStringLiteral("HH:mm:ss"));
    m_timeAxis->setTickCount(5);
    m_valueAxis = new QValueAxis;
    m_valueAxis->setLabelFormat(QStringLiteral("%g"));
    m_valueAxis->setTickCount(5);
    m_valueAxis->setRange(0, 1);
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
    m_timeAxis->setLabelsFont(small);
    m_valueAxis->setLabelsFont(small);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);
    const QDateTime now = QDateTime::currentDateTime();
    m_timeAxis->setRange(now.addSecs(-60), now);

    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(240, 170);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

PoolHealthChart::~PoolHealthChart() = default;

int PoolHealthChart::addSeries(const QString &name)
{
    Line line;
    addSegment(line, name);
    m_series.append(line);
    m_chart->legend()->setVisible(m_series.size() > 1);
    return int(m_series.size() - 1);
}

QLineSeries *PoolHealthChart::addSegment(Line &line, const QString &name)
{
    auto *segment = new QLineSeries;
    segment->setName(name);
    m_chart->addSeries(segment); // the chart takes ownership and picks the next theme colour
    segment->attachAxis(m_timeAxis);
    segment->attachAxis(m_valueAxis);
    if (line.segments.isEmpty())
        line.colour = segment->color();
    QPen pen = segment->pen();
    pen.setColor(line.colour);
    pen.setWidthF(2.0);
    segment->setPen(pen);
    line.segments.append(segment);
    updateLegend(line);
    return segment;
}

void PoolHealthChart::updateLegend(const Line &line)
{
    // One legend entry per series, not per stretch of line.
    for (int i = 0; i < line.segments.size(); ++i)
        for (QLegendMarker *marker : m_chart->legend()->markers(line.segments.at(i)))
            marker->setVisible(i == 0);
}

void PoolHealthChart::trim(Line &line)
{
    int total = 0;
    for (const QLineSeries *segment : std::as_const(line.segments))
        total += int(segment->count());
    while (total > m_window) {
        QLineSeries *oldest = line.segments.first();
        const int remove = std::min(total - m_window, int(oldest->count()));
        oldest->removePoints(0, remove);
        total -= remove;
        if (oldest->count() == 0 && line.segments.size() > 1) {
            m_chart->removeSeries(oldest);
            delete oldest;
            line.segments.removeFirst();
            updateLegend(line);
        }
    }
}

int PoolHealthChart::seriesCount() const
{
    return int(m_series.size());
}

QString PoolHealthChart::seriesName(int series) const
{
    return series >= 0 && series < m_series.size() ? m_series.at(series).segments.first()->name()
                                                   : QString();
}

void PoolHealthChart::setSeriesName(int series, const QString &name)
{
    if (series < 0 || series >= m_series.size())
        return;
    for (QLineSeries *segment : std::as_const(m_series[series].segments))
        segment->setName(name);
    updateLegend(m_series.at(series)); // a renamed series gets its legend markers anew
}

void PoolHealthChart::append(int series, const QDateTime &at, double value)
{
    if (series < 0 || series >= m_series.size() || !at.isValid() || !std::isfinite(value))
        return;
    Line &line = m_series[series];
    const double x = double(at.toMSecsSinceEpoch());
    QLineSeries *segment = line.segments.last();
    if (segment->count() > 0 && x - segment->at(segment->count() - 1).x() > double(m_gapMs))
        segment = addSegment(line, segment->name());
    segment->append(x, value);
    trim(line);
    updateAxes();
}

int PoolHealthChart::pointCount(int series) const
{
    if (series < 0 || series >= m_series.size())
        return 0;
    int total = 0;
    for (const QLineSeries *segment : m_series.at(series).segments)
        total += int(segment->count());
    return total;
}

int PoolHealthChart::segmentCount(int series) const
{
    return series >= 0 && series < m_series.size() ? int(m_series.at(series).segments.size()) : 0;
}

double PoolHealthChart::lastValue(int series) const
{
    if (pointCount(series) == 0)
        return 0;
    const QLineSeries *segment = m_series.at(series).segments.last();
    return segment->count() > 0 ? segment->at(segment->count() - 1).y() : 0;
}

void PoolHealthChart::clear()
{
    for (Line &line : m_series) {
        while (line.segments.size() > 1) {
            QLineSeries *segment = line.segments.takeLast();
            m_chart->removeSeries(segment);
            delete segment;
        }
        line.segments.first()->clear();
        updateLegend(line);
    }
    updateAxes();
}

void PoolHealthChart::setWindow(int points)
{
    m_window = std::max(2, points);
    for (Line &line : m_series)
        trim(line);
    updateAxes();
}

void PoolHealthChart::setGapThreshold(qint64 milliseconds)
{
    m_gapMs = std::max<qint64>(1, milliseconds);
}

void PoolHealthChart::setTitle(const QString &title)
{
    m_chart->setTitle(title);
}

QString PoolHealthChart::title() const
{
    return m_chart->title();
}

void PoolHealthChart::setValueFormat(const QString &format)
{
    m_valueAxis->setLabelFormat(format);
}

void PoolHealthChart::setValueRange(double minimum, double maximum)
{
    m_rangeMode = RangeMode::Fixed;
    m_valueAxis->setRange(minimum, maximum);
    if (minimum == 0 && maximum > 0)
        m_valueAxis->setTickCount(tickCountFor(maximum));
}

void PoolHealthChart::setAutoRange(double minimumSpan)
{
    m_rangeMode = RangeMode::Auto;
    m_minimumSpan = minimumSpan > 0 ? minimumSpan : 1.0;
    updateAxes();
}

double PoolHealthChart::valueMaximum() const
{
    return m_valueAxis->max();
}

void PoolHealthChart::updateAxes()
{
    double first = 0, last = 0, top = 0;
    bool any = false;
    for (const Line &series : std::as_const(m_series)) {
        for (const QLineSeries *line : series.segments) {
            if (line->count() == 0)
                continue;
            const double a = line->at(0).x();
            const double b = line->at(line->count() - 1).x();
            first = any ? std::min(first, a) : a;
            last = any ? std::max(last, b) : b;
            any = true;
            for (const QPointF &p : line->points())
                top = std::max(top, p.y());
        }
    }
    if (any) {
        // A lone point still gets a readable minute of axis.
        if (last - first < 60000)
            first = last - 60000;
        m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(qint64(first)),
                             QDateTime::fromMSecsSinceEpoch(qint64(last)));
        const bool spansDays = last - first > 24.0 * 3600 * 1000;
        m_timeAxis->setFormat(spansDays ? QStringLiteral("MM-dd HH:mm")
                                        : QStringLiteral("HH:mm:ss"));
    }
    if (m_rangeMode == RangeMode::Auto) {
        const double maximum = niceCeiling(std::max(m_minimumSpan, top * 1.1));
        m_valueAxis->setRange(0, maximum);
        m_valueAxis->setTickCount(tickCountFor(maximum));
    }
}

} // namespace backupdb::ui
