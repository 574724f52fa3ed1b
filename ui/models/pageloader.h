// The loading half of a lazy table model (SPEC G1): the row count is known up front, rows come
// in pages fetched off the GUI thread into a sparse PageCache, and a placeholder stands in
// while a page loads. Pages are addressed by key, never by OFFSET:
//
// - page 0 starts at the start; a page read forwards tells where the next one starts;
// - the last rows are read in the reversed order from the end (a "tail" of at most two pages),
//   and a page read backwards tells where the one before it ends;
// - any other page (a jump into the middle) waits for the page anchors: one scan of the sort
//   key and rowid in the worker (FileRepository::anchors) that says where every page starts.
//   The scan runs only when such a jump happens, once per query.
//
// Newest request wins: reset() starts a new generation; answers of older ones are dropped
// and their anchor scan is cancelled. At most maxInFlight page requests run at once; pages
// asked for meanwhile queue (newest first, the oldest dropped), so a fast scroll loads where
// the view is, not where it was.
//
// Thread-safety: GUI thread only. The context object (the model) must own the loader: its
// continuations run only while the context lives.
#pragma once

#include "pagecache.h"
#include "pageloaderhooks.h"
#include "pagesource.h"
#include "worker/databaseworker.h"

#include <QSet>
#include <QTimer>
#include <algorithm>
#include <climits>
#include <memory>

namespace backupdb::ui {

struct PageLoaderStats
{
    qint64 rowsFetched = 0; // rows received in pages (current and stale generations)
    int pageRequests = 0;
    int anchorScans = 0;
    int cachedPages = 0; // pages held now (at most the cache's maxPages)
};

template<typename Row> class PageLoader
{
public:
    static constexpr int kDefaultPageSize = 200;
    static constexpr int kDefaultMaxPages = 64;

    PageLoader(DatabaseWorker *worker, QObject *context, PageLoaderHooks hooks,
               int pageSize = kDefaultPageSize, int maxPages = kDefaultMaxPages,
               int maxInFlight = 2)
        : m_worker(worker)
        , m_context(context)
        , m_hooks(std::move(hooks))
        , m_cache(pageSize, maxPages)
        , m_maxInFlight(std::max(1, maxInFlight))
    { }
    ~PageLoader() { m_anchorCancel->store(true); }
    Q_DISABLE_COPY_MOVE(PageLoader)

    // Starts a new generation over source: the count is asked for first; the rows shown so far
    // stay until it arrives, then the model resets to the new count.
    void reset(PageSource<Row> source)
    {
        startGeneration();
        m_source = std::make_shared<const PageSource<Row>>(std::move(source));
        m_countPending = true;
        const quint64 generation = m_generation;
        auto src = m_source;
        m_worker->run([src](Session &s) { return src->count(s); })
                .then(m_context, [this, generation](Result<qint64> count) {
                    onCount(generation, std::move(count));
                });
    }

    // The same query over data that changed (another program wrote): the rows shown stay shown
    // while the count and the loaded pages are read again; a changed count adds or removes rows
    // at the end, never resets. Pages nobody looked at are not read.
    void update(PageSource<Row> source)
    {
        if (m_countPending || !m_source) {
            reset(std::move(source));
            return;
        }
        startGeneration();
        m_source = std::make_shared<const PageSource<Row>>(std::move(source));
        m_updatePending = true;
        const quint64 generation = m_generation;
        auto src = m_source;
        m_worker->run([src](Session &s) { return src->count(s); })
                .then(m_context, [this, generation](Result<qint64> count) {
                    onUpdateCount(generation, std::move(count));
                });
    }

    // No source (no database): zero rows.
    void clear()
    {
        startGeneration();
        m_source.reset();
        m_countPending = false;
        applyCount(0);
    }

    int rowCount() const { return m_rowCount; }
    int pageSize() const { return m_cache.pageSize(); }
    bool isLoading() const
    {
        return m_countPending || m_updatePending || !m_inFlight.isEmpty()
                || m_anchors == AnchorState::Running;
    }
    quint64 generation() const { return m_generation; }
    PageLoaderStats stats() const
    {
        PageLoaderStats stats = m_stats;
        stats.cachedPages = m_cache.pageCount();
        return stats;
    }

    // The row if its page is loaded; otherwise nullptr, and its page is asked for.
    const Row *row(int row)
    {
        if (row < 0 || row >= m_rowCount)
            return nullptr;
        if (const Row *cached = m_cache.row(row))
            return cached;
        const int page = m_cache.pageOf(row);
        m_focusPage = page;
        if (m_source && !m_countPending && !m_cache.contains(page) && !m_inFlight.contains(page)
            && !m_givenUp.contains(page))
            want(page);
        return nullptr;
    }

    // The row if its page is loaded; never asks for anything.
    const Row *cachedRow(int row) const
    {
        return row >= 0 && row < m_rowCount ? m_cache.row(row) : nullptr;
    }

    // The first loaded row for which matches(row) holds, or -1; asks for nothing.
    template<typename Predicate> int findLoadedRow(Predicate matches) const
    {
        const int row = m_cache.findRow(matches);
        return row < m_rowCount ? row : -1;
    }

private:
    enum class AnchorState { None, Running, Done, Failed };
    static constexpr int kMaxWanted = 8;
    static constexpr int kTailPages = 2; // the last rows are read from the end up to this many

    struct Fetch
    {
        int firstPage = 0;
        int lastPage = 0;
        int endRow = 0; // Backward: the rows end just before this row
        KeysetPosition after;
        PageDirection direction = PageDirection::Forward;
        int limit = 0;
    };

    void startGeneration()
    {
        ++m_generation;
        m_anchorCancel->store(true); // the scan of the previous query is not wanted any more
        m_anchorCancel = std::make_shared<CancelFlag>(false);
        m_wanted.clear();
        m_inFlight.clear();
        m_refreshing.clear();
        m_updatePending = false;
    }

    void onUpdateCount(quint64 generation, Result<qint64> count)
    {
        if (generation != m_generation)
            return;
        m_updatePending = false;
        if (!count) {
            m_hooks.failed(count.error());
            return;
        }
        const int rows = int(std::clamp<qint64>(count.value(), 0, INT_MAX));
        if (rows != m_rowCount) {
            m_hooks.aboutToResize(m_rowCount, rows);
            if (rows < m_rowCount)
                m_cache.removeFrom(m_cache.pageOf(std::max(0, rows - 1)) + (rows > 0 ? 1 : 0));
            m_rowCount = rows;
            m_hooks.resized();
        }
        m_givenUp.clear();
        m_refreshing.clear();
        QList<int> pages = m_cache.pages();
        const int focus = m_focusPage;
        std::sort(pages.begin(), pages.end(), [focus](int a, int b) {
            return std::abs(a - focus) > std::abs(b - focus); // the nearest is wanted last: first
        });
        for (int page : std::as_const(pages)) {
            m_refreshing.insert(page);
            want(page);
        }
    }

    void onCount(quint64 generation, Result<qint64> count)
    {
        if (generation != m_generation)
            return;
        m_countPending = false;
        applyCount(count ? std::clamp<qint64>(count.value(), 0, INT_MAX) : 0);
        if (!count)
            m_hooks.failed(count.error());
    }

    void applyCount(int rows)
    {
        m_hooks.aboutToReset();
        m_cache.clear();
        m_starts.clear();
        m_heads.clear();
        m_starts.insert(0, KeysetPosition());
        m_givenUp.clear();
        m_anchors = AnchorState::None;
        m_focusPage = 0;
        m_rowCount = rows;
        m_hooks.resetDone();
    }

    void want(int page)
    {
        m_wanted.removeOne(page);
        m_wanted.prepend(page);
        while (m_wanted.size() > kMaxWanted)
            m_wanted.removeLast();
        schedulePump();
    }

    // Requests go out from the event loop, not from data(): the view asks for many rows of the
    // same page while painting, and a continuation may run synchronously.
    void schedulePump()
    {
        if (m_pumpScheduled)
            return;
        m_pumpScheduled = true;
        QTimer::singleShot(0, m_context, [this] {
            m_pumpScheduled = false;
            pump();
        });
    }

    void pump()
    {
        if (!m_source || m_countPending)
            return;
        QList<int> waiting; // pages that only the anchors can reach
        while (m_outstanding < m_maxInFlight && !m_wanted.isEmpty()) {
            const int page = m_wanted.takeFirst();
            if ((m_cache.contains(page) && !m_refreshing.contains(page))
                || m_inFlight.contains(page) || m_givenUp.contains(page))
                continue;
            if (auto fetch = plan(page))
                issue(*fetch);
            else
                waiting.append(page);
        }
        if (waiting.isEmpty())
            return;
        m_wanted = waiting + m_wanted;
        if (m_anchors == AnchorState::None)
            requestAnchors();
        else if (m_anchors == AnchorState::Failed) { // nothing reaches them in this generation
            for (int page : std::as_const(waiting)) {
                m_givenUp.insert(page);
                m_wanted.removeOne(page);
            }
        }
    }

    std::optional<Fetch> plan(int page) const
    {
        const int ps = m_cache.pageSize();
        const int rowsToEnd = m_rowCount - page * ps;
        Fetch f;
        f.firstPage = f.lastPage = page;
        if (m_starts.contains(page)) {
            f.after = m_starts.value(page);
            f.limit = ps;
            return f;
        }
        if (rowsToEnd <= kTailPages * ps) {
            f.direction = PageDirection::Backward; // from the end: after = the start
            f.lastPage = m_cache.pageOf(m_rowCount - 1);
            f.endRow = m_rowCount;
            f.limit = rowsToEnd;
            return f;
        }
        if (m_heads.contains(page + 1)) {
            f.direction = PageDirection::Backward;
            f.after = m_heads.value(page + 1);
            f.endRow = (page + 1) * ps;
            f.limit = ps;
            return f;
        }
        return std::nullopt;
    }

    void issue(const Fetch &fetch)
    {
        ++m_outstanding;
        ++m_stats.pageRequests;
        for (int p = fetch.firstPage; p <= fetch.lastPage; ++p)
            m_inFlight.insert(p);
        const quint64 generation = m_generation;
        auto src = m_source;
        m_worker->run([src, fetch](Session &s) {
                    return src->page(s, fetch.after, fetch.direction, fetch.limit);
                })
                .then(m_context, [this, generation, fetch](Result<Page<Row>> page) {
                    onPage(generation, fetch, std::move(page));
                });
    }

    void onPage(quint64 generation, const Fetch &fetch, Result<Page<Row>> page)
    {
        --m_outstanding;
        if (page)
            m_stats.rowsFetched += page->rows.size();
        if (generation != m_generation) {
            schedulePump(); // a slot is free for the current generation
            return;
        }
        for (int p = fetch.firstPage; p <= fetch.lastPage; ++p) {
            m_inFlight.remove(p);
            m_refreshing.remove(p);
        }
        if (!page) {
            for (int p = fetch.firstPage; p <= fetch.lastPage; ++p)
                m_givenUp.insert(p);
            m_hooks.failed(page.error());
            schedulePump();
            return;
        }
        const int ps = m_cache.pageSize();
        QList<Row> rows = std::move(page->rows);
        int firstRow = fetch.firstPage * ps;
        if (fetch.direction == PageDirection::Forward) {
            if (rows.size() == ps)
                m_starts.insert(fetch.firstPage + 1, page->next);
        } else {
            std::reverse(rows.begin(), rows.end());
            firstRow = fetch.endRow - int(rows.size());
            // The last row read backwards is the first row of the page it starts.
            if (!rows.isEmpty() && firstRow % ps == 0)
                m_heads.insert(firstRow / ps, page->next);
        }
        int loadedFirst = -1, loadedLast = -1;
        for (int p = fetch.firstPage; p <= fetch.lastPage; ++p) {
            const int from = p * ps - firstRow; // index into rows of the page's first row
            if (from < 0 || from >= rows.size()) { // the data changed under the query
                m_givenUp.insert(p);
                continue;
            }
            const int count = std::min<int>(ps, int(rows.size()) - from);
            m_cache.insert(p, rows.mid(from, count), m_focusPage);
            if (loadedFirst < 0)
                loadedFirst = p * ps;
            loadedLast = std::min(p * ps + count, m_rowCount) - 1;
        }
        if (loadedFirst >= 0 && loadedLast >= loadedFirst)
            m_hooks.rowsLoaded(loadedFirst, loadedLast);
        schedulePump();
    }

    void requestAnchors()
    {
        m_anchors = AnchorState::Running;
        ++m_stats.anchorScans;
        const quint64 generation = m_generation;
        auto src = m_source;
        auto cancel = m_anchorCancel;
        const int ps = m_cache.pageSize();
        m_worker->run([src, cancel, ps](Session &s) { return src->anchors(s, ps, cancel.get()); })
                .then(m_context, [this, generation](Result<QList<KeysetPosition>> anchors) {
                    if (generation != m_generation)
                        return;
                    if (!anchors) {
                        m_anchors = AnchorState::Failed;
                        m_hooks.failed(anchors.error());
                    } else {
                        m_anchors = AnchorState::Done;
                        for (int p = 0; p < anchors->size(); ++p)
                            m_starts.insert(p, anchors->at(p));
                    }
                    schedulePump();
                });
    }

    DatabaseWorker *m_worker;
    QObject *m_context;
    PageLoaderHooks m_hooks;
    PageCache<Row> m_cache;
    int m_maxInFlight;
    std::shared_ptr<const PageSource<Row>> m_source;
    quint64 m_generation = 0;
    int m_rowCount = 0;
    bool m_countPending = false;
    bool m_updatePending = false; // update(): the new count is on its way, the old rows shown
    QSet<int> m_refreshing; // update(): cached pages to read again (shown until they arrive)
    QHash<int, KeysetPosition> m_starts; // page -> the position it starts after (forwards)
    QHash<int, KeysetPosition> m_heads; // page -> its first row (to read the page before it)
    AnchorState m_anchors = AnchorState::None;
    std::shared_ptr<CancelFlag> m_anchorCancel = std::make_shared<CancelFlag>(false);
    QList<int> m_wanted; // newest first
    QSet<int> m_inFlight; // pages of the current generation being read
    QSet<int> m_givenUp; // pages that failed or came back short: not asked again this generation
    int m_outstanding = 0; // requests of any generation still running
    int m_focusPage = 0;
    bool m_pumpScheduled = false;
    PageLoaderStats m_stats;
};

} // namespace backupdb::ui
