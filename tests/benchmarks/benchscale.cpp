#include "benchscale.h"

#include "benchgui.h"
#include "benchmeasures.h"

#include <QChart>
#include <QChartView>
#include <QDir>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QPen>
#include <cmath>
#include <functional>
#include <iterator>
#include <vector>
#include <cstdio>

namespace backupdb::bench {

namespace {

struct Series
{
    QString name;
    QString per; // what one operation is
    QString mayGrow; // why it may grow (a scan reads every row); empty: it must not grow
    QList<double> ms; // per operation, one per size
};

// Time per operation ~ n^k: the least-squares slope of log time over log n through every
// size (with two sizes, the slope between them). One noisy size moves it less than it moves
// the slope between the ends.
double exponent(const Series &s, const QList<qint64> &counts)
{
    if (s.ms.size() != counts.size() || counts.size() < 2)
        return std::nan("");
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < counts.size(); ++i) {
        if (!(s.ms.at(i) > 0))
            return std::nan("");
        const double x = std::log(double(counts.at(i))), y = std::log(s.ms.at(i));
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    const double n = double(counts.size());
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

QString growth(double k)
{
    if (std::isnan(k))
        return QStringLiteral("not measured");
    if (k <= kFlatExponent)
        return QStringLiteral("flat: O(1) or O(log n)");
    if (k >= 0.75)
        return QStringLiteral("linear: O(n)");
    return QStringLiteral("between: grows slower than n");
}

bool drawChart(const QList<Series> &all, const QList<qint64> &counts, const QString &path)
{
    auto *chart = new QChart;
    chart->setTitle(QStringLiteral("How cost grows: time per operation against its time at %1 files")
                            .arg(QLocale::c().toString(counts.first())));
    auto *x = new QLogValueAxis;
    x->setBase(10);
    x->setLabelFormat(QStringLiteral("%.0f"));
    x->setTitleText(QStringLiteral("files"));
    x->setRange(double(counts.first()) / 1.5, double(counts.last()) * 1.5);
    auto *y = new QLogValueAxis;
    y->setBase(10);
    y->setLabelFormat(QStringLiteral("%g"));
    y->setTitleText(QStringLiteral("time ÷ time at the smallest size"));
    const double span = double(counts.last()) / double(counts.first());
    y->setRange(0.3, span * 3);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    // The reference lines, each through 1 at the smallest size: time ~ f(n).
    const auto reference = [&](const QString &name, const std::function<double(double)> &f,
                               Qt::PenStyle style) {
        auto *line = new QLineSeries;
        line->setName(name);
        const double first = double(counts.first());
        for (double n = first; n <= double(counts.last()) * 1.0001; n *= std::sqrt(10.0))
            line->append(n, f(n) / f(first));
        QPen pen(Qt::black);
        pen.setStyle(style);
        pen.setWidth(2);
        line->setPen(pen);
        line->setColor(Qt::black);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    };
    // One colour each (the default theme repeats after five).
    static const QColor colours[] = { QColor(0x1f77b4), QColor(0xff7f0e), QColor(0x2ca02c),
                                      QColor(0xd62728), QColor(0x9467bd), QColor(0x8c564b),
                                      QColor(0xe377c2), QColor(0x17becf), QColor(0xbcbd22) };
    int colour = 0;
    for (const Series &s : all) {
        if (s.ms.size() != counts.size() || s.ms.first() <= 0)
            continue;
        auto *line = new QLineSeries;
        line->setName(s.name);
        for (int i = 0; i < counts.size(); ++i)
            line->append(double(counts.at(i)), std::max(0.31, s.ms.at(i) / s.ms.first()));
        line->setPointsVisible(true);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
        QPen pen(colours[colour++ % std::size(colours)]);
        pen.setWidth(3);
        line->setPen(pen);
        line->setColor(pen.color());
    }
    // On top, so that a measure on one of them leaves it seen.
    reference(QStringLiteral("O(1)"), [](double) { return 1.0; }, Qt::DashLine);
    reference(QStringLiteral("O(log n)"), [](double n) { return std::log(n); }, Qt::DotLine);
    reference(QStringLiteral("O(n)"), [](double n) { return n; }, Qt::DashLine);
    chart->legend()->setAlignment(Qt::AlignRight);
    QChartView view(chart);
    view.setRenderHint(QPainter::Antialiasing);
    view.resize(1100, 650);
    return view.grab().save(path);
}

} // namespace

int runScale(const QString &folder, const QList<qint64> &counts, const QString &chartPath)
{
    QList<Series> all {
        // A row inserted into B-trees keyed by random IDs costs O(log n), and page reads once
        // the indexes outgrow the page cache.
        { QStringLiteral("bulk_insert"), QStringLiteral("row"), QStringLiteral("B-tree inserts"), {} },
        { QStringLiteral("stats_totals"), QStringLiteral("call"), {}, {} },
        { QStringLiteral("point_lookup"), QStringLiteral("lookup"), {}, {} },
        { QStringLiteral("page_fetch"), QStringLiteral("200-row page at 90 %"), {}, {} },
        { QStringLiteral("gui_first_page"), QStringLiteral("first page"), {}, {} },
        { QStringLiteral("gui_last_page"), QStringLiteral("Ctrl+End"), {}, {} },
        { QStringLiteral("orphan_scan"), QStringLiteral("scan"), QStringLiteral("a scan"), {} },
        { QStringLiteral("quick_check"), QStringLiteral("check"), QStringLiteral("a scan"), {} },
        { QStringLiteral("backup"), QStringLiteral("backup"), QStringLiteral("a copy"), {} },
    };
    const auto put = [&](const QString &name, double ms) {
        for (Series &s : all)
            if (s.name == name)
                s.ms.append(ms);
    };
    std::printf("BackupDB Admin benchmarks, scale: %s files\n\n",
                qPrintable(QLocale::c().toString(counts.first()) + QStringLiteral(" … ")
                           + QLocale::c().toString(counts.last())));
    for (qint64 n : counts) {
        Sizes sizes;
        sizes.files = n;
        sizes.clients = std::max<qint64>(100, n / 1000);
        sizes.orphans = n / 100;
        sizes.repetitions = 3;
        sizes.insertRepetitions = 1;
        sizes.insertBaseline = false;
        const QString dir = QDir(folder).filePath(QStringLiteral("scale-%1").arg(n));
        QDir().mkpath(dir);
        {
            Bench bench(dir, sizes);
            const Measure insert = bench.bulkInsert();
            put(insert.name, insert.projectMs / double(n));
            for (const Measure &m : { bench.statsTotals(), bench.pointLookup(), bench.pageFetch(),
                                      bench.orphanScan(), bench.quickCheck(), bench.backup() })
                put(m.name, m.projectMs);
            const QString database = bench.releaseDatabase();
            // The window's pages: the median of three launches (one is noisy: the deferred
            // checks run beside the first page on two cores).
            std::vector<double> first, last;
            for (int run = 0; run < 3; ++run)
                for (const Measure &m : guiPageMeasures(database, dir))
                    (m.name == QLatin1String("gui_first_page") ? first : last).push_back(m.value);
            put(QStringLiteral("gui_first_page"), median(first));
            put(QStringLiteral("gui_last_page"), median(last));
        }
        QDir(dir).removeRecursively(); // 10,000,000 files are 3 GB
        std::printf("%s files done\n", qPrintable(QLocale::c().toString(n)));
        std::fflush(stdout);
    }

    std::printf("\n%-15s %-22s", "measure", "per");
    for (qint64 n : counts)
        std::printf(" %14s", qPrintable(QLocale::c().toString(n)));
    std::printf("  %6s  %s\n", "k", "growth");
    for (const Series &s : all) {
        std::printf("%-15s %-22s", qPrintable(s.name), qPrintable(s.per));
        for (int i = 0; i < counts.size(); ++i)
            std::printf(" %11.4f ms", i < s.ms.size() ? s.ms.at(i) : std::nan(""));
        const double k = exponent(s, counts);
        const bool ok = !s.mayGrow.isEmpty() || (!std::isnan(k) && k <= kFlatExponent);
        std::printf("  %6.2f  %s%s\n", k, qPrintable(growth(k)),
                    !s.mayGrow.isEmpty() ? qPrintable(QStringLiteral(" (%1: may grow)").arg(s.mayGrow))
                                         : (ok ? "" : "  FAIL: must not grow"));
    }
    std::printf("\n");
    for (const Series &s : all) {
        const double k = exponent(s, counts);
        std::printf("BENCH scale_%s value=%.3g unit=exponent goal=%s %s\n", qPrintable(s.name), k,
                    !s.mayGrow.isEmpty() ? "any" : "0.25",
                    !s.mayGrow.isEmpty() || (!std::isnan(k) && k <= kFlatExponent) ? "pass" : "fail");
    }
    const bool drawn = drawChart(all, counts, chartPath);
    std::printf("chart: %s%s\n", qPrintable(QDir::toNativeSeparators(chartPath)),
                drawn ? "" : " (could not be written)");
    return drawn ? 0 : 1;
}

} // namespace backupdb::bench
