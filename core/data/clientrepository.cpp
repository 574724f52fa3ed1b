#include "clientrepository.h"

#include "identifiers.h"
#include "keyset.h"
#include "transaction.h"
#include "validation.h"

#include <QUuid>

namespace backupdb {

namespace {
const QString kSelect = QStringLiteral(
        "SELECT c.rowid, c.ID, c.Name, c.LastSeen, length(c.PublicKey), length(c.AESKey), "
        "COALESCE(t.files, 0), COALESCE(t.total_size, 0) "
        "FROM clients c LEFT JOIN bdba_client_totals t ON t.client_id = c.ID");

QVariant blobOrNull(const QByteArray &bytes)
{
    return bytes.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(bytes);
}

DbError mapConstraint(const DbError &error, const QString &name)
{
    // SQLite names the column as "clients.Name"; the message also carries the statement, whose
    // column list names Name whatever failed, so a bare "Name" would match every constraint.
    if (error.kind() == DbError::Kind::Constraint
        && error.message().contains(QLatin1String("clients.Name")))
        return DbError(DbError::Kind::Constraint,
                       QStringLiteral("client name: \"%1\" is already taken").arg(name),
                       QStringLiteral("client name"), error.sqliteCode());
    if (error.kind() == DbError::Kind::Constraint)
        return DbError(DbError::Kind::Constraint,
                       QStringLiteral("client ID: a client with this ID exists already"),
                       QStringLiteral("client ID"), error.sqliteCode());
    return error;
}
} // namespace

Result<std::optional<ClientRecord>> ClientRepository::get(const QVariant &clientId)
{
    auto id = validation::uuid(clientId, QStringLiteral("client ID"));
    if (!id)
        return id.error();
    return m_db.read([&](ConnectionLease &lease) -> Result<std::optional<ClientRecord>> {
        std::optional<ClientRecord> client;
        if (DbError e = m_db.forEachRow(lease,
                                        QStringLiteral("SELECT ID, Name, PublicKey, LastSeen, "
                                                       "AESKey FROM clients WHERE ID = ?"),
                                        { id.value() }, [&](const QSqlQuery &q) {
                                            client = ClientRecord { q.value(0).toByteArray(),
                                                                    q.value(1).toString(),
                                                                    q.value(2).toByteArray(),
                                                                    q.value(3).toString(),
                                                                    q.value(4).toByteArray() };
                                        }))
            return e;
        return client;
    });
}

Result<Page<ClientSummary>> ClientRepository::page(const ClientQuery &query)
{
    if (query.limit < 1 || query.limit > 100000)
        return DbError::invalidInput(QStringLiteral("page size"),
                                     QStringLiteral("must be 1..100000, not %1").arg(query.limit));
    QString sort;
    int sortColumn = -1; // column of the select list holding the sort value
    if (query.sortColumn.compare(QLatin1String("FileCount"), Qt::CaseInsensitive) == 0) {
        sort = QStringLiteral("COALESCE(t.files, 0)");
        sortColumn = 6;
    } else if (query.sortColumn.compare(QLatin1String("TotalSize"), Qt::CaseInsensitive) == 0) {
        sort = QStringLiteral("COALESCE(t.total_size, 0)");
        sortColumn = 7;
    } else if (!query.sortColumn.isEmpty()) {
        auto column = identifiers::column(QStringLiteral("clients"), query.sortColumn);
        if (!column)
            return column.error();
        static const QStringList listed { QStringLiteral("\"ID\""), QStringLiteral("\"Name\""),
                                          QStringLiteral("\"LastSeen\"") };
        sortColumn = int(listed.indexOf(column.value()));
        if (sortColumn < 0)
            return DbError::invalidInput(
                    QStringLiteral("sort column"),
                    QStringLiteral("clients cannot be sorted by %1").arg(query.sortColumn));
        sortColumn += 1;
        sort = QStringLiteral("c.") + column.value();
    }
    QStringList conditions;
    QVariantList binds;
    if (!query.nameContains.isEmpty()) {
        conditions.append(QStringLiteral("c.Name LIKE ? ESCAPE '\\'"));
        binds.append(keyset::likeContains(query.nameContains));
    }
    const keyset::Clause k
            = keyset::clause(sort, QStringLiteral("c.rowid"), query.order, query.after);
    if (!k.where.isEmpty()) {
        conditions.append(k.where);
        binds += k.binds;
    }
    QString sql = kSelect;
    if (!conditions.isEmpty())
        sql += QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY %1 LIMIT ?").arg(k.orderBy);
    binds.append(query.limit + 1);

    return m_db.read([&](ConnectionLease &lease) -> Result<Page<ClientSummary>> {
        Page<ClientSummary> page;
        QVariant lastSort;
        if (DbError e = m_db.forEachRow(lease, sql, binds, [&](const QSqlQuery &q) {
                if (page.rows.size() == query.limit) {
                    page.hasMore = true;
                    return;
                }
                ClientSummary c;
                c.rowId = q.value(0).toLongLong();
                c.id = q.value(1).toByteArray();
                c.name = q.value(2).toString();
                c.lastSeen = q.value(3).toString();
                c.publicKeyBytes = q.value(4).toInt();
                c.aesKeyBytes = q.value(5).toInt();
                c.fileCount = q.value(6).toLongLong();
                c.totalSizeBytes = q.value(7).toLongLong();
                page.rows.append(c);
                if (sortColumn >= 0)
                    lastSort = q.value(sortColumn);
            }))
            return e;
        page.next = query.after;
        if (!page.rows.isEmpty())
            page.next = KeysetPosition { lastSort, page.rows.last().rowId, false };
        return page;
    });
}

Result<qint64> ClientRepository::count(const QString &nameContains)
{
    return m_db.read([&](ConnectionLease &lease) -> Result<qint64> {
        auto v = nameContains.isEmpty()
                ? m_db.scalar(lease,
                              QStringLiteral("SELECT clients FROM bdba_counters WHERE id = 1"))
                : m_db.scalar(lease,
                              QStringLiteral(
                                      "SELECT COUNT(*) FROM clients WHERE Name LIKE ? ESCAPE '\\'"),
                              { keyset::likeContains(nameContains) });
        if (!v)
            return v.error();
        return v->toLongLong();
    });
}

Result<ClientRecord> ClientRepository::add(ClientRecord client)
{
    if (client.id.isEmpty())
        client.id = QUuid::createUuid().toRfc4122();
    if (DbError e = validation::client(client))
        return e;
    return m_db.write([&](ConnectionLease &lease) -> Result<ClientRecord> {
        auto r = m_db.execute(lease,
                              QStringLiteral("INSERT INTO clients (ID, Name, PublicKey, LastSeen, "
                                             "AESKey) VALUES (?, ?, ?, ?, ?)"),
                              { client.id, client.name, blobOrNull(client.publicKey),
                                client.lastSeen, blobOrNull(client.aesKey) });
        if (!r)
            return mapConstraint(r.error(), client.name);
        return client;
    });
}

DbError ClientRepository::update(const ClientRecord &client)
{
    if (DbError e = validation::client(client))
        return e;
    return m_db.write([&](ConnectionLease &lease) -> DbError {
        auto r = m_db.execute(lease,
                              QStringLiteral("UPDATE clients SET Name = ?, PublicKey = ?, LastSeen "
                                             "= ?, AESKey = ? WHERE ID = ?"),
                              { client.name, blobOrNull(client.publicKey), client.lastSeen,
                                blobOrNull(client.aesKey), client.id });
        if (!r)
            return mapConstraint(r.error(), client.name);
        if (r.value() == 0)
            return DbError(DbError::Kind::NotFound, QStringLiteral("no client with this ID"),
                           QStringLiteral("client ID"));
        return DbError();
    });
}

Result<qint64> ClientRepository::fileCount(const QVariant &clientId)
{
    auto id = validation::uuid(clientId, QStringLiteral("client ID"));
    if (!id)
        return id.error();
    return m_db.read([&](ConnectionLease &lease) -> Result<qint64> {
        auto v = m_db.scalar(lease,
                             QStringLiteral("SELECT COALESCE((SELECT files FROM bdba_client_totals "
                                            "WHERE client_id = ?), 0)"),
                             { id.value() });
        if (!v)
            return v.error();
        return v->toLongLong();
    });
}

Result<qint64> ClientRepository::remove(const QVariant &clientId)
{
    auto id = validation::uuid(clientId, QStringLiteral("client ID"));
    if (!id)
        return id.error();
    return m_db.write([&](ConnectionLease &lease) -> Result<qint64> {
        Transaction tx(lease);
        if (tx.error())
            return tx.error();
        // Explicit, so that it also holds where the server's files table has no foreign key.
        auto files = m_db.execute(lease, QStringLiteral("DELETE FROM files WHERE ClientID = ?"),
                                  { id.value() });
        if (!files)
            return files.error();
        auto clients = m_db.execute(lease, QStringLiteral("DELETE FROM clients WHERE ID = ?"),
                                    { id.value() });
        if (!clients)
            return clients.error();
        if (clients.value() == 0)
            return DbError(DbError::Kind::NotFound, QStringLiteral("no client with this ID"),
                           QStringLiteral("client ID"));
        if (DbError e = tx.commit())
            return e;
        return files.value();
    });
}

} // namespace backupdb
