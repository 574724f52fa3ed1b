// PostgreSQL errors as the core's DbError kinds. PostgreSQL says what went wrong by SQLSTATE (a
// five-character code, e.g. 23505 unique_violation); QPSQL hands it over as
// QSqlError::nativeErrorCode(), libpq as PG_DIAG_SQLSTATE. The SQLSTATE is kept in the DbError:
// as its native code (the five characters packed into an int, see packSqlState) and at the start
// of its message ("[23505] duplicate key value ...").
// Thread-safety: pure functions, callable from any thread.
#pragma once

#include "../common/error.h"

#include <QSqlError>
#include <QString>

struct pg_result; // libpq's PGresult

namespace backupdb::pg {

// The DbError kind for a SQLSTATE. Connection errors (class 08, the server shutting down 57P0x,
// authentication 28, an unknown database 3D000) are CannotOpen; lock and serialization failures
// (40001, 40P01, 55P03, 55006) are Busy, which callers retry; 57014 is Cancelled, or Timeout when
// the message says the statement timeout fired. An empty or unknown code is Sql.
DbError::Kind kindForSqlState(const QString &sqlState, const QString &message = {});

// Whether a retry may succeed: serialization failure, deadlock, lock not available.
bool isRetryableSqlState(const QString &sqlState);

// A DbError from QPSQL's error (Kind::None when error is not an error). A QSqlError of type
// ConnectionError without a SQLSTATE (libpq could not connect) is CannotOpen.
DbError fromSqlError(const QSqlError &error, const QString &context = {});
// A DbError from a libpq result (nullptr: out of memory or the connection is gone, then
// connectionMessage, e.g. PQerrorMessage(conn), says why). Kind::None for a successful result.
DbError fromPgResult(const pg_result *result, const QString &connectionMessage = {},
                     const QString &context = {});
// From the parts, for errors read elsewhere (a tool's output, a test).
DbError fromSqlState(const QString &sqlState, const QString &message, const QString &context = {});

// The SQLSTATE as an int: five characters of [0-9A-Z], base 36 (0 for none or invalid), and back.
int packSqlState(const QString &sqlState);
QString unpackSqlState(int code);

// The native code a DbError carries, and a DbError with one: the only two places that name
// DbError's native-code field, which holds the SQLSTATE packed as an int.
int nativeCode(const DbError &error);
DbError makeError(DbError::Kind kind, const QString &message, int nativeCode);
// The SQLSTATE a DbError of this file carries (empty if none).
inline QString sqlStateOf(const DbError &error)
{
    return unpackSqlState(nativeCode(error));
}

} // namespace backupdb::pg
