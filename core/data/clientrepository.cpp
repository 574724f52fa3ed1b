#include "clientrepository.h"

#include "../db/nativestatement.h"
#include "identifiers.h"
#include "keyset.h"
#include "timestamps.h"
#include "transaction.h"
#include "validation.h"

#include <QScopeGuard>
#include <QUuid>

namespace backupdb {

namespace {
// rowKey: the engine's row key of the alias c (Database::rowKey).
QString selectClients(const QString &rowKey)
{
    return QStringLiteral(
        "SELECT %1, c.ID, c.Name, c.LastSeen, length(c.PublicKey), length(c.AESKey), "
        "COALESCE(t.files, 0), COALESCE(t.total_size, 0) "
        "FROM clients c LEFT JOIN bdba_client_totals t ON t.client_id = c.ID").arg(rowKey);
}

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
                       QStringLiteral("client name"), error.nativeCode());
    if (error.kind() == DbError::Kind::Constraint)
        return DbError(DbError::Kind::Constraint,
                       QStringLiteral("client ID: a client with this ID exists already"),
                       QStringLiteral("client ID"), error.nativeCode());
    return error;
}
} // namespace

Result<std::optional<ClientRecord>> ClientRepository::get(const QVariant &clientId)
{
    auto id = validation::uuid(clientId, QStringLiteral("client ID"));
    if (!id)
        return id.error();
    // A hot path (point lookups by ID): a native statement, prepared once per connection.
    static const QString sql = QStringLiteral(
            "SELECT ID, Name, PublicKey, LastSeen, AESKey FROM clients WHERE ID = ?");
    return m_db.read([&](ConnectionLease &lease) -> Result<std::optional<ClientRecord>> {
        std::optional<ClientRecord> client;
        if (DbError e = m_db.queryNative(
                    lease, sql, [&](NativeBinds &st) { st.bindBlobNoCopy(1, id.value()); },
                    [&](const NativeRow &row) {
                        // ID = ? matched a BLOB: the stored ID is these very bytes (a TEXT
                        // value never equals a BLOB), so the bound one is shared, not copied.
                        client = ClientRecord { id.value(), row.text(1), row.blob(2), row.text(3),
                                                row.blob(4) };
                    },
                    1)) // ID is the primary key: one row at most
            return e;
        return client;
    });
}

Result<ClientRepository::SortKey> ClientRepository::sortKeyOf(const ClientQuery &query)
{
    SortKey key;
    if (query.sortColumn.compare(QLatin1String("FileCount"), Qt::CaseInsensitive) == 0) {
        key.expression = QStringLiteral("COALESCE(t.files, 0)");
        key.selectColumn = 6;
    } else if (query.sortColumn.compare(QLatin1String("TotalSize"), Qt::CaseInsensitive) == 0) {
        key.expression = QStringLiteral("COALESCE(t.total_size, 0)");
        key.selectColumn = 7;
    } else if (!query.sortColumn.isEmpty()) {
        auto column = identifiers::column(QStringLiteral("clients"), query.sortColumn);
        if (!column)
            return column.error();
        static const QStringList listed { QStringLiteral("\"id\""), QStringLiteral("\"name\""),
                                          QStringLiteral("\"lastseen\"") };
        const int listedIndex = int(listed.indexOf(column.value()));
        if (listedIndex < 0)
            return DbError::invalidInput(
                    QStringLiteral("sort column"),
                    QStringLiteral("clients cannot be sorted by %1").arg(query.sortColumn));
        key.selectColumn = listedIndex + 1;
        key.expression = QStringLiteral("c.") + column.value();
    }
    return key;
}

Result<Page<ClientSummary>> ClientRepository::page(const ClientQuery &query)
{
    if (query.limit < 1 || query.limit > 100000)
        return DbError::invalidInput(QStringLiteral("page size"),
                                     QStringLiteral("must be 1..100000, not %1").arg(query.limit));
    auto sortKey = sortKeyOf(query);
    if (!sortKey)
        return sortKey.error();
    const QString sort = sortKey->expression;
    const int sortColumn = sortKey->selectColumn;
    QStringList conditions;
    QVariantList binds;
    if (!query.nameContains.isEmpty()) {
        conditions.append(QStringLiteral("c.Name %1 ? ESCAPE '\\'").arg(m_db.engine().dialect().caseInsensitiveLike));
        binds.append(keyset::likeContains(query.nameContains));
    }
    const keyset::Clause k
            = keyset::clause(sort, m_db.rowKey(QStringLiteral("c")), query.order, query.after,
                              m_db.engine().dialect().nullsSortLast);
    if (!k.where.isEmpty()) {
        conditions.append(k.where);
        binds += k.binds;
    }
    QString sql = selectClients(m_db.rowKey(QStringLiteral("c")));
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
                                      "SELECT COUNT(*) FROM clients WHERE Name %1 ? ESCAPE '\\'")
                                      .arg(m_db.engine().dialect().caseInsensitiveLike),
                              { keyset::likeContains(nameContains) });
        if (!v)
            return v.error();
        return v->toLongLong();
    });
}

Result<QList<KeysetPosition>> ClientRepository::anchors(const ClientQuery &query, int pageSize,
                                                        const CancelFlag *cancel)
{
    if (pageSize < 1 || pageSize > 100000)
        return DbError::invalidInput(QStringLiteral("page size"),
                                     QStringLiteral("must be 1..100000, not %1").arg(pageSize));
    auto sortKey = sortKeyOf(query);
    if (!sortKey)
        return sortKey.error();
    // The same FROM, WHERE and ORDER BY as page(), so that positions continue where pages do.
    const keyset::Clause k
            = keyset::clause(sortKey->expression, m_db.rowKey(QStringLiteral("c")), query.order, {},
                              m_db.engine().dialect().nullsSortLast);
    QString sql = QStringLiteral("SELECT %1, %2 FROM clients c LEFT JOIN bdba_client_totals "
                                 "t ON t.client_id = c.ID")
                          .arg(sortKey->expression.isEmpty() ? QStringLiteral("NULL")
                                                             : sortKey->expression,
                               m_db.rowKey(QStringLiteral("c")));
    QVariantList binds;
    if (!query.nameContains.isEmpty()) {
        sql += QStringLiteral(" WHERE c.Name %1 ? ESCAPE '\\'")
                       .arg(m_db.engine().dialect().caseInsensitiveLike);
        binds.append(keyset::likeContains(query.nameContains));
    }
    sql += QStringLiteral(" ORDER BY ") + k.orderBy;

    return m_db.read([&](ConnectionLease &lease) -> Result<QList<KeysetPosition>> {
        keyset::AnchorCollector anchors(pageSize);
        if (DbError e = m_db.forEachRow(
                    lease, sql, binds,
                    [&](const QSqlQuery &q) {
                        if (anchors.nextEndsPage())
                            anchors.addRow(q.value(0), q.value(1).toLongLong());
                        else
                            anchors.addRow({}, 0);
                    },
                    StatementControl(cancel)))
            return e;
        return anchors.positions();
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
                                timestamps::stored(client.lastSeen,
                                                   m_db.engine().dialect().typedDates),
                                blobOrNull(client.aesKey) });
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
                              { client.name, blobOrNull(client.publicKey),
                                timestamps::stored(client.lastSeen,
                                                   m_db.engine().dialect().typedDates),
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
    return removeChecked(clientId, std::nullopt);
}

Result<qint64> ClientRepository::remove(const QVariant &clientId, const Confirmed &confirmed)
{
    return removeChecked(clientId, confirmed);
}

Result<qint64> ClientRepository::removeChecked(const QVariant &clientId,
                                               const std::optional<Confirmed> &confirmed)
{
    auto id = validation::uuid(clientId, QStringLiteral("client ID"));
    if (!id)
        return id.error();
    if (DbError e = m_db.checkDestructive(QStringLiteral("deleting a client")))
        return e;
    return m_db.write([&](ConnectionLease &lease) -> Result<qint64> {
        Transaction tx(lease);
        if (tx.error())
            return tx.error();
        if (confirmed) {
            if (m_db.contentEpoch() != confirmed->contentEpoch)
                return DbError(DbError::Kind::Refused,
                               QStringLiteral("the database was replaced since the delete was "
                                              "confirmed (%1); nothing was deleted")
                                       .arg(m_db.lastContentChange()));
            // Counted inside the write transaction: nothing can change between this and the
            // delete.
            auto now = m_db.scalar(lease, QStringLiteral("SELECT COUNT(*) FROM files WHERE ClientID = ?"),
                                   { id.value() });
            if (!now)
                return now.error();
            if (now->toLongLong() != confirmed->files)
                return DbError(DbError::Kind::Refused,
                               QStringLiteral("the client has %1 file records now, not the %2 "
                                              "the delete was confirmed for (another program "
                                              "wrote meanwhile); nothing was deleted")
                                       .arg(now->toLongLong())
                                       .arg(confirmed->files));
        }
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

Result<bool> ClientRepository::tableExistsIn(const QString &path)
{
    return engineFor(path).locationHasTable(path, QStringLiteral("clients"));
}

} // namespace backupdb
