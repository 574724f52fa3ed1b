// Clients & Files (G1): the clients table (search, sort) above the files table of the selected
// client or of all clients (filter by verified and name, sort); delete a client with its file
// records after a confirmation that says how many go with it.
// Thread-safety: GUI thread only.
#pragma once

#include "data/clientrepository.h"

#include <QWidget>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QTimer;
class QToolBar;

namespace backupdb::ui {

class ClientTableModel;
class DatabaseWorker;
class FileTableModel;

class ClientsPage : public QWidget
{
    Q_OBJECT

public:
    explicit ClientsPage(DatabaseWorker *worker, QWidget *parent = nullptr);

    QByteArray saveState() const;
    void restoreState(const QByteArray &state);

public slots:
    void refresh();
    void showAllClients();
    void deleteSelectedClient();

signals:
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateSummaries();
    QWidget *buildClientsPane();
    QWidget *buildFilesPane();
    void setupTable(QTableView *view);
    void onClientSelectionChanged();
    void restoreSelection();
    void updateFilesTitle();
    void updateActions();
    void removeClient(const QByteArray &id, const QString &name,
                      const ClientRepository::Confirmed &confirmed);
    std::optional<QByteArray> selectedClientId() const;
    QString selectedClientName() const;

    DatabaseWorker *m_worker;
    ClientTableModel *m_clients;
    FileTableModel *m_files;
    QSplitter *m_splitter = nullptr;
    QTableView *m_clientsView = nullptr;
    QTableView *m_filesView = nullptr;
    QLineEdit *m_clientSearch = nullptr;
    QLineEdit *m_fileSearch = nullptr;
    QComboBox *m_verified = nullptr;
    QLabel *m_clientsSummary = nullptr;
    QLabel *m_filesTitle = nullptr;
    QLabel *m_filesSummary = nullptr;
    QToolBar *m_clientsToolbar = nullptr;
    // What the summaries show, to show again in another language.
    int m_clientRows = -1;
    int m_fileRows = -1;
    QString m_clientsLoadError;
    QString m_filesLoadError;
    QAction *m_allClients = nullptr;
    QAction *m_delete = nullptr;
    QTimer *m_clientSearchDebounce = nullptr;
    QTimer *m_fileSearchDebounce = nullptr;
    QString m_shownClientName;
    // The client whose files are shown, to select again once its row is back after a reset.
    std::optional<QByteArray> m_reselect;
    bool m_deleting = false;
};

} // namespace backupdb::ui
