#include "databaseopener.h"

#include "appsession.h"
#include "widgets/messages.h"
#include "worker/databaseworker.h"

#include <QDir>
#include <QFileInfo>
#include <QtConcurrent>

namespace backupdb::ui {

namespace {

QString titleFor(DbError::Kind kind)
{
    using K = DbError::Kind;
    switch (kind) {
    case K::NotADatabase:
        return DatabaseOpener::tr("Not a database");
    case K::ReadOnly:
        return DatabaseOpener::tr("Read-only database");
    case K::Corrupt:
        return DatabaseOpener::tr("Damaged database");
    case K::SchemaTooNew:
        return DatabaseOpener::tr("Database too new");
    case K::MigrationFailed:
        return DatabaseOpener::tr("Migration failed");
    default:
        return DatabaseOpener::tr("Cannot open the database");
    }
}

} // namespace

DatabaseOpener::DatabaseOpener(DatabaseWorker *worker, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_worker(worker)
    , m_dialogParent(dialogParent)
{ }

void DatabaseOpener::open(const QString &path)
{
    if (m_busy)
        return;
    if (path.isEmpty()) {
        openNow(path);
        return;
    }
    setBusy(tr("Checking %1…").arg(displayLocation(path)));
    QtConcurrent::run([path] {
        return inspectDatabase(path);
    }).then(this, [this, path](const DatabaseInspection &inspection) {
        setBusy({});
        if (inspection.error) {
            fail(path, titleFor(inspection.error.kind()), inspection.error.message());
            return;
        }
        if (inspection.pendingMigrations == 0) {
            openNow(path);
            return;
        }
        const QString name = displayLocation(path);
        QString text;
        if (inspection.server && inspection.empty)
            text = tr("The PostgreSQL database “%1” is empty. Create a new backup database in "
                      "it (the backup server's tables and BackupDB Admin's own)?")
                           .arg(name);
        else if (inspection.server)
            text = tr("The PostgreSQL database “%1” was written by an older BackupDB Admin. To "
                      "open it, BackupDB Admin brings its own tables and triggers up to date "
                      "(%n migration(s), each in a transaction of its own); it never drops or "
                      "changes the backup server's tables or rows.",
                      nullptr, inspection.pendingMigrations)
                           .arg(name);
        else if (inspection.empty)
            text = tr("“%1” is an empty file. Create a new backup database in it?").arg(name);
        else if (inspection.hasClientsTable)
            text = tr("“%1” is in the original backup server's layout (or was written by "
                      "an older BackupDB Admin). To open it, BackupDB Admin adds its own "
                      "tables, triggers and any missing indexes (%n migration(s)); it "
                      "never drops or changes the server's tables or rows.\n\nA backup "
                      "of the file is taken first, beside the database, and restored if "
                      "the migration fails.",
                      nullptr, inspection.pendingMigrations)
                           .arg(name);
        else
            text = tr("“%1” is an SQLite database without a clients table: it does not "
                      "look like a backup server's database. Opening it adds the backup "
                      "server's tables and BackupDB Admin's own to it.\n\nA backup of the "
                      "file is taken first, beside the database.")
                           .arg(name);
        QMessageBox *box = messages::confirm(
                m_dialogParent, tr("Migrate the database?"), text,
                inspection.empty        ? tr("Create")
                        : inspection.server ? tr("Migrate")
                                            : tr("Back up and migrate"),
                [this, path] { openNow(path); }, QMessageBox::Question,
                [this, path] { emit cancelled(path); });
        box->setObjectName(QStringLiteral("migrationConfirmation"));
    });
}

void DatabaseOpener::openNow(const QString &path)
{
    const bool demo = path.isEmpty();
    setBusy(demo ? tr("Opening the demo database (created on first use)…")
                 : tr("Opening %1…").arg(displayLocation(path)));
    m_worker->open(path).then(this, [this, path](const OpenedSession &result) {
        setBusy({});
        const QString shown = result.session ? result.session->path() : path;
        if (!result.session) {
            fail(shown, titleFor(result.error.kind()), result.error.message());
            return;
        }
        QString note;
        const MigrationOutcome &migration = result.session->migration();
        if (!migration.applied.isEmpty() && !migration.backupPath.isEmpty())
            note = tr("Migrated from schema version %1 to %2; the backup taken first is %3.")
                           .arg(migration.fromVersion)
                           .arg(migration.toVersion)
                           .arg(QDir::toNativeSeparators(migration.backupPath));
        else if (result.createdDemo)
            note = tr("Created the demo database.");
        if (result.error) // opened, but something on the way went wrong (the demo data)
            messages::showError(m_dialogParent, tr("Database opened with a problem"),
                                result.error.message());
        emit opened(shown, note);
    });
}

void DatabaseOpener::fail(const QString &path, const QString &title, const QString &message)
{
    const QString text = path.isEmpty()
            ? tr("Could not open the demo database.")
            : tr("Could not open “%1”.").arg(displayLocation(path));
    messages::showError(m_dialogParent, title,
                        text + QStringLiteral("\n\n") + message
                                + (m_worker->isOpen()
                                           ? tr("\n\nThe database that was open stays open.")
                                           : QString()));
    emit failed(path, message);
}

void DatabaseOpener::setBusy(const QString &what)
{
    m_busy = !what.isEmpty();
    emit busyChanged(what);
}

} // namespace backupdb::ui
