// Row values of the server's tables. Thread-safety: value types.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariant>
#include <optional>

namespace backupdb {

struct ClientRecord
{
    QByteArray id; // 16 raw bytes
    QString name;
    QByteArray publicKey;
    QString lastSeen; // as stored; see timestamps.h to read it
    QByteArray aesKey; // secret: never show or log it in full (see secret.h)
};

// A client as listed: the row plus its totals (kept by triggers, no counting).
struct ClientSummary
{
    QByteArray id;
    QString name;
    QString lastSeen;
    qint64 fileCount = 0;
    qint64 totalSizeBytes = 0;
    int publicKeyBytes = 0;
    int aesKeyBytes = 0;
    qint64 rowId = 0;
};

struct FileRecord
{
    QByteArray id;
    QString fileName;
    QString pathName;
    bool verified = false;
    std::optional<qint64> fileSize;
    QString modificationDate;
    std::optional<qint64> crc;
    QByteArray clientId;
    qint64 rowId = 0; // filled when read
};

enum class SortOrder { Ascending, Descending };

// Where a keyset page starts: after the row with this sort value and rowid.
struct KeysetPosition
{
    QVariant sortValue;
    qint64 rowId = 0;
    bool atStart = true;
};

template<typename Row> struct Page
{
    QList<Row> rows;
    KeysetPosition next; // pass back to get the following page
    bool hasMore = false;
};

enum class VerifiedFilter { Any, Verified, Unverified };

struct FileQuery
{
    std::optional<QByteArray> clientId;
    QString nameContains; // case-insensitive substring of FileName
    VerifiedFilter verified = VerifiedFilter::Any;
    QString sortColumn; // a files column (whitelisted); empty = table order
    SortOrder order = SortOrder::Ascending;
    KeysetPosition after;
    int limit = 200;
};

struct ClientQuery
{
    QString nameContains;
    QString sortColumn; // Name, LastSeen, ID or FileCount / TotalSize; empty = table order
    SortOrder order = SortOrder::Ascending;
    KeysetPosition after;
    int limit = 200;
};

struct BulkResult
{
    qint64 attempted = 0;
    qint64 inserted = 0;
    qint64 skipped = 0; // duplicates (same ID or client Name), in the batch or already stored
};

} // namespace backupdb

Q_DECLARE_METATYPE(backupdb::ClientRecord)
Q_DECLARE_METATYPE(backupdb::ClientSummary)
Q_DECLARE_METATYPE(backupdb::FileRecord)
