// The hot paths' statements on the engine's own C API (point lookups, bulk inserts, the
// counters), which QSqlQuery makes two to five times slower (FACTS: a lookup by ID 7 µs raw
// against 19 µs). Engine-neutral: the engine's file implements them (SQLite: sqlitenative.cpp);
// an engine without capabilities().nativeStatements is reached through QSqlQuery instead.
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

// The current row of a stepping statement. Valid until the statement steps again.
class NativeRow
{
public:
    explicit NativeRow(void *statement)
        : m_statement(statement)
    { }
    qint64 int64(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;

private:
    void *m_statement;
};

// The parameters of a prepared statement, numbered from 1.
class NativeBinds
{
public:
    // statement: the engine's own prepared statement.
    explicit NativeBinds(void *statement)
        : m_statement(statement)
    { }
    void bindBlob(int index, const QByteArray &value);
    // Binds value without copying it: value must stay alive and unchanged until the reset.
    void bindBlobNoCopy(int index, const QByteArray &value);
    void bindText(int index, const QString &value);
    void bindInt(int index, qint64 value);
    void bindNull(int index);
    void bindVariant(int index, const QVariant &value);

private:
    void *m_statement;
};

// A prepared statement that finalizes itself. Move-only.
class NativeStatement
{
public:
    NativeStatement();
    NativeStatement(NativeStatement &&other) noexcept;
    NativeStatement &operator=(NativeStatement &&other) noexcept;
    ~NativeStatement();

    static Result<NativeStatement> prepare(NativeHandle handle, const QString &sql);
    bool isValid() const { return m_prepared != nullptr; }
    NativeBinds binds();
    NativeStep step();
    NativeRow row() const;
    void reset();

private:
    struct Prepared; // the engine's statement
    std::unique_ptr<Prepared> m_prepared;
};

} // namespace backupdb
