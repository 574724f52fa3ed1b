#include "mainwindow.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QStatusBar>
#include <QtConcurrent>

namespace backupdb::ui {

MainWindow::MainWindow(const QString &databasePath, QWidget *parent)
    : QMainWindow(parent)
    , m_requestedPath(databasePath)
{
    setWindowTitle(tr("BackupDB Admin"));
    auto *central = new QWidget(this);
    auto *form = new QFormLayout(central);
    m_clients = new QLabel(tr("…"), central);
    m_files = new QLabel(tr("…"), central);
    m_size = new QLabel(tr("…"), central);
    m_verified = new QLabel(tr("…"), central);
    form->addRow(tr("Clients:"), m_clients);
    form->addRow(tr("Files:"), m_files);
    form->addRow(tr("Total size:"), m_size);
    form->addRow(tr("Verified files:"), m_verified);
    setCentralWidget(central);
    m_status = new QLabel(tr("Opening the database…"), this);
    statusBar()->addWidget(m_status, 1);
    resize(480, 220);

    connect(&m_openWatcher, &QFutureWatcher<OpenedSession>::finished, this, &MainWindow::onOpened);
    connect(&m_totalsWatcher, &QFutureWatcher<Result<DatabaseTotals>>::finished, this, [this] {
        const Result<DatabaseTotals> totals = m_totalsWatcher.result();
        if (!totals) {
            showError(totals.error().message());
            return;
        }
        const QLocale locale;
        m_clients->setText(locale.toString(totals->clients));
        m_files->setText(locale.toString(totals->files));
        m_size->setText(locale.formattedDataSize(totals->totalSizeBytes));
        m_verified->setText(locale.toString(totals->verifiedFiles));
    });
    const QString path = m_requestedPath;
    m_openWatcher.setFuture(QtConcurrent::run([path] { return openSession(path); }));
}

MainWindow::~MainWindow()
{
    m_openWatcher.waitForFinished();
    m_totalsWatcher.waitForFinished();
}

void MainWindow::onOpened()
{
    OpenedSession opened = m_openWatcher.result();
    if (!opened.session) {
        m_status->setText(tr("No database open"));
        showError(opened.error.message());
        return;
    }
    m_session = opened.session;
    m_status->setText(
            tr("%1 · journal %2")
                    .arg(m_session->path(), m_session->database().writer().journalMode()));
    if (opened.error)
        showError(opened.error.message());
    refreshTotals();
}

void MainWindow::refreshTotals()
{
    auto session = m_session;
    m_totalsWatcher.setFuture(
            QtConcurrent::run([session] { return session->statistics().totals(); }));
}

void MainWindow::showError(const QString &message)
{
    QMessageBox::warning(this, tr("BackupDB Admin"), message);
}

} // namespace backupdb::ui
