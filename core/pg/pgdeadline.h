// A statement timeout that really stops the statement, and a cancel that can come from any
// thread, for one QPSQL connection.
//
// The timeout is PostgreSQL's own statement_timeout, set on the connection for as long as the
// PgDeadline lives (a lease, or one statement) and put back to what it was afterwards: the
// server cancels a statement that runs past it, wherever it is (a sort, a lock wait, pg_sleep),
// and the client gets 57014. cancel() sends a cancel request over a connection of its own
// (libpq's PQcancel, which is safe from another thread): the server ends the running
// statement the same way. Errors come back as DbError Kind::Timeout (the timeout fired) or
// Kind::Cancelled (cancel() was called), with the SQLSTATE as native code (pgerrors.h).
//
// A cancel that arrives between statements is not lost: exec() refuses to start once cancel()
// was called. One that arrives while a statement is being sent (before the server runs it) is
// sent again until the statement is over.
//
// Thread-safety: construct, exec() and destroy on the thread that owns the connection;
// cancel(), isCancelRequested() and isStatementRunning() from any thread, while the PgDeadline
// lives (its owner waits for the cancelling thread before destroying it).
#pragma once

#include "../common/error.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

struct pg_cancel; // libpq's PGcancel

namespace backupdb::pg {

class PgDeadline
{
public:
    // timeout zero: no timeout (statement_timeout 0), only cancel(). The connection must be an
    // open QPSQL one; otherwise error() says so and exec() refuses.
    PgDeadline(const QSqlDatabase &db, std::chrono::milliseconds timeout);
    ~PgDeadline();
    Q_DISABLE_COPY_MOVE(PgDeadline)

    // Why the deadline could not be set up (Kind::None when it was).
    const DbError &error() const { return m_setupError; }

    // Runs sql (prepared and bound with values when given) on the connection, under the
    // timeout; q holds the rows afterwards. Kind::Timeout, Kind::Cancelled or the statement's
    // own error (classified by SQLSTATE).
    DbError exec(QSqlQuery &q, const QString &sql, const QVariantList &values = {});
    // The same for a query already prepared (and bound) by the caller.
    DbError execPrepared(QSqlQuery &q);

    // Any thread: stop the running statement (and any later one). Returns false if the
    // cancel request could not be sent (message in *why).
    bool cancel(QString *why = nullptr);
    bool isCancelRequested() const { return m_cancelRequested.load(); }
    bool isStatementRunning() const { return m_running.load(); }

private:
    DbError run(QSqlQuery &q, bool prepared, const QString &sql, const QVariantList &values);
    DbError classify(const QSqlError &error) const;
    bool sendCancel(QString *why);

    QSqlDatabase m_db;
    std::chrono::milliseconds m_timeout;
    QString m_previousTimeout; // statement_timeout before, put back by the destructor
    DbError m_setupError;

    std::mutex m_mutex; // guards m_cancel and the condition below
    std::condition_variable m_finished;
    pg_cancel *m_cancel = nullptr;
    std::atomic<bool> m_cancelRequested { false };
    std::atomic<bool> m_running { false };
};

} // namespace backupdb::pg
