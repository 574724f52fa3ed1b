#include "sqlitenative.h"

#include "../common/logging.h"

#include <QFile>
#include <QSet>
#include <QSqlDriver>
#include <QVariant>
#include <QTextStream>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace backupdb::sqlite {

sqlite3 *handleOf(const QSqlDatabase &db)
{
    if (!db.isValid() || !db.driver())
        return nullptr;
    const QVariant v = db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.constData());
}

DbError errorFromCode(int code, const QString &message)
{
    using K = DbError::Kind;
    K kind = K::Sql;
    switch (code & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return DbError();
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        kind = K::Busy;
        break;
    case SQLITE_INTERRUPT:
        kind = K::Timeout;
        break;
    case SQLITE_CONSTRAINT:
        kind = K::Constraint;
        break;
    case SQLITE_NOTADB:
        kind = K::NotADatabase;
        break;
    case SQLITE_CORRUPT:
        kind = K::Corrupt;
        break;
    case SQLITE_READONLY:
        kind = K::ReadOnly;
        break;
    case SQLITE_CANTOPEN:
        kind = K::CannotOpen;
        break;
    case SQLITE_IOERR:
    case SQLITE_FULL:
        kind = K::Io;
        break;
    case SQLITE_NOMEM:
    case SQLITE_MISUSE:
    case SQLITE_INTERNAL:
        kind = K::Internal;
        break;
    default:
        break;
    }
    return DbError(kind, message, {}, code);
}

static DbError errorCode(int rc, sqlite3 *handle)
{
    return errorFromCode(rc,
                         handle && sqlite3_errcode(handle) != SQLITE_OK
                                 ? QString::fromUtf8(sqlite3_errmsg(handle))
                                 : QString::fromUtf8(sqlite3_errstr(rc)));
}

DbError errorFromHandle(sqlite3 *handle, const QString &context)
{
    const int code = handle ? sqlite3_extended_errcode(handle) : SQLITE_CANTOPEN;
    const QString message
            = handle ? QString::fromUtf8(sqlite3_errmsg(handle)) : QStringLiteral("no connection");
    DbError e = errorFromCode(code, message);
    return context.isEmpty() ? e : e.withContext(context);
}

DbError errorFromQt(const QSqlError &error, const QString &context)
{
    if (error.type() == QSqlError::NoError)
        return DbError();
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.driverText();
    DbError e = ok ? errorFromCode(code, text) : DbError(DbError::Kind::Sql, text);
    if (!e.isError())
        e = DbError(DbError::Kind::Sql, text);
    return context.isEmpty() ? e : e.withContext(context);
}

DbError exec(sqlite3 *handle, const QString &sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(handle, sql.toUtf8().constData(), nullptr, nullptr, &message);
    if (rc == SQLITE_OK)
        return DbError();
    const QString text
            = message ? QString::fromUtf8(message) : QString::fromUtf8(sqlite3_errstr(rc));
    sqlite3_free(message);
    return errorFromCode(sqlite3_extended_errcode(handle), text);
}

Result<QString> queryText(sqlite3 *handle, const QString &sql)
{
    auto stmt = Statement::prepare(handle, sql);
    if (!stmt)
        return stmt.error();
    const int rc = stmt->step();
    if (rc == SQLITE_ROW) {
        const auto *text = sqlite3_column_text(stmt->get(), 0);
        return text ? QString::fromUtf8(reinterpret_cast<const char *>(text)) : QString();
    }
    if (rc == SQLITE_DONE)
        return QString();
    return errorFromHandle(handle, sql);
}

Result<qint64> queryInt(sqlite3 *handle, const QString &sql)
{
    auto stmt = Statement::prepare(handle, sql);
    if (!stmt)
        return stmt.error();
    const int rc = stmt->step();
    if (rc == SQLITE_ROW)
        return qint64(sqlite3_column_int64(stmt->get(), 0));
    if (rc == SQLITE_DONE)
        return qint64(0);
    return errorFromHandle(handle, sql);
}

void keepSideFiles(sqlite3 *handle)
{
    sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    int persist = 1;
    sqlite3_file_control(handle, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
}

namespace {
struct FileId
{
    unsigned major = 0, minor = 0;
    quint64 inode = 0;
    bool valid = false;
};

FileId fileIdOf(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return { ::major(st.st_dev), ::minor(st.st_dev), quint64(st.st_ino), true };
}

// "fe:00:10952932" (major and minor in hex, the inode in decimal) as /proc/locks prints it.
bool sameFile(QStringView field, const FileId &id)
{
    const auto parts = field.split(u':');
    if (parts.size() != 3)
        return false;
    bool a = false, b = false, c = false;
    const unsigned major = parts[0].toUInt(&a, 16), minor = parts[1].toUInt(&b, 16);
    const quint64 inode = parts[2].toULongLong(&c);
    return a && b && c && major == id.major && minor == id.minor && inode == id.inode;
}
} // namespace

LockSurvey surveyLocks(const QString &databasePath)
{
    LockSurvey survey;
    const FileId database = fileIdOf(databasePath);
    const FileId shm = fileIdOf(databasePath + QLatin1String("-shm"));
    QFile table(QStringLiteral("/proc/locks"));
    if (!database.valid || !table.open(QIODevice::ReadOnly | QIODevice::Text))
        return survey;
    survey.known = true;
    if (!shm.valid)
        return survey; // no -shm: nobody has the database open in WAL mode
    // SQLite's lock bytes: PENDING at 0x40000000, RESERVED after it, then 510 SHARED bytes.
    constexpr qint64 lockFirst = 0x40000000, lockLast = 0x40000000 + 2 + 510 - 1;
    constexpr qint64 dmsByte = 128;
    const qint64 self = ::getpid();
    QSet<qint64> withShm, withDatabaseLock;
    QTextStream in(&table);
    QString line;
    while (in.readLineInto(&line)) {
        // "1: POSIX  ADVISORY  READ 4175 fe:00:10952932 128 128"; waiters ("1: -> POSIX ...")
        // hold nothing yet.
        const QList<QStringView> f = QStringView(line).split(u' ', Qt::SkipEmptyParts);
        if (f.size() < 8 || f[1] == u"->" || f[1] != u"POSIX")
            continue;
        bool okPid = false, okStart = false;
        const qint64 pid = f[4].toLongLong(&okPid);
        const qint64 start = f[6].toLongLong(&okStart);
        bool okEnd = false;
        qint64 end = f[7].toLongLong(&okEnd);
        if (f[7] == u"EOF")
            end = std::numeric_limits<qint64>::max(), okEnd = true;
        if (!okPid || !okStart || !okEnd || pid == self || pid <= 0)
            continue;
        if (sameFile(f[5], shm) && start <= dmsByte && end >= dmsByte)
            withShm.insert(pid);
        else if (sameFile(f[5], database) && start <= lockLast && end >= lockFirst)
            withDatabaseLock.insert(pid);
    }
    for (qint64 pid : std::as_const(withShm)) {
        survey.shmUsers.append(pid);
        if (!withDatabaseLock.contains(pid))
            survey.lockless.append(pid);
    }
    std::sort(survey.shmUsers.begin(), survey.shmUsers.end());
    std::sort(survey.lockless.begin(), survey.lockless.end());
    return survey;
}

bool isInWalMode(const QString &path)
{
    auto opened = openNative(path, SQLITE_OPEN_READONLY, Milliseconds(5000));
    if (!opened)
        return false;
    auto mode = queryText(opened.value(), QStringLiteral("PRAGMA journal_mode"));
    closeNative(opened.value());
    return mode && mode->compare(QLatin1String("wal"), Qt::CaseInsensitive) == 0;
}

Result<QStringList> quickCheckFile(const QString &path, int maxMessages)
{
    auto opened = openNative(path, SQLITE_OPEN_READONLY, Milliseconds(5000));
    if (!opened)
        return opened.error();
    sqlite3 *handle = opened.value();
    QStringList messages;
    DbError error;
    {
        auto stmt = Statement::prepare(handle,
                                       QStringLiteral("PRAGMA quick_check(%1)").arg(maxMessages));
        if (!stmt) {
            error = stmt.error();
        } else {
            int rc;
            while ((rc = stmt->step()) == SQLITE_ROW)
                messages.append(QString::fromUtf8(
                        reinterpret_cast<const char *>(sqlite3_column_text(stmt->get(), 0))));
            if (rc != SQLITE_DONE)
                error = errorFromHandle(handle, QString());
        }
    } // the statement is finalized before the connection closes
    closeNative(handle);
    // Damage SQLite will not even read past is a finding of the check, like its own messages.
    if (error.kind() == DbError::Kind::Corrupt) {
        messages.append(error.message());
        return messages;
    }
    if (error)
        return error;
    return messages;
}

DbError probeDatabase(const QString &path)
{
    auto opened = openNative(path, SQLITE_OPEN_READONLY, Milliseconds(5000));
    if (!opened)
        return opened.error();
    auto version = queryInt(opened.value(), QStringLiteral("PRAGMA schema_version"));
    closeNative(opened.value());
    return version ? DbError() : version.error();
}

DbError configureConnection(sqlite3 *handle, AccessMode access, int cacheSizeKiB,
                            QString *journalMode)
{
    sqlite3_extended_result_codes(handle, 1);
    keepSideFiles(handle);
    // foreign_keys is per connection: set it on every one (the reference set it on one).
    if (DbError e = exec(handle, QStringLiteral("PRAGMA foreign_keys = ON")))
        return e;
    auto fk = queryInt(handle, QStringLiteral("PRAGMA foreign_keys"));
    if (!fk)
        return fk.error();
    if (fk.value() != 1)
        return DbError(DbError::Kind::Internal,
                       QStringLiteral("foreign_keys could not be enabled"));
    auto mode = queryText(handle,
                          access == AccessMode::ReadWrite
                                  ? QStringLiteral("PRAGMA journal_mode = WAL")
                                  : QStringLiteral("PRAGMA journal_mode"));
    if (!mode)
        return mode.error();
    *journalMode = mode.value().toLower();
    return exec(handle,
                QStringLiteral("PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; "
                               "PRAGMA cache_size = -%1")
                        .arg(cacheSizeKiB));
}

static int progressCallback(void *context)
{
    auto *guard = static_cast<StatementGuard *>(context);
    const qint64 steps = guard->steps.fetch_add(1, std::memory_order_relaxed) + 1;
    if (const auto *progress = guard->progress.load(std::memory_order_relaxed))
        (*progress)(steps);
    const long long deadline = guard->deadlineNs.load(std::memory_order_relaxed);
    if (deadline != 0 && SteadyClock::instance().now().count() > deadline) {
        guard->reason.store(1, std::memory_order_relaxed);
        return 1;
    }
    const std::atomic<bool> *cancel = guard->cancelFlag.load(std::memory_order_relaxed);
    if (cancel && cancel->load(std::memory_order_relaxed)) {
        guard->reason.store(2, std::memory_order_relaxed);
        return 1;
    }
    return 0;
}

void installProgressHandler(sqlite3 *handle, StatementGuard *guard)
{
    sqlite3_progress_handler(handle, 1000, progressCallback, guard);
}

bool inTransaction(sqlite3 *handle)
{
    return handle && sqlite3_get_autocommit(handle) == 0;
}

qint64 changes(sqlite3 *handle)
{
    return sqlite3_changes64(handle);
}

Statement::~Statement()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

Result<Statement> Statement::prepare(sqlite3 *handle, const QString &sql)
{
    Statement s;
    const QByteArray utf8 = sql.toUtf8();
    const int rc = sqlite3_prepare_v3(handle, utf8.constData(), int(utf8.size()),
                                      SQLITE_PREPARE_PERSISTENT, &s.m_stmt, nullptr);
    if (rc != SQLITE_OK)
        return errorFromHandle(handle, QStringLiteral("preparing \"%1\"").arg(sql.left(200)));
    return s;
}

void Statement::bindBlob(int index, const QByteArray &value)
{
    sqlite3_bind_blob(m_stmt, index, value.constData(), int(value.size()), SQLITE_TRANSIENT);
}

void Statement::bindBlobNoCopy(int index, const QByteArray &value)
{
    sqlite3_bind_blob(m_stmt, index, value.constData(), int(value.size()), SQLITE_STATIC);
}

void Statement::bindText(int index, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void Statement::bindInt(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
}

void Statement::bindVariant(int index, const QVariant &value)
{
    if (value.isNull()) {
        bindNull(index);
        return;
    }
    switch (value.typeId()) {
    case QMetaType::QByteArray:
        bindBlob(index, value.toByteArray());
        break;
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        bindInt(index, value.toLongLong());
        break;
    case QMetaType::Double:
        sqlite3_bind_double(m_stmt, index, value.toDouble());
        break;
    default:
        bindText(index, value.toString());
        break;
    }
}

int Statement::step()
{
    return sqlite3_step(m_stmt);
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

Result<sqlite3 *> openNative(const QString &path, int flags, Milliseconds busyTimeout)
{
    sqlite3 *handle = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &handle,
                                   flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        DbError e = errorFromHandle(handle, QStringLiteral("opening %1").arg(path));
        sqlite3_close_v2(handle);
        return e;
    }
    sqlite3_extended_result_codes(handle, 1);
    sqlite3_busy_timeout(handle, int(busyTimeout.count()));
    keepSideFiles(handle);
    return handle;
}

void closeNative(sqlite3 *handle)
{
    if (handle && sqlite3_close(handle) != SQLITE_OK) {
        qCWarning(lcPool) << "closing a native connection failed:" << sqlite3_errmsg(handle);
        sqlite3_close_v2(handle);
    }
}

namespace {
DbError runBackup(sqlite3 *destination, sqlite3 *source, int pagesPerStep,
                  const std::function<bool(int, int)> &onProgress)
{
    sqlite3_backup *backup = sqlite3_backup_init(destination, "main", source, "main");
    if (!backup)
        return errorFromHandle(destination, QStringLiteral("starting the backup"));
    int rc;
    bool cancelled = false;
    int busyWaits = 0; // bounded: 5 ms x 2000 = 10 s of a lock held elsewhere
    do {
        rc = sqlite3_backup_step(backup, pagesPerStep);
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++busyWaits > 2000)
            break;
        if (onProgress && (rc == SQLITE_OK || rc == SQLITE_DONE)
            && !onProgress(sqlite3_backup_remaining(backup), sqlite3_backup_pagecount(backup))) {
            cancelled = rc != SQLITE_DONE;
            break;
        }
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(5);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    if (cancelled)
        return DbError(DbError::Kind::Cancelled, QStringLiteral("backup cancelled"));
    if (rc != SQLITE_DONE)
        return errorCode(rc, destination);
    return DbError();
}
} // namespace

DbError backupToFile(sqlite3 *source, const QString &target, int pagesPerStep,
                     const std::function<bool(int, int)> &onProgress)
{
    auto opened
            = openNative(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, Milliseconds(5000));
    if (!opened)
        return opened.error();
    sqlite3 *handle = opened.value();
    // The copy is a new file of ours that nobody else has open: its WAL (inherited from the
    // source until the switch to a rollback journal below) must go away, not persist.
    int persist = 0;
    sqlite3_file_control(handle, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // A new file that is not in use until it is complete (a failure removes it): no rollback
    // journal and no syncs while it is written; it is synced once, whole, at the end. With
    // the defaults, SQLite would sync its journal, the folder and the file several times.
    DbError error
            = exec(handle, QStringLiteral("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF"));
    if (!error)
        error = runBackup(handle, source, pagesPerStep, onProgress);
    // The copy inherits the source's WAL flag; a copy that is a plain file stays one (no -wal
    // and -shm appear beside it when it is opened later).
    if (!error) {
        auto mode = queryText(handle, QStringLiteral("PRAGMA journal_mode = DELETE"));
        if (!mode)
            error = mode.error().withContext(QStringLiteral("switching to a rollback journal"));
        else if (mode.value().compare(QLatin1String("delete"), Qt::CaseInsensitive) != 0)
            error = DbError(DbError::Kind::Io,
                            QStringLiteral("the copy stayed in journal mode %1").arg(mode.value()));
    }
    closeNative(handle);
    if (!error) {
        const int fd = ::open(QFile::encodeName(target).constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0 || ::fsync(fd) != 0)
            error = DbError(DbError::Kind::Io, QStringLiteral("could not sync the copy to disk"));
        if (fd >= 0)
            ::close(fd);
    }
    if (error) {
        for (const char *side : { "", "-journal", "-wal", "-shm" })
            QFile::remove(target + QLatin1String(side));
        return error.withContext(QStringLiteral("backing up to %1").arg(target));
    }
    return DbError();
}

DbError copyFile(const QString &source, const QString &target)
{
    auto opened = openNative(source, SQLITE_OPEN_READONLY, Milliseconds(5000));
    if (!opened)
        return opened.error();
    DbError error = backupToFile(opened.value(), target);
    closeNative(opened.value());
    return error;
}

DbError restoreFromFile(sqlite3 *destination, const QString &source)
{
    auto opened = openNative(source, SQLITE_OPEN_READONLY, Milliseconds(5000));
    if (!opened)
        return opened.error();
    DbError error = runBackup(destination, opened.value(), -1, {});
    closeNative(opened.value());
    return error ? error.withContext(QStringLiteral("restoring from %1").arg(source)) : DbError();
}

bool hasSqliteHeader(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return file.read(16) == QByteArray("SQLite format 3\0", 16);
}

} // namespace backupdb::sqlite
