// Common ground of the lazy table models (clients, files): columns with whitelisted sort keys,
// sorting by header click, the name filter, the placeholder, the roles views and tests read
// (and which of them load a page), and the wiring of a PageLoader's hooks to the model's
// signals. The rows themselves live in a LoaderTableModel<Row>'s PageLoader.
// Thread-safety: GUI thread only.
#pragma once

#include "models/pageloader.h"

#include <QAbstractTableModel>

namespace backupdb::ui {

class PagedTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1, // QByteArray: the row's 16-byte ID
        NameRole, // QString: the client or file name
        LoadedRole, // bool: false while the row is a placeholder (never asks for the page)
        SortKeyRole, // headerData: the whitelisted column a header sorts by; empty = not sortable
        ClientIdRole, // QByteArray: the client a file belongs to (files only)
    };

    static QString placeholder() { return QStringLiteral("…"); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Sorts by the column's key (through the repositories' whitelist); a column without one
    // keeps the current order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool isSortable(int column) const { return !columnSortKey(column).isEmpty(); }
    int sortSection() const { return m_sortSection; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    QString nameFilter() const { return m_nameFilter; }
    void setNameFilter(const QString &text);

    // Reads the count and the pages again (after a change, or F5); keeps filters and sort.
    virtual void refresh() = 0;
    // The same, for data another program changed: the rows stay shown (no reset, so the view
    // keeps its selection and scroll position) while what is loaded is read again.
    virtual void update() = 0;
    virtual bool isLoading() const = 0;
    virtual PageLoaderStats loaderStats() const = 0;
    // The language changed: the headers are asked for again (a model gets no LanguageChange
    // event of its own; the page that shows it calls this).
    void retranslate();

signals:
    void loadFailed(const QString &message);
    // The new row count is in effect (after every reset, the first one included).
    void rowCountKnown(int rows);

protected:
    // Refreshes on every session change (forgetSession() first).
    explicit PagedTableModel(DatabaseWorker *worker, QObject *parent = nullptr);

    DatabaseWorker *worker() const { return m_worker; }
    // What belongs to the previous database is dropped before the refresh of a new session.
    virtual void forgetSession() { }
    // Sets a filter and refreshes, unless it is unchanged.
    template<typename T> void setFilter(T &filter, const T &value)
    {
        if (value == filter)
            return;
        filter = value;
        refresh();
    }

    virtual int loadedRowCount() const = 0;
    virtual bool isRowLoaded(int row) const = 0;
    // Whether data() of this role needs the row (and asks for its page when it is not loaded).
    virtual bool needsRow(int role) const;
    // data() of a valid index in a role that needs the row.
    virtual QVariant rowData(const QModelIndex &index, int role) const = 0;
    // Whether the column shows placeholder() while its row loads.
    virtual bool showsPlaceholder(int column) const;
    virtual int columns() const = 0;
    virtual QString columnTitle(int column) const = 0;
    virtual QString columnSortKey(int column) const = 0;
    virtual Qt::Alignment columnAlignment(int column) const;

    PageLoaderHooks loaderHooks();
    QString sortKey() const { return columnSortKey(m_sortSection); }
    SortOrder coreSortOrder() const
    {
        return m_sortOrder == Qt::AscendingOrder ? SortOrder::Ascending : SortOrder::Descending;
    }
    bool isValidRow(const QModelIndex &index) const;

private:
    DatabaseWorker *m_worker;
    QString m_nameFilter;
    int m_sortSection = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    bool m_resizeGrows = false; // between the loader's aboutToResize and resized
};

} // namespace backupdb::ui
