// backupdb-bench: the project's paths against the best baseline on the same machine, in the
// same run, as ratios of medians. Full size: 1,000,000 files over 1,000 clients.
//   backupdb-bench            full size (a few minutes)
//   backupdb-bench --quick    50,000 files: a smoke test that the program works
#include "benchmeasures.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <cstdio>
#include <sqlite3.h>

using namespace backupdb;
using namespace backupdb::bench;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
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
    parser.addOptions({ quick, files, folder });
    parser.process(app);

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
    QTemporaryDir temporary;
    const QString work = parser.isSet(folder) ? parser.value(folder) : temporary.path();

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
        std::printf("%-14s project %12.4f ms  baseline %12.4f ms  ratio %10.2f  goal %g  %s  %s\n",
                    qPrintable(m.name), m.projectMs, m.baselineMs, m.value, m.goal,
                    m.pass() ? "pass" : "FAIL", qPrintable(m.note));
        std::fflush(stdout);
        measures.append(m);
    };
    run(bench.bulkInsert());
    run(bench.statsTotals());
    run(bench.statsCached());
    run(bench.poolCycle());
    run(bench.pointLookup());
    run(bench.backup());
    run(bench.orphanScan());
    run(bench.pageFetch());

    std::printf("\n");
    for (const Measure &m : measures)
        std::printf("BENCH %s value=%.4g unit=%s goal=%g %s\n", qPrintable(m.name), m.value,
                    qPrintable(m.unit), m.goal, m.pass() ? "pass" : "fail");
    return 0;
}
