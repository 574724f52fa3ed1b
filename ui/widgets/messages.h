// Message boxes of the application: non-blocking (open(), not exec(), so futures keep being
// answered while one is shown), window-modal, plain text (error messages may contain < and >),
// deleted when closed. Each has an object name so tests can find and answer it:
// "errorMessage", "confirmation".
// Thread-safety: GUI thread only.
#pragma once

#include <QMessageBox>
#include <functional>

namespace backupdb::ui::messages {

QMessageBox *showError(QWidget *parent, const QString &title, const QString &text,
                       const QString &details = QString());

// Asks a yes/no question; onAccepted runs when the operator chooses acceptText, onRejected
// (if given) when the box closes any other way. Cancel is the default button, so Enter does
// not destroy anything by accident. The accept button's object name is "acceptButton".
QMessageBox *confirm(QWidget *parent, const QString &title, const QString &text,
                     const QString &acceptText, std::function<void()> onAccepted,
                     QMessageBox::Icon icon = QMessageBox::Warning,
                     std::function<void()> onRejected = {});

} // namespace backupdb::ui::messages
