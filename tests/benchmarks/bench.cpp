// backupdb-bench: the project's paths against the best baseline on the same machine, in the
// same run, as ratios of medians. Full size: 1,000,000 files over 1,000 clients.
//   backupdb-bench            full size (a few minutes)
//   backupdb-bench --quick    50,000 files: a smoke test that the program works
//   backupdb-bench --only point_lookup,backup   only those measures (the fixture is always made)
//   backupdb-bench --engine postgres --db CONNINFO   the same on a PostgreSQL server, in scratch
//                  databases of its own, against raw libpq (benchpostgres.h); --db @FILE reads
//                  the conninfo from FILE, and without --db BACKUPDB_PG_CONNECTION_FILE names it
// The GUI measures (benchgui.cpp) drive the main window on the offscreen platform.
#include "benchgui.h"
#include "benchmeasures.h"
#include "benchpostgres.h"
#include "benchscale.h"
#include "pg/pgconnection.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QLoggingCategory>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <libpq-fe.h>
#include <sqlite3.h>

using namespace backupdb;
using namespace backupdb::bench;

namespace {

// The 1-, 5- and 15-minute load averages, for the record of a run.
QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    return QString::fromLatin1(f.readAll()).section(u' ', 0, 2);
}

} // namespace

int main(int argc, char *argv[])
{
    // The GUI measures need a platform; none is needed on screen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("backupdb.*.info=false"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("BackupDB Admin benchmarks (ratios against raw SQLite, or raw libpq "
                           "with --engine postgres)."));
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
    const QCommandLineOption engine(QStringLiteral("engine"),
                                    QStringLiteral("sqlite (the default) or postgres."),
                                    QStringLiteral("NAME"), QStringLiteral("sqlite"));
    const QCommandLineOption server(
            QStringLiteral("db"),
            QStringLiteral("--engine postgres: the server's conninfo or URI (a database where "
                           "the bench may CREATE DATABASE), or @FILE to read it from FILE; "
                           "default: the file BACKUPDB_PG_CONNECTION_FILE names. A password goes "
                           "in PGPASSWORD or ~/.pgpass."),
            QStringLiteral("CONNINFO"));
    parser.addOptions({ quick, files, folder, only, noGui, guiChild, launchedAt, stopAfter, scale,
                        chart, engine, server });
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
    const QString engineName = parser.value(engine).toLower();
    const bool postgres = engineName == QLatin1String("postgres");
    if (!postgres && engineName != QLatin1String("sqlite")) {
        std::fprintf(stderr, "backupdb-bench: --engine takes sqlite or postgres\n");
        return 2;
    }
    if (postgres && parser.isSet(scale)) {
        std::fprintf(stderr, "backupdb-bench: --scale runs on SQLite only\n");
        return 2;
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

    std::printf("BackupDB Admin benchmarks%s: %lld files, %lld clients, %lld orphans; median of "
                "%d runs (%d for inserts)\n",
                postgres ? " on PostgreSQL" : "", sizes.files, sizes.clients, sizes.orphans,
                sizes.repetitions, sizes.insertRepetitions);
    std::printf("machine: %s, %d cores, load average %s, Qt %s, SQLite %s\n",
                qPrintable(QSysInfo::prettyProductName()), QThread::idealThreadCount(),
                qPrintable(loadAverage()), qVersion(), sqlite3_libversion());

    std::unique_ptr<EngineBench> bench;
    if (postgres) {
        auto conninfo = postgresServer(parser.value(server));
        if (!conninfo) {
            std::fprintf(stderr, "backupdb-bench: %s\n", qPrintable(conninfo.error().message()));
            return 2;
        }
        auto pgBench = std::make_unique<PgBench>(conninfo.value(), work, sizes);
        if (DbError e = pgBench->start()) {
            std::fprintf(stderr, "backupdb-bench: %s\n", qPrintable(e.message()));
            return 1;
        }
        std::printf("server: PostgreSQL %s at %s (scratch databases of its own), libpq %d\n",
                    qPrintable(pgBench->serverVersion()),
                    qPrintable(pg::redactedConninfo(conninfo.value())), PQlibVersion());
        bench = std::move(pgBench);
    } else {
        bench = std::make_unique<Bench>(work, sizes);
    }
    std::printf("\n");
    std::fflush(stdout);

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
    run(bench->bulkInsert()); // also makes the database every other measure reads
    if (selected("stats_totals"))
        run(bench->statsTotals());
    if (selected("stats_cached"))
        run(bench->statsCached());
    if (selected("pool_cycle"))
        run(bench->poolCycle());
    if (selected("point_lookup"))
        run(bench->pointLookup());
    if (selected("backup"))
        run(bench->backup());
    if (selected("orphan_scan"))
        run(bench->orphanScan());
    if (selected("page_fetch"))
        run(bench->pageFetch());
    const bool gui = !parser.isSet(noGui)
            && (wanted.isEmpty()
                || std::any_of(wanted.begin(), wanted.end(), [](const QString &name) {
                       return name.startsWith(QLatin1String("gui_"));
                   }));
    if (gui && postgres) {
        std::printf("gui measures: skipped on PostgreSQL (the window's measures run on SQLite)\n");
    } else if (gui) {
        // The window opens the database on its own.
        const QString database = static_cast<Bench &>(*bench).releaseDatabase();
        for (const Measure &m : guiMeasures(database, work, sizes))
            run(m);
    }
    bench.reset(); // a PostgreSQL run drops its scratch databases here

    std::printf("\n");
    for (const Measure &m : measures)
        std::printf("BENCH %s value=%.4g unit=%s goal=%g %s\n", qPrintable(m.name), m.value,
                    qPrintable(m.unit), m.goal, m.pass() ? "pass" : "fail");
    std::printf("total %.1f s\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return 0;
}
