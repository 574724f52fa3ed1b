// The one way the GUI talks to the database (SPEC §1: the GUI thread never executes SQL).
//
// A DatabaseWorker lives in the GUI thread and owns the open Session. run() executes a function
// of the Session on a worker thread (a private QThreadPool) and returns a QFuture of its value;
// attach a continuation with .then(this, ...) to get the value back on the GUI thread:
//
//   worker->run([id](Session &s) { return s.files().listForClient(id); })
//       .then(this, [this, generation](Result<QList<FileRecord>> files) {
//           if (generation != m_generation) return; // a newer request won: drop this one
//           ...
//       });
//
// Values in, values out: functions must return Result<T> or DbError (so "no database open" can
// be answered without running them). runLong() is for work with progress and Cancel: the
// function gets a ProgressCallback and a CancelFlag; progress is reported by the progress()
// signal on the GUI thread, and cancel(jobId) sets the flag.
//
// Thread-safety: use from the GUI thread. The destructor cancels long jobs and waits for all.
#pragma once

#include "appsession.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>

namespace backupdb::ui {

class DatabaseWorker : public QObject
{
    Q_OBJECT

public:
    // What a change to the database touched (dataChanged()). Everything: the database was
    // replaced (a restore); every page reloads at once, visible or not.
    enum class DataChange : unsigned {
        Clients = 0x1,
        Files = 0x2,
        Backups = 0x4, // the backup files and their verification state
        Audit = 0x8,
        // Another program wrote (found by the change poll): pages update what they show in
        // place (PagedTableModel::update), keeping selection and scroll position.
        External = 0x10,
        Everything = 0xffff,
    };
    Q_DECLARE_FLAGS(DataChanges, DataChange)
    Q_FLAG(DataChanges)

    explicit DatabaseWorker(QObject *parent = nullptr);
    ~DatabaseWorker() override;

    // Opens path (empty: the demo database, created on first use) on a worker thread. When it
    // succeeds the new session replaces the current one and sessionChanged() is emitted.
    // The open-time checks (quick_check and the logical checks) run behind the open: the
    // session is there, and its pages read, before they end. A job of the worker's runs them at
    // once; writes wait for the damage check (Session's deferOpenChecks).
    QFuture<OpenedSession> open(const QString &path);
    // Called on the checking thread before the open-time checks (tests hold them with it).
    void setBeforeOpenChecks(std::function<void()> hook) { m_beforeOpenChecks = std::move(hook); }
    // Makes session the current one (tests, and open()'s continuation).
    void setSession(std::shared_ptr<Session> session);
    std::shared_ptr<Session> session() const;
    // How many jobs run at once (the worker's threads).
    int threadCount() const { return m_pool.maxThreadCount(); }
    bool isOpen() const { return session() != nullptr; }

    template<typename F>
    auto run(F &&f) -> QFuture<std::invoke_result_t<F, Session &>>
    {
        using R = std::invoke_result_t<F, Session &>;
        std::shared_ptr<Session> s = session();
        if (!s)
            return QtFuture::makeReadyFuture<R>(R(notOpen()));
        return QtConcurrent::run(&m_pool, [s, f = std::forward<F>(f)]() mutable -> R { return f(*s); });
    }

    // f(Session &, const ProgressCallback &, const CancelFlag *) on a worker thread.
    template<typename F>
    auto runLong(const QString &title, F &&f, quint64 *jobId = nullptr)
            -> QFuture<std::invoke_result_t<F, Session &, const ProgressCallback &, const CancelFlag *>>
    {
        using R = std::invoke_result_t<F, Session &, const ProgressCallback &, const CancelFlag *>;
        std::shared_ptr<Session> s = session();
        if (!s)
            return QtFuture::makeReadyFuture<R>(R(notOpen()));
        const quint64 id = beginJob(title);
        if (jobId)
            *jobId = id;
        auto cancel = jobFlag(id);
        const ProgressCallback progress = progressReporter(id, title);
        auto future = QtConcurrent::run(&m_pool, [s, cancel, progress, f = std::forward<F>(f)]() mutable -> R {
            return f(*s, progress, cancel.get());
        });
        // A QFuture holds one continuation (Qt 6.4: a second then() replaces the first), so
        // the caller's then() goes on the future this one returns, after the job has ended.
        return future.then(this, [this, id](R value) {
            endJob(id);
            return value;
        });
    }

    // Called (GUI thread) by whoever ran a job that changed the database, once it has ended:
    // emits dataChanged(), on which the pages that show what changed refresh themselves
    // (DataChangeWatcher). origin: the page that made the change and updated itself already.
    void notifyDataChanged(backupdb::ui::DatabaseWorker::DataChanges what,
                           const QObject *origin = nullptr);

    // Every interval, the data's stamp (StatisticsService::stamp, O(1)) is read; when it moved,
    // dataChanged(Clients | Files | Audit | External) is emitted. 0 stops.
    void setChangePollInterval(int milliseconds);
    void pollForChanges();

    void cancel(quint64 jobId);
    void cancelAll();
    int runningJobs() const;
    // Blocks until every queued function has run (tests, shutdown).
    void waitForIdle();

signals:
    void sessionChanged();
    void dataChanged(backupdb::ui::DatabaseWorker::DataChanges what, const QObject *origin);
    void progress(quint64 jobId, const QString &title, double fraction);
    void jobStarted(quint64 jobId, const QString &title);
    void jobFinished(quint64 jobId);

private:
    static DbError notOpen();
    void retire(std::shared_ptr<Session> session);
    quint64 beginJob(const QString &title);
    std::shared_ptr<CancelFlag> jobFlag(quint64 id) const;
    ProgressCallback progressReporter(quint64 id, const QString &title);
    void endJob(quint64 id);

    QThreadPool m_pool;
    mutable std::mutex m_mutex;
    std::shared_ptr<Session> m_session;
    QHash<quint64, std::shared_ptr<CancelFlag>> m_jobs;
    quint64 m_nextJob = 0;
    QTimer m_changePoll;
    bool m_pollPending = false;
    std::optional<ContentStamp> m_lastStamp; // of the current session
    std::function<void()> m_beforeOpenChecks;
};

} // namespace backupdb::ui

Q_DECLARE_OPERATORS_FOR_FLAGS(backupdb::ui::DatabaseWorker::DataChanges)
