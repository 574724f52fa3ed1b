#include "databaseworker.h"

#include <QPointer>

namespace backupdb::ui {

DatabaseWorker::DatabaseWorker(QObject *parent) : QObject(parent)
{
    // Few threads: a page fetch, a long job (backup, check) and a spare never queue behind
    // each other, and the pool's reader connections suffice.
    // Jobs that wait (for the open-time checks' report, or a write for their verdict) must not
    // keep the first page's read from a thread.
    m_pool.setMaxThreadCount(6);
    m_pool.setExpiryTimeout(-1); // keep the threads: their connections stay with them
    connect(&m_changePoll, &QTimer::timeout, this, &DatabaseWorker::pollForChanges);
}

DatabaseWorker::~DatabaseWorker()
{
    cancelAll();
    retire(std::exchange(m_session, nullptr));
    m_pool.waitForDone();
}

void DatabaseWorker::retire(std::shared_ptr<Session> session)
{
    // Closing a session runs SQL (the final checkpoint) and joins its pools: on a worker
    // thread, never the GUI thread. Jobs still holding it let it go when they end, there too.
    if (session)
        (void)QtConcurrent::run(&m_pool,
                                [session = std::move(session)]() mutable { session.reset(); });
}

void DatabaseWorker::setChangePollInterval(int milliseconds)
{
    if (milliseconds <= 0) {
        m_changePoll.stop();
        return;
    }
    m_changePoll.start(milliseconds);
}

void DatabaseWorker::pollForChanges()
{
    const std::shared_ptr<Session> current = session();
    if (!current || m_pollPending)
        return;
    m_pollPending = true;
    const Session *polled = current.get();
    run([](Session &s) { return s.statistics().stamp(); })
            .then(this, [this, polled](Result<ContentStamp> stamp) {
                m_pollPending = false;
                if (!stamp || session().get() != polled)
                    return; // unreadable (a damaged file), or another database by now
                const bool changed = !m_lastStamp || *m_lastStamp != stamp.value();
                m_lastStamp = stamp.value();
                if (changed)
                    notifyDataChanged(DataChange::Clients | DataChange::Files | DataChange::Audit
                                              | DataChange::External);
            });
}

QFuture<OpenedSession> DatabaseWorker::open(const QString &path)
{
    auto future = QtConcurrent::run(&m_pool, [path, hook = m_beforeOpenChecks] {
        return openSession(path, hook);
    });
    // One continuation per QFuture (see runLong): the caller's then() goes on the returned one.
    return future.then(this, [this](OpenedSession opened) {
        if (opened.session)
            setSession(opened.session);
        return opened;
    });
}

void DatabaseWorker::setSession(std::shared_ptr<Session> session)
{
    {
        std::lock_guard lock(m_mutex);
        std::swap(m_session, session);
    }
    retire(std::move(session)); // the previous one
    const std::shared_ptr<Session> current = this->session();
    m_lastStamp = current ? current->openedStamp() : std::nullopt;
    // The open's deferred checks first in the queue: the pages' own current() calls wait for
    // their report rather than run a check of their own, and writes wait for the verdict.
    if (current && current->integrity().openCheckPending())
        run([](Session &s) { return s.integrity().current(); });
    emit sessionChanged();
}

std::shared_ptr<Session> DatabaseWorker::session() const
{
    std::lock_guard lock(m_mutex);
    return m_session;
}

DbError DatabaseWorker::notOpen()
{
    return DbError(DbError::Kind::CannotOpen, tr("No database is open."));
}

quint64 DatabaseWorker::beginJob(const QString &title)
{
    quint64 id;
    {
        std::lock_guard lock(m_mutex);
        id = ++m_nextJob;
        m_jobs.insert(id, std::make_shared<CancelFlag>(false));
    }
    emit jobStarted(id, title);
    return id;
}

std::shared_ptr<CancelFlag> DatabaseWorker::jobFlag(quint64 id) const
{
    std::lock_guard lock(m_mutex);
    return m_jobs.value(id);
}

ProgressCallback DatabaseWorker::progressReporter(quint64 id, const QString &title)
{
    // Called on the worker thread; delivered on the GUI thread, at most once per percent.
    auto last = std::make_shared<std::atomic<int>>(-1);
    QPointer<DatabaseWorker> self(this);
    return [self, id, title, last](double fraction) {
        const int percent = int(fraction * 100);
        if (percent == last->exchange(percent))
            return;
        QMetaObject::invokeMethod(
                self.data(),
                [self, id, title, fraction] {
                    if (self)
                        emit self->progress(id, title, fraction);
                },
                Qt::QueuedConnection);
    };
}

void DatabaseWorker::endJob(quint64 id)
{
    {
        std::lock_guard lock(m_mutex);
        m_jobs.remove(id);
    }
    emit jobFinished(id);
}

void DatabaseWorker::notifyDataChanged(DataChanges what, const QObject *origin)
{
    if (what)
        emit dataChanged(what, origin);
}

void DatabaseWorker::cancel(quint64 jobId)
{
    if (auto flag = jobFlag(jobId))
        flag->store(true);
}

void DatabaseWorker::cancelAll()
{
    std::lock_guard lock(m_mutex);
    for (const auto &flag : std::as_const(m_jobs))
        flag->store(true);
}

int DatabaseWorker::runningJobs() const
{
    std::lock_guard lock(m_mutex);
    return int(m_jobs.size());
}

void DatabaseWorker::waitForIdle()
{
    m_pool.waitForDone();
}

} // namespace backupdb::ui
