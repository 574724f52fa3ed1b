#include "pgcopyin.h"

#include "pglibpq.h"

#include <libpq-fe.h>

namespace backupdb::pg {

namespace {

// The server's error about a copied row, without the row: its DETAIL ("Failing row contains
// ...") and CONTEXT ("COPY clients, line 3: ...") quote the values, AES keys included, which
// must never reach a log or a terminal. What stays: the message and the line ("line 3" is the
// table's third row in the order sent).
QString rowErrorMessage(const PGresult *result)
{
    QString message = QString::fromUtf8(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY));
    if (message.isEmpty())
        message = QStringLiteral("the server refused the rows");
    const QString context = QString::fromUtf8(PQresultErrorField(result, PG_DIAG_CONTEXT));
    const QString where = context.section(u':', 0, 0).simplified();
    if (where.startsWith(QLatin1String("COPY ")))
        message += QStringLiteral(" (%1)").arg(where);
    return message.simplified();
}

// A connection's last error without the lines after the first (a server error's DETAIL and
// CONTEXT, which can quote a row).
QString firstLine(const char *message)
{
    return QString::fromUtf8(message).trimmed().section(u'\n', 0, 0);
}

} // namespace

CopyIn::~CopyIn()
{
    if (m_active)
        abort("the move stopped");
}

DbError CopyIn::start(const QByteArray &statement)
{
    PGresult *result = PQexec(m_conn, statement.constData());
    const bool started = result && PQresultStatus(result) == PGRES_COPY_IN;
    ScriptResult outcome;
    if (!started) {
        outcome.sqlState = result ? QString::fromUtf8(PQresultErrorField(result, PG_DIAG_SQLSTATE))
                                  : QString();
        outcome.message = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
    }
    if (result)
        PQclear(result);
    if (!started)
        return outcome.toError().withContext(QString::fromUtf8(statement));
    m_active = true;
    return DbError();
}

DbError CopyIn::put(const QByteArray &data)
{
    if (data.isEmpty())
        return DbError();
    if (PQputCopyData(m_conn, data.constData(), int(data.size())) != 1)
        return DbError(DbError::Kind::Sql,
                       QStringLiteral("sending rows to PostgreSQL: %1")
                               .arg(firstLine(PQerrorMessage(m_conn))));
    return DbError();
}

Result<qint64> CopyIn::finish()
{
    m_active = false;
    if (PQputCopyEnd(m_conn, nullptr) != 1)
        return DbError(DbError::Kind::Sql, firstLine(PQerrorMessage(m_conn)));
    return drain();
}

void CopyIn::abort(const char *reason)
{
    m_active = false;
    PQputCopyEnd(m_conn, reason);
    drain();
}

Result<qint64> CopyIn::drain()
{
    ScriptResult outcome { true, {}, {} };
    qint64 rows = 0;
    while (PGresult *result = PQgetResult(m_conn)) {
        if (PQresultStatus(result) == PGRES_COMMAND_OK) {
            rows = QByteArray(PQcmdTuples(result)).toLongLong();
        } else if (outcome.ok) {
            outcome.ok = false;
            outcome.sqlState = QString::fromUtf8(PQresultErrorField(result, PG_DIAG_SQLSTATE));
            outcome.message = rowErrorMessage(result);
        }
        PQclear(result);
    }
    if (!outcome.ok)
        return outcome.toError();
    return rows;
}

} // namespace backupdb::pg
