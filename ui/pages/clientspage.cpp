#include "clientspage.h"

#include "models/clienttablemodel.h"
#include "models/filetablemodel.h"
#include "pages/datachangewatcher.h"
#include "widgets/celltextdelegate.h"
#include "widgets/icons.h"
#include "widgets/messages.h"
#include "worker/databaseworker.h"

#include <QAction>
#include <QComboBox>
#include <QDataStream>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <climits>

namespace backupdb::ui {

namespace {

constexpr int kDebounceMs = 250;
constexpr quint32 kStateVersion = 1;

// A click on a header that cannot sort (the key columns) puts the indicator back where the
// model's order really is.
void keepIndicatorOnSortableColumns(QTableView *view)
{
    QHeaderView *header = view->horizontalHeader();
    auto previous = std::make_shared<std::pair<int, Qt::SortOrder>>(header->sortIndicatorSection(),
                                                                    header->sortIndicatorOrder());
    QObject::connect(header, &QHeaderView::sortIndicatorChanged, view,
                     [view, header, previous](int section, Qt::SortOrder order) {
                         const QVariant key = view->model()->headerData(
                                 section, Qt::Horizontal, PagedTableModel::SortKeyRole);
                         if (section >= 0 && key.toString().isEmpty()) {
                             const QSignalBlocker block(header);
                             header->setSortIndicator(previous->first, previous->second);
                             return;
                         }
                         *previous = { section, order };
                     });
}

QLabel *summaryLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setContentsMargins(4, 2, 4, 2);
    return label;
}

} // namespace

ClientsPage::ClientsPage(DatabaseWorker *worker, QWidget *parent)
    : QWidget(parent)
    , m_worker(worker)
    , m_clients(new ClientTableModel(worker, this))
    , m_files(new FileTableModel(worker, this))
{
    m_clients->setObjectName(QStringLiteral("clientsModel"));
    m_files->setObjectName(QStringLiteral("filesModel"));

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("clientsSplitter"));
    m_splitter->addWidget(buildClientsPane());
    m_splitter->addWidget(buildFilesPane());
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    connect(m_clients, &PagedTableModel::rowCountKnown, this, [this](int rows) {
        m_clientRows = rows;
        m_clientsLoadError.clear();
        updateSummaries();
        updateActions();
    });
    connect(m_files, &PagedTableModel::rowCountKnown, this, [this](int rows) {
        m_fileRows = rows;
        m_filesLoadError.clear();
        updateSummaries();
    });
    // Load problems (a filter the database refuses, a timeout) show beside the table: a modal
    // box per failed page would bury the operator.
    connect(m_clients, &PagedTableModel::loadFailed, this, [this](const QString &message) {
        m_clientsLoadError = message;
        updateSummaries();
    });
    connect(m_files, &PagedTableModel::loadFailed, this, [this](const QString &message) {
        m_filesLoadError = message;
        updateSummaries();
    });
    // A reset (search, sort, F5) clears the selection; the files shown stay those of the
    // client, which is selected again when its row is loaded.
    connect(m_clients, &QAbstractItemModel::modelReset, this, [this] {
        m_reselect = m_files->client();
        restoreSelection();
        updateActions();
    });
    // A client row that was a placeholder when it was selected gets its ID once loaded.
    connect(m_clients, &QAbstractItemModel::dataChanged, this, [this] {
        restoreSelection();
        if (selectedClientId() != m_files->client() && selectedClientId())
            onClientSelectionChanged();
        updateActions();
    });
    connect(m_worker, &DatabaseWorker::sessionChanged, this, [this] {
        m_allClients->setChecked(true);
        m_shownClientName.clear();
        updateFilesTitle();
    });
    // Changes made on other pages (an orphan cleanup, a restore): the tables reload, the
    // selected client is selected again if it is still there (the modelReset handler above).
    using Change = DatabaseWorker::DataChange;
    new DataChangeWatcher(m_worker, this, Change::Clients | Change::Files | Change::External,
                          [this](DataChangeWatcher::Changes changes) {
                              // Another program's writes: the rows shown are read again in
                              // place, selection and scroll position kept.
                              const bool inPlace = changes.testFlag(Change::External)
                                      && !changes.testFlag(Change::Everything);
                              for (PagedTableModel *model : { static_cast<PagedTableModel *>(m_clients),
                                                              static_cast<PagedTableModel *>(m_files) })
                                  inPlace ? model->update() : model->refresh();
                          });
    retranslateUi();
    updateActions();
}

void ClientsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ClientsPage::retranslateUi()
{
    m_clientsToolbar->setWindowTitle(tr("Clients"));
    m_clientSearch->setPlaceholderText(tr("Search clients by name…"));
    m_allClients->setText(tr("All clients"));
    m_allClients->setToolTip(tr("Show the files of all clients"));
    m_delete->setText(tr("Delete client…"));
    m_delete->setToolTip(tr("Delete the selected client and all of its file records (Delete)"));
    m_verified->setItemText(0, tr("All files"));
    m_verified->setItemText(1, tr("Verified only"));
    m_verified->setItemText(2, tr("Unverified only"));
    m_verified->setToolTip(tr("Filter by verification state"));
    m_fileSearch->setPlaceholderText(tr("Filter files by name…"));
    m_clients->retranslate();
    m_files->retranslate();
    updateFilesTitle();
    updateSummaries();
}

void ClientsPage::updateSummaries()
{
    if (!m_clientsLoadError.isEmpty())
        m_clientsSummary->setText(tr("Could not load clients: %1").arg(m_clientsLoadError));
    else if (m_clientRows >= 0)
        m_clientsSummary->setText(tr("Clients: %1").arg(QLocale().toString(m_clientRows)));
    if (!m_filesLoadError.isEmpty())
        m_filesSummary->setText(tr("Could not load files: %1").arg(m_filesLoadError));
    else if (m_fileRows >= 0)
        m_filesSummary->setText(tr("Files: %1").arg(QLocale().toString(m_fileRows)));
}

QWidget *ClientsPage::buildClientsPane()
{
    auto *pane = new QWidget(this);
    auto *toolbar = m_clientsToolbar = new QToolBar(tr("Clients"), pane);
    toolbar->setObjectName(QStringLiteral("clientsToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    m_clientSearch = new QLineEdit(pane);
    m_clientSearch->setObjectName(QStringLiteral("clientSearch"));
    m_clientSearch->setPlaceholderText(tr("Search clients by name…"));
    m_clientSearch->setClearButtonEnabled(true);
    m_clientSearch->setMaximumWidth(320);
    m_clientSearchDebounce = new QTimer(this);
    m_clientSearchDebounce->setSingleShot(true);
    m_clientSearchDebounce->setInterval(kDebounceMs);
    connect(m_clientSearch, &QLineEdit::textChanged, m_clientSearchDebounce,
            qOverload<>(&QTimer::start));
    connect(m_clientSearchDebounce, &QTimer::timeout, this,
            [this] { m_clients->setNameFilter(m_clientSearch->text().trimmed()); });
    toolbar->addWidget(m_clientSearch);
    toolbar->addSeparator();

    m_allClients = toolbar->addAction(icon(Icon::AllClients), tr("All clients"));
    m_allClients->setObjectName(QStringLiteral("allClientsAction"));
    m_allClients->setCheckable(true);
    m_allClients->setChecked(true);
    m_allClients->setToolTip(tr("Show the files of all clients"));
    connect(m_allClients, &QAction::triggered, this, [this](bool checked) {
        if (checked)
            showAllClients();
        else if (!selectedClientId())
            m_allClients->setChecked(true); // nothing else to show
    });

    m_delete = toolbar->addAction(icon(Icon::Delete), tr("Delete client…"));
    m_delete->setObjectName(QStringLiteral("deleteClientAction"));
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_delete->setToolTip(tr("Delete the selected client and all of its file records (Delete)"));
    connect(m_delete, &QAction::triggered, this, &ClientsPage::deleteSelectedClient);

    m_clientsView = new QTableView(pane);
    m_clientsView->setObjectName(QStringLiteral("clientsView"));
    m_clientsView->setModel(m_clients);
    m_clientsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_clientsView->addAction(m_delete); // the Delete key works where the table has focus
    setupTable(m_clientsView);
    const QFontMetrics fm = fontMetrics();
    m_clientsView->setColumnWidth(ClientTableModel::Name,
                                  fm.horizontalAdvance(QLatin1Char('x')) * 22);
    m_clientsView->setColumnWidth(
            ClientTableModel::Id,
            fm.horizontalAdvance(QStringLiteral("00000000-0000-0000-0000-000000000000")) + 16);
    m_clientsView->setColumnWidth(ClientTableModel::LastSeen,
                                  fm.horizontalAdvance(QStringLiteral("00/00/0000 00:00 MM")) + 16);
    m_clientsView->setColumnWidth(ClientTableModel::FileCount,
                                  fm.horizontalAdvance(QStringLiteral("0,000,000")) + 16);
    m_clientsView->setColumnWidth(ClientTableModel::TotalSize,
                                  fm.horizontalAdvance(QStringLiteral("000.00 MiB")) + 16);
    m_clientsView->setColumnWidth(
            ClientTableModel::PublicKey,
            fm.horizontalAdvance(QStringLiteral("160 bytes, SHA-256 dddddddd…")) + 40);
    connect(m_clientsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ClientsPage::onClientSelectionChanged);

    m_clientsSummary = summaryLabel(QStringLiteral("clientsSummary"), pane);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(toolbar);
    layout->addWidget(m_clientsView, 1);
    layout->addWidget(m_clientsSummary);
    return pane;
}

QWidget *ClientsPage::buildFilesPane()
{
    auto *pane = new QWidget(this);
    auto *header = new QHBoxLayout;
    header->setContentsMargins(4, 4, 4, 0);
    m_filesTitle = new QLabel(pane);
    m_filesTitle->setObjectName(QStringLiteral("filesTitle"));
    m_filesTitle->setTextFormat(Qt::PlainText);
    QFont bold = m_filesTitle->font();
    bold.setBold(true);
    m_filesTitle->setFont(bold);
    m_filesTitle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // long names elide
    header->addWidget(m_filesTitle, 1);

    m_verified = new QComboBox(pane);
    m_verified->setObjectName(QStringLiteral("verifiedFilter"));
    m_verified->addItem(tr("All files"), int(VerifiedFilter::Any));
    m_verified->addItem(tr("Verified only"), int(VerifiedFilter::Verified));
    m_verified->addItem(tr("Unverified only"), int(VerifiedFilter::Unverified));
    m_verified->setToolTip(tr("Filter by verification state"));
    connect(m_verified, &QComboBox::currentIndexChanged, this, [this] {
        m_files->setVerifiedFilter(VerifiedFilter(m_verified->currentData().toInt()));
    });
    header->addWidget(m_verified);

    m_fileSearch = new QLineEdit(pane);
    m_fileSearch->setObjectName(QStringLiteral("fileSearch"));
    m_fileSearch->setPlaceholderText(tr("Filter files by name…"));
    m_fileSearch->setClearButtonEnabled(true);
    m_fileSearch->setMaximumWidth(320);
    m_fileSearchDebounce = new QTimer(this);
    m_fileSearchDebounce->setSingleShot(true);
    m_fileSearchDebounce->setInterval(kDebounceMs);
    connect(m_fileSearch, &QLineEdit::textChanged, m_fileSearchDebounce,
            qOverload<>(&QTimer::start));
    connect(m_fileSearchDebounce, &QTimer::timeout, this,
            [this] { m_files->setNameFilter(m_fileSearch->text().trimmed()); });
    header->addWidget(m_fileSearch, 1);

    m_filesView = new QTableView(pane);
    m_filesView->setObjectName(QStringLiteral("filesView"));
    m_filesView->setModel(m_files);
    m_filesView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    setupTable(m_filesView);
    const QFontMetrics fm = fontMetrics();
    m_filesView->setColumnWidth(FileTableModel::Name, fm.horizontalAdvance(QLatin1Char('x')) * 28);
    m_filesView->setColumnWidth(FileTableModel::Path, fm.horizontalAdvance(QLatin1Char('x')) * 44);
    m_filesView->setColumnWidth(FileTableModel::Size,
                                fm.horizontalAdvance(QStringLiteral("000.00 MiB")) + 16);
    m_filesView->setColumnWidth(FileTableModel::Modified,
                                fm.horizontalAdvance(QStringLiteral("00/00/0000 00:00 MM")) + 16);
    m_filesView->setColumnWidth(FileTableModel::Verified,
                                fm.horizontalAdvance(tr("Verified")) + 24);

    m_filesSummary = summaryLabel(QStringLiteral("filesSummary"), pane);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_filesView, 1);
    layout->addWidget(m_filesSummary);
    return pane;
}

void ClientsPage::setupTable(QTableView *view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setCornerButtonEnabled(false);
    view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    view->setItemDelegate(new CellTextDelegate(view)); // a page of cells painted per scroll step
    // Fixed row heights: the view never measures a million rows.
    QHeaderView *rows = view->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 8);
    rows->hide();
    QHeaderView *columns = view->horizontalHeader();
    columns->setStretchLastSection(true);
    columns->setHighlightSections(false);
    columns->setSortIndicator(-1, Qt::AscendingOrder); // table order until a header is clicked
    columns->setSortIndicatorShown(true);
    view->setSortingEnabled(true);
    keepIndicatorOnSortableColumns(view);
}

QByteArray ClientsPage::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kStateVersion << m_splitter->saveState()
        << m_clientsView->horizontalHeader()->saveState()
        << m_filesView->horizontalHeader()->saveState();
    return state;
}

void ClientsPage::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 version = 0;
    QByteArray splitter, clientsHeader, filesHeader;
    in >> version >> splitter >> clientsHeader >> filesHeader;
    if (in.status() != QDataStream::Ok || version != kStateVersion)
        return;
    m_splitter->restoreState(splitter);
    // Column widths and order only: the sort is not restored (a sort over an unindexed column
    // of a large table should not run at every start).
    for (auto [view, header] :
         { std::pair { m_clientsView, clientsHeader }, std::pair { m_filesView, filesHeader } }) {
        const int section = view->horizontalHeader()->sortIndicatorSection();
        const Qt::SortOrder order = view->horizontalHeader()->sortIndicatorOrder();
        const QSignalBlocker block(view->horizontalHeader());
        view->horizontalHeader()->restoreState(header);
        view->horizontalHeader()->setSortIndicator(section, order);
    }
}

void ClientsPage::refresh()
{
    m_clients->refresh();
    m_files->refresh();
}

void ClientsPage::showAllClients()
{
    m_reselect.reset();
    m_clientsView->clearSelection();
    m_allClients->setChecked(true);
    m_shownClientName.clear();
    m_files->setClient(std::nullopt);
    updateFilesTitle();
    updateActions();
}

std::optional<QByteArray> ClientsPage::selectedClientId() const
{
    const QModelIndexList rows = m_clientsView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    const QVariant id = rows.first().data(PagedTableModel::IdRole);
    if (!id.isValid())
        return std::nullopt;
    return id.toByteArray();
}

QString ClientsPage::selectedClientName() const
{
    const QModelIndexList rows = m_clientsView->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(PagedTableModel::NameRole).toString();
}

void ClientsPage::restoreSelection()
{
    if (!m_reselect || m_reselect != m_files->client())
        return;
    const int row = m_clients->rowOf(*m_reselect);
    if (row < 0)
        return; // not loaded (yet)
    m_reselect.reset();
    const QModelIndex index = m_clients->index(row, 0);
    m_clientsView->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ClientsPage::onClientSelectionChanged()
{
    if (const auto id = selectedClientId()) {
        m_reselect.reset();
        m_allClients->setChecked(false);
        m_shownClientName = selectedClientName();
        m_files->setClient(id);
    }
    updateFilesTitle();
    updateActions();
}

void ClientsPage::updateFilesTitle()
{
    m_filesTitle->setText(m_files->client() ? tr("Files of client “%1”").arg(m_shownClientName)
                                            : tr("Files of all clients"));
}

void ClientsPage::updateActions()
{
    m_delete->setEnabled(!m_deleting && selectedClientId().has_value());
}

void ClientsPage::deleteSelectedClient()
{
    const auto id = selectedClientId();
    if (!id || m_deleting)
        return;
    const QString name = selectedClientName();
    const QByteArray clientId = *id;
    // What the question is about: this session, and the data as counted. The delete is refused
    // if either has changed by the time the operator says yes.
    const std::weak_ptr<Session> asked = m_worker->session();
    m_worker->run([clientId](Session &s) -> Result<ClientRepository::Confirmed> {
                const quint64 epoch = s.database().contentEpoch(); // before the count
                auto files = s.clients().fileCount(clientId);
                if (!files)
                    return files.error();
                return ClientRepository::Confirmed { files.value(), epoch };
            })
            .then(this, [this, clientId, name, asked](Result<ClientRepository::Confirmed> counted) {
                if (!counted) {
                    messages::showError(this, tr("Delete client"),
                                        tr("Could not count the files of “%1”: %2")
                                                .arg(name, counted.error().message()));
                    return;
                }
                const ClientRepository::Confirmed confirmed = counted.value();
                const QString text
                        = tr("Delete the client “%1”?\n\nIts file records are deleted with it: "
                             "%Ln file record(s). This cannot be undone (take a backup first if "
                             "unsure).",
                             nullptr, int(std::min<qint64>(confirmed.files, INT_MAX)))
                                  .arg(name);
                messages::confirm(this, tr("Delete client"), text, tr("Delete"),
                                  [this, clientId, name, asked, confirmed] {
                                      if (asked.lock() != m_worker->session()) {
                                          messages::showError(
                                                  this, tr("Delete client"),
                                                  tr("Nothing was deleted: another database was "
                                                     "opened while you were asked about “%1”.")
                                                          .arg(name));
                                          return;
                                      }
                                      removeClient(clientId, name, confirmed);
                                  });
            });
}

void ClientsPage::removeClient(const QByteArray &id, const QString &name,
                               const ClientRepository::Confirmed &confirmed)
{
    m_deleting = true;
    updateActions();
    m_worker->run([id, confirmed](Session &s) { return s.clients().remove(id, confirmed); })
            .then(this, [this, id, name](Result<qint64> removed) {
                m_deleting = false;
                if (!removed) {
                    const bool changed = removed.error().kind() == DbError::Kind::Refused;
                    messages::showError(
                            this, tr("Delete client"),
                            changed ? tr("Nothing was deleted: %1.").arg(removed.error().message())
                                    : tr("Could not delete “%1”: %2")
                                              .arg(name, removed.error().message()));
                    if (changed) { // show what is there now
                        m_clients->refresh();
                        m_files->refresh();
                    }
                    updateActions();
                    return;
                }
                if (m_files->client() == id)
                    showAllClients();
                m_clients->refresh();
                m_files->refresh();
                // The audit triggers logged the deletes; the other pages update themselves.
                m_worker->notifyDataChanged(DatabaseWorker::DataChange::Clients
                                                    | DatabaseWorker::DataChange::Files
                                                    | DatabaseWorker::DataChange::Audit,
                                            this);
                emit statusMessage(tr("Deleted the client “%1” and its %Ln file record(s).",
                                      nullptr, int(std::min<qint64>(removed.value(), INT_MAX)))
                                           .arg(name));
                updateActions();
            });
}

} // namespace backupdb::ui
