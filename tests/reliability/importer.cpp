// Test helper: a bulk import that the crash-safety suite kills.
//   backupdb_importer PATH N SEED
// Opens PATH through a Session and inserts N generated files (DemoGenerator(SEED), all of
// client 0 of DemoGenerator(1), which must exist) in ONE BulkInserter::insertFiles call, i.e.
// one transaction. Prints "importing" before the call and "done INSERTED" after it.
#include "demo/demogenerator.h"
#include "session.h"

#include <QCoreApplication>
#include <cstdio>

using namespace backupdb;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        std::fprintf(stderr, "usage: backupdb_importer PATH N SEED\n");
        return 2;
    }
    SessionOptions options;
    options.path = args.at(1);
    options.mode = OpenMode::OpenExisting;
    options.pool.coreSize = 1;
    options.pool.maxOverflow = 1;
    options.pool.housekeepingInterval = Milliseconds(0);
    options.query.queryTimeout = Milliseconds(0);
    options.quickCheckOnOpen = false;
    auto session = Session::open(options);
    if (!session) {
        std::fprintf(stderr, "importer: %s\n", qPrintable(session.error().message()));
        return 3;
    }
    const qint64 n = args.at(2).toLongLong();
    const DemoGenerator files(args.at(3).toULongLong());
    const QByteArray client = DemoGenerator(1).clientId(0);
    QList<FileRecord> batch;
    batch.reserve(n);
    for (qint64 i = 0; i < n; ++i)
        batch.append(files.file(i, client));
    std::printf("importing\n");
    std::fflush(stdout);
    auto r = (*session)->bulk().insertFiles(batch);
    if (!r) {
        std::fprintf(stderr, "importer: %s\n", qPrintable(r.error().message()));
        return 3;
    }
    std::printf("done %lld\n", static_cast<long long>(r->inserted));
    std::fflush(stdout);
    return 0;
}
