#include "maintenancelock.h"

#include <QCoreApplication>
#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace backupdb {

namespace {

int openLockFile(const QString &lockPath)
{
    // 0600: the lock file says which task runs, nothing for other users.
    return ::open(QFile::encodeName(lockPath).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
}

QString readHolder(int fd)
{
    char buffer[256] = {};
    const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
    return n > 0 ? QString::fromUtf8(buffer, int(n)).trimmed() : QString();
}

} // namespace

QString MaintenanceLock::lockPathFor(const QString &databasePath)
{
    return databasePath + QStringLiteral(".bdba-lock");
}

Result<std::unique_ptr<MaintenanceLock>> MaintenanceLock::acquire(const QString &databasePath,
                                                                  const QString &task)
{
    if (databasePath.isEmpty())
        return DbError::invalidInput(QStringLiteral("database"), QStringLiteral("no path given"));
    const QString lockPath = lockPathFor(databasePath);
    const int fd = openLockFile(lockPath);
    if (fd < 0)
        return DbError(DbError::Kind::Io,
                       QStringLiteral("cannot open the maintenance lock %1: %2")
                               .arg(lockPath, QString::fromLocal8Bit(std::strerror(errno))));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        const QString who = readHolder(fd);
        ::close(fd);
        if (error == EWOULDBLOCK)
            return DbError(DbError::Kind::Busy,
                           QStringLiteral("another maintenance task is running on %1 (%2); "
                                          "%3 was not started")
                                   .arg(databasePath,
                                        who.isEmpty() ? QStringLiteral("holder unknown") : who,
                                        task));
        return DbError(DbError::Kind::Io,
                       QStringLiteral("cannot lock %1: %2")
                               .arg(lockPath, QString::fromLocal8Bit(std::strerror(error))));
    }
    const QByteArray who = QStringLiteral("pid %1: %2\n")
                                   .arg(QCoreApplication::applicationPid())
                                   .arg(task)
                                   .toUtf8();
    // Best effort: the lock is what counts, the text only improves the refusal's message.
    if (::ftruncate(fd, 0) == 0)
        [[maybe_unused]] auto written = ::pwrite(fd, who.constData(), size_t(who.size()), 0);
    return std::unique_ptr<MaintenanceLock>(new MaintenanceLock(fd, task));
}

QString MaintenanceLock::holder(const QString &databasePath)
{
    const int fd = ::open(QFile::encodeName(lockPathFor(databasePath)).constData(),
                          O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    QString who;
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
        who = readHolder(fd);
        if (who.isEmpty())
            who = QStringLiteral("holder unknown"); // taken, its text not written yet
    } else
        ::flock(fd, LOCK_UN);
    ::close(fd);
    return who;
}

MaintenanceLock::~MaintenanceLock()
{
    if (m_fd >= 0) {
        [[maybe_unused]] auto truncated = ::ftruncate(m_fd, 0);
        ::close(m_fd); // closing the description releases the flock
    }
}

} // namespace backupdb
