// A plain SQLite connection (no pool, no session) for the test suites: to look at a database file
// the way another program would, or to change it behind the product's back. One thread only.
#pragma once

#include "common/error.h"

#include <QStringList>
#include <sqlite3.h>

namespace backupdb::test {

class NativeConnection
{
public:
    // flags are sqlite3_open_v2()'s; read-only unless the test means to write.
    explicit NativeConnection(const QString &path, int flags = SQLITE_OPEN_READONLY);
    ~NativeConnection();
    Q_DISABLE_COPY_MOVE(NativeConnection)

    bool isOpen() const { return m_handle != nullptr; }
    sqlite3 *handle() const { return m_handle; }

    // The first column of the first row, or -1 (with a warning) on an error.
    qint64 integer(const QString &sql) const;
    // The first column of every row.
    QList<qint64> integers(const QString &sql) const;
    // How many rows a query returns, or -1 if it does not prepare.
    int rowCount(const QString &sql) const;
    DbError exec(const QString &sql) const;

    // Every row as one readable string: columns joined by '|', blobs in hex.
    QStringList rows(const QString &sql) const;
    // Every row as one exact string: each column's type, length and bytes (in hex).
    QStringList typedRows(const QString &sql) const;
    // SHA-256 (hex) over typedRows(sql).
    QByteArray hash(const QString &sql) const;

private:
    sqlite3 *m_handle = nullptr;
};

// Runs sql on a native read-write connection to path; fails the current test on an error.
void execNative(const QString &path, const QString &sql);

} // namespace backupdb::test
