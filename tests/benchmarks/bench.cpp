// backupdb-bench: the project's paths against the best baseline on the same machine, in the
// same run, as ratios of medians. Full size: 1,000,000 files over 1,000 clients.
//   backupdb-bench            full size (a few minutes)
//   backupdb-bench --quick    50,000 files: a smoke test that the program works
//   backupdb-bench --only point_lookup,backup   only those measures (the fixture is always made)
// The GUI measures (benchgui.cpp) drive the main window on the offscreen platform.
#include "benchgui.h"
#include "benchmeasures.h"
#include "benchscale.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLoggingCategory>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <chrono>
#include <cstdio>
#include <sqlite3.h>

using namespace backupdb;
using namespace backupdb::bench;

int main(int argc, char *argv[])
{
    // The GUI measures need a platform; none is needed on screen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("backupdb.*.info=false"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("BackupDB Admin benchmarks (ratios against raw SQLite)."));
    parser.addHelpOption();
    const QCommandLineOption quick(QStringLiteral("quick"),
                                   QStringLiteral("50,000 files: a smoke test."));
    const QCommandLineOption files(QStringLiteral("files"), QStringLiteral("Number of file rows."),
                                   QStringLiteral("N"));
    const QCommandLineOption folder(QStringLiteral("dir"),
                                    QStringLiteral("Work folder (default: a temporary one)."),
                                    QStringLiteral("DIR"));
    const QCommandLineOption only(QStringLiteral("only"),
                                  QStringLiteral("Run only these measures (comma-separated)."),
                                  QStringLiteral("NAMES"));
    const QCommandLineOption noGui(QStringLiteral("no-gui"),
                                   QStringLiteral("Leave out the GUI measures."));
    const QCommandLineOption guiChild(QStringLiteral("gui-child"),
                                      QStringLiteral("(internal) The GUI measures over DB."),
                                      QStringLiteral("DB"));
    const QCommandLineOption launchedAt(QStringLiteral("launched-at"),
                                        QStringLiteral("(internal) When the child was started "
                                                       "(ms since the epoch)."),
                                        QStringLiteral("MS"));
    const QCommandLineOption stopAfter(QStringLiteral("stop-after"),
                                       QStringLiteral("(internal) The GUI child stops after NAME."),
                                       QStringLiteral("NAME"));
    const QCommandLineOption scale(
            QStringLiteral("scale"),
            QStringLiteral("How cost grows: the measures at 100,000 and 1,000,000 files (and "
                           "10,000,000 with LARGEST 10m), per operation, with a chart."),
            QStringLiteral("LARGEST"));
    const QCommandLineOption chart(QStringLiteral("chart"),
                                   QStringLiteral("Where --scale draws its chart (PNG)."),
                                   QStringLiteral("FILE"), QStringLiteral("scale.png"));
    parser.addOptions({ quick, files, folder, only, noGui, guiChild, launchedAt, stopAfter, scale,
                        chart });
    parser.process(app);
    if (parser.isSet(guiChild))
        return runGuiChild(parser.value(guiChild), parser.value(folder),
                           parser.value(launchedAt).toLongLong(), parser.value(stopAfter));

    Sizes sizes;
    if (parser.isSet(quick)) {
        sizes.files = 50'000;
        sizes.clients = 100;
        sizes.orphans = 500;
        sizes.repetitions = 3;
        sizes.insertRepetitions = 1;
    }
    if (parser.isSet(files)) {
        bool ok = false;
        sizes.files = parser.value(files).toLongLong(&ok);
        if (!ok || sizes.files < 1000) {
            std::fprintf(stderr, "backupdb-bench: --files needs a number >= 1000\n");
            return 2;
        }
    }
    const QStringList wanted = parser.value(only).split(QLatin1Char(','), Qt::SkipEmptyParts);
    const auto selected = [&](const char *name) {
        return wanted.isEmpty() || wanted.contains(QLatin1String(name));
    };
    QTemporaryDir temporary;
    const QString work = parser.isSet(folder) ? parser.value(folder) : temporary.path();
    if (parser.isSet(scale)) {
        QList<qint64> counts { 100'000, 1'000'000 };
        const QString largest = parser.value(scale).toLower();
        if (largest == QLatin1String("10m"))
            counts.append(10'000'000);
        else if (largest != QLatin1String("1m")) {
            std::fprintf(stderr, "backupdb-bench: --scale takes 1m or 10m\n");
            return 2;
        }
        return runScale(work, counts, parser.value(chart));
    }

    std::printf("BackupDB Admin benchmarks: %lld files, %lld clients, %lld orphans; median of %d "
                "runs (%d for inserts)\n",
                sizes.files, sizes.clients, sizes.orphans, sizes.repetitions,
                sizes.insertRepetitions);
    std::printf("machine: %s, %d cores, Qt %s, SQLite %s\n\n",
                qPrintable(QSysInfo::prettyProductName()), QThread::idealThreadCount(), qVersion(),
                sqlite3_libversion());
    std::fflush(stdout);

    Bench bench(work, sizes);
    QList<Measure> measures;
    auto run = [&](Measure m) {
        if (m.unit == QLatin1String("ratio"))
            std::printf("%-14s project %12.4f ms  baseline %12.4f ms  ratio %10.2f  goal %g  %s  "
                        "%s\n",
                        qPrintable(m.name), m.projectMs, m.baselineMs, m.value, m.goal,
                        m.pass() ? "pass" : "FAIL", qPrintable(m.note));
        else
            std::printf("%-14s %12.1f %s  goal <= %g  %s  %s\n", qPrintable(m.name), m.value,
                        qPrintable(m.unit), m.goal, m.pass() ? "pass" : "FAIL", qPrintable(m.note));
        std::fflush(stdout);
        measures.append(m);
    };
    const auto started = std::chrono::steady_clock::now();
    run(bench.bulkInsert()); // also makes the database every other measure reads
    if (selected("stats_totals"))
        run(bench.statsTotals());
    if (selected("stats_cached"))
        run(bench.statsCached());
    if (selected("pool_cycle"))
        run(bench.poolCycle());
    if (selected("point_lookup"))
        run(bench.pointLookup());
    if (selected("backup"))
        run(bench.backup());
    if (selected("orphan_scan"))
        run(bench.orphanScan());
    if (selected("page_fetch"))
        run(bench.pageFetch());
    const bool gui = !parser.isSet(noGui)
            && (selected("gui_launch_to_rows") || selected("gui_launch_writer")
                || selected("gui_first_page") || selected("gui_last_page")
                || selected("gui_max_stall") || selected("gui_rss")
                || selected("gui_rss_growth"));
    if (gui) {
        const QString database = bench.releaseDatabase(); // the window opens it on its own
        for (const Measure &m : guiMeasures(database, work, sizes))
            run(m);
    }

    std::printf("\n");
    for (const Measure &m : measures)
        std::printf("BENCH %s value=%.4g unit=%s goal=%g %s\n", qPrintable(m.name), m.value,
                    qPrintable(m.unit), m.goal, m.pass() ? "pass" : "fail");
    std::printf("total %.1f s\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return 0;
}
