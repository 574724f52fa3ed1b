// Clients (C6): list by keyset pages with their file totals, get, add, update, delete.
// Deleting a client deletes its file records too (the cascade, done explicitly so that it also
// holds for server databases whose files table lacks the foreign key).
// Thread-safety: all members may be called from any thread.
#pragma once

#include "database.h"
#include "records.h"

#include <optional>

namespace backupdb {

class ClientRepository
{
public:
    explicit ClientRepository(Database &database)
        : m_db(database)
    { }

    Result<std::optional<ClientRecord>> get(const QVariant &id);
    Result<Page<ClientSummary>> page(const ClientQuery &query);
    Result<qint64> count(const QString &nameContains = QString());
    // Where every page of pageSize clients of query starts (its filter and order; its after and
    // limit are ignored): page p is page(after = anchors[p]). Reads only the sort key and rowid;
    // cancel (if given) stops the scan. See FileRepository::anchors.
    Result<QList<KeysetPosition>> anchors(const ClientQuery &query, int pageSize,
                                          const CancelFlag *cancel = nullptr);
    // Adds the client; an empty id gets a new random UUID. Returns the stored record.
    Result<ClientRecord> add(ClientRecord client);
    DbError update(const ClientRecord &client);
    // Removes the client and its file records; returns how many file records went with it.
    Result<qint64> remove(const QVariant &id);
    // What the operator confirmed a delete on: the client's file count and the content epoch
    // (Database::contentEpoch) when it was counted. A delete whose data has changed since (the
    // server added files, a restore) deletes nothing and returns Kind::Refused, saying why.
    struct Confirmed
    {
        qint64 files = 0;
        quint64 contentEpoch = 0;
    };
    Result<qint64> remove(const QVariant &id, const Confirmed &confirmed);
    // How many file records a delete of this client would remove (for the confirmation).
    Result<qint64> fileCount(const QVariant &id);

    // Whether the database file at path has a clients table, read without opening a session
    // (a read-only peek before offering a migration: a server's database has one, an unrelated
    // SQLite file does not).
    static Result<bool> tableExistsIn(const QString &path);

private:
    Result<qint64> removeChecked(const QVariant &id, const std::optional<Confirmed> &confirmed);
    struct SortKey
    {
        QString expression; // empty: table order
        int selectColumn = -1; // the column of the page query that holds the sort value
    };
    static Result<SortKey> sortKeyOf(const ClientQuery &query);

    Database &m_db;
};

} // namespace backupdb
