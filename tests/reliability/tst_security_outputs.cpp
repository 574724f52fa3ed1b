// The security battery, second part: backups are private, the GUI models and pages, the CLI, the
// audit of destructive actions, the metrics endpoint and the final scan. See tst_security.cpp.

#include "tst_security.h"

void tst_Security::backupsArePrivate()
{
    // Mid-copy, every file in the folder (the hidden partial, its journal) is private already.
    QStringList seenDuringCopy;
    int probes = 0;
    BackupOptions options;
    options.pagesPerStep = 1;
    auto made = m_session->backups().backup(m_backupFolder, options, [&](double) {
        ++probes;
        seenDuringCopy += nonPrivateFiles(m_backupFolder);
    });
    QVERIFY2(made, qPrintable(made.error().message()));
    QVERIFY(probes > 1);
    QVERIFY2(seenDuringCopy.isEmpty(), qPrintable(seenDuringCopy.join(QLatin1String(", "))));
    QCOMPARE(modeOf(made->path), mode_t(0600));
    QCOMPARE(modeOf(made->path + QStringLiteral(".json")), mode_t(0600));
    collect(QStringLiteral("backup info"), made->path + QLatin1Char(' ') + made->verifyMessage);
    auto verified = m_session->backups().verify(made->path);
    QVERIFY(verified && verified->verified);
    QCOMPARE(modeOf(made->path), mode_t(0600));
    QCOMPARE(modeOf(made->path + QStringLiteral(".json")), mode_t(0600));

    // The orphan cleanup's backup too.
    addOrphans(7);
    auto cleaned = m_session->orphans().cleanup(m_backupFolder);
    QVERIFY2(cleaned, qPrintable(cleaned.error().message()));
    QCOMPARE(cleaned->deleted, qint64(7));
    QCOMPARE(modeOf(cleaned->backupPath), mode_t(0600));

    // The backup taken before a migration (a database of the original server).
    const QString original = m_dir.filePath(QStringLiteral("original.db"));
    test::writeOriginalDatabase(original, 5, 3, 2);
    const QString migrationFolder = m_dir.filePath(QStringLiteral("migration-backups"));
    SessionOptions o = test::options(original);
    o.migrationBackupFolder = migrationFolder;
    {
        auto migrated = test::openOrFail(o);
        QVERIFY(migrated);
        QVERIFY(!migrated->migration().backupPath.isEmpty());
        QCOMPARE(modeOf(migrated->migration().backupPath), mode_t(0600));
    }

    QStringList bad = nonPrivateFiles(m_backupFolder) + nonPrivateFiles(migrationFolder);
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1String(", "))));
    m_privateFilesChecked += int(QDir(m_backupFolder).entryList(QDir::Files | QDir::Hidden).size()
                                 + QDir(migrationFolder).entryList(QDir::Files).size());
    for (const QFileInfo &fi :
         QDir(m_backupFolder).entryInfoList({ QStringLiteral("*.json") }, QDir::Files)) {
        QFile f(fi.absoluteFilePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        collect(QStringLiteral("sidecar ") + fi.fileName(), f.readAll());
    }
    verifyNoLeaks("backups");
}

void tst_Security::guiModelsShowOnlyMasks()
{
    m_worker = std::make_unique<DatabaseWorker>();
    m_worker->setSession(m_session);
    constexpr int kPage = 1000;
    ClientTableModel clients(m_worker.get(), nullptr, kPage);
    const qint64 expected = m_session->clients().count().valueOr(-1);
    QVERIFY(QTest::qWaitFor([&] { return !clients.isLoading() && clients.rowCount() == expected; },
                            kWaitMs));
    clients.index(0, 0).data(Qt::DisplayRole);
    QVERIFY(QTest::qWaitFor(
            [&] { return clients.index(0, 0).data(PagedTableModel::LoadedRole).toBool(); },
            kWaitMs));
    const int rows = std::min(clients.rowCount(), kPage);
    for (int row = 0; row < rows; ++row)
        QVERIFY(clients.index(row, 0).data(PagedTableModel::LoadedRole).toBool());
    collectModel(QStringLiteral("ClientTableModel"), &clients, rows);

    // Positively: where a key is shown, its mask is.
    int masks = 0;
    for (int row = 0; row < rows; ++row) {
        const QByteArray id = clients.index(row, 0).data(PagedTableModel::IdRole).toByteArray();
        const QString aes = clients.index(row, ClientTableModel::AesKey).data().toString();
        const QString pub = clients.index(row, ClientTableModel::PublicKey).data().toString();
        if (m_secrets.contains(id)) {
            QCOMPARE(aes, maskSecret(m_secrets.value(id).aes));
            QCOMPARE(pub, maskSecret(m_secrets.value(id).pub));
            ++masks;
        } else if (id == m_textKeyClient) {
            QCOMPARE(aes, maskSecret(m_textKey));
            ++masks;
        }
    }
    QCOMPARE(masks, int(m_secrets.size()) + 1);
    m_masksSeen += masks;

    FileTableModel files(m_worker.get(), nullptr, kPage);
    files.setClient(m_firstClient);
    QVERIFY(QTest::qWaitFor([&] { return !files.isLoading() && files.rowCount() == 3; }, kWaitMs));
    files.index(0, 0).data(Qt::DisplayRole);
    QVERIFY(QTest::qWaitFor(
            [&] { return files.index(0, 0).data(PagedTableModel::LoadedRole).toBool(); }, kWaitMs));
    collectModel(QStringLiteral("FileTableModel"), &files, files.rowCount());
    verifyNoLeaks("models");
}

void tst_Security::guiPagesShowOnlyMasks()
{
    QVERIFY(m_worker);
    AppConfig config;
    config.backupFolder = m_backupFolder;

    ClientsPage clientsPage(m_worker.get());
    clientsPage.resize(1200, 800);
    clientsPage.show();
    auto *view = clientsPage.findChild<QAbstractItemView *>(QStringLiteral("clientsView"));
    QVERIFY(view);
    QVERIFY(QTest::qWaitFor([&] { return view->model()->rowCount() > 0; }, kWaitMs));
    view->model()->index(0, 0).data();
    QVERIFY(QTest::qWaitFor(
            [&] { return view->model()->index(0, 0).data(PagedTableModel::LoadedRole).toBool(); },
            kWaitMs));
    view->selectionModel()->select(view->model()->index(0, 0),
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::qWait(300);
    collectWidgets(QStringLiteral("ClientsPage"), &clientsPage);

    // The integrity page: the rows of the malformed-ID finding (clients) show masked keys.
    IntegrityPage integrity(m_worker.get());
    integrity.setConfig(config);
    integrity.show();
    QTRY_VERIFY_WITH_TIMEOUT(integrity.orphanCount() >= 0 && !integrity.isBusy(), kWaitMs);
    integrity.runFullCheck();
    QTRY_VERIFY_WITH_TIMEOUT(!integrity.isBusy() && integrity.report()
                                     && integrity.report()->depth == IntegrityReport::Depth::Full,
                             kWaitMs);
    auto *findings = integrity.findChild<QTreeWidget *>(QStringLiteral("findings"));
    QVERIFY(findings);
    QTreeWidgetItem *clientFinding = nullptr;
    for (int i = 0; i < findings->topLevelItemCount(); ++i)
        if (findings->topLevelItem(i)->text(1) == QLatin1String("clients"))
            clientFinding = findings->topLevelItem(i);
    QVERIFY2(clientFinding, "no finding names the clients table");
    QSignalSpy rowsLoaded(&integrity, &IntegrityPage::findingRowsLoaded);
    findings->setCurrentItem(clientFinding);
    QTRY_VERIFY_WITH_TIMEOUT(rowsLoaded.count() >= 1, kWaitMs);
    auto *table = integrity.findChild<QAbstractItemView *>(QStringLiteral("findingRows"));
    QVERIFY(table && table->model()->rowCount() >= 1);
    QStringList cells;
    for (int r = 0; r < table->model()->rowCount(); ++r)
        for (int c = 0; c < table->model()->columnCount(); ++c)
            cells.append(table->model()->index(r, c).data().toString());
    auto malformed = sqlite::openNative(m_dbPath, SQLITE_OPEN_READONLY, Milliseconds(5000));
    QVERIFY(malformed);
    sqlite3_stmt *st = nullptr;
    QCOMPARE(sqlite3_prepare_v2(malformed.value(),
                                "SELECT AESKey, PublicKey FROM clients WHERE length(ID) = 15", -1,
                                &st, nullptr),
             SQLITE_OK);
    QCOMPARE(sqlite3_step(st), SQLITE_ROW);
    const QByteArray aes(static_cast<const char *>(sqlite3_column_blob(st, 0)),
                         sqlite3_column_bytes(st, 0));
    const QByteArray pub(static_cast<const char *>(sqlite3_column_blob(st, 1)),
                         sqlite3_column_bytes(st, 1));
    sqlite3_finalize(st);
    sqlite::closeNative(malformed.value());
    QVERIFY2(cells.contains(maskSecret(aes)), qPrintable(cells.join(QLatin1String(" | "))));
    QVERIFY2(cells.contains(maskSecret(pub)), qPrintable(cells.join(QLatin1String(" | "))));
    m_masksSeen += 2;
    collectWidgets(QStringLiteral("IntegrityPage"), &integrity);

    AuditPage audit(m_worker.get());
    QSignalSpy auditLoaded(&audit, &AuditPage::auditLoaded);
    QSignalSpy queriesLoaded(&audit, &AuditPage::queriesLoaded);
    audit.show();
    audit.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(auditLoaded.count() >= 1 && queriesLoaded.count() >= 1, kWaitMs);
    collectWidgets(QStringLiteral("AuditPage"), &audit);

    BackupsPage backups(m_worker.get());
    backups.setConfig(config);
    QSignalSpy backupsLoaded(&backups, &BackupsPage::backupsLoaded);
    backups.show();
    backups.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(backupsLoaded.count() >= 1, kWaitMs);
    collectWidgets(QStringLiteral("BackupsPage"), &backups);

    DashboardPage dashboard(m_worker.get());
    dashboard.setConfig(config);
    QSignalSpy sampled(&dashboard, &DashboardPage::sampled);
    dashboard.show();
    dashboard.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(sampled.count() >= 1, kWaitMs);
    collectWidgets(QStringLiteral("DashboardPage"), &dashboard);
    verifyNoLeaks("pages");
}

void tst_Security::cliOutputAndLogs()
{
    // The in-process session and worker stay open: the CLI works beside them, as beside a
    // running GUI.
    QVERIFY(QFileInfo::exists(QStringLiteral(BACKUPDB_CLI)));
    const QList<QStringList> commands {
        { QStringLiteral("stats") },
        { QStringLiteral("check") },
        { QStringLiteral("check"), QStringLiteral("--full") },
        { QStringLiteral("orphans"), QStringLiteral("--limit"), QStringLiteral("100") },
        { QStringLiteral("health") },
        { QStringLiteral("metrics") },
        { QStringLiteral("checkpoint") },
        { QStringLiteral("migrate") },
        { QStringLiteral("backup") },
        { QStringLiteral("demo"), QStringLiteral("--clients"), QStringLiteral("0"),
          QStringLiteral("--files"), QStringLiteral("0") },
        { QStringLiteral("verify"), m_dbPath },
        { QStringLiteral("restore") }, // usage error: no --from
        { QStringLiteral("frobnicate") },
        { QStringLiteral("--help") },
    };
    QStringList failures;
    for (const QStringList &command : commands) {
        for (bool json : { false, true }) {
            int code = -1;
            const QString out = cli(
                    command + (json ? QStringList { QStringLiteral("--json") } : QStringList {}),
                    &code);
            if (code < 0 || code > 3)
                failures.append(QStringLiteral("%1 -> %2: %3")
                                        .arg(command.join(QLatin1Char(' ')))
                                        .arg(code)
                                        .arg(out.left(300)));
        }
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    // The slow-query log of the CLI (threshold 0) went to its log file.
    QFile log(m_cliLog);
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray logText = log.readAll();
    QVERIFY2(logText.contains("slow query"), "the CLI's log file has no slow-query lines");
    verifyNoLeaks("cli");
}

void tst_Security::cliDestructiveCommandsAreAudited()
{
    // Each destructive CLI command leaves its audit row (and the backups it takes are private).
    // The core services' own audit rows are checked in tests/core (tst_audit, tst_backup,
    // tst_orphans, tst_health); this is the path through the CLI process.
    struct Case
    {
        QStringList arguments;
        QString action;
        std::function<void()> prepare;
    };
    QString backupFile;
    const QList<Case> cases {
        { { QStringLiteral("orphans"), QStringLiteral("--fix"), QStringLiteral("--yes") },
          QStringLiteral("orphan-cleanup"),
          [&] {
              addOrphans(5);
          } },
        { { QStringLiteral("vacuum") }, QStringLiteral("vacuum"), {} },
        { { QStringLiteral("backup") }, QStringLiteral("backup"), {} },
        { { QStringLiteral("restore"), QStringLiteral("--yes"), QStringLiteral("--from") },
          QStringLiteral("restore"),
          [&] {
              auto made = m_session->backups().backup(
                      m_dir.filePath(QStringLiteral("restore-source")));
              QVERIFY2(made, qPrintable(made.error().message()));
              backupFile = made->path;
          } },
    };
    for (const Case &c : cases) {
        for (bool json : { false, true }) {
            if (c.prepare)
                c.prepare();
            QStringList arguments = c.arguments;
            if (c.action == QLatin1String("restore"))
                arguments.append(backupFile);
            if (json)
                arguments.append(QStringLiteral("--json"));
            const qint64 before = auditCount(m_dbPath, c.action);
            int code = -1;
            const QString out = cli(arguments, &code);
            QVERIFY2(code == 0 || (code == 1 && c.action == QLatin1String("orphan-cleanup")),
                     qPrintable(QStringLiteral("%1 -> %2: %3")
                                        .arg(arguments.join(QLatin1Char(' ')))
                                        .arg(code)
                                        .arg(out.left(500))));
            const qint64 after = auditCount(m_dbPath, c.action);
            QVERIFY2(after > before,
                     qPrintable(QStringLiteral("%1 left no \"%2\" audit row (%3 -> %4)")
                                        .arg(arguments.join(QLatin1Char(' ')), c.action)
                                        .arg(before)
                                        .arg(after)));
            ++m_auditChecks;
        }
    }
    // The restored database is the one with the keys: the repositories still read them.
    m_session->statistics().invalidate();
    QVERIFY(queryCount(m_dbPath,
                       QStringLiteral("SELECT COUNT(*) FROM files WHERE PathName = '/orphans'"))
            == 0);
    const QStringList bad = nonPrivateFiles(m_backupFolder);
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1String(", "))));
    m_privateFilesChecked += int(QDir(m_backupFolder).entryList(QDir::Files | QDir::Hidden).size());
    verifyNoLeaks("cli destructive");
}

void tst_Security::destructiveCoreActionsAreAudited()
{
    // Only what tests/core does not check already: the prunes of the product's own tables.
    // Audit prune: entries older than the retention are deleted, and the prune itself recorded.
    {
        auto h = sqlite::openNative(m_dbPath, SQLITE_OPEN_READWRITE, Milliseconds(5000));
        QVERIFY(h);
        QVERIFY(!sqlite::exec(h.value(),
                              QStringLiteral("INSERT INTO bdba_audit (at, action, details) VALUES "
                                             "('2001-01-01T00:00:00.000Z', 'backup', '{}')")));
        sqlite::closeNative(h.value());
    }
    const qint64 auditPrunes = auditCount(m_dbPath, QStringLiteral("audit-prune"));
    auto pruned = m_session->audit().prune(365);
    QVERIFY2(pruned, qPrintable(pruned.error().message()));
    QVERIFY(pruned.value() >= 1);
    QCOMPARE(auditCount(m_dbPath, QStringLiteral("audit-prune")), auditPrunes + 1);
    ++m_auditChecks;

    // Metrics history prune: old samples deleted -> an audit row.
    MetricsSample old;
    old.at = QDateTime::currentDateTimeUtc().addDays(-400);
    QVERIFY(!m_session->metricsHistory().append(old));
    const qint64 historyPrunes = auditCount(m_dbPath, QStringLiteral("metrics-history-prune"));
    auto history = m_session->metricsHistory().prune(30);
    QVERIFY2(history, qPrintable(history.error().message()));
    QVERIFY(history.value() >= 1);
    QCOMPARE(auditCount(m_dbPath, QStringLiteral("metrics-history-prune")), historyPrunes + 1);
    ++m_auditChecks;
    // Nothing to delete: no row.
    QCOMPARE(m_session->metricsHistory().prune(30).valueOr(-1), qint64(0));
    QCOMPARE(auditCount(m_dbPath, QStringLiteral("metrics-history-prune")), historyPrunes + 1);
}

void tst_Security::metricsEndpointOnLoopback()
{
    // The class's default is loopback (the refusals are checked in tests/core/tst_metrics).
    MetricsServer server([this] {
        auto h = m_session->health().report({});
        return h ? renderPrometheus(
                       HealthService::snapshot(h.value(), m_session->database().queryStats()))
                 : QByteArray();
    });
    QVERIFY(!server.start(QHostAddress(QHostAddress::LocalHost), 0));
    QCOMPARE(server.serverAddress(), QHostAddress(QHostAddress::LocalHost));
    QVERIFY(server.serverAddress().isLoopback());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray reply;
    QTRY_VERIFY_WITH_TIMEOUT(
            (reply += socket.readAll(), socket.state() == QAbstractSocket::UnconnectedState),
            kWaitMs);
    reply += socket.readAll();
    QVERIFY(reply.startsWith("HTTP/1.1 200"));
    collect(QStringLiteral("metrics endpoint"), reply);
    server.stop();
    QCOMPARE(AppConfig().metricsBindAddress, QStringLiteral("127.0.0.1"));

    // A configuration that names a non-loopback address is refused unless --allow-remote.
    const QString remoteConfig = m_dir.filePath(QStringLiteral("remote.ini"));
    QFile::copy(m_cliConfig, remoteConfig);
    {
        QFile f(remoteConfig);
        QVERIFY(f.open(QIODevice::Append));
        f.write("[metrics]\nbindAddress=0.0.0.0\nport=1\n");
    }
    QProcess p;
    p.start(QStringLiteral(BACKUPDB_CLI),
            { QStringLiteral("--db"), m_dbPath, QStringLiteral("--config"), remoteConfig,
              QStringLiteral("serve-metrics"), QStringLiteral("--port"), QStringLiteral("0") });
    const bool ended = p.waitForFinished(20000);
    if (!ended) {
        p.terminate();
        p.waitForFinished(5000);
    }
    const QByteArray err = p.readAllStandardError();
    collect(QStringLiteral("serve-metrics remote stderr"), err);
    QVERIFY2(ended, "serve-metrics listened on 0.0.0.0 from the configuration alone");
    QVERIFY2(p.exitCode() != 0, err.constData());
    QVERIFY2(err.contains("loopback"), err.constData());

    // The CLI's endpoint, default configuration: loopback, and its text holds no key.
    QProcess served;
    served.start(QStringLiteral(BACKUPDB_CLI),
                 { QStringLiteral("--db"), m_dbPath, QStringLiteral("--config"), m_cliConfig,
                   QStringLiteral("serve-metrics"), QStringLiteral("--port"),
                   QStringLiteral("0") });
    QVERIFY(served.waitForStarted());
    QByteArray banner;
    QTRY_VERIFY_WITH_TIMEOUT((banner += served.readAllStandardError()).contains("/metrics"),
                             kWaitMs);
    const QString url = QString::fromUtf8(banner)
                                .section(QStringLiteral("http://"), 1)
                                .section(QLatin1Char('/'), 0, 0);
    QVERIFY2(url.startsWith(QLatin1String("127.0.0.1:")), qPrintable(url));
    QTcpSocket s2;
    s2.connectToHost(QHostAddress::LocalHost, quint16(url.section(QLatin1Char(':'), 1).toInt()));
    QVERIFY(s2.waitForConnected(5000));
    s2.write("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray served200;
    while (s2.waitForReadyRead(5000))
        served200 += s2.readAll();
    QVERIFY(served200.startsWith("HTTP/1.1 200"));
    collect(QStringLiteral("cli metrics endpoint"), served200);
    served.terminate();
    QVERIFY(served.waitForFinished(10000));
    collect(QStringLiteral("cli serve-metrics stderr"), banner + served.readAllStandardError());
    verifyNoLeaks("metrics endpoint");
}

void tst_Security::noSecretInLogsTablesOrFiles()
{
    // The statements recorded so far reach the tables.
    QVERIFY(!m_session->database().flushQueryStats());
    auto h = sqlite::openNative(m_dbPath, SQLITE_OPEN_READONLY, Milliseconds(5000));
    QVERIFY(h);
    int tableRows = 0;
    for (const char *sql : { "SELECT * FROM bdba_audit", "SELECT * FROM bdba_query_stats",
                             "SELECT * FROM bdba_slow_queries" }) {
        sqlite3_stmt *st = nullptr;
        QCOMPARE(sqlite3_prepare_v2(h.value(), sql, -1, &st, nullptr), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            ++tableRows;
            QByteArray row;
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                row += QByteArray(static_cast<const char *>(sqlite3_column_blob(st, c)),
                                  sqlite3_column_bytes(st, c));
                row += '|';
            }
            collect(QString::fromLatin1(sql), row);
        }
        sqlite3_finalize(st);
    }
    QVERIFY(queryCount(m_dbPath, QStringLiteral("SELECT COUNT(*) FROM bdba_slow_queries")) > 0);
    QVERIFY(queryCount(m_dbPath, QStringLiteral("SELECT COUNT(*) FROM bdba_query_stats")) > 0);
    QVERIFY(queryCount(m_dbPath,
                       QStringLiteral("SELECT COUNT(*) FROM bdba_audit WHERE action = 'UPDATE' AND "
                                      "table_name = 'clients'"))
            > 0);
    sqlite::closeNative(h.value());

    // Every message of every category, this process's log file and the CLI's.
    const QStringList messages = capturedMessages();
    QVERIFY(messages.size() > 100);
    bool slowLogged = false;
    for (const QString &m : messages) {
        slowLogged = slowLogged || m.contains(QLatin1String("slow query"));
        // The canary of the first test is a deliberate leak, unknown to this scanner.
        collect(QStringLiteral("log message"), m);
    }
    QVERIFY(slowLogged);
    for (const QString &path : { m_logPath, m_cliLog }) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.size() > 1000);
        collect(QStringLiteral("log file ") + QFileInfo(path).fileName(), bytes);
    }
    qInfo("scanned %lld texts (%lld bytes), %d table rows, %lld messages", m_texts, m_bytes,
          tableRows, qint64(messages.size()));
    verifyNoLeaks("logs and tables");
}
