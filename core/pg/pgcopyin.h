// One COPY ... FROM STDIN through libpq: rows sent in the text format with PQputCopyData, the
// server's verdict at the end. A COPY not finished (an error on the way, a cancel) is ended
// with an error, so that the server discards what it received. Errors about a row never quote
// it (its values may be keys): they keep the server's message and the COPY's line.
// Thread-safety: the thread that uses the connection.
#pragma once

#include "../common/error.h"

#include <QByteArray>

typedef struct pg_conn PGconn;

namespace backupdb::pg {

class CopyIn
{
public:
    explicit CopyIn(PGconn *conn)
        : m_conn(conn)
    { }
    ~CopyIn();
    Q_DISABLE_COPY_MOVE(CopyIn)

    DbError start(const QByteArray &statement);
    // Lines of COPY's text format, each ending with '\n'.
    DbError put(const QByteArray &data);
    // The rows the server took, or its error (a constraint, a value of a wrong form).
    Result<qint64> finish();

private:
    void abort(const char *reason);
    Result<qint64> drain();

    PGconn *m_conn;
    bool m_active = false;
};

} // namespace backupdb::pg
