#include "bulkinserter.h"

#include "transaction.h"
#include "validation.h"

#include <QSet>
#include <sqlite3.h>

namespace backupdb {

namespace {

// Runs one prepared INSERT OR IGNORE per row inside one transaction on the writer's native
// handle (FACTS: the raw loop on the pooled handle is as fast as a bare C API loop). check runs
// first, in the same transaction.
template<typename Row, typename Bind, typename Check>
Result<BulkResult> insertAll(Database &db, const QList<Row> &rows, const QString &sql,
                             const QString &what, const CancelFlag *cancel, Bind bind, Check check)
{
    const Nanoseconds started = SteadyClock::instance().now();
    auto outcome = db.write([&](ConnectionLease &lease) -> Result<BulkResult> {
        BulkResult result;
        result.attempted = rows.size();
        Transaction tx(lease);
        if (tx.error())
            return tx.error();
        if (DbError e = check(lease))
            return e;
        auto stmt = sqlite::Statement::prepare(lease.handle(), sql);
        if (!stmt)
            return stmt.error();
        for (qsizetype i = 0; i < rows.size(); ++i) {
            if (cancel && (i & 1023) == 0 && cancel->load(std::memory_order_relaxed))
                return DbError(DbError::Kind::Cancelled,
                               QStringLiteral("bulk insert cancelled; nothing was written"));
            bind(*stmt, rows.at(i));
            const int rc = stmt->step();
            if (rc != SQLITE_DONE) {
                DbError e = sqlite::errorFromHandle(lease.handle(), QString());
                const QString row = QStringLiteral("%1[%2]").arg(what).arg(i);
                if (rc == SQLITE_CONSTRAINT_FOREIGNKEY
                    || e.message().contains(QLatin1String("FOREIGN KEY")))
                    return DbError(DbError::Kind::InvalidInput,
                                   QStringLiteral("%1: file client ID: no client has this ID "
                                                  "(nothing was written)")
                                           .arg(row),
                                   QStringLiteral("file client ID"));
                if ((rc & 0xff) == SQLITE_CONSTRAINT)
                    return DbError(
                            DbError::Kind::InvalidInput,
                            QStringLiteral("%1: %2 (nothing was written)").arg(row, e.message()),
                            row);
                return e.withContext(row);
            }
            if (sqlite::changes(lease.handle()) == 1)
                ++result.inserted;
            else
                ++result.skipped;
            stmt->reset();
        }
        if (DbError e = tx.commit())
            return e;
        return result;
    });
    db.queryStats().record(QStringLiteral("bulk insert into %1").arg(what),
                           SteadyClock::instance().now() - started);
    return outcome;
}

// Every file's client must exist. Checked here and not left to the foreign key alone: a server
// database's files table may lack it, and then the batch would silently write orphans.
DbError checkClientsExist(ConnectionLease &lease, const QList<FileRecord> &files)
{
    auto stmt = sqlite::Statement::prepare(lease.handle(),
                                           QStringLiteral("SELECT 1 FROM clients WHERE ID = ?"));
    if (!stmt)
        return stmt.error();
    QSet<QByteArray> known;
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QByteArray clientId = validation::uuid(files.at(i).clientId, {}).value();
        if (known.contains(clientId))
            continue;
        stmt->bindBlob(1, clientId);
        const int rc = stmt->step();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return sqlite::errorFromHandle(lease.handle(),
                                           QStringLiteral("checking the clients of the files"));
        stmt->reset();
        if (rc == SQLITE_DONE)
            return DbError(DbError::Kind::InvalidInput,
                           QStringLiteral("files[%1]: file client ID: no client has the ID %2 "
                                          "(nothing was written)")
                                   .arg(i)
                                   .arg(validation::uuidToText(clientId)),
                           QStringLiteral("file client ID"));
        known.insert(clientId);
    }
    return DbError();
}

} // namespace

Result<BulkResult> BulkInserter::insertClients(const QList<ClientRecord> &clients,
                                               const CancelFlag *cancel)
{
    for (qsizetype i = 0; i < clients.size(); ++i)
        if (DbError e = validation::client(clients.at(i)))
            return e.withContext(QStringLiteral("clients[%1]").arg(i));
    return insertAll(
            m_db, clients,
            QStringLiteral("INSERT OR IGNORE INTO clients (ID, Name, PublicKey, LastSeen, AESKey) "
                           "VALUES (?, ?, ?, ?, ?)"),
            QStringLiteral("clients"), cancel,
            [](sqlite::Statement &s, const ClientRecord &c) {
                s.bindBlob(1, validation::uuid(c.id, {}).value());
                s.bindText(2, c.name);
                c.publicKey.isEmpty() ? s.bindNull(3) : s.bindBlob(3, c.publicKey);
                s.bindText(4, c.lastSeen);
                c.aesKey.isEmpty() ? s.bindNull(5) : s.bindBlob(5, c.aesKey);
            },
            [](ConnectionLease &) { return DbError(); });
}

Result<BulkResult> BulkInserter::insertFiles(const QList<FileRecord> &files,
                                             const CancelFlag *cancel)
{
    for (qsizetype i = 0; i < files.size(); ++i)
        if (DbError e = validation::file(files.at(i)))
            return e.withContext(QStringLiteral("files[%1]").arg(i));
    return insertAll(
            m_db, files,
            QStringLiteral(
                    "INSERT OR IGNORE INTO files (ID, FileName, PathName, Verified, FileSize, "
                    "ModificationDate, CRC, ClientID) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
            QStringLiteral("files"), cancel,
            [](sqlite::Statement &s, const FileRecord &f) {
                s.bindBlob(1, validation::uuid(f.id, {}).value());
                s.bindText(2, f.fileName);
                s.bindText(3, f.pathName);
                s.bindInt(4, f.verified ? 1 : 0);
                f.fileSize ? s.bindInt(5, *f.fileSize) : s.bindNull(5);
                f.modificationDate.isEmpty() ? s.bindNull(6) : s.bindText(6, f.modificationDate);
                f.crc ? s.bindInt(7, *f.crc) : s.bindNull(7);
                s.bindBlob(8, validation::uuid(f.clientId, {}).value());
            },
            [&files](ConnectionLease &lease) { return checkClientsExist(lease, files); });
}

} // namespace backupdb
