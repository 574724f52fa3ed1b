// Opening the database for the GUI: the demo database in the application data folder, created
// on first run, or a file the operator names. Runs on a worker thread (never the GUI thread).
#pragma once

#include "session.h"

#include <QString>
#include <functional>
#include <memory>

namespace backupdb::ui {

struct OpenedSession
{
    std::shared_ptr<Session> session;
    DbError error;
    bool createdDemo = false;
};

// What opening a file the operator named would do, found out without changing it: whether it
// can be opened at all, and which migrations it would get. Runs on a worker thread.
struct DatabaseInspection
{
    DbError error; // cannot be opened (a folder, not SQLite, read-only, corrupt, missing)
    bool server = false; // a database server's (PostgreSQL), not a file
    // A zero-byte file, or a server database with no tables: a new database is created in it.
    bool empty = false;
    int pendingMigrations = 0;
    bool hasClientsTable = false; // false: not a backup server's database
};

QString demoDatabasePath();
// A location as messages show it: a file's full path, a server database's name and server.
QString displayLocation(const QString &location);
DatabaseInspection inspectDatabase(const QString &path);
// Opens path; an empty path means the demo database, created and filled on first use.
// The checks of the open run behind it (SessionOptions::deferOpenChecks); beforeChecks is
// called on their thread before they start.
OpenedSession openSession(const QString &path, const std::function<void()> &beforeChecks = {});

} // namespace backupdb::ui
