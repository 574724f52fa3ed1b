// What the PostgreSQL maintenance needs beside Qt's QPSQL driver: the libpq connection behind a
// QSqlDatabase (QSqlDriver::handle()), and libpq conninfo strings for the tools (pg_dump,
// pg_restore) and for connections of its own, with the password kept out of command lines
// and logs.
// Thread-safety: nativeConnection() on the thread that owns the QSqlDatabase; the conninfo
// functions are pure and callable from any thread.
#pragma once

#include "../common/error.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QString>

struct pg_conn; // libpq's PGconn

namespace backupdb::pg {

// The PGconn of an open QPSQL connection, nullptr for another driver or a closed one.
pg_conn *nativeConnection(const QSqlDatabase &db);

// A conninfo string ("host=/tmp/s port=5432 dbname=x", or a postgresql:// URI) as keywords and
// values; libpq's own parser, so it reads what libpq reads. Kind::InvalidInput when it cannot.
Result<QMap<QString, QString>> parseConninfo(const QString &conninfo);
// Keywords and values as a conninfo string (values quoted as libpq wants).
QString formatConninfo(const QMap<QString, QString> &parameters);

// How to start a libpq tool: the conninfo for its --dbname, without password, and the
// environment that carries the password (PGPASSWORD) when the conninfo held one; otherwise
// libpq finds it in PGPASSWORD or ~/.pgpass as it would for any client.
struct ToolConnection
{
    QString conninfo; // never holds a password
    QProcessEnvironment environment;
};
// database, when given, replaces the conninfo's dbname (a scratch database, a restore target).
Result<ToolConnection> toolConnection(const QString &conninfo, const QString &database = {});

// A database location for the app and the CLI (which keep it in settings, show it, log it):
// its parameters, or InvalidInput when libpq cannot read it or when it holds a password, which
// belongs in ~/.pgpass, a service file or PGPASSWORD instead.
Result<QMap<QString, QString>> locationParameters(const QString &location);

// The conninfo for messages and logs: a password shown as "***".
QString redactedConninfo(const QString &conninfo);

} // namespace backupdb::pg
