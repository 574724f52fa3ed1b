#include "messages.h"

#include <QPushButton>

namespace backupdb::ui::messages {

QMessageBox *showError(QWidget *parent, const QString &title, const QString &text,
                       const QString &details)
{
    auto *box = new QMessageBox(QMessageBox::Critical, title, text, QMessageBox::Ok, parent);
    box->setObjectName(QStringLiteral("errorMessage"));
    box->setTextFormat(Qt::PlainText);
    if (!details.isEmpty())
        box->setDetailedText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->open();
    return box;
}

QMessageBox *confirm(QWidget *parent, const QString &title, const QString &text,
                     const QString &acceptText, std::function<void()> onAccepted,
                     QMessageBox::Icon icon, std::function<void()> onRejected)
{
    auto *box = new QMessageBox(icon, title, text, QMessageBox::Cancel, parent);
    box->setObjectName(QStringLiteral("confirmation"));
    box->setTextFormat(Qt::PlainText);
    QPushButton *accept = box->addButton(acceptText, QMessageBox::AcceptRole);
    accept->setObjectName(QStringLiteral("acceptButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    auto accepted = std::make_shared<bool>(false);
    QObject::connect(
            box, &QMessageBox::buttonClicked, box,
            [accept, accepted, onAccepted = std::move(onAccepted)](QAbstractButton *clicked) {
                if (clicked != accept)
                    return;
                *accepted = true;
                if (onAccepted)
                    onAccepted();
            });
    // finished() comes after buttonClicked(), whatever closed the box (a button, Escape).
    QObject::connect(box, &QDialog::finished, box, [accepted, onRejected = std::move(onRejected)] {
        if (!*accepted && onRejected)
            onRejected();
    });
    box->open();
    return box;
}

} // namespace backupdb::ui::messages
