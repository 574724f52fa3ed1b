#include "pglibpq.h"

#include "../common/logging.h"

#include <libpq-fe.h>
#include <vector>

namespace backupdb::pg {

namespace {

ScriptResult outcomeOf(PGconn *conn, PGresult *result)
{
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    ScriptResult outcome;
    outcome.ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!outcome.ok) {
        if (result)
            outcome.sqlState = QString::fromUtf8(PQresultErrorField(result, PG_DIAG_SQLSTATE));
        outcome.message
                = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(conn))
                          .trimmed();
        if (outcome.message.isEmpty())
            outcome.message = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
    }
    return outcome;
}

// The server's notices (a TRUNCATE's cascade, a DROP ... IF EXISTS) go to the log, not to
// stderr as libpq's default does.
void logNotice(void *, const char *message)
{
    qCDebug(lcSchema).noquote() << "PostgreSQL:" << QString::fromUtf8(message).trimmed();
}

// COMMIT of a transaction that failed answers "ROLLBACK" without an error.
bool committed(PGconn *conn)
{
    PGresult *result = PQexec(conn, "COMMIT");
    const bool ok = result && PQresultStatus(result) == PGRES_COMMAND_OK
            && qstrcmp(PQcmdStatus(result), "COMMIT") == 0;
    if (result)
        PQclear(result);
    return ok;
}

} // namespace

DbError ScriptResult::toError(DbError::Kind kind) const
{
    if (ok)
        return DbError();
    return DbError(kind,
                   sqlState.isEmpty() ? message
                                      : QStringLiteral("%1 (SQLSTATE %2)").arg(message, sqlState));
}

Rows::Rows(PGresult *result)
    : m_result(result)
{ }

Rows::~Rows()
{
    if (m_result)
        PQclear(m_result);
}

Rows::Rows(Rows &&other) noexcept
    : m_result(std::exchange(other.m_result, nullptr))
{ }

Rows &Rows::operator=(Rows &&other) noexcept
{
    if (this != &other) {
        if (m_result)
            PQclear(m_result);
        m_result = std::exchange(other.m_result, nullptr);
    }
    return *this;
}

int Rows::count() const
{
    return m_result ? PQntuples(m_result) : 0;
}

int Rows::columns() const
{
    return m_result ? PQnfields(m_result) : 0;
}

bool Rows::isNull(int row, int column) const
{
    return !m_result || PQgetisnull(m_result, row, column);
}

QByteArray Rows::bytes(int row, int column) const
{
    if (isNull(row, column))
        return {};
    return QByteArray(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
}

QString Rows::text(int row, int column) const
{
    return QString::fromUtf8(bytes(row, column));
}

qint64 Rows::integer(int row, int column) const
{
    return bytes(row, column).toLongLong();
}

ScriptResult exec(PGconn *conn, const QByteArray &sql)
{
    if (!conn)
        return { false, {}, QStringLiteral("no PostgreSQL connection") };
    PGresult *result = PQexec(conn, sql.constData());
    ScriptResult outcome = outcomeOf(conn, result);
    if (result)
        PQclear(result);
    return outcome;
}

Result<Rows> query(PGconn *conn, const QByteArray &sql,
                   const QList<std::optional<QByteArray>> &parameters)
{
    if (!conn)
        return DbError(DbError::Kind::Internal, QStringLiteral("no PostgreSQL connection"));
    std::vector<const char *> values;
    values.reserve(size_t(parameters.size()));
    for (const auto &p : parameters)
        values.push_back(p ? p->constData() : nullptr);
    PGresult *result = PQexecParams(conn, sql.constData(), int(values.size()), nullptr,
                                    values.data(), nullptr, nullptr, 0);
    const ScriptResult outcome = outcomeOf(conn, result);
    if (!outcome.ok) {
        if (result)
            PQclear(result);
        return outcome.toError();
    }
    return Rows(result);
}

ScriptResult execInOwnTransaction(PGconn *conn, const QByteArray &sql)
{
    ScriptResult begun = exec(conn, "BEGIN");
    if (!begun.ok)
        return begun;
    ScriptResult outcome = exec(conn, sql);
    if (!outcome.ok) {
        exec(conn, "ROLLBACK");
        return outcome;
    }
    if (!committed(conn))
        return { false,
                 {},
                 QStringLiteral("COMMIT did not commit: %1")
                         .arg(QString::fromUtf8(PQerrorMessage(conn)).trimmed()) };
    return outcome;
}

PgTransaction::~PgTransaction()
{
    if (m_open)
        exec(m_conn, "ROLLBACK");
}

DbError PgTransaction::begin()
{
    const ScriptResult begun = exec(m_conn, "BEGIN");
    if (!begun.ok)
        return begun.toError().withContext(QStringLiteral("starting a transaction"));
    m_open = true;
    return DbError();
}

DbError PgTransaction::commit()
{
    m_open = false;
    if (!committed(m_conn))
        return DbError(DbError::Kind::Sql,
                       QStringLiteral("COMMIT did not commit (%1)")
                               .arg(QString::fromUtf8(PQerrorMessage(m_conn)).trimmed()));
    return DbError();
}

Result<std::unique_ptr<Connection>> Connection::open(const ConnectionSpec &spec,
                                                     const QString &applicationName)
{
    std::vector<QByteArray> keywords;
    std::vector<QByteArray> values;
    bool named = false;
    bool timeout = false;
    for (const auto &[keyword, value] : spec.options()) {
        keywords.push_back(keyword);
        values.push_back(value);
        named = named || keyword == "application_name";
        timeout = timeout || keyword == "connect_timeout";
    }
    if (!named && !applicationName.isEmpty()) {
        keywords.push_back("application_name");
        values.push_back(applicationName.toUtf8());
    }
    if (!timeout) {
        // A host that does not answer is reported, not waited for without end.
        keywords.push_back("connect_timeout");
        values.push_back("10");
    }
    std::vector<const char *> k;
    std::vector<const char *> v;
    for (size_t i = 0; i < keywords.size(); ++i) {
        k.push_back(keywords[i].constData());
        v.push_back(values[i].constData());
    }
    k.push_back(nullptr);
    v.push_back(nullptr);
    PGconn *conn = PQconnectdbParams(k.data(), v.data(), 0);
    if (!conn)
        return DbError(DbError::Kind::CannotOpen,
                       QStringLiteral("cannot connect to PostgreSQL (%1): out of memory")
                               .arg(spec.redacted()));
    if (PQstatus(conn) != CONNECTION_OK) {
        QString message = QString::fromUtf8(PQerrorMessage(conn)).simplified();
        PQfinish(conn);
        // libpq's messages name host, port and user, not the password; hide it anyway should
        // one ever be quoted.
        for (const auto &[keyword, value] : spec.options())
            if ((keyword == "password" || keyword == "sslpassword") && !value.isEmpty())
                message.replace(QString::fromUtf8(value), QStringLiteral("***"));
        return DbError(DbError::Kind::CannotOpen,
                       QStringLiteral("cannot connect to PostgreSQL (%1): %2")
                               .arg(spec.redacted(), message));
    }
    PQsetNoticeProcessor(conn, logNotice, nullptr);
    return std::unique_ptr<Connection>(new Connection(conn));
}

Connection::~Connection()
{
    if (m_conn)
        PQfinish(m_conn);
}

} // namespace backupdb::pg
