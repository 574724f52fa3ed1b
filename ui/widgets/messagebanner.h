// A message across the top of a page: what just happened (a backup written, orphans deleted)
// or what went wrong, without a modal dialog in the way. Selectable, so paths can be copied.
// Thread-safety: GUI thread only.
#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace backupdb::ui {

class MessageBanner final : public QFrame
{
    Q_OBJECT

public:
    enum class Kind { Information, Success, Warning, Error };

    explicit MessageBanner(QWidget *parent = nullptr);

    void showMessage(Kind kind, const QString &text);
    void clearMessage();
    Kind kind() const { return m_kind; }
    QString text() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QToolButton *m_close = nullptr;
    Kind m_kind = Kind::Information;
};

} // namespace backupdb::ui
