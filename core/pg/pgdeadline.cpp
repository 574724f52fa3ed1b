#include "pgdeadline.h"

#include "pgconnection.h"
#include "pgerrors.h"

#include <QSqlError>
#include <QVariant>
#include <libpq-fe.h>

namespace backupdb::pg {

namespace {

// How long cancel() waits for the statement to end before it sends the request again (the
// first one may have reached the server before the statement did), and how often it tries.
constexpr std::chrono::milliseconds kResendAfter { 100 };
constexpr int kMaxSends = 50;

} // namespace

PgDeadline::PgDeadline(const QSqlDatabase &db, std::chrono::milliseconds timeout)
    : m_db(db)
    , m_timeout(timeout)
{
    PGconn *conn = nativeConnection(m_db);
    if (!conn) {
        m_setupError = DbError(DbError::Kind::Internal,
                               QStringLiteral("statement deadline: not an open QPSQL connection"));
        return;
    }
    // PQgetCancel must run on the owning thread; the PGcancel it gives is then independent of
    // the connection, and PQcancel on it is thread-safe.
    m_cancel = PQgetCancel(conn);
    if (!m_cancel) {
        m_setupError = DbError(DbError::Kind::Internal,
                               QStringLiteral("statement deadline: no cancel handle"));
        return;
    }
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT current_setting('statement_timeout')")) || !q.next()) {
        m_setupError = fromSqlError(q.lastError(), QStringLiteral("reading statement_timeout"));
        return;
    }
    m_previousTimeout = q.value(0).toString();
    // set_config binds the value; SET cannot take a parameter. An integer is milliseconds.
    q.prepare(QStringLiteral("SELECT set_config('statement_timeout', ?, false)"));
    q.addBindValue(QString::number(m_timeout.count()));
    if (!q.exec())
        m_setupError = fromSqlError(q.lastError(), QStringLiteral("setting statement_timeout"));
}

PgDeadline::~PgDeadline()
{
    if (!m_previousTimeout.isEmpty() && m_db.isOpen()) {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT set_config('statement_timeout', ?, false)"));
        q.addBindValue(m_previousTimeout);
        // Fails only in an aborted transaction, whose rollback puts the setting back anyway
        // when it was set inside it.
        if (!q.exec())
            qWarning("statement deadline: statement_timeout not restored: %s",
                     qPrintable(q.lastError().text()));
    }
    std::lock_guard lock(m_mutex);
    if (m_cancel)
        PQfreeCancel(m_cancel);
    m_cancel = nullptr;
}

DbError PgDeadline::exec(QSqlQuery &q, const QString &sql, const QVariantList &values)
{
    return run(q, !values.isEmpty(), sql, values);
}

DbError PgDeadline::execPrepared(QSqlQuery &q)
{
    return run(q, true, QString(), {});
}

DbError PgDeadline::run(QSqlQuery &q, bool prepared, const QString &sql, const QVariantList &values)
{
    if (m_setupError)
        return m_setupError;
    if (!sql.isEmpty() && prepared) {
        if (!q.prepare(sql))
            return classify(q.lastError());
        for (const QVariant &value : values)
            q.addBindValue(value);
    }
    {
        std::lock_guard lock(m_mutex);
        if (m_cancelRequested.load())
            return DbError(DbError::Kind::Cancelled,
                           QStringLiteral("cancelled before the statement started"));
        m_running.store(true);
    }
    const bool ok = prepared ? q.exec() : q.exec(sql);
    {
        std::lock_guard lock(m_mutex);
        m_running.store(false);
    }
    m_finished.notify_all();
    return ok ? DbError() : classify(q.lastError());
}

DbError PgDeadline::classify(const QSqlError &error) const
{
    DbError e = fromSqlError(error);
    if (sqlStateOf(e) == QLatin1String("57014")) {
        // This object knows who stopped it: its cancel(), or else the timeout (or another
        // session's pg_cancel_backend, which is reported as a cancel by the message).
        const DbError::Kind kind = m_cancelRequested.load() ? DbError::Kind::Cancelled
                : m_timeout.count() > 0 && e.kind() != DbError::Kind::Cancelled
                ? DbError::Kind::Timeout
                : e.kind();
        const QString what = kind == DbError::Kind::Timeout
                ? QStringLiteral("statement timeout (%1 ms)").arg(m_timeout.count())
                : QStringLiteral("statement cancelled");
        return makeError(kind, what + QLatin1String(": ") + e.message(), nativeCode(e));
    }
    return e;
}

bool PgDeadline::cancel(QString *why)
{
    m_cancelRequested.store(true);
    std::unique_lock lock(m_mutex);
    if (!m_cancel) {
        if (why)
            *why = QStringLiteral("no cancel handle");
        return false;
    }
    // Sent while a statement runs; a request that reached the server before the statement
    // did is ignored there, so send again until the statement is over.
    for (int sent = 0; m_running.load() && sent < kMaxSends; ++sent) {
        if (!sendCancel(why))
            return false;
        m_finished.wait_for(lock, kResendAfter, [this] { return !m_running.load(); });
    }
    return true;
}

bool PgDeadline::sendCancel(QString *why)
{
    char message[256] = {};
    if (PQcancel(m_cancel, message, sizeof message) == 1)
        return true;
    if (why)
        *why = QString::fromUtf8(message).trimmed();
    return false;
}

} // namespace backupdb::pg
