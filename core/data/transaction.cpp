#include "transaction.h"

#include "../common/logging.h"

namespace backupdb {

namespace {
QString savepointName(int depth)
{
    return QStringLiteral("bdba_sp_%1").arg(depth);
}
} // namespace

Transaction::Transaction(ConnectionLease &lease, TransactionMode mode)
    : m_lease(lease)
{
    if (!lease.isValid()) {
        m_error = DbError(DbError::Kind::Internal,
                          QStringLiteral("transaction without a connection"));
        return;
    }
    int &depth = lease.transactionDepth();
    // A transaction already open on this connection (ours or not) makes this one a savepoint.
    m_savepoint = depth > 0 || lease.engine().inTransaction(lease.handle());
    m_depth = depth + 1;
    const QString sql = m_savepoint
            ? QStringLiteral("SAVEPOINT %1").arg(savepointName(m_depth))
            : (mode == TransactionMode::Immediate ? lease.engine().dialect().beginWrite
                                                  : lease.engine().dialect().beginRead);
    m_error = lease.engine().execute(lease.handle(), sql);
    if (m_error) {
        m_error = m_error.withContext(QStringLiteral("starting a transaction"));
        return;
    }
    depth = m_depth;
    m_active = true;
}

Transaction::~Transaction()
{
    if (m_active)
        rollback();
}

DbError Transaction::commit()
{
    if (!m_active)
        return m_error
                ? m_error
                : DbError(DbError::Kind::Internal, QStringLiteral("transaction is not active"));
    const QString sql = m_savepoint ? QStringLiteral("RELEASE %1").arg(savepointName(m_depth))
                                    : QStringLiteral("COMMIT");
    if (DbError e = m_lease.engine().execute(m_lease.handle(), sql)) {
        rollback();
        return e.withContext(QStringLiteral("committing"));
    }
    m_active = false;
    m_lease.transactionDepth() = m_depth - 1;
    return DbError();
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    m_lease.transactionDepth() = m_depth - 1;
    // Open statements of this connection would block the rollback of a savepoint's writes.
    m_lease.statements().finishAll();
    const QString sql = m_savepoint
            ? QStringLiteral("ROLLBACK TO %1; RELEASE %1").arg(savepointName(m_depth))
            : QStringLiteral("ROLLBACK");
    if (DbError e = m_lease.engine().execute(m_lease.handle(), sql))
        qCWarning(lcQuery).noquote() << "rollback failed:" << e.message();
}

} // namespace backupdb
