// Opening a database from the GUI (issue 4, start-up): checks the file on a worker thread
// first; a file that cannot be opened (a folder, not SQLite, read-only, corrupt) gets a clear
// message and the current database stays open; a database in the original server's layout
// (or an older one of ours) is offered its migration, saying that a backup is taken first;
// then the worker opens it.
// Thread-safety: GUI thread only.
#pragma once

#include <QObject>
#include <QPointer>

class QWidget;

namespace backupdb::ui {

class DatabaseWorker;

class DatabaseOpener final : public QObject
{
    Q_OBJECT

public:
    // Message boxes are shown over dialogParent.
    DatabaseOpener(DatabaseWorker *worker, QWidget *dialogParent);

    // path empty: the demo database (created and filled on first use).
    void open(const QString &path);
    bool isBusy() const { return m_busy; }

signals:
    void busyChanged(const QString &what); // empty: idle again
    void opened(const QString &path, const QString &note);
    void failed(const QString &path, const QString &message);
    void cancelled(const QString &path);

private:
    void openNow(const QString &path);
    void fail(const QString &path, const QString &title, const QString &message);
    void setBusy(const QString &what);

    DatabaseWorker *m_worker;
    QPointer<QWidget> m_dialogParent;
    bool m_busy = false;
};

} // namespace backupdb::ui
