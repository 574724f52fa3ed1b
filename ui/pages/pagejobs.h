// The work a maintenance page gives the database worker, and its generation: long jobs (a
// backup, a check, a cleanup) one at a time, shown in the page's JobProgress with Cancel, and
// short reads; an answer that arrives after the page moved on to another database (a new
// generation) is dropped. A member of its page, which is the context of every continuation.
// Thread-safety: GUI thread only.
#pragma once

#include "widgets/jobprogress.h"
#include "worker/databaseworker.h"

#include <QPointer>
#include <functional>
#include <type_traits>

namespace backupdb::ui {

class PageJobs final
{
public:
    // updateButtons: called whenever a long job starts or ends.
    PageJobs(DatabaseWorker *worker, JobProgress *progress, QObject *context,
             std::function<void()> updateButtons)
        : m_worker(worker)
        , m_progress(progress)
        , m_context(context)
        , m_updateButtons(std::move(updateButtons))
    { }
    Q_DISABLE_COPY_MOVE(PageJobs)

    quint64 generation() const { return m_generation; }
    bool isCurrent(quint64 generation) const { return generation == m_generation; }
    // Another database (or none): the answers of the work given so far are dropped.
    quint64 startGeneration()
    {
        ++m_generation;
        m_progress->finish();
        return m_generation;
    }
    bool isBusy() const { return m_progress->isBusy(); }
    // A database is open and no long job runs.
    bool isIdle() const { return m_worker->isOpen() && !m_progress->isBusy(); }

    // Starts job as runLong(title, job) and shows it; when it ends in this generation, the
    // progress is cleared and the buttons updated, then done(result) is called.
    template<typename Job, typename Done> void runLong(const QString &title, Job job, Done done)
    {
        const quint64 generation = m_generation;
        quint64 jobId = 0;
        auto future = m_worker->runLong(title, std::move(job), &jobId);
        m_progress->track(jobId, title);
        m_updateButtons();
        using Value = std::remove_cvref_t<decltype(future.result())>;
        // The worker is the continuation's context, not the page: Qt 6.4 asserts when a
        // context has died by the time the job ends (a page closed while its job runs).
        future.then(m_worker, [this, alive = QPointer<QObject>(m_context), generation,
                               done = std::move(done)](const Value &result) {
            if (!alive || generation != m_generation)
                return;
            m_progress->finish();
            m_updateButtons();
            done(result);
        });
    }

    // A short read (not shown in the progress); done(result) unless the generation moved on.
    template<typename Work, typename Done> void run(Work work, Done done)
    {
        const quint64 generation = m_generation;
        auto future = m_worker->run(std::move(work));
        using Value = std::remove_cvref_t<decltype(future.result())>;
        future.then(m_worker, [this, alive = QPointer<QObject>(m_context), generation,
                               done = std::move(done)](const Value &result) {
            if (alive && generation == m_generation)
                done(result);
        });
    }

private:
    DatabaseWorker *m_worker;
    JobProgress *m_progress;
    QObject *m_context;
    std::function<void()> m_updateButtons;
    quint64 m_generation = 0;
};

} // namespace backupdb::ui
