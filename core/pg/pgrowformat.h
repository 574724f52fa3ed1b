// How a row of the server's tables travels from SQLite to PostgreSQL, and how the two sides are
// compared: the SQLite values mapped to the PostgreSQL schema's types (README, "PostgreSQL"),
// written as a line of COPY's text format, and the same row in a canonical form that a SHA-256
// is taken over, in primary-key order. The canonical form of the target's rows is made from
// what PostgreSQL returns when they are read back, so both hashes are computed the same way in
// C++ over the values each side holds.
// Thread-safety: pure functions and value types; a RowHasher is used by one thread.
#pragma once

#include "../common/error.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QList>
#include <QSqlQuery>
#include <QString>
#include <optional>

namespace backupdb::pg {

// One field in canonical form: its bytes (bytea raw, text UTF-8, integers and dates (ms since
// the epoch, UTC) in decimal, booleans "t"/"f"), or std::nullopt for NULL.
using CanonicalField = std::optional<QByteArray>;
using CanonicalRow = QList<CanonicalField>;

// What the target returns for a column of a read-back query (text format).
enum class ReadBack { Bytea, Plain };

struct MappedRow
{
    QByteArray copyLine; // ends with '\n'
    CanonicalRow canonical;
    bool unparsedDate = false; // a date kept as text (*_unparsed)
};

struct TableFormat
{
    QString table;
    QString sourceSelect; // SQLite, in primary-key order
    QByteArray copyStatement; // COPY ... FROM STDIN
    QByteArray targetSelect; // PostgreSQL, the canonical columns in primary-key order
    QList<ReadBack> readBack; // one per column of targetSelect
    Result<MappedRow> (*map)(const QSqlQuery &row) = nullptr;
};

// clients, then files (the foreign key's order).
const QList<TableFormat> &serverTables();

// Index of the canonical fields of files that the counters sum (see postgresmove.cpp).
enum FilesField { FileVerified = 3, FileSize = 4, FileClientId = 8 };

CanonicalRow canonicalFromTarget(const QList<ReadBack> &readBack,
                                 const QList<std::optional<QByteArray>> &values);

class RowHasher
{
public:
    RowHasher()
        : m_hash(QCryptographicHash::Sha256)
    { }
    void addRow(const CanonicalRow &row);
    QByteArray hex() const { return m_hash.result().toHex(); }

private:
    QCryptographicHash m_hash;
};

} // namespace backupdb::pg
