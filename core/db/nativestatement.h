// The hot paths' statements on the engine's own C API (point lookups, bulk inserts, the
// counters), which QSqlQuery makes two to five times slower (FACTS: a lookup by ID 7 µs raw
// against 19 µs). Engine-neutral: each engine's file implements a NativeCursor.
// Thread-safety: a statement belongs to its connection, used by the thread holding its lease.
#pragma once

#include "../common/error.h"
#include "engine.h"

#include <QByteArray>
#include <QString>
#include <QVariant>
#include <memory>

namespace backupdb {

enum class NativeStep { Row, Done, Failed };

// The engine's prepared statement, implemented in the engine's own file (SQLite: on
// sqlite3_stmt; PostgreSQL: on libpq's prepared statements). Parameters are numbered from 1,
// columns from 0; a row's values are valid until the next step.
class NativeCursor
{
public:
    virtual ~NativeCursor() = default;
    virtual void bindBlob(int index, const QByteArray &value) = 0;
    // Binds value without copying it: value must stay alive and unchanged until the reset.
    virtual void bindBlobNoCopy(int index, const QByteArray &value) = 0;
    virtual void bindText(int index, const QString &value) = 0;
    virtual void bindInt(int index, qint64 value) = 0;
    virtual void bindNull(int index) = 0;
    virtual void bindVariant(int index, const QVariant &value) = 0;
    virtual NativeStep step() = 0;
    virtual qint64 int64(int column) const = 0;
    virtual QString text(int column) const = 0;
    virtual QByteArray blob(int column) const = 0;
    virtual bool isNull(int column) const = 0;
    virtual void reset() = 0;
};

// The current row of a stepping statement. Valid until the statement steps again.
class NativeRow
{
public:
    explicit NativeRow(const NativeCursor *cursor)
        : m_cursor(cursor)
    { }
    qint64 int64(int column) const { return m_cursor->int64(column); }
    QString text(int column) const { return m_cursor->text(column); }
    QByteArray blob(int column) const { return m_cursor->blob(column); }
    bool isNull(int column) const { return m_cursor->isNull(column); }

private:
    const NativeCursor *m_cursor;
};

// The parameters of a prepared statement, numbered from 1.
class NativeBinds
{
public:
    explicit NativeBinds(NativeCursor *cursor)
        : m_cursor(cursor)
    { }
    void bindBlob(int index, const QByteArray &value) { m_cursor->bindBlob(index, value); }
    // Binds value without copying it: value must stay alive and unchanged until the reset.
    void bindBlobNoCopy(int index, const QByteArray &value)
    {
        m_cursor->bindBlobNoCopy(index, value);
    }
    void bindText(int index, const QString &value) { m_cursor->bindText(index, value); }
    void bindInt(int index, qint64 value) { m_cursor->bindInt(index, value); }
    void bindNull(int index) { m_cursor->bindNull(index); }
    void bindVariant(int index, const QVariant &value) { m_cursor->bindVariant(index, value); }

private:
    NativeCursor *m_cursor;
};

// A prepared statement that finalizes itself. Move-only.
class NativeStatement
{
public:
    NativeStatement() = default;
    explicit NativeStatement(std::unique_ptr<NativeCursor> cursor)
        : m_cursor(std::move(cursor))
    { }

    // sql on the connection handle of engine (Engine::prepare).
    static Result<NativeStatement> prepare(const Engine &engine, NativeHandle handle,
                                           const QString &sql);
    bool isValid() const { return m_cursor != nullptr; }
    NativeBinds binds() { return NativeBinds(m_cursor.get()); }
    NativeStep step() { return m_cursor->step(); }
    NativeRow row() const { return NativeRow(m_cursor.get()); }
    void reset() { m_cursor->reset(); }

private:
    std::unique_ptr<NativeCursor> m_cursor;
};

inline Result<NativeStatement> NativeStatement::prepare(const Engine &engine, NativeHandle handle,
                                                        const QString &sql)
{
    return engine.prepare(handle, sql);
}

} // namespace backupdb
