// File › Open PostgreSQL…: the server, port, database, user and SSL mode of a PostgreSQL
// database, or a libpq connection string of any form libpq reads (a postgresql:// URI, key=value
// pairs, service=NAME), made into the location the core opens. The password is typed here or
// left to libpq's own means (~/.pgpass, a service file, PGPASSWORD); it is never part of the
// location, and the fields kept for the next time (QSettings) never include it.
// Thread-safety: GUI thread only.
#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace backupdb::ui {

class PostgresDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PostgresDialog(QWidget *parent = nullptr);

    // The libpq location of the fields (or the connection string as typed); never a password.
    QString location() const;
    // The password typed (empty: libpq finds one itself, or the server needs none).
    QString password() const;
    // What is wrong with the fields, one sentence each; empty when they may be opened.
    QStringList problems() const;

    // key=value conninfo of the pairs given (empty values left out), each value in single
    // quotes with \ and ' escaped by a backslash, as libpq reads it.
    static QString conninfo(const QList<QPair<QString, QString>> &pairs);

public slots:
    void accept() override;

private:
    void load();
    void save() const;
    void updatePreview();

    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_user = nullptr;
    QComboBox *m_sslMode = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_connection = nullptr;
    QLabel *m_preview = nullptr;
};

// Hands a password typed in the dialog to libpq as this process's PGPASSWORD (libpq's own
// means; pg_dump and pg_restore, started by the backups, inherit it). An empty one puts back
// what the process started with, so a password typed for one server is not offered to the next.
// Returns what was there before, for restorePostgresPassword when the open fails and the
// database that was open stays open with the password it was opened with.
// Thread-safety: the environment is shared with every thread; called on the GUI thread only at
// an open (the worker's connections of the database being left are not opened at that moment,
// but a reconnect could be: see the README).
struct HandedPassword
{
    bool set = false;
    QByteArray value;
};
HandedPassword usePostgresPassword(const QString &password);
void restorePostgresPassword(const HandedPassword &before);

} // namespace backupdb::ui
