#include "clienttablemodel.h"

#include "common/secret.h"
#include "models/displayformat.h"

#include <QLocale>

namespace backupdb::ui {

namespace {

Result<Page<ClientRow>> clientPage(Session &s, const ClientQuery &query)
{
    auto page = s.clients().page(query);
    if (!page)
        return page.error();
    Page<ClientRow> out;
    out.next = page->next;
    out.hasMore = page->hasMore;
    out.rows.reserve(page->rows.size());
    for (const ClientSummary &summary : std::as_const(page->rows)) {
        ClientRow row;
        row.summary = summary;
        if (summary.publicKeyBytes > 0 || summary.aesKeyBytes > 0) {
            // The fingerprint needs the bytes: read and masked here, on the worker thread.
            auto client = s.clients().get(summary.id);
            if (client && client->has_value()) {
                row.publicKeyMask = maskSecret((*client)->publicKey);
                row.aesKeyMask = maskSecret((*client)->aesKey);
            }
        } else {
            row.publicKeyMask = row.aesKeyMask = maskSecret({});
        }
        out.rows.append(row);
    }
    return out;
}

} // namespace

ClientTableModel::ClientTableModel(DatabaseWorker *worker, QObject *parent, int pageSize)
    : LoaderTableModel(worker, parent, pageSize)
{
    refresh();
}

PageSource<ClientRow> ClientTableModel::pageSource() const
{
    ClientQuery query;
    query.nameContains = nameFilter();
    query.sortColumn = sortKey();
    query.order = coreSortOrder();
    PageSource<ClientRow> source;
    const QString name = nameFilter();
    source.count = [name](Session &s) {
        return s.clients().count(name);
    };
    source.anchors = [query](Session &s, int pageSize, const CancelFlag *cancel) {
        return s.clients().anchors(query, pageSize, cancel);
    };
    source.page = keysetPages(query, clientPage);
    return source;
}

QVariant ClientTableModel::cellData(const ClientRow &row, int column, int role) const
{
    const ClientSummary &c = row.summary;
    if (role == IdRole)
        return c.id;
    if (role == NameRole)
        return c.name;
    const QLocale locale;
    if (role == Qt::ToolTipRole) {
        if (column == LastSeen)
            return tr("Stored as: %1").arg(c.lastSeen);
        if (column == TotalSize)
            return tr("%1 bytes").arg(locale.toString(c.totalSizeBytes));
        return {};
    }
    switch (column) {
    case Name:
        return c.name;
    case Id:
        return displayformat::uuid(c.id);
    case LastSeen:
        return displayformat::timestamp(c.lastSeen);
    case FileCount:
        return locale.toString(c.fileCount);
    case TotalSize:
        return displayformat::size(c.totalSizeBytes);
    case PublicKey:
        return row.publicKeyMask;
    case AesKey:
        return row.aesKeyMask;
    default:
        return {};
    }
}

int ClientTableModel::rowOf(const QByteArray &clientId) const
{
    return findLoadedRow([&clientId](const ClientRow &row) { return row.summary.id == clientId; });
}

QString ClientTableModel::columnTitle(int column) const
{
    switch (column) {
    case Name:
        return tr("Name");
    case Id:
        return tr("ID");
    case LastSeen:
        return tr("Last seen");
    case FileCount:
        return tr("Files");
    case TotalSize:
        return tr("Total size");
    case PublicKey:
        return tr("Public key");
    case AesKey:
        return tr("AES key");
    default:
        return {};
    }
}

QString ClientTableModel::columnSortKey(int column) const
{
    switch (column) {
    case Name:
        return QStringLiteral("Name");
    case Id:
        return QStringLiteral("ID");
    case LastSeen:
        return QStringLiteral("LastSeen");
    case FileCount:
        return QStringLiteral("FileCount");
    case TotalSize:
        return QStringLiteral("TotalSize");
    default:
        return {}; // keys: never sorted by (and never read in full)
    }
}

Qt::Alignment ClientTableModel::columnAlignment(int column) const
{
    return column == FileCount || column == TotalSize ? Qt::AlignRight : Qt::AlignLeft;
}

} // namespace backupdb::ui
