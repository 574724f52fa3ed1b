#include "bulkinserter.h"

#include "timestamps.h"
#include "transaction.h"
#include "validation.h"

#include "../db/nativestatement.h"

#include <QSet>

namespace backupdb {

namespace {

// Runs one prepared INSERT OR IGNORE per row inside one transaction on the writer's native
// statement (FACTS: the raw loop on the pooled handle is as fast as a bare C API loop). check runs
// first, in the same transaction.
struct NoImport
{
    DbError begin(ConnectionLease &) { return DbError(); }
    template<typename Row> void inserted(const Row &) { }
    DbError finish(ConnectionLease &) { return DbError(); }
};

template<typename Row, typename Bind, typename Check, typename Import = NoImport>
Result<BulkResult> insertAll(Database &db, const QList<Row> &rows, const QString &sql,
                             const QString &what, const CancelFlag *cancel, Bind bind, Check check,
                             Import import = {})
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
        if (DbError e = import.begin(lease))
            return e;
        const Engine &engine = lease.engine();
        auto stmt = NativeStatement::prepare(lease.engine(), lease.handle(), sql);
        if (!stmt)
            return stmt.error();
        NativeBinds binds = stmt->binds();
        for (qsizetype i = 0; i < rows.size(); ++i) {
            if (cancel && (i & 1023) == 0 && cancel->load(std::memory_order_relaxed))
                return DbError(DbError::Kind::Cancelled,
                               QStringLiteral("bulk insert cancelled; nothing was written"));
            bind(binds, rows.at(i));
            if (stmt->step() != NativeStep::Done) {
                DbError e = engine.lastError(lease.handle(), QString());
                const QString row = QStringLiteral("%1[%2]").arg(what).arg(i);
                if (engine.isForeignKeyViolation(e))
                    return DbError(DbError::Kind::InvalidInput,
                                   QStringLiteral("%1: file client ID: no client has this ID "
                                                  "(nothing was written)")
                                           .arg(row),
                                   QStringLiteral("file client ID"));
                if (e.kind() == DbError::Kind::Constraint)
                    return DbError(
                            DbError::Kind::InvalidInput,
                            QStringLiteral("%1: %2 (nothing was written)").arg(row, e.message()),
                            row);
                return e.withContext(row);
            }
            if (engine.changes(lease.handle()) == 1) {
                ++result.inserted;
                import.inserted(rows.at(i));
            } else {
                ++result.skipped;
            }
            stmt->reset();
        }
        stmt = NativeStatement();
        if (DbError e = import.finish(lease))
            return e;
        if (DbError e = tx.commit())
            return e;
        return result;
    });
    db.queryStats().record(QStringLiteral("bulk insert into %1").arg(what),
                           SteadyClock::instance().now() - started);
    if (outcome && outcome->inserted > 0)
        db.noteContentChanged(QStringLiteral("%1 rows imported into %2").arg(outcome->inserted).arg(what));
    return outcome;
}

// Every file's client must exist. Checked here and not left to the foreign key alone: a server
// database's files table may lack it, and then the batch would silently write orphans.
DbError checkClientsExist(ConnectionLease &lease, const QList<FileRecord> &files)
{
    auto stmt = NativeStatement::prepare(lease.engine(), lease.handle(),
                                         QStringLiteral("SELECT 1 FROM clients WHERE ID = ?"));
    if (!stmt)
        return stmt.error();
    NativeBinds binds = stmt->binds();
    QSet<QByteArray> known;
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QByteArray clientId = validation::uuid(files.at(i).clientId, {}).value();
        if (known.contains(clientId))
            continue;
        binds.bindBlob(1, clientId);
        const NativeStep step = stmt->step();
        if (step == NativeStep::Failed)
            return lease.engine().lastError(lease.handle(),
                                            QStringLiteral("checking the clients of the files"));
        stmt->reset();
        if (step == NativeStep::Done)
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

// The import of large batches of files: the per-row counting triggers are kept out of it (and,
// where rebuilding pays, BackupDB Admin's own files indexes: SQLite), the statements for that
// given by the engine (Engine::uncountedImport), and the counters updated once from the totals
// gathered on the way. All of it is one transaction, so other connections never see the table
// without its triggers or indexes, and a failure rolls the whole import back.
class FileImport
{
public:
    DbError begin(ConnectionLease &lease)
    {
        auto statements = lease.engine().uncountedImport(lease.handle());
        if (!statements)
            return statements.error();
        m_counted = !statements->available; // the triggers count, as for a small batch
        m_after = statements->after;
        for (const QString &sql : std::as_const(statements->before))
            if (DbError e = lease.engine().execute(lease.handle(), sql))
                return e;
        return DbError();
    }

    void inserted(const FileRecord &f)
    {
        Totals &client = m_clients[f.clientId];
        for (Totals *t : { &m_all, &client }) {
            ++t->files;
            t->size += f.fileSize.value_or(0);
            t->sized += f.fileSize ? 1 : 0;
            t->verified += f.verified ? 1 : 0;
        }
    }

    DbError finish(ConnectionLease &lease)
    {
        for (const QString &sql : std::as_const(m_after))
            if (DbError e = lease.engine().execute(lease.handle(), sql))
                return e;
        if (m_counted)
            return DbError();
        auto counters = NativeStatement::prepare(
                lease.engine(), lease.handle(),
                QStringLiteral(
                        "UPDATE bdba_counters SET files = files + ?, total_size = total_size + ?, "
                        "sized_files = sized_files + ?, verified = verified + ? WHERE id = 1"));
        if (!counters)
            return counters.error();
        NativeBinds totals = counters->binds();
        totals.bindInt(1, m_all.files);
        totals.bindInt(2, m_all.size);
        totals.bindInt(3, m_all.sized);
        totals.bindInt(4, m_all.verified);
        if (counters->step() != NativeStep::Done)
            return lease.engine().lastError(lease.handle(), QStringLiteral("updating the counters"));
        auto create = NativeStatement::prepare(
                lease.engine(), lease.handle(),
                QStringLiteral(
                        "INSERT INTO bdba_client_totals (client_id, files, total_size, verified) "
                        "SELECT ?1, 0, 0, 0 WHERE NOT EXISTS "
                        "(SELECT 1 FROM bdba_client_totals WHERE client_id = ?1)"));
        auto add = NativeStatement::prepare(
                lease.engine(), lease.handle(),
                QStringLiteral("UPDATE bdba_client_totals SET files = files + ?, total_size = "
                               "total_size + ?, "
                               "verified = verified + ? WHERE client_id = ?"));
        if (!create || !add)
            return create ? add.error() : create.error();
        NativeBinds createBinds = create->binds();
        NativeBinds addBinds = add->binds();
        for (auto it = m_clients.cbegin(); it != m_clients.cend(); ++it) {
            createBinds.bindBlob(1, it.key());
            addBinds.bindInt(1, it->files);
            addBinds.bindInt(2, it->size);
            addBinds.bindInt(3, it->verified);
            addBinds.bindBlob(4, it.key());
            if (create->step() != NativeStep::Done || add->step() != NativeStep::Done)
                return lease.engine().lastError(lease.handle(),
                                                QStringLiteral("updating the client totals"));
            create->reset();
            add->reset();
        }
        return DbError();
    }

private:
    struct Totals
    {
        qint64 files = 0, size = 0, sized = 0, verified = 0;
    };
    QStringList m_after;
    bool m_counted = false;
    Totals m_all;
    QHash<QByteArray, Totals> m_clients;
};

// Large enough for the engine; where the indexes are rebuilt, also large against the table
// (rebuilding them once beats maintaining them row by row only then).
Result<bool> importPays(Database &db, qsizetype batch)
{
    const EngineCapabilities can = db.engine().capabilities();
    if (can.uncountedImportFrom <= 0 || batch < can.uncountedImportFrom)
        return false;
    if (!can.uncountedImportRebuildsIndexes)
        return true;
    auto existing = db.read([&](ConnectionLease &lease) -> Result<qint64> {
        return lease.engine().queryInt(lease.handle(),
                                       QStringLiteral("SELECT files FROM bdba_counters WHERE id = 1"));
    });
    if (!existing)
        return existing.error();
    return existing.value() <= qint64(batch) * 2;
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
            m_db.engine().dialect().insertOrIgnore
                    + QLatin1String(" clients (ID, Name, PublicKey, LastSeen, AESKey) "
                                    "VALUES (?, ?, ?, ?, ?)")
                    + m_db.engine().dialect().insertOrIgnoreEnd,
            QStringLiteral("clients"), cancel,
            [typed = m_db.engine().dialect().typedDates](NativeBinds &s, const ClientRecord &c) {
                s.bindBlob(1, validation::uuid(c.id, {}).value());
                s.bindText(2, c.name);
                c.publicKey.isEmpty() ? s.bindNull(3) : s.bindBlob(3, c.publicKey);
                s.bindText(4, timestamps::stored(c.lastSeen, typed));
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
    const QString sql = m_db.engine().dialect().insertOrIgnore
            + QLatin1String(" files (ID, FileName, PathName, Verified, FileSize, "
                            "ModificationDate, CRC, ClientID) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            + m_db.engine().dialect().insertOrIgnoreEnd;
    const auto bind = [typed = m_db.engine().dialect().typedDates](NativeBinds &s,
                                                                    const FileRecord &f) {
        s.bindBlob(1, validation::uuid(f.id, {}).value());
        s.bindText(2, f.fileName);
        s.bindText(3, f.pathName);
        s.bindInt(4, f.verified ? 1 : 0);
        f.fileSize ? s.bindInt(5, *f.fileSize) : s.bindNull(5);
        f.modificationDate.isEmpty()
                ? s.bindNull(6)
                : s.bindText(6, timestamps::stored(f.modificationDate, typed));
        f.crc ? s.bindInt(7, *f.crc) : s.bindNull(7);
        s.bindBlob(8, validation::uuid(f.clientId, {}).value());
    };
    const auto check = [&files](ConnectionLease &lease) {
        return checkClientsExist(lease, files);
    };
    auto import = importPays(m_db, files.size());
    if (!import)
        return import.error();
    if (import.value())
        return insertAll(m_db, files, sql, QStringLiteral("files"), cancel, bind, check,
                         FileImport());
    return insertAll(m_db, files, sql, QStringLiteral("files"), cancel, bind, check);
}

} // namespace backupdb
