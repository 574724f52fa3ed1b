// The PostgreSQL engine's statements on a libpq connection (internal to core/db: pgengine.cpp
// and pgstatement.cpp): running one with its outcome kept for Engine::changes()/lastError(),
// the core's ? parameters as libpq's $n, and the native statement (NativeCursor) over a
// statement prepared on the server.
// Thread-safety: each function on the thread that holds the connection's lease; the outcome is
// kept per thread.
#pragma once

#include "../common/error.h"
#include "nativestatement.h"

#include <QByteArray>
#include <QString>
#include <libpq-fe.h>
#include <functional>
#include <memory>

namespace backupdb::pgstatement {

struct ResultDeleter
{
    void operator()(PGresult *r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// What the last statement on this thread changed and why it failed (Engine::changes() and
// lastError() are asked right after it, on the thread that holds the lease).
qint64 lastChanges();
const DbError &lastError();

// Qt's QPSQL reads a forward-only query row by row (libpq's single-row mode) and can leave its
// last result unread after the query finished; libpq then refuses the next command ("another
// command is already in progress"). Called before a statement of the engine's own, and by the
// pool's release after every query of the lease was finished.
void settle(PGconn *conn);

// Runs one libpq call f for conn, and once more when it failed only because a late cancel
// request of the watchdog reached it (pginterrupt.h). error: its outcome.
ResultPtr once(PGconn *conn, DbError *error, const std::function<PGresult *()> &f);

// Runs sql (a script is fine) and keeps its outcome for lastChanges() and lastError().
ResultPtr run(PGconn *conn, const QString &sql, DbError *error);

// The core's SQL binds positional ?; libpq numbers them $1, $2, ... A ? inside a string
// literal, a quoted identifier or a comment is text, not a parameter. count: how many.
QString numberedParameters(const QString &sql, int *count);

// The native statement over the statement prepared on conn as name.
std::unique_ptr<NativeCursor> makeCursor(PGconn *conn, QByteArray name, int parameters);

} // namespace backupdb::pgstatement
