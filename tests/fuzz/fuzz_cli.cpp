// backupdb::cli::run with arguments split from the input (at newlines and NULs). The database is
// a temporary path that does not exist and the configuration an empty temporary file, so no run
// touches real files: arguments that would create or read other files (demo, backup, restore,
// verify, serve-metrics, --db, --config) are not passed on.
#include "cliapp.h"
#include "fuzzsupport.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <cstdlib>

using namespace backupdb;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::ensureApplication();
    static QTemporaryDir dir;
    static const QString config = [] {
        const QString p = dir.filePath(QStringLiteral("fuzz.ini"));
        QFile f(p);
        f.open(QIODevice::WriteOnly);
        return p;
    }();
    qunsetenv("BACKUPDB_DB");
    QStringList args { QStringLiteral("backupdb-cli"), QStringLiteral("--db"),
                       dir.filePath(QStringLiteral("absent.db")), QStringLiteral("--config"),
                       config };
    const QString text = fuzz::text(data, size);
    for (QString arg : text.split(QRegularExpression(QStringLiteral("[\\n\\x00]")))) {
        static const QStringList refused { QStringLiteral("demo"), QStringLiteral("backup"),
                                           QStringLiteral("restore"), QStringLiteral("verify"),
                                           QStringLiteral("serve-metrics"), QStringLiteral("service"),
                                           QStringLiteral("salvage") };
        if (refused.contains(arg) || arg.startsWith(QLatin1String("--db"))
            || arg.startsWith(QLatin1String("--config")))
            return -1; // not added to the corpus
        args.append(arg);
    }
    const int code = cli::run(args);
    if (code < 0 || code > 3)
        std::abort();
    return 0;
}
