// How the PostgreSQL engine interrupts a pooled connection's statement: the pool's deadline and
// cancel flag (StatementGuard) are the same as SQLite's, but PostgreSQL has no progress handler
// that the client runs between steps. A watchdog thread looks at the guards of every open
// PostgreSQL connection every few milliseconds and, when a deadline passed or a cancel flag was
// set during a statement, sends the server a cancel request (libpq's PQcancel, made for another
// thread). The server ends the statement wherever it is (a scan, a lock wait, pg_sleep) and the
// statement fails with SQLSTATE 57014; guard.reason says which of the two it was, as SQLite's
// handler does. A deadline is cancelled once per arming: the statement that armed it.
//
// What it cannot rule out: a statement that ends in the few microseconds between the
// watchdog's look and the server receiving the request, followed at once by the next statement
// of the same lease, gets that request instead. The watchdog looks again before it sends, so
// the window is that of one PQcancel round trip. Such a late request ends a statement nobody
// asked to interrupt; isStaleCancel() tells the engine so, and the engine runs it again once.
//
// Thread-safety: watch() and the handle's destruction from any thread; the guard must outlive
// the handle (both belong to one PooledConnection, the handle is released first).
#pragma once

#include <QString>
#include <memory>

struct pg_conn;

namespace backupdb {

struct StatementGuard;

namespace pg {

// Watches guard for conn until the returned handle is destroyed. Null when libpq could not make
// a cancel object for the connection (it was not open).
std::shared_ptr<void> watchStatements(pg_conn *conn, StatementGuard *guard);

// sqlState is 57014 (the statement was cancelled) while conn's guard had no interrupt due: its
// deadline had not passed and no cancel flag was set.
bool isStaleCancel(pg_conn *conn, const QString &sqlState);

} // namespace pg
} // namespace backupdb
