#include "messagebanner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace backupdb::ui {

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("messageBanner"));
    setFrameShape(QFrame::StyledPanel);
    m_icon = new QLabel(this);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("messageBannerText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_close = new QToolButton(this);
    m_close->setAutoRaise(true);
    m_close->setText(QStringLiteral("✕"));
    m_close->setToolTip(tr("Dismiss"));
    connect(m_close, &QToolButton::clicked, this, &MessageBanner::clearMessage);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 4, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    hide();
}

void MessageBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        m_close->setToolTip(tr("Dismiss"));
    QFrame::changeEvent(event);
}

void MessageBanner::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    QString colours;
    switch (kind) {
    case Kind::Information:
        colours = QStringLiteral("background: #e8f0fb; border: 1px solid #9bb7e0;");
        break;
    case Kind::Success:
        icon = QStyle::SP_DialogApplyButton;
        colours = QStringLiteral("background: #e6f4e8; border: 1px solid #8cc79a;");
        break;
    case Kind::Warning:
        icon = QStyle::SP_MessageBoxWarning;
        colours = QStringLiteral("background: #fff6e0; border: 1px solid #e3bd5b;");
        break;
    case Kind::Error:
        icon = QStyle::SP_MessageBoxCritical;
        colours = QStringLiteral("background: #fbe9e9; border: 1px solid #e09b9b;");
        break;
    }
    setStyleSheet(QStringLiteral("QFrame#messageBanner { %1 border-radius: 4px; } "
                                 "QFrame#messageBanner QLabel { color: #202020; }")
                          .arg(colours));
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(icon, nullptr, this).pixmap(size, size));
    m_text->setText(text);
    show();
}

void MessageBanner::clearMessage()
{
    m_text->clear();
    hide();
}

QString MessageBanner::text() const
{
    return m_text->text();
}

} // namespace backupdb::ui
