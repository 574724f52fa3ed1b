// Error values of the core. Every fallible core call returns one of these (directly or inside a
// Result<T>) instead of throwing, so that no exception crosses a thread or a Qt signal.
// Thread-safety: value types, usable from any thread.
#pragma once

#include <QMetaType>
#include <QString>

namespace backupdb {

class DbError
{
public:
    enum class Kind {
        None,
        InvalidInput, // a value failed validation; field() names it
        NotFound,
        Constraint, // UNIQUE / FOREIGN KEY / NOT NULL violated
        Busy, // the database is locked by another writer (SQLite: BUSY / LOCKED) past the retry budget
        Timeout, // a statement ran past its query timeout and was interrupted
        Cancelled, // the caller asked to stop
        PoolTimeout, // no connection became free within the acquire timeout
        NotADatabase, // not a database of the engine (SQLite: not SQLite, or encrypted)
        Corrupt,
        ReadOnly,
        CannotOpen,
        SchemaTooNew, // written by a newer BackupDB Admin
        MigrationFailed,
        Refused, // not done, to protect the data: the file is damaged or another process is unsafe
        Io,
        Sql, // any other SQL error
        Internal,
    };

    DbError() = default;
    DbError(Kind kind, QString message, QString field = {}, int nativeCode = 0)
        : m_kind(kind)
        , m_message(std::move(message))
        , m_field(std::move(field))
        , m_nativeCode(nativeCode)
    { }

    static DbError invalidInput(const QString &field, const QString &problem)
    {
        return DbError(Kind::InvalidInput, field + QLatin1String(": ") + problem, field);
    }

    bool isError() const { return m_kind != Kind::None; }
    explicit operator bool() const { return isError(); }
    Kind kind() const { return m_kind; }
    const QString &message() const { return m_message; }
    const QString &field() const { return m_field; }
    int nativeCode() const { return m_nativeCode; } // the engine's own error code, 0 if none

    // Prefixes context ("opening /x.db: ...") keeping kind and code.
    DbError withContext(const QString &context) const
    {
        DbError e = *this;
        e.m_message = context + QLatin1String(": ") + m_message;
        return e;
    }

    static QString kindName(Kind kind);

private:
    Kind m_kind = Kind::None;
    QString m_message;
    QString m_field;
    int m_nativeCode = 0;
};

// A value or an error. Small on purpose: std::expected is C++23 and g++ 12 lacks it.
template<typename T> class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    { }
    Result(DbError error)
        : m_error(std::move(error))
    {
        Q_ASSERT(m_error.isError());
    }

    bool ok() const { return !m_error.isError(); }
    explicit operator bool() const { return ok(); }
    const DbError &error() const { return m_error; }
    const T &value() const &
    {
        Q_ASSERT(ok());
        return m_value;
    }
    T &value() &
    {
        Q_ASSERT(ok());
        return m_value;
    }
    T &&value() &&
    {
        Q_ASSERT(ok());
        return std::move(m_value);
    }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }
    T valueOr(T fallback) const { return ok() ? m_value : fallback; }

private:
    T m_value {};
    DbError m_error;
};

} // namespace backupdb

Q_DECLARE_METATYPE(backupdb::DbError)
