// The security battery (issue 6, item 7), shared by tst_security.cpp and tst_security_outputs.cpp;
// see tst_security.cpp for what it checks.

#pragma once

#include "leakscanner.h"
#include "reliability.h"
#include "testsupport.h"

#include "common/logging.h"
#include "common/secret.h"
#include "db/sqlitenative.h"
#include "maintenance/rowinspector.h"
#include "models/clienttablemodel.h"
#include "models/filetablemodel.h"
#include "ops/logsink.h"
#include "ops/metricsserver.h"
#include "ops/prometheus.h"
#include "pages/auditpage.h"
#include "pages/backupspage.h"
#include "pages/clientspage.h"
#include "pages/dashboardpage.h"
#include "pages/integritypage.h"
#include "worker/databaseworker.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTcpSocket>
#include <QTest>
#include <QTextEdit>
#include <QThread>
#include <QTreeWidget>
#include <QUuid>
#include <mutex>
#include <sqlite3.h>
#include <sys/stat.h>

using namespace backupdb;
using namespace backupdb::ui;
using namespace securitytest;

class tst_Security : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void scannerAndCaptureCatchALeak();
    void repositoriesAndValidationErrors();
    void bulkImport();
    void reportsAndPrometheus();
    void backupsArePrivate();
    void guiModelsShowOnlyMasks();
    void guiPagesShowOnlyMasks();
    void cliOutputAndLogs();
    void cliDestructiveCommandsAreAudited();
    void destructiveCoreActionsAreAudited();
    void metricsEndpointOnLoopback();
    void noSecretInLogsTablesOrFiles(); // last: scans everything captured

private:
    struct Secrets
    {
        QByteArray aes;
        QByteArray pub;
    };

    // Adds a text to the collection; returns the secrets found in it (for a QVERIFY).
    void collect(const QString &where, const QString &text);
    void collect(const QString &where, const QByteArray &bytes);
    void collectError(const QString &where, const DbError &e)
    {
        if (e)
            collect(where, e.message() + QLatin1Char(' ') + e.field());
    }
    template<typename T> void collectError(const QString &where, const Result<T> &r)
    {
        if (!r)
            collectError(where, r.error());
    }
    void collectWidgets(const QString &where, const QWidget *root);
    void collectModel(const QString &where, const QAbstractItemModel *model, int maxRows);
    // The leaks found so far, "where: secret" (empty: none).
    QStringList leaks() const { return m_leaks; }
    void verifyNoLeaks(const char *stage);

    QString cli(const QStringList &arguments, int *code = nullptr, QByteArray *out = nullptr);
    void addOrphans(int n);
    void writeConfig(const QString &path, const QString &extra = {});

    QTemporaryDir m_dir;
    QString m_dbPath;
    QString m_logPath;
    QString m_backupFolder;
    QString m_cliConfig;
    QString m_cliLog;
    std::shared_ptr<Session> m_session;
    std::unique_ptr<DatabaseWorker> m_worker;
    QHash<QByteArray, Secrets> m_secrets; // by client ID
    QByteArray m_firstClient; // added first, with 3 files
    QByteArray m_textKeyClient; // the client whose AES key is stored as hex text
    QByteArray m_textKey;
    QByteArray m_malformedClient; // 15-byte ID
    LeakScanner m_scanner;
    QStringList m_leaks;
    mode_t m_oldUmask = 022;
    QtMessageHandler m_sinkHandler = nullptr;

    // Figures for the RELIABILITY line.
    qint64 m_texts = 0;
    qint64 m_bytes = 0;
    int m_cliRuns = 0;
    qint64 m_modelCells = 0;
    int m_masksSeen = 0;
    int m_privateFilesChecked = 0;
    int m_auditChecks = 0;
    QElapsedTimer m_timer;
};
