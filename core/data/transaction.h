// RAII transaction (C7; fixes 10, 17). Commits only when commit() is called; rolls back on an
// exception, an early return or an error. Nesting is real: an inner Transaction on the same
// lease is a SAVEPOINT, so an inner rollback undoes only the inner work and the outer
// transaction can still commit (the reference's nesting check could never fire).
//
//   Transaction tx(lease);
//   if (tx.error()) return tx.error();
//   ... statements ...
//   return tx.commit();
//
// Thread-safety: use in the thread that holds the lease.
#pragma once

#include "../db/connectionpool.h"

namespace backupdb {

enum class TransactionMode {
    Deferred, // BEGIN: takes the write lock at the first write
    Immediate, // BEGIN IMMEDIATE: takes the write lock now (writers; no upgrade deadlocks)
};

class Transaction
{
public:
    explicit Transaction(ConnectionLease &lease, TransactionMode mode = TransactionMode::Immediate);
    ~Transaction();
    Q_DISABLE_COPY_MOVE(Transaction)

    const DbError &error() const { return m_error; } // set if BEGIN failed
    DbError commit();
    void rollback();
    int depth() const { return m_depth; } // 1 = outermost
    bool isActive() const { return m_active; }

private:
    ConnectionLease &m_lease;
    DbError m_error;
    int m_depth = 0;
    bool m_savepoint = false;
    bool m_active = false;
};

} // namespace backupdb
