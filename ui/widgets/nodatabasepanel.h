// What the window shows while no database is open and none is being opened: at first start
// when the demo was declined, or after an open that failed (the reason, and Try Again). Without
// it the window was blank after a failed open: empty pages and no way forward but the menus.
// Thread-safety: GUI thread only.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace backupdb::ui {

class NoDatabasePanel final : public QWidget
{
    Q_OBJECT

public:
    explicit NoDatabasePanel(QWidget *parent = nullptr);

    // The open of path failed with message; Try Again opens path again. An empty path (the
    // demo database) retries the demo.
    void setFailure(const QString &path, const QString &message);
    void clearFailure();
    bool hasFailure() const { return m_failed; }

signals:
    void openRequested();
    void openDemoRequested();
    void retryRequested(const QString &path);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QLabel *m_title = nullptr;
    QLabel *m_detail = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_demo = nullptr;
    QPushButton *m_retry = nullptr;
    bool m_failed = false;
    QString m_failedPath;
    QString m_failedMessage;
};

} // namespace backupdb::ui
