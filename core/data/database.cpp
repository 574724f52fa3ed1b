#include "database.h"

#include "../common/logging.h"
#include "transaction.h"

#include <QSqlError>

namespace backupdb {

namespace {
PoolConfig writerConfig(const PoolConfig &base)
{
    PoolConfig c = base;
    c.name = QStringLiteral("writer");
    c.access = base.access; // ReadOnly for a damaged file: its writes are refused anyway
    c.coreSize = 1;
    c.maxOverflow = 0;
    return c;
}

PoolConfig readerConfig(const PoolConfig &base)
{
    PoolConfig c = base;
    c.name = QStringLiteral("reader");
    c.access = AccessMode::ReadOnly;
    return c;
}

QString shortSql(const QString &sql)
{
    const QString s = sql.simplified();
    return s.size() > 160 ? s.left(160) + QStringLiteral("…") : s;
}
} // namespace

Database::Database(const PoolConfig &base, const QueryPolicy &policy, const Clock &clock)
    : m_writer(writerConfig(base), clock)
    , m_readers(readerConfig(base), clock)
    , m_queryStats(policy.slowThreshold)
    , m_clock(clock)
    , m_policy(policy)
    , m_queryTimeoutMs(policy.queryTimeout.count())
{ }

Database::~Database()
{
    shutdown();
}

DbError Database::start()
{
    // The writer first: it switches the file to WAL, which the read-only readers cannot do.
    if (DbError e = m_writer.start())
        return e;
    if (DbError e = m_readers.start()) {
        m_writer.shutdown();
        return e;
    }
    return DbError();
}

void Database::shutdown()
{
    m_readers.shutdown();
    m_writer.shutdown();
}

QList<qint64> Database::locklessProcesses() const
{
    return engine().otherProcesses(path()).unsafe;
}

void Database::noteContentChanged(const QString &what)
{
    {
        std::lock_guard lock(m_contentMutex);
        // A copy of its own, moved in: the member never shares its text with the caller's
        // string, whose last reference may go on another thread inside Qt's (uninstrumented)
        // QString::operator=, where ThreadSanitizer cannot see the reference count's ordering.
        m_lastContentChange = QString(what.constData(), what.size());
    }
    m_contentEpoch.fetch_add(1, std::memory_order_acq_rel);
    noteWrite();
}

QString Database::lastContentChange() const
{
    std::lock_guard lock(m_contentMutex);
    return m_lastContentChange;
}

void Database::refuseWrites(const DbError &why)
{
    std::lock_guard lock(m_gateMutex);
    m_writeRefusal = why;
}

DbError Database::writeRefusal() const
{
    std::lock_guard lock(m_gateMutex);
    return m_writeRefusal;
}

void Database::holdWrites()
{
    std::lock_guard lock(m_gateMutex);
    m_writesHeld = true;
}

void Database::releaseWrites(const DbError &refusal)
{
    {
        std::lock_guard lock(m_gateMutex);
        m_writesHeld = false;
        if (refusal.isError())
            m_writeRefusal = refusal;
    }
    m_gateOpened.notify_all();
}

bool Database::writesHeld() const
{
    std::lock_guard lock(m_gateMutex);
    return m_writesHeld;
}

DbError Database::passWriteGate() const
{
    std::unique_lock lock(m_gateMutex);
    m_gateOpened.wait(lock, [this] { return !m_writesHeld; });
    return m_writeRefusal;
}

DbError Database::checkDestructive(const QString &action) const
{
    if (const DbError refusal = passWriteGate(); refusal.isError())
        return DbError(DbError::Kind::Refused,
                       QStringLiteral("%1 refused: %2").arg(action, refusal.message()));
    const QList<qint64> lockless = locklessProcesses();
    if (lockless.isEmpty())
        return DbError();
    QStringList pids;
    for (qint64 pid : lockless)
        pids.append(QString::number(pid));
    return DbError(DbError::Kind::Refused,
                   QStringLiteral("%1 refused: process %2 has the database open but holds no lock "
                                  "on it (it opened and closed the file outside SQLite, e.g. to "
                                  "copy it); restart it before maintenance")
                           .arg(action, pids.join(QStringLiteral(", "))));
}

QueryPolicy Database::policy() const
{
    std::lock_guard lock(m_policyMutex);
    return m_policy;
}

void Database::setPolicy(const QueryPolicy &policy)
{
    {
        std::lock_guard lock(m_policyMutex);
        m_policy = policy;
        m_queryTimeoutMs.store(policy.queryTimeout.count(), std::memory_order_relaxed);
    }
    m_queryStats.setSlowThreshold(policy.slowThreshold);
}

Result<QSqlQuery *> Database::run(ConnectionLease &lease, const QString &sql,
                                  const QVariantList &binds, const StatementControl &control,
                                  Nanoseconds *started)
{
    if (!lease.isValid())
        return DbError(DbError::Kind::Internal, QStringLiteral("no connection"));
    bool prepared = false;
    QSqlQuery *query = lease.statements().prepare(lease.database(), sql, &prepared);
    if (!prepared)
        return engine().errorOf(query->lastError(),
                                   QStringLiteral("preparing \"%1\"").arg(shortSql(sql)));
    for (int i = 0; i < binds.size(); ++i)
        query->bindValue(i, binds.at(i));

    *started = m_clock.now();
    arm(lease, control);
    if (!query->exec()) {
        const DbError error
                = interruptError(lease, engine().errorOf(query->lastError(), QString()), sql);
        disarm(lease);
        return error;
    }
    return query;
}

void Database::arm(ConnectionLease &lease, const StatementControl &control) const
{
    StatementGuard &guard = lease.guard();
    const Milliseconds timeout = control.timeout.value_or(policy().queryTimeout);
    guard.reason.store(0);
    guard.cancelFlag.store(control.cancel);
    guard.progress.store(control.progress);
    guard.steps.store(0);
    guard.deadlineNs.store(timeout.count() > 0 ? (SteadyClock::instance().now() + timeout).count()
                                               : 0);
}

void Database::disarm(ConnectionLease &lease)
{
    if (!lease.isValid())
        return;
    lease.guard().deadlineNs.store(0);
    lease.guard().cancelFlag.store(nullptr);
    lease.guard().progress.store(nullptr);
}

DbError Database::interruptError(ConnectionLease &lease, const DbError &error,
                                 const QString &sql) const
{
    // SQLite reports either interrupt as one kind (Timeout), PostgreSQL by the server's message
    // (its cancel request or statement_timeout); the guard knows which of the pool's two fired.
    if (error.kind() == DbError::Kind::Timeout || error.kind() == DbError::Kind::Cancelled) {
        const int reason = lease.guard().reason.load();
        if (reason == 2 || (reason == 0 && error.kind() == DbError::Kind::Cancelled))
            return DbError(DbError::Kind::Cancelled,
                           QStringLiteral("cancelled: %1").arg(shortSql(sql)), {},
                           error.nativeCode());
        return DbError(
                DbError::Kind::Timeout,
                QStringLiteral("the query ran past its %1 ms timeout and was interrupted: %2")
                        .arg(policy().queryTimeout.count())
                        .arg(shortSql(sql)),
                {}, error.nativeCode());
    }
    return error.withContext(shortSql(sql));
}

Result<QSqlQuery *> Database::exec(ConnectionLease &lease, const QString &sql,
                                   const QVariantList &binds, const StatementControl &control)
{
    Nanoseconds started {};
    auto result = run(lease, sql, binds, control, &started);
    if (started.count() != 0)
        m_queryStats.record(sql, m_clock.now() - started);
    return result;
}

DbError Database::forEachRow(ConnectionLease &lease, const QString &sql, const QVariantList &binds,
                             const std::function<void(const QSqlQuery &)> &onRow,
                             const StatementControl &control)
{
    Nanoseconds started {};
    auto result = run(lease, sql, binds, control, &started);
    DbError error;
    if (!result) {
        error = result.error();
    } else {
        QSqlQuery *query = result.value();
        while (query->next())
            onRow(*query);
        // An interrupt during next() ends the loop quietly: look at the error.
        if (query->lastError().type() != QSqlError::NoError)
            error = interruptError(lease, engine().errorOf(query->lastError(), QString()), sql);
        query->finish();
        disarm(lease);
    }
    if (started.count() != 0)
        m_queryStats.record(sql, m_clock.now() - started);
    return error;
}

Result<QVariant> Database::scalar(ConnectionLease &lease, const QString &sql,
                                  const QVariantList &binds)
{
    QVariant value;
    if (DbError e = forEachRow(lease, sql, binds, [&](const QSqlQuery &q) {
            if (!value.isValid())
                value = q.value(0);
        }))
        return e;
    return value;
}

Result<qint64> Database::execute(ConnectionLease &lease, const QString &sql,
                                 const QVariantList &binds)
{
    auto query = exec(lease, sql, binds);
    if (!query)
        return query.error();
    const qint64 affected = query.value()->numRowsAffected();
    query.value()->finish();
    disarm(lease);
    return affected;
}

DbError Database::executeUnprepared(ConnectionLease &lease, const QString &sql,
                                   const StatementControl &control)
{
    if (!lease.isValid())
        return DbError(DbError::Kind::Internal, QStringLiteral("no connection"));
    arm(lease, control);
    const Nanoseconds started = m_clock.now();
    DbError error = engine().execute(lease.handle(), sql);
    if (error)
        error = interruptError(lease, error, sql);
    disarm(lease);
    m_queryStats.record(sql, m_clock.now() - started);
    return error;
}

DbError Database::queryNative(ConnectionLease &lease, const QString &sql,
                              const std::function<void(NativeBinds &)> &bind,
                              const std::function<void(const NativeRow &)> &onRow, int maxRows)
{
    DbError error;
    NativeStatement *statement = lease.nativeStatement(sql, &error);
    if (!statement)
        return error.withContext(shortSql(sql));
    StatementGuard &guard = lease.guard();
    const Milliseconds timeout(m_queryTimeoutMs.load(std::memory_order_relaxed));
    guard.reason.store(0, std::memory_order_relaxed);
    guard.deadlineNs.store(
            timeout.count() > 0 ? (SteadyClock::instance().coarseNow() + timeout).count() : 0,
            std::memory_order_relaxed);
    const Nanoseconds started = m_clock.now();
    NativeBinds binds = statement->binds();
    bind(binds);
    NativeStep step;
    int rows = 0;
    while ((step = statement->step()) == NativeStep::Row) {
        onRow(statement->row());
        if (++rows == maxRows) {
            step = NativeStep::Done; // enough: the reset below ends the statement
            break;
        }
    }
    if (step != NativeStep::Done)
        error = interruptError(lease, engine().lastError(lease.handle(), QString()), sql);
    statement->reset();
    disarm(lease);
    m_queryStats.record(sql, m_clock.now() - started);
    return error;
}

DbError Database::flushQueryStats()
{
    QList<StatementStats> statements;
    QList<SlowQuery> slow;
    m_queryStats.takePending(&statements, &slow);
    if ((statements.isEmpty() && slow.isEmpty()) || isReadOnly())
        return DbError(); // a damaged file gets no statistics written into it
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    return write([&](ConnectionLease &lease) -> DbError {
        Transaction tx(lease);
        if (tx.error())
            return tx.error();
        for (const StatementStats &s : statements) {
            // An update, then an insert where there was no row: the upsert's conflict target
            // differs between the engines (PostgreSQL's key is md5(sql), a B-tree entry being
            // too small for long statements), and the writer lane is the only writer here.
            auto r = execute(
                    lease,
                    QStringLiteral("UPDATE bdba_query_stats SET calls = calls + ?, total_ms = "
                                   "total_ms + ?, max_ms = CASE WHEN max_ms > ? THEN max_ms "
                                   "ELSE ? END, last_at = ? WHERE sql = ?"),
                    { s.calls, s.totalMs, s.maxMs, s.maxMs, now, s.sql });
            if (r && r.value() == 0)
                r = execute(lease,
                            QStringLiteral("INSERT INTO bdba_query_stats (sql, calls, total_ms, "
                                           "max_ms, last_at) VALUES (?, ?, ?, ?, ?)"),
                            { s.sql, s.calls, s.totalMs, s.maxMs, now });
            if (!r)
                return r.error();
        }
        for (const SlowQuery &q : slow) {
            auto r = execute(lease,
                             QStringLiteral("INSERT INTO bdba_slow_queries (at, duration_ms, sql) "
                                            "VALUES (?, ?, ?)"),
                             { q.at.toString(Qt::ISODateWithMs), q.durationMs, q.sql });
            if (!r)
                return r.error();
        }
        // Keep the log bounded: the newest 10,000 slow queries.
        auto trimmed = execute(lease,
                               QStringLiteral("DELETE FROM bdba_slow_queries WHERE id <= "
                                              "(SELECT MAX(id) FROM bdba_slow_queries) - 10000"));
        if (!trimmed)
            return trimmed.error();
        return tx.commit();
    });
}

} // namespace backupdb
