#include "filetablemodel.h"

#include "data/keyset.h"
#include "models/displayformat.h"

#include <QLocale>

namespace backupdb::ui {

FileTableModel::FileTableModel(DatabaseWorker *worker, QObject *parent, int pageSize)
    : PagedTableModel(parent)
    , m_worker(worker)
    , m_loader(worker, this, loaderHooks(), pageSize)
{
    connect(m_worker, &DatabaseWorker::sessionChanged, this, [this] {
        m_client.reset(); // a client of the previous database
        refresh();
    });
    refresh();
}

void FileTableModel::setClient(const std::optional<QByteArray> &clientId)
{
    if (clientId == m_client)
        return;
    m_client = clientId;
    refresh();
}

void FileTableModel::setVerifiedFilter(VerifiedFilter filter)
{
    if (filter == m_verified)
        return;
    m_verified = filter;
    refresh();
}

void FileTableModel::setNameFilter(const QString &text)
{
    if (text == m_nameFilter)
        return;
    m_nameFilter = text;
    refresh();
}

void FileTableModel::refresh()
{
    if (!m_worker->isOpen()) {
        m_loader.clear();
        return;
    }
    FileQuery query;
    query.clientId = m_client;
    query.nameContains = m_nameFilter;
    query.verified = m_verified;
    query.sortColumn = sortKey();
    query.order = coreSortOrder();
    PageSource<FileRecord> source;
    source.count = [query](Session &s) {
        return s.files().count(query);
    };
    source.anchors = [query](Session &s, int pageSize, const CancelFlag *cancel) {
        return s.files().anchors(query, pageSize, cancel);
    };
    source.page
            = [query](Session &s, const KeysetPosition &after, PageDirection direction, int limit) {
                  FileQuery q = query;
                  q.after = after;
                  q.limit = limit;
                  if (direction == PageDirection::Backward)
                      q.order = keyset::reversed(q.order);
                  return s.files().page(q);
              };
    m_loader.reset(std::move(source));
}

QVariant FileTableModel::data(const QModelIndex &index, int role) const
{
    if (!isValidRow(index))
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case Qt::CheckStateRole:
    case IdRole:
    case NameRole:
    case ClientIdRole:
        break;
    case LoadedRole:
        return m_loader.cachedRow(index.row()) != nullptr;
    case Qt::TextAlignmentRole:
        return int(columnAlignment(index.column()) | Qt::AlignVCenter);
    default:
        return {}; // other roles never load pages (QAbstractItemModel::match() asks them all)
    }
    const FileRecord *file = m_loader.row(index.row());
    if (!file)
        return role == Qt::DisplayRole && index.column() != Verified ? QVariant(placeholder())
                                                                     : QVariant();
    switch (role) {
    case IdRole:
        return file->id;
    case NameRole:
        return file->fileName;
    case ClientIdRole:
        return file->clientId;
    case Qt::CheckStateRole:
        if (index.column() == Verified)
            return file->verified ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Modified)
            return tr("Stored as: %1").arg(file->modificationDate);
        if (index.column() == Size && file->fileSize)
            return tr("%1 bytes").arg(QLocale().toString(*file->fileSize));
        if (index.column() == Path)
            return file->pathName;
        return {};
    default:
        break;
    }
    switch (index.column()) {
    case Name:
        return file->fileName;
    case Path:
        return file->pathName;
    case Size:
        return displayformat::size(file->fileSize);
    case Modified:
        return displayformat::timestamp(file->modificationDate);
    case Verified:
        return {}; // shown by the check state
    case Crc:
        return displayformat::crc(file->crc);
    default:
        return {};
    }
}

QString FileTableModel::columnTitle(int column) const
{
    switch (column) {
    case Name:
        return tr("Name");
    case Path:
        return tr("Path");
    case Size:
        return tr("Size");
    case Modified:
        return tr("Modified");
    case Verified:
        return tr("Verified");
    case Crc:
        return tr("CRC");
    default:
        return {};
    }
}

QString FileTableModel::columnSortKey(int column) const
{
    // Names of the files table, checked once more by the repository's whitelist.
    switch (column) {
    case Name:
        return QStringLiteral("FileName");
    case Path:
        return QStringLiteral("PathName");
    case Size:
        return QStringLiteral("FileSize");
    case Modified:
        return QStringLiteral("ModificationDate");
    case Verified:
        return QStringLiteral("Verified");
    case Crc:
        return QStringLiteral("CRC");
    default:
        return {};
    }
}

Qt::Alignment FileTableModel::columnAlignment(int column) const
{
    switch (column) {
    case Size:
    case Crc:
        return Qt::AlignRight;
    case Verified:
        return Qt::AlignHCenter;
    default:
        return Qt::AlignLeft;
    }
}

} // namespace backupdb::ui
