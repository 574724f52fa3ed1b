#include "postgresdialog.h"

#include "db/engine.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace backupdb::ui {

namespace {

const QString kGroup = QStringLiteral("postgres");
const QStringList kSslModes { QStringLiteral("prefer"), QStringLiteral("require"),
                              QStringLiteral("verify-ca"), QStringLiteral("verify-full"),
                              QStringLiteral("disable") };

// What the process started with, before any password was handed over.
struct StartingPassword
{
    bool set = qEnvironmentVariableIsSet("PGPASSWORD");
    QByteArray value = qgetenv("PGPASSWORD");
};

const StartingPassword &startingPassword()
{
    static const StartingPassword starting;
    return starting;
}

QLineEdit *lineEdit(QWidget *parent, const QString &name, const QString &placeholder)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

} // namespace

QString PostgresDialog::conninfo(const QList<QPair<QString, QString>> &pairs)
{
    QStringList parts;
    for (const auto &[key, value] : pairs) {
        if (value.isEmpty())
            continue;
        QString quoted = value;
        quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        quoted.replace(QLatin1Char('\''), QLatin1String("\\'"));
        parts << QStringLiteral("%1='%2'").arg(key, quoted);
    }
    return parts.join(QLatin1Char(' '));
}

PostgresDialog::PostgresDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("postgresDialog"));
    setWindowTitle(tr("Open PostgreSQL Database"));
    startingPassword(); // taken before this dialog can hand a password over

    auto *form = new QFormLayout;
    m_host = lineEdit(this, QStringLiteral("pgHost"), tr("localhost, a host name or a socket folder"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("pgPort"));
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_database = lineEdit(this, QStringLiteral("pgDatabase"), tr("the backup server's database"));
    m_user = lineEdit(this, QStringLiteral("pgUser"), tr("your login name when empty"));
    m_sslMode = new QComboBox(this);
    m_sslMode->setObjectName(QStringLiteral("pgSslMode"));
    for (const QString &mode : kSslModes)
        m_sslMode->addItem(mode, mode);
    m_password = lineEdit(this, QStringLiteral("pgPassword"),
                          tr("from ~/.pgpass, a service file or PGPASSWORD when empty"));
    m_password->setEchoMode(QLineEdit::Password);
    m_connection = lineEdit(this, QStringLiteral("pgConnection"),
                            tr("postgresql://user@host:5432/backup, service=NAME, …"));
    form->addRow(tr("&Server:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("SS&L:"), m_sslMode);
    form->addRow(tr("Pass&word:"), m_password);
    form->addRow(tr("Or a &connection string:"), m_connection);

    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("pgPreview"));
    m_preview->setWordWrap(true);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *note = new QLabel(tr("The password is used for this session only: it is never saved "
                               "with the other fields, written to a log or shown."),
                            this);
    note->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PostgresDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PostgresDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_preview);
    layout->addWidget(note);
    layout->addWidget(buttons);

    load();
    for (QLineEdit *edit : { m_host, m_database, m_user, m_connection })
        connect(edit, &QLineEdit::textChanged, this, &PostgresDialog::updatePreview);
    connect(m_port, &QSpinBox::valueChanged, this, &PostgresDialog::updatePreview);
    connect(m_sslMode, &QComboBox::currentIndexChanged, this, &PostgresDialog::updatePreview);
    updatePreview();
    (m_database->text().isEmpty() && m_connection->text().isEmpty() ? m_database : m_password)
            ->setFocus();
}

QString PostgresDialog::location() const
{
    const QString typed = m_connection->text().trimmed();
    if (!typed.isEmpty())
        return typed;
    return conninfo({ { QStringLiteral("host"), m_host->text().trimmed() },
                      { QStringLiteral("port"), QString::number(m_port->value()) },
                      { QStringLiteral("dbname"), m_database->text().trimmed() },
                      { QStringLiteral("user"), m_user->text().trimmed() },
                      { QStringLiteral("sslmode"), m_sslMode->currentData().toString() } });
}

QString PostgresDialog::password() const
{
    return m_password->text();
}

QStringList PostgresDialog::problems() const
{
    QStringList problems;
    const QString typed = m_connection->text().trimmed();
    if (!typed.isEmpty() && !isPostgresLocation(typed))
        problems << tr("The connection string is neither a postgresql:// URI nor libpq's "
                       "key=value pairs (host=… dbname=…).");
    else if (typed.isEmpty() && m_database->text().trimmed().isEmpty())
        problems << tr("Name the database (or give a connection string).");
    else if (const QString where = location(); DbError e = engineFor(where).checkLocation(where))
        problems << e.message(); // libpq cannot read it, or a password was written into it
    return problems;
}

void PostgresDialog::accept()
{
    const QStringList wrong = problems();
    if (!wrong.isEmpty()) {
        m_preview->setText(wrong.join(QLatin1Char('\n')));
        m_preview->setStyleSheet(QStringLiteral("color: #c5221f;"));
        return;
    }
    save();
    QDialog::accept();
}

void PostgresDialog::load()
{
    QSettings settings;
    settings.beginGroup(kGroup);
    m_host->setText(settings.value(QStringLiteral("host")).toString());
    m_port->setValue(settings.value(QStringLiteral("port"), 5432).toInt());
    m_database->setText(settings.value(QStringLiteral("database")).toString());
    m_user->setText(settings.value(QStringLiteral("user")).toString());
    const int ssl = m_sslMode->findData(settings.value(QStringLiteral("sslmode")).toString());
    m_sslMode->setCurrentIndex(std::max(ssl, 0));
    m_connection->setText(settings.value(QStringLiteral("connection")).toString());
}

// Everything but the password.
void PostgresDialog::save() const
{
    QSettings settings;
    settings.beginGroup(kGroup);
    settings.setValue(QStringLiteral("host"), m_host->text().trimmed());
    settings.setValue(QStringLiteral("port"), m_port->value());
    settings.setValue(QStringLiteral("database"), m_database->text().trimmed());
    settings.setValue(QStringLiteral("user"), m_user->text().trimmed());
    settings.setValue(QStringLiteral("sslmode"), m_sslMode->currentData().toString());
    settings.setValue(QStringLiteral("connection"), m_connection->text().trimmed());
}

void PostgresDialog::updatePreview()
{
    m_preview->setStyleSheet(QString());
    const QString where = location();
    // A string libpq cannot read, or one with a password in it, is not echoed: the reason is
    // (it never quotes the password).
    if (DbError e = engineFor(where).checkLocation(where); e && !where.isEmpty())
        m_preview->setText(e.message());
    else
        m_preview->setText(where.isEmpty() ? QString() : tr("Opens: %1").arg(where));
}

HandedPassword usePostgresPassword(const QString &password)
{
    const HandedPassword before { qEnvironmentVariableIsSet("PGPASSWORD"), qgetenv("PGPASSWORD") };
    const StartingPassword &starting = startingPassword();
    if (!password.isEmpty())
        qputenv("PGPASSWORD", password.toUtf8());
    else
        restorePostgresPassword({ starting.set, starting.value });
    return before;
}

void restorePostgresPassword(const HandedPassword &before)
{
    if (before.set)
        qputenv("PGPASSWORD", before.value);
    else
        qunsetenv("PGPASSWORD");
}

} // namespace backupdb::ui
