// The move of a server's SQLite database into PostgreSQL (issue 12): the server's tables
// (clients, then files) are read from one consistent snapshot of the SQLite file (one read
// transaction on a read-only connection, while the server may go on writing) and written with
// COPY ... FROM STDIN in batches, all in one PostgreSQL transaction. Before it commits, each
// table is verified: the row counts and a SHA-256 over the rows in primary-key order, taken in
// C++ over the values read from SQLite and over the values read back from PostgreSQL, and the
// counters the triggers keep (bdba_counters, bdba_client_totals). Whatever fails, or a cancel,
// rolls the transaction back: the target is left as it was.
//
// The target is an empty database (its schema is then made by the migrations, in the same
// transaction) or one that holds BackupDB Admin's schema. One that already holds clients or
// files is refused unless ExistingData::Replace is given; one with tables of another program is
// always refused. The history tables of the SQLite file (audit, maintenance history, metrics,
// query statistics) are not moved.
//
// Thread-safety: moveToPostgres() runs on the calling thread, which must be allowed to open
// database connections; progress is called on it; cancel may be set from any thread.
#pragma once

#include "../common/error.h"
#include "pgconnectionspec.h"

#include <QList>
#include <QString>
#include <atomic>
#include <functional>

typedef struct pg_conn PGconn;

namespace backupdb::pg {

enum class ExistingData {
    Refuse, // a target that holds clients or files is refused, and nothing changes
    Ask, // MoveOptions::confirmReplace decides; without it, or when it says no: Refuse
    Replace, // its clients and files are replaced (TRUNCATE, recorded by the audit trigger)
};

struct MoveProgress
{
    enum class Stage { Copying, Verifying };
    Stage stage = Stage::Copying;
    QString table;
    qint64 rowsDone = 0; // over all tables of the stage
    qint64 rowsTotal = 0;
};

struct MoveOptions
{
    QString sqlitePath;
    ExistingData existing = ExistingData::Refuse;
    int batchRows = 5000; // rows per PQputCopyData, and between progress calls
    // Recorded as bdba.os_user on the target (the audit of a replacement names who did it).
    QString osUser;
    std::function<void(const MoveProgress &)> progress;
    // ExistingData::Ask: whether to replace the target's clients and files (called on the
    // calling thread, inside the target's transaction, before anything is written).
    std::function<bool(qint64 clients, qint64 files)> confirmReplace;
    const std::atomic<bool> *cancel = nullptr;
    // For the tests: called inside the transaction after the copy, before the verification.
    std::function<void(PGconn *)> beforeVerify;
};

struct TableCheck
{
    QString table;
    qint64 sourceRows = 0;
    qint64 targetRows = 0;
    QByteArray sourceSha256; // hex
    QByteArray targetSha256;
    bool matches() const { return sourceRows == targetRows && sourceSha256 == targetSha256; }
};

struct MoveReport
{
    QString target; // the redacted connection string
    int migrationsApplied = 0;
    qint64 replacedClients = 0; // rows the target held before (ExistingData::Replace)
    qint64 replacedFiles = 0;
    qint64 unparsedDates = 0; // dates kept as text in *_unparsed
    QList<TableCheck> tables;
    bool countersVerified = false;
    double seconds = 0;
};

Result<MoveReport> moveToPostgres(const ConnectionSpec &target, const MoveOptions &options);

} // namespace backupdb::pg
