#include "nativeconnection.h"

#include "db/sqlitenative.h"

#include <QCryptographicHash>
#include <QTest>
#include <functional>

namespace backupdb::test {

namespace {

// Calls onRow for every row of sql; a statement that does not prepare gives a warning, no rows.
void forEachRow(sqlite3 *handle, const QString &sql,
                const std::function<void(sqlite3_stmt *)> &onRow)
{
    auto stmt = sqlite::Statement::prepare(handle, sql);
    if (!stmt) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(stmt.error().message()));
        return;
    }
    while (stmt->step() == SQLITE_ROW)
        onRow(stmt->get());
}

} // namespace

NativeConnection::NativeConnection(const QString &path, int flags)
{
    auto opened = sqlite::openNative(path, flags, Milliseconds(5000));
    if (opened) {
        m_handle = opened.value();
        // Another program with SQLite's defaults: it checkpoints and removes -wal and -shm
        // when it closes last (openNative keeps them, as BackupDB Admin's own connections do).
        sqlite3_db_config(m_handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
        int persist = 0;
        sqlite3_file_control(m_handle, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    }
    else
        qWarning("cannot open %s: %s", qPrintable(path), qPrintable(opened.error().message()));
}

NativeConnection::~NativeConnection()
{
    sqlite::closeNative(m_handle);
}

qint64 NativeConnection::integer(const QString &sql) const
{
    auto r = sqlite::queryInt(m_handle, sql);
    if (!r)
        qWarning("%s: %s", qPrintable(sql), qPrintable(r.error().message()));
    return r ? r.value() : -1;
}

QList<qint64> NativeConnection::integers(const QString &sql) const
{
    QList<qint64> out;
    forEachRow(m_handle, sql, [&](sqlite3_stmt *row) { out.append(sqlite3_column_int64(row, 0)); });
    return out;
}

int NativeConnection::rowCount(const QString &sql) const
{
    int n = 0;
    auto stmt = sqlite::Statement::prepare(m_handle, sql);
    if (!stmt)
        return -1;
    while (stmt->step() == SQLITE_ROW)
        ++n;
    return n;
}

DbError NativeConnection::exec(const QString &sql) const
{
    return sqlite::exec(m_handle, sql);
}

QStringList NativeConnection::rows(const QString &sql) const
{
    QStringList out;
    forEachRow(m_handle, sql, [&](sqlite3_stmt *row) {
        QStringList columns;
        for (int i = 0; i < sqlite3_column_count(row); ++i) {
            if (sqlite3_column_type(row, i) == SQLITE_BLOB)
                columns.append(QString::fromLatin1(
                        QByteArray(static_cast<const char *>(sqlite3_column_blob(row, i)),
                                   sqlite3_column_bytes(row, i))
                                .toHex()));
            else
                columns.append(QString::fromUtf8(
                        reinterpret_cast<const char *>(sqlite3_column_text(row, i))));
        }
        out.append(columns.join(QLatin1Char('|')));
    });
    return out;
}

QStringList NativeConnection::typedRows(const QString &sql) const
{
    QStringList out;
    forEachRow(m_handle, sql, [&](sqlite3_stmt *row) {
        QString text;
        for (int i = 0; i < sqlite3_column_count(row); ++i) {
            // The type first: reading the bytes may convert the value.
            const int type = sqlite3_column_type(row, i);
            const QByteArray bytes(static_cast<const char *>(sqlite3_column_blob(row, i)),
                                   sqlite3_column_bytes(row, i));
            text += QStringLiteral("%1:%2:%3|")
                            .arg(type)
                            .arg(bytes.size())
                            .arg(QString::fromLatin1(bytes.toHex()));
        }
        out.append(text);
    });
    return out;
}

QByteArray NativeConnection::hash(const QString &sql) const
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const QString &row : typedRows(sql))
        h.addData(row.toUtf8());
    return h.result().toHex();
}

void execNative(const QString &path, const QString &sql)
{
    auto opened = sqlite::openNative(path, SQLITE_OPEN_READWRITE, Milliseconds(2000));
    QVERIFY2(opened.ok(), qPrintable(opened.error().message()));
    const DbError e = sqlite::exec(opened.value(), sql);
    sqlite::closeNative(opened.value());
    QVERIFY2(!e, qPrintable(e.message()));
}

} // namespace backupdb::test
