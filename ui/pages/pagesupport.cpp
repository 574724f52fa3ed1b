#include "pagesupport.h"

#include "widgets/sortableitem.h"
#include "worker/databaseworker.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QUuid>

namespace backupdb::ui {

QString backupFolderFor(const AppConfig &config, const QString &databasePath)
{
    if (!config.backupFolder.trimmed().isEmpty())
        return QDir::cleanPath(config.backupFolder.trimmed());
    return BackupService::defaultFolder(databasePath);
}

HealthOptions healthOptionsFor(const AppConfig &config, const QString &databasePath)
{
    HealthOptions h;
    h.backupFolder = backupFolderFor(config, databasePath);
    h.thresholds.warningBytes = config.sizeWarningMB * 1000 * 1000;
    h.thresholds.criticalBytes = config.sizeCriticalMB * 1000 * 1000;
    return h;
}

QString backupFolderFor(const AppConfig &config, const DatabaseWorker *worker)
{
    const auto session = worker->session();
    return session ? backupFolderFor(config, session->path()) : QString();
}

QString ageText(const QDateTime &then, const QDateTime &now)
{
    if (!then.isValid())
        return QCoreApplication::translate("PageSupport", "unknown");
    const qint64 seconds = then.secsTo(now);
    if (seconds < 60)
        return QCoreApplication::translate("PageSupport", "just now");
    // The counts are computed first: a division inside the call's arguments hangs lupdate 6.4.
    const int minutes = int(seconds / 60);
    const int hours = int(seconds / 3600);
    const int days = int(seconds / 86400);
    if (seconds < 3600)
        return QCoreApplication::translate("PageSupport", "%n min ago", nullptr, minutes);
    if (seconds < 48 * 3600)
        return QCoreApplication::translate("PageSupport", "%n h ago", nullptr, hours);
    return QCoreApplication::translate("PageSupport", "%n day(s) ago", nullptr, days);
}

QString timeText(const QDateTime &at)
{
    if (!at.isValid())
        return QString();
    return at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString timeText(const QString &isoUtc)
{
    QDateTime at = QDateTime::fromString(isoUtc, Qt::ISODateWithMs);
    if (!at.isValid())
        return isoUtc;
    if (at.timeSpec() == Qt::LocalTime) // stored without a zone: the server writes UTC
        at.setTimeSpec(Qt::UTC);
    return timeText(at);
}

QString idText(const QByteArray &id)
{
    if (id.size() == 16)
        return QUuid::fromRfc4122(id).toString(QUuid::WithoutBraces);
    return QString::fromLatin1(id.toHex());
}

QTableWidget *readOnlyTable(QWidget *parent, const QString &objectName)
{
    auto *table = new QTableWidget(parent);
    table->setObjectName(objectName);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

void fillTable(QTableWidget *table, int rowCount, const std::function<void(int row)> &fillRow)
{
    table->setSortingEnabled(false);
    table->setRowCount(rowCount);
    for (int row = 0; row < rowCount; ++row)
        fillRow(row);
    table->setSortingEnabled(true);
    table->resizeColumnsToContents();
}

QTableWidgetItem *sizeItem(std::optional<qint64> bytes)
{
    auto *item = new SortableItem(bytes ? QLocale().formattedDataSize(*bytes) : QString(),
                                  bytes.value_or(-1));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

bool confirmAction(QWidget *parent, const QString &objectName, const QString &title,
                   const QString &text, const QString &details, const QString &proceedText)
{
    QMessageBox confirm(QMessageBox::Warning, title, text, QMessageBox::NoButton, parent);
    confirm.setObjectName(objectName);
    confirm.setInformativeText(details);
    QPushButton *proceed = confirm.addButton(proceedText, QMessageBox::AcceptRole);
    confirm.addButton(QMessageBox::Cancel);
    confirm.setDefaultButton(QMessageBox::Cancel);
    confirm.exec();
    return confirm.clickedButton() == proceed;
}

} // namespace backupdb::ui
