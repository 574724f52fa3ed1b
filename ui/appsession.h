// Opening the database for the GUI: the demo database in the application data folder, created
// on first run, or a file the operator names. Runs on a worker thread (never the GUI thread).
#pragma once

#include "session.h"

#include <QString>
#include <memory>

namespace backupdb::ui {

struct OpenedSession
{
    std::shared_ptr<Session> session;
    DbError error;
    bool createdDemo = false;
};

QString demoDatabasePath();
// Opens path; an empty path means the demo database, created and filled on first use.
OpenedSession openSession(const QString &path);

} // namespace backupdb::ui
