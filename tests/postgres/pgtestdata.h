// Data and checks shared by the PostgreSQL suites: IDs, keys, the seed rows, and the comparison
// of the counters with the real aggregates.
// Thread-safety: pure functions, or functions of one connection called by its owning thread.
#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace backupdb::test {

QByteArray pgClientId(int n); // 16 bytes
QByteArray pgFileId(int n); // 16 bytes
QByteArray pgAesKey(quint8 seed); // 32 bytes
// A literal the SQL of the data tables can use: '\x...'::bytea.
QString byteaLiteral(const QByteArray &bytes);

// Runs one statement; empty on success, else the statement and its error.
QString execOrError(QSqlDatabase db, const QString &sql);
// The first column of the first row, invalid on error.
QVariant scalar(QSqlDatabase db, const QString &sql);

// Three clients (client-1..3, keys pgAesKey(1..3)) and twelve files: file f belongs to client
// 1 + f % 3, size f * 1000003 (NULL when f % 4 == 0), verified true/false/NULL by f % 3.
QStringList pgSeedStatements();
bool pgSeed(QSqlDatabase db);

// Empty if bdba_counters and bdba_client_totals equal COUNT/SUM of the tables, else what differs.
QString pgCounterMismatch(QSqlDatabase db);

} // namespace backupdb::test
