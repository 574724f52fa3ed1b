#include "filetablemodel.h"

#include "models/displayformat.h"

#include <QLocale>

namespace backupdb::ui {

FileTableModel::FileTableModel(DatabaseWorker *worker, QObject *parent, int pageSize)
    : LoaderTableModel(worker, parent, pageSize)
{
    refresh();
}

void FileTableModel::setClient(const std::optional<QByteArray> &clientId)
{
    setFilter(m_client, clientId);
}

void FileTableModel::setVerifiedFilter(VerifiedFilter filter)
{
    setFilter(m_verified, filter);
}

PageSource<FileRecord> FileTableModel::pageSource() const
{
    FileQuery query;
    query.clientId = m_client;
    query.nameContains = nameFilter();
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
            = keysetPages(query, [](Session &s, const FileQuery &q) { return s.files().page(q); });
    return source;
}

bool FileTableModel::needsRow(int role) const
{
    return role == Qt::CheckStateRole || role == ClientIdRole || LoaderTableModel::needsRow(role);
}

QVariant FileTableModel::cellData(const FileRecord &file, int column, int role) const
{
    switch (role) {
    case IdRole:
        return file.id;
    case NameRole:
        return file.fileName;
    case ClientIdRole:
        return file.clientId;
    case Qt::CheckStateRole:
        if (column == Verified)
            return file.verified ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole:
        if (column == Modified)
            return tr("Stored as: %1").arg(file.modificationDate);
        if (column == Size && file.fileSize)
            return tr("%1 bytes").arg(QLocale().toString(*file.fileSize));
        if (column == Path)
            return file.pathName;
        return {};
    default:
        break;
    }
    switch (column) {
    case Name:
        return file.fileName;
    case Path:
        return file.pathName;
    case Size:
        return displayformat::size(file.fileSize);
    case Modified:
        return displayformat::timestamp(file.modificationDate);
    case Verified:
        return {}; // shown by the check state
    case Crc:
        return displayformat::crc(file.crc);
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
