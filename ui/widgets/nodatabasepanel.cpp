#include "nodatabasepanel.h"

#include "icons.h"

#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace backupdb::ui {

NoDatabasePanel::NoDatabasePanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("noDatabasePanel"));
    auto *picture = new QLabel(this);
    picture->setPixmap(icon(Icon::App).pixmap(64, 64));
    picture->setAlignment(Qt::AlignCenter);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("noDatabaseTitle"));
    m_title->setAlignment(Qt::AlignCenter);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("noDatabaseDetail"));
    m_detail->setTextFormat(Qt::PlainText); // an error message may contain < and >
    m_detail->setWordWrap(true);
    m_detail->setAlignment(Qt::AlignCenter);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setMaximumWidth(640);

    m_open = new QPushButton(icon(Icon::Open), QString(), this);
    m_open->setObjectName(QStringLiteral("noDatabaseOpenButton"));
    m_demo = new QPushButton(this);
    m_demo->setObjectName(QStringLiteral("noDatabaseDemoButton"));
    m_retry = new QPushButton(icon(Icon::Refresh), QString(), this);
    m_retry->setObjectName(QStringLiteral("noDatabaseRetryButton"));
    m_retry->hide();
    connect(m_open, &QPushButton::clicked, this, &NoDatabasePanel::openRequested);
    connect(m_demo, &QPushButton::clicked, this, &NoDatabasePanel::openDemoRequested);
    connect(m_retry, &QPushButton::clicked, this, [this] { emit retryRequested(m_failedPath); });

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_retry);
    buttons->addWidget(m_open);
    buttons->addWidget(m_demo);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(picture);
    layout->addWidget(m_title);
    layout->addWidget(m_detail, 0, Qt::AlignHCenter);
    layout->addSpacing(12);
    layout->addLayout(buttons);
    layout->addStretch(3);
    retranslateUi();
}

void NoDatabasePanel::setFailure(const QString &path, const QString &message)
{
    m_failed = true;
    m_failedPath = path;
    m_failedMessage = message;
    m_retry->show();
    retranslateUi();
}

void NoDatabasePanel::clearFailure()
{
    m_failed = false;
    m_failedPath.clear();
    m_failedMessage.clear();
    m_retry->hide();
    retranslateUi();
}

void NoDatabasePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void NoDatabasePanel::retranslateUi()
{
    m_title->setText(tr("No database open"));
    m_open->setText(tr("Open Database…"));
    m_demo->setText(tr("Open Demo Database"));
    m_retry->setText(tr("Try Again"));
    if (!m_failed) {
        m_detail->setText(tr("Open a backup server's database, or the demo database (created "
                             "on first use) to look around."));
        return;
    }
    const QString what = m_failedPath.isEmpty()
            ? tr("The demo database could not be opened.")
            : tr("“%1” could not be opened.").arg(QDir::toNativeSeparators(m_failedPath));
    m_detail->setText(what + QStringLiteral("\n\n") + m_failedMessage);
}

} // namespace backupdb::ui
