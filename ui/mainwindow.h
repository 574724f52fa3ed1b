// The main window. For now it opens the database on a worker thread and shows its totals; the
// GUI issue builds the pages on this. Thread-safety: GUI thread only.
#pragma once

#include "appsession.h"

#include <QFutureWatcher>
#include <QMainWindow>

class QLabel;

namespace backupdb::ui {

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(const QString &databasePath, QWidget *parent = nullptr);
    ~MainWindow() override;

private:
    void onOpened();
    void refreshTotals();
    void showError(const QString &message);

    QString m_requestedPath;
    std::shared_ptr<Session> m_session;
    QFutureWatcher<OpenedSession> m_openWatcher;
    QFutureWatcher<Result<DatabaseTotals>> m_totalsWatcher;
    QLabel *m_clients = nullptr;
    QLabel *m_files = nullptr;
    QLabel *m_size = nullptr;
    QLabel *m_verified = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace backupdb::ui
