// Moving a server's SQLite database into a PostgreSQL database, as one typed call for the GUI
// (the CLI's move-to-postgres drives core/pg/postgresmove itself, for its terminal prompt):
// progress as one fraction over the copy and the verification, Cancel through the flag, and a
// target that already holds clients or files left alone unless replacing them was asked for;
// then the error says how many it holds (MoveRefusal), so the caller can ask and call again.
// Thread-safety: runs on the calling thread (a worker's); cancel may be set from any thread.
#pragma once

#include "../common/error.h"

#include <QString>
#include <atomic>
#include <functional>

namespace backupdb {

struct DatabaseMove
{
    QString source; // the SQLite file
    QString target; // a PostgreSQL location (libpq URI or conninfo), without a password
    bool replaceExisting = false; // the target's clients and files may be replaced
    QString osUser; // recorded on the target (its audit of a replacement names who did it)
};

struct MovedDatabase
{
    QString target; // redacted
    qint64 clients = 0;
    qint64 files = 0;
    qint64 replacedClients = 0;
    qint64 replacedFiles = 0;
    qint64 unparsedDates = 0; // dates kept as the server's text (*_unparsed)
    bool verified = false; // row counts, per-table SHA-256 and the counters agree
    double seconds = 0;
    // Set instead of moving: the target already holds rows and replaceExisting was false.
    qint64 heldClients = -1;
    qint64 heldFiles = -1;
    bool refusedForData() const { return heldClients >= 0; }
};

Result<MovedDatabase> moveDatabase(const DatabaseMove &move,
                                   const std::function<void(double)> &progress,
                                   const std::atomic<bool> *cancel);

} // namespace backupdb
