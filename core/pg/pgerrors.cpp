#include "pgerrors.h"

#include <QStringList>
#include <libpq-fe.h>

namespace backupdb::pg {

namespace {

bool isClass(const QString &sqlState, const char *cls)
{
    return sqlState.startsWith(QLatin1String(cls));
}

// libpq's full message ("ERROR:  primary\nDETAIL:  ...\nHINT:  ...\nLINE 1: ...", and QPSQL
// adds "(SQLSTATE)") reduced to the primary message and its hint. DETAIL is left out on purpose:
// it can quote the failing row ("Failing row contains (...)"), a client's AES key among it.
QString primaryMessage(const QString &text)
{
    static const QLatin1String severities[]
            = { QLatin1String("ERROR:"), QLatin1String("FATAL:"), QLatin1String("PANIC:"),
                QLatin1String("WARNING:") };
    QString primary;
    QString hint;
    const QStringList lines = text.split(u'\n');
    for (const QString &raw : lines) {
        QString line = raw.trimmed();
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1String("HINT:"))) {
            hint = line.mid(5).trimmed();
            continue;
        }
        if (!primary.isEmpty())
            continue; // DETAIL, CONTEXT, LINE n, the caret, QPSQL's "(23505)"
        for (const QLatin1String &severity : severities) {
            if (line.startsWith(severity)) {
                line = line.mid(severity.size()).trimmed();
                break;
            }
        }
        primary = line;
    }
    return hint.isEmpty() ? primary : primary + QLatin1String(" (") + hint + u')';
}

} // namespace

DbError::Kind kindForSqlState(const QString &sqlState, const QString &message)
{
    using Kind = DbError::Kind;
    if (sqlState.size() != 5)
        return Kind::Sql;
    // Exact codes first: several classes hold codes of different kinds.
    if (sqlState == QLatin1String("57014")) {
        // query_canceled: by statement_timeout, or by a cancel request (PQcancel,
        // pg_cancel_backend). The server's message is the only difference; lc_messages other
        // than English would hide it, which PgDeadline does not depend on (it knows whether it
        // sent the cancel).
        return message.contains(QLatin1String("statement timeout")) ? Kind::Timeout
                                                                    : Kind::Cancelled;
    }
    if (sqlState == QLatin1String("40001") // serialization_failure
        || sqlState == QLatin1String("40P01") // deadlock_detected
        || sqlState == QLatin1String("55P03") // lock_not_available (lock_timeout, NOWAIT)
        || sqlState == QLatin1String("55006")) // object_in_use
        return Kind::Busy;
    if (sqlState == QLatin1String("25006")) // read_only_sql_transaction (hot standby too)
        return Kind::ReadOnly;
    if (sqlState == QLatin1String("3D000") // invalid_catalog_name: no such database
        || sqlState == QLatin1String("57P01") // admin_shutdown
        || sqlState == QLatin1String("57P02") // crash_shutdown
        || sqlState == QLatin1String("57P03")) // cannot_connect_now (starting up)
        return Kind::CannotOpen;
    if (sqlState == QLatin1String("XX001") // data_corrupted
        || sqlState == QLatin1String("XX002")) // index_corrupted
        return Kind::Corrupt;
    if (sqlState == QLatin1String("P0002")) // no_data_found (PL/pgSQL STRICT)
        return Kind::NotFound;
    // Then classes.
    if (isClass(sqlState, "23")) // integrity_constraint_violation: 23505, 23503, 23514, 23502...
        return Kind::Constraint;
    if (isClass(sqlState, "08") || isClass(sqlState, "28")) // connection, authorization
        return Kind::CannotOpen;
    if (isClass(sqlState, "22")) // data_exception: a value the column or function refuses
        return Kind::InvalidInput;
    if (isClass(sqlState, "53") || isClass(sqlState, "58")) // disk full, out of memory, I/O
        return Kind::Io;
    if (isClass(sqlState, "XX"))
        return Kind::Internal;
    return Kind::Sql;
}

bool isRetryableSqlState(const QString &sqlState)
{
    return sqlState == QLatin1String("40001") || sqlState == QLatin1String("40P01")
            || sqlState == QLatin1String("55P03");
}

DbError fromSqlState(const QString &sqlState, const QString &message, const QString &context)
{
    const QString text
            = sqlState.isEmpty() ? message : QStringLiteral("[%1] %2").arg(sqlState, message);
    DbError error = makeError(kindForSqlState(sqlState, message), text, packSqlState(sqlState));
    return context.isEmpty() ? error : error.withContext(context);
}

DbError fromSqlError(const QSqlError &error, const QString &context)
{
    if (!error.isValid() || error.type() == QSqlError::NoError)
        return DbError();
    const QString sqlState = error.nativeErrorCode().trimmed();
    // QPSQL's databaseText() is libpq's message; driverText() says what Qt was doing.
    QString message = primaryMessage(error.databaseText());
    if (message.isEmpty())
        message = error.driverText().trimmed();
    if (sqlState.size() != 5 && error.type() == QSqlError::ConnectionError) {
        DbError e = makeError(DbError::Kind::CannotOpen, message, 0);
        return context.isEmpty() ? e : e.withContext(context);
    }
    return fromSqlState(sqlState.size() == 5 ? sqlState : QString(), message, context);
}

DbError fromPgResult(const pg_result *result, const QString &connectionMessage,
                     const QString &context)
{
    if (!result) {
        DbError e = makeError(DbError::Kind::CannotOpen,
                              connectionMessage.isEmpty()
                                      ? QStringLiteral("no result from the server")
                                      : connectionMessage.trimmed(),
                              0);
        return context.isEmpty() ? e : e.withContext(context);
    }
    switch (PQresultStatus(result)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_COPY_BOTH:
    case PGRES_SINGLE_TUPLE:
        return DbError();
    default:
        break;
    }
    const char *state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const char *primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    const char *hint = PQresultErrorField(result, PG_DIAG_MESSAGE_HINT);
    QString message = primary ? QString::fromUtf8(primary).trimmed()
                              : primaryMessage(QString::fromUtf8(PQresultErrorMessage(result)));
    if (primary && hint)
        message += QLatin1String(" (") + QString::fromUtf8(hint).trimmed() + u')';
    if (message.isEmpty())
        message = connectionMessage.trimmed();
    return fromSqlState(QString::fromLatin1(state ? state : ""), message, context);
}

int packSqlState(const QString &sqlState)
{
    if (sqlState.size() != 5)
        return 0;
    int code = 0;
    for (const QChar c : sqlState) {
        int digit;
        if (c >= u'0' && c <= u'9')
            digit = c.unicode() - u'0';
        else if (c >= u'A' && c <= u'Z')
            digit = c.unicode() - u'A' + 10;
        else
            return 0;
        code = code * 36 + digit;
    }
    // "00000" (successful_completion) packs to 0 too, which is right: no error.
    return code;
}

QString unpackSqlState(int code)
{
    if (code <= 0 || code >= 36 * 36 * 36 * 36 * 36)
        return {};
    QString text(5, u'0');
    for (int i = 4; i >= 0; --i) {
        const int digit = code % 36;
        text[i] = digit < 10 ? QChar(u'0' + digit) : QChar(u'A' + digit - 10);
        code /= 36;
    }
    return text;
}

int nativeCode(const DbError &error)
{
    return error.nativeCode();
}

DbError makeError(DbError::Kind kind, const QString &message, int nativeCode)
{
    // The constructor's fourth argument is the native code (whatever the field is named).
    return DbError(kind, message, {}, nativeCode);
}

} // namespace backupdb::pg
