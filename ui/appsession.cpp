#include "appsession.h"

#include "db/engine.h"
#include "demo/demogenerator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace backupdb::ui {

QString demoDatabasePath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return QDir(folder).filePath(QStringLiteral("demo.db"));
}

QString displayLocation(const QString &location)
{
    const Engine &engine = engineFor(location);
    return engine.capabilities().singleFile ? QDir::toNativeSeparators(location)
                                            : engine.displayName(location);
}

DatabaseInspection inspectDatabase(const QString &path)
{
    DatabaseInspection out;
    const Engine &engine = engineFor(path);
    out.server = !engine.capabilities().singleFile;
    if (!out.server && (out.error = Session::checkFile(path, OpenMode::OpenExisting)))
        return out;
    if (!out.server && QFileInfo(path).size() == 0) {
        out.empty = true;
        out.pendingMigrations = Migrator().latestVersion();
        return out;
    }
    auto pending = engine.pendingMigrations(path);
    if (!pending) {
        out.error = pending.error();
        return out;
    }
    out.pendingMigrations = pending.value();
    auto clients = engine.locationHasTable(path, QStringLiteral("clients"));
    if (!clients) {
        out.error = clients.error();
        return out;
    }
    out.hasClientsTable = clients.value();
    // A server database without a schema of ours and without tables (another application's
    // is refused by pendingMigrations).
    out.empty = out.server && !out.hasClientsTable;
    return out;
}

OpenedSession openSession(const QString &requested, const std::function<void()> &beforeChecks)
{
    OpenedSession out;
    const bool demo = requested.isEmpty();
    SessionOptions options;
    options.path = demo ? demoDatabasePath() : requested;
    const bool fresh = demo && !QFileInfo::exists(options.path);
    options.mode = demo ? OpenMode::CreateIfMissing : OpenMode::OpenExisting;
    options.deferOpenChecks = true; // the window shows rows first, the findings follow
    // A window reads a page at a time by key: a few index and table pages per read, not the
    // 64 MiB per connection a scan profits from. With the worker's threads each holding a
    // reader, scrolling a 1,000,000-row table filled 4 × 64 MiB of cache (gui_rss 210 MB).
    options.pool.cacheSizeKiB = 8 * 1024;
    options.beforeDeferredChecks = beforeChecks;
    auto opened = Session::open(options);
    if (!opened) {
        out.error = opened.error();
        return out;
    }
    out.session = std::move(opened.value());
    if (fresh) {
        DemoOptions d;
        d.clients = 120;
        d.files = 60000;
        d.orphans = 35;
        auto populated = demo::populate(out.session->database(), d);
        if (!populated)
            out.error = populated.error().withContext(
                    QCoreApplication::translate("AppSession", "creating the demo database"));
        out.createdDemo = true;
    }
    return out;
}

} // namespace backupdb::ui
