// The sparse row cache of the lazy table models: pages of rows by page number, at most
// maxPages of them; when more arrive, the pages farthest from where the view looks go first.
// Thread-safety: GUI thread only (a member of one model).
#pragma once

#include <QHash>
#include <QList>
#include <algorithm>
#include <cstdlib>

namespace backupdb::ui {

template<typename Row> class PageCache
{
public:
    PageCache(int pageSize, int maxPages)
        : m_pageSize(std::max(1, pageSize))
        , m_maxPages(std::max(2, maxPages))
    { }

    int pageSize() const { return m_pageSize; }
    int maxPages() const { return m_maxPages; }
    int pageOf(int row) const { return row / m_pageSize; }
    int firstRowOf(int page) const { return page * m_pageSize; }
    int pageCount() const { return int(m_pages.size()); }
    bool contains(int page) const { return m_pages.contains(page); }

    // The row, or nullptr when its page is not loaded (or came back shorter than expected).
    const Row *row(int row) const
    {
        const auto it = m_pages.constFind(pageOf(row));
        if (it == m_pages.constEnd())
            return nullptr;
        const int offset = row - firstRowOf(it.key());
        return offset < it->size() ? &it->at(offset) : nullptr;
    }

    // Stores a page; then evicts the pages farthest from focusPage beyond maxPages (never the
    // page just stored).
    void insert(int page, QList<Row> rows, int focusPage)
    {
        m_pages.insert(page, std::move(rows));
        if (m_pages.size() <= m_maxPages)
            return;
        QList<int> pages = m_pages.keys();
        std::sort(pages.begin(), pages.end(), [focusPage](int a, int b) {
            return std::abs(a - focusPage) > std::abs(b - focusPage);
        });
        for (int p : std::as_const(pages)) {
            if (m_pages.size() <= m_maxPages)
                break;
            if (p != page)
                m_pages.remove(p);
        }
    }

    void clear() { m_pages.clear(); }
    QList<int> pages() const { return m_pages.keys(); }
    // Drops the pages from firstPage on (the table got shorter).
    void removeFrom(int firstPage)
    {
        for (int p : m_pages.keys())
            if (p >= firstPage)
                m_pages.remove(p);
    }

    // The first loaded row (in page order) for which matches(row) holds, or -1.
    template<typename Predicate> int findRow(Predicate matches) const
    {
        int found = -1;
        for (auto it = m_pages.constBegin(); it != m_pages.constEnd(); ++it) {
            for (int i = 0; i < it->size(); ++i) {
                const int row = firstRowOf(it.key()) + i;
                if ((found < 0 || row < found) && matches(it->at(i))) {
                    found = row;
                    break;
                }
            }
        }
        return found;
    }

private:
    int m_pageSize;
    int m_maxPages;
    QHash<int, QList<Row>> m_pages;
};

} // namespace backupdb::ui
