// loadConfig on an arbitrary file: never crashes, and whatever it accepts validates as a pool
// configuration (invalid values are refused, not taken).
#include "fuzzsupport.h"
#include "ops/config.h"

#include <QFile>
#include <QTemporaryDir>
#include <cstdlib>

using namespace backupdb;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::ensureApplication();
    static QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("fuzz.ini"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        f.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    QStringList problems;
    auto config = loadConfig(path, &problems);
    if (config.ok()) {
        PoolConfig base;
        base.databasePath = QStringLiteral("/nonexistent/fuzz.db");
        if (!config->toPoolConfig(base).validate().isEmpty())
            std::abort();
    }
    return 0;
}
