// One maintenance task at a time on one database, across processes (issue 14): the service, the
// CLI and the GUI take this lock before a check, backup, restore, clean-up, checkpoint or vacuum.
//
// It is an flock() on "<database>.bdba-lock" beside the database, never on the database file:
// closing any descriptor of the database file would drop the POSIX locks SQLite holds on it in
// this process. flock() locks belong to the open file description, so two MaintenanceLocks in
// one process exclude each other too, and the kernel releases the lock when the process dies (a
// crashed task never leaves the database locked). The file holds who took the lock ("pid task")
// for the message of the one that is refused; it stays beside the database (removing it would
// let two processes lock two different files of the same name).
// Thread-safety: a MaintenanceLock is used by one thread at a time; acquire() from any thread.
#pragma once

#include "../common/error.h"

#include <QString>
#include <memory>

namespace backupdb {

class MaintenanceLock
{
public:
    // Takes the lock for task without waiting; Kind::Busy names the holder when it is taken.
    static Result<std::unique_ptr<MaintenanceLock>> acquire(const QString &databasePath,
                                                            const QString &task);
    static QString lockPathFor(const QString &databasePath);
    // Who holds the lock now ("pid 123: backup"), or empty when it is free. Never blocks.
    static QString holder(const QString &databasePath);

    ~MaintenanceLock(); // releases it
    MaintenanceLock(const MaintenanceLock &) = delete;
    MaintenanceLock &operator=(const MaintenanceLock &) = delete;

    QString task() const { return m_task; }

private:
    MaintenanceLock(int fd, QString task) : m_fd(fd), m_task(std::move(task)) { }

    int m_fd = -1;
    QString m_task;
};

} // namespace backupdb
