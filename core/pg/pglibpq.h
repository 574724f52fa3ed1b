// libpq as the core uses it: a connection opened from a ConnectionSpec (or the borrowed handle
// of another owner, such as a QPSQL connection), statements run with PQexec / PQexecParams, and
// their outcome as values. Qt's QPSQL driver is not used here: COPY ... FROM STDIN, and the
// error of a script's last statement (which QSqlQuery::exec does not report in Qt 6.4), need
// libpq itself.
// Thread-safety: a connection is used by one thread at a time (libpq's rule).
#pragma once

#include "../common/error.h"
#include "pgconnectionspec.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <memory>
#include <optional>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace backupdb::pg {

// The outcome of a statement or script: ok, or the server's SQLSTATE and message.
struct ScriptResult
{
    bool ok = false;
    QString sqlState; // e.g. P0001 for RAISE EXCEPTION, 23505 for a unique violation
    QString message;

    DbError toError(DbError::Kind kind = DbError::Kind::Sql) const;
};

// The rows of a query, in libpq's text format.
class Rows
{
public:
    Rows() = default;
    explicit Rows(PGresult *result);
    ~Rows();
    Rows(Rows &&other) noexcept;
    Rows &operator=(Rows &&other) noexcept;
    Q_DISABLE_COPY(Rows)

    int count() const;
    int columns() const;
    bool isNull(int row, int column) const;
    QByteArray bytes(int row, int column) const; // as the server sent it (text format)
    QString text(int row, int column) const;
    qint64 integer(int row, int column) const; // 0 when NULL or not a number

private:
    PGresult *m_result = nullptr;
};

// Runs sql (one statement or several, in the open transaction if there is one).
ScriptResult exec(PGconn *conn, const QByteArray &sql);
// Runs one statement with text parameters ($1, $2 ...; std::nullopt is NULL).
Result<Rows> query(PGconn *conn, const QByteArray &sql,
                   const QList<std::optional<QByteArray>> &parameters = {});
// Runs a script in a transaction of its own (BEGIN ... COMMIT); rolls back when it fails.
ScriptResult execInOwnTransaction(PGconn *conn, const QByteArray &sql);

// A transaction of the connection (BEGIN ... COMMIT): rolled back unless commit() succeeded.
class PgTransaction
{
public:
    explicit PgTransaction(PGconn *conn)
        : m_conn(conn)
    { }
    ~PgTransaction();
    Q_DISABLE_COPY_MOVE(PgTransaction)

    DbError begin();
    // Fails when the server did not commit (a COMMIT of a failed transaction answers ROLLBACK
    // without an error).
    DbError commit();

private:
    PGconn *m_conn;
    bool m_open = false;
};

class Connection
{
public:
    // Connects (libpq finds a password in ~/.pgpass, PGPASSWORD or a service file, unless the
    // spec holds one). applicationName is used unless the spec names one. Errors name the
    // target by its redacted form.
    static Result<std::unique_ptr<Connection>> open(const ConnectionSpec &spec,
                                                    const QString &applicationName);
    ~Connection();
    Q_DISABLE_COPY_MOVE(Connection)

    PGconn *handle() const { return m_conn; }

private:
    explicit Connection(PGconn *conn)
        : m_conn(conn)
    { }
    PGconn *m_conn = nullptr;
};

} // namespace backupdb::pg
