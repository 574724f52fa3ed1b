// CellTextDelegate, the files and clients views' cell painter: it must draw what Qt's own
// QStyledItemDelegate draws (same text, same place, same elision, same colours for a selected
// row, the check box of the Verified column), only with one text layout instead of two.
// Each case renders the same table once with each delegate and compares the pixels.
#include "widgets/celltextdelegate.h"

#include <QApplication>
#include <QHeaderView>
#include <QImage>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QtTest>

using backupdb::ui::CellTextDelegate;

namespace {

// The view as the clients page sets it up, over one row per case.
struct Table
{
    QStandardItemModel model;
    QTableView view;

    Table()
    {
        view.setModel(&model);
        view.setWordWrap(false);
        view.setAlternatingRowColors(true);
        view.setSelectionBehavior(QAbstractItemView::SelectRows);
        view.verticalHeader()->hide();
        view.verticalHeader()->setDefaultSectionSize(view.fontMetrics().height() + 8);
        view.resize(420, 200);
    }

    QImage render(QAbstractItemDelegate *delegate)
    {
        view.setItemDelegate(delegate);
        QImage image(view.viewport()->size(), QImage::Format_ARGB32);
        image.fill(Qt::white);
        view.viewport()->render(&image);
        return image;
    }
};

// How many pixels differ, and how many are not the background at all (so that a case where
// neither delegate drew any text cannot pass).
int differing(const QImage &a, const QImage &b, QRect *where)
{
    int count = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            if (a.pixel(x, y) != b.pixel(x, y)) {
                ++count;
                *where |= QRect(x, y, 1, 1);
            }
    return count;
}

int darkPixels(const QImage &image)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            count += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
    return count;
}

} // namespace

class tst_Cells : public QObject
{
    Q_OBJECT

private slots:
    void drawsWhatQtsDelegateDraws_data();
    void drawsWhatQtsDelegateDraws();
    void longTextStaysInsideItsCell();
};

void tst_Cells::drawsWhatQtsDelegateDraws_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("alignment");
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("selected");
    QTest::addColumn<bool>("checkable");

    const QString path = QStringLiteral("/srv/backup/clients/archive-2026/quarterly/reports/");
    QTest::newRow("short, left") << QStringLiteral("report.pdf") << int(Qt::AlignLeft) << 200
                                 << false << false;
    QTest::newRow("short, right") << QStringLiteral("12.5 MiB") << int(Qt::AlignRight) << 200
                                  << false << false;
    QTest::newRow("elided") << path << int(Qt::AlignLeft) << 150 << false << false;
    QTest::newRow("elided, right") << path << int(Qt::AlignRight) << 150 << false << false;
    QTest::newRow("selected") << QStringLiteral("report.pdf") << int(Qt::AlignLeft) << 200 << true
                              << false;
    QTest::newRow("check box") << QString() << int(Qt::AlignHCenter) << 80 << false << true;
    QTest::newRow("not Latin") << QStringLiteral("Übersicht – 報告書.pdf") << int(Qt::AlignLeft)
                               << 200 << false << false;
}

void tst_Cells::drawsWhatQtsDelegateDraws()
{
    QFETCH(QString, text);
    QFETCH(int, alignment);
    QFETCH(int, width);
    QFETCH(bool, selected);
    QFETCH(bool, checkable);

    Table table;
    for (int row = 0; row < 3; ++row) {
        auto *item = new QStandardItem(text);
        item->setTextAlignment(Qt::Alignment(alignment) | Qt::AlignVCenter);
        if (checkable) {
            item->setCheckable(true);
            item->setCheckState(row == 1 ? Qt::Checked : Qt::Unchecked);
        }
        table.model.appendRow({ item, new QStandardItem(QStringLiteral("next")) });
    }
    table.view.setColumnWidth(0, width);
    table.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&table.view));
    if (selected)
        table.view.selectRow(1);

    QStyledItemDelegate qts;
    CellTextDelegate ours;
    const QImage expected = table.render(&qts);
    const QImage actual = table.render(&ours);
    QVERIFY2(darkPixels(expected) > 50, "the case draws no text at all");
    QRect where;
    const int different = differing(expected, actual, &where);
    if (different > 0) {
        qWarning() << "the pixels differ in" << where;
        expected.save(QDir::temp().filePath(QStringLiteral("tst_cells-expected.png")));
        actual.save(QDir::temp().filePath(QStringLiteral("tst_cells-actual.png")));
    }
    QCOMPARE(different, 0);
}

void tst_Cells::longTextStaysInsideItsCell()
{
    // The narrow column's text is elided: nothing is drawn over the next column's text.
    Table table;
    table.model.appendRow({ new QStandardItem(QString(200, QLatin1Char('W'))),
                            new QStandardItem(QString()) });
    table.view.setColumnWidth(0, 60);
    table.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&table.view));
    CellTextDelegate ours;
    const QImage image = table.render(&ours);
    const int nextColumn = table.view.columnViewportPosition(1);
    int inFirst = 0, inNext = 0;
    for (int y = 0; y < table.view.rowHeight(0); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qGray(image.pixel(x, y)) < 128)
                ++(x < nextColumn - 1 ? inFirst : inNext);
    QVERIFY(inFirst > 20);
    QCOMPARE(inNext, 0);
}

QTEST_MAIN(tst_Cells)
#include "tst_cells.moc"
