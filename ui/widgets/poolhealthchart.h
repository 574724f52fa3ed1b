// A time-series line chart of ours: the one place that knows Qt Charts (deprecated from Qt
// 6.10), so that replacing it touches this file only. Series of (time, value) points, the
// newest window() points of each kept, the time axis following the data, the value axis fixed
// or fitted to the data. Where two neighbouring points are further apart than gapThreshold()
// (the application was not running, sampling was paused), the line is broken rather than
// drawn straight across the time nobody measured.
// Thread-safety: GUI thread only.
#pragma once

#include <QColor>
#include <QDateTime>
#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace backupdb::ui {

class PoolHealthChart final : public QWidget
{
    Q_OBJECT

public:
    enum class RangeMode { Fixed, Auto };

    explicit PoolHealthChart(QWidget *parent = nullptr);
    ~PoolHealthChart() override;
    Q_DISABLE_COPY_MOVE(PoolHealthChart)

    // Adds a line; returns its index for append().
    int addSeries(const QString &name);
    int seriesCount() const;
    QString seriesName(int series) const;
    void setSeriesName(int series, const QString &name);
    void append(int series, const QDateTime &at, double value);
    int pointCount(int series) const;
    double lastValue(int series) const; // 0 without points
    void clear();

    // How many of the newest points each line keeps (at least 2).
    void setWindow(int points);
    int window() const { return m_window; }

    void setGapThreshold(qint64 milliseconds);
    qint64 gapThreshold() const { return m_gapMs; }
    // How many separate stretches of line the series is drawn as (1 without gaps).
    int segmentCount(int series) const;

    void setTitle(const QString &title);
    QString title() const;
    // printf-style format of the value axis labels, e.g. "%.0f %%".
    void setValueFormat(const QString &format);
    void setValueRange(double minimum, double maximum); // fixed range
    // Fits the value axis to the data: from 0 up to a round number above the largest value,
    // never below minimumSpan.
    void setAutoRange(double minimumSpan = 1.0);
    RangeMode rangeMode() const { return m_rangeMode; }
    double valueMaximum() const;

private:
    // One series as the caller sees it: drawn as several Qt lines where it has gaps.
    struct Line
    {
        QList<QLineSeries *> segments; // oldest first, never empty
        QColor colour;
    };

    QLineSeries *addSegment(Line &line, const QString &name);
    void trim(Line &line);
    void updateLegend(const Line &line);
    void updateAxes();

    QChart *m_chart = nullptr;
    QChartView *m_view = nullptr;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_valueAxis = nullptr;
    QList<Line> m_series;
    int m_window = 120;
    qint64 m_gapMs = 15000;
    RangeMode m_rangeMode = RangeMode::Auto;
    double m_minimumSpan = 1.0;
};

} // namespace backupdb::ui
