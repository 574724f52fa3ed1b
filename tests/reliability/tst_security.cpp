// Security battery (issue 6, item 7): AES keys and public keys are never printed, logged or shown
// in full; the metrics endpoint listens on loopback unless configured otherwise; backups (and the
// files around them) are private (0600) even under umask 022; destructive actions leave audit rows.
//
// Clients get distinctive random keys (32-byte AES keys, 160-byte public keys; one AES key is
// stored as 64 hex characters of text, as a buggy server might). Everything that touches keys is
// exercised -- repositories, validation errors, bulk import, reports, Prometheus text, backup and
// restore, the CLI (with and without --json, --verbose, every category at debug, a log file, a
// slow-query threshold of 0 so that every statement is logged and recorded), the GUI models
// (every column, every role of the first page) and pages -- and every text that comes out is
// collected: all Qt messages of every category (debug included) from every thread, the file of
// the log sink, the CLI's stdout, stderr and log file, the audit rows, the query statistics and
// slow-query tables, the backup sidecars, DbError messages, model data and widget texts. No text
// may contain any 16-character window of a secret's hex (any case, any separators), of its
// base64 (all three alignments, standard and URL alphabets) or of its raw bytes. The masked form
// (maskSecret) must appear where keys are shown, and a canary secret proves that the capture and
// the scanner catch a leak (so this suite can fail).

#include "tst_security.h"

void tst_Security::collect(const QString &where, const QString &text)
{
    if (text.isEmpty())
        return;
    ++m_texts;
    m_bytes += text.size();
    for (const QString &label : m_scanner.find(text))
        m_leaks.append(QStringLiteral("%1: %2 in \"%3\"").arg(where, label, text.left(300)));
}

void tst_Security::collect(const QString &where, const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    ++m_texts;
    m_bytes += bytes.size();
    for (const QString &label : m_scanner.find(bytes))
        m_leaks.append(QStringLiteral("%1: %2").arg(where, label));
}

void tst_Security::verifyNoLeaks(const char *stage)
{
    QVERIFY2(m_leaks.isEmpty(),
             qPrintable(QStringLiteral("%1: %2 leak(s):\n%3")
                                .arg(QLatin1String(stage))
                                .arg(m_leaks.size())
                                .arg(m_leaks.mid(0, 20).join(QLatin1Char('\n')))));
}

void tst_Security::collectModel(const QString &where, const QAbstractItemModel *model, int maxRows)
{
    QList<int> roles;
    for (int r = 0; r <= 40; ++r) // the standard roles (DisplayRole .. beyond RangeModelDataRole)
        roles.append(r);
    for (int r = Qt::UserRole; r <= Qt::UserRole + 64; ++r)
        roles.append(r);
    for (int section = 0; section < model->columnCount(); ++section)
        for (int role : std::as_const(roles))
            collect(where + QStringLiteral(" header %1/%2").arg(section).arg(role),
                    variantText(model->headerData(section, Qt::Horizontal, role)));
    const int rows = std::min(model->rowCount(), maxRows);
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < model->columnCount(); ++column) {
            const QModelIndex index = model->index(row, column);
            for (int role : std::as_const(roles)) {
                ++m_modelCells;
                collect(where + QStringLiteral(" [%1,%2] role %3").arg(row).arg(column).arg(role),
                        variantText(index.data(role)));
            }
        }
    }
}

void tst_Security::collectWidgets(const QString &where, const QWidget *root)
{
    QList<const QWidget *> widgets { root };
    for (const QWidget *w : root->findChildren<QWidget *>())
        widgets.append(w);
    for (const QWidget *w : std::as_const(widgets)) {
        const QString name = where + QLatin1Char('/')
                + QString::fromLatin1(w->metaObject()->className()) + QLatin1Char(':')
                + w->objectName();
        collect(name + QStringLiteral(" tooltip"), w->toolTip());
        collect(name + QStringLiteral(" statustip"), w->statusTip());
        collect(name + QStringLiteral(" whatsthis"), w->whatsThis());
        collect(name + QStringLiteral(" title"), w->windowTitle());
        if (auto *l = qobject_cast<const QLabel *>(w))
            collect(name, l->text());
        if (auto *e = qobject_cast<const QLineEdit *>(w))
            collect(name, e->text());
        if (auto *b = qobject_cast<const QAbstractButton *>(w))
            collect(name, b->text());
        if (auto *g = qobject_cast<const QGroupBox *>(w))
            collect(name, g->title());
        if (auto *t = qobject_cast<const QTextEdit *>(w))
            collect(name, t->toPlainText());
        if (auto *t = qobject_cast<const QPlainTextEdit *>(w))
            collect(name, t->toPlainText());
        if (auto *c = qobject_cast<const QComboBox *>(w))
            for (int i = 0; i < c->count(); ++i)
                collect(name, c->itemText(i));
        if (auto *t = qobject_cast<const QTabWidget *>(w))
            for (int i = 0; i < t->count(); ++i)
                collect(name, t->tabText(i) + QLatin1Char(' ') + t->tabToolTip(i));
        if (auto *v = qobject_cast<const QAbstractItemView *>(w); v && v->model())
            collectModel(name, v->model(), 500);
    }
}

QString tst_Security::cli(const QStringList &arguments, int *code, QByteArray *outBytes)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
    env.remove(QStringLiteral("BACKUPDB_DB"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(BACKUPDB_CLI),
            QStringList { QStringLiteral("--db"), m_dbPath, QStringLiteral("--config"), m_cliConfig,
                          QStringLiteral("--verbose") }
                    + arguments);
    int exit = -2;
    if (p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit)
        exit = p.exitCode();
    else {
        p.kill();
        p.waitForFinished();
    }
    const QByteArray out = p.readAllStandardOutput();
    const QByteArray err = p.readAllStandardError();
    ++m_cliRuns;
    const QString where = QStringLiteral("cli %1").arg(arguments.join(QLatin1Char(' ')));
    collect(where + QStringLiteral(" stdout"), out);
    collect(where + QStringLiteral(" stderr"), err);
    if (code)
        *code = exit;
    if (outBytes)
        *outBytes = out;
    return QString::fromUtf8(out + err);
}

void tst_Security::addOrphans(int n)
{
    auto h = sqlite::openNative(m_dbPath, SQLITE_OPEN_READWRITE, Milliseconds(5000));
    QVERIFY(h);
    sqlite3 *db = h.value();
    QVERIFY(!sqlite::exec(db, QStringLiteral("PRAGMA foreign_keys = OFF")));
    sqlite3_stmt *st = nullptr;
    QCOMPARE(sqlite3_prepare_v2(db,
                                "INSERT INTO files (ID, FileName, PathName, Verified, FileSize, "
                                "ModificationDate, CRC, ClientID) VALUES (?, ?, '/orphans', 0, 10, "
                                "'2025-01-10T09:00:00Z', 1, ?)",
                                -1, &st, nullptr),
             SQLITE_OK);
    for (int i = 0; i < n; ++i) {
        const QByteArray id = QUuid::createUuid().toRfc4122();
        const QByteArray client = QUuid::createUuid().toRfc4122();
        const QByteArray name = QByteArray("orphan-") + QByteArray::number(i) + ".bin";
        sqlite3_bind_blob(st, 1, id.constData(), int(id.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, name.constData(), int(name.size()), SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 3, client.constData(), int(client.size()), SQLITE_TRANSIENT);
        QCOMPARE(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite::closeNative(db);
}

void tst_Security::writeConfig(const QString &path, const QString &extra)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QStringLiteral("[query]\nslowMs=0\n[backup]\nfolder=%1\n[log]\nfile=%2\n%3")
                    .arg(m_backupFolder, m_cliLog, extra)
                    .toUtf8());
}

void tst_Security::initTestCase()
{
    m_timer.start();
    m_oldUmask = ::umask(022); // what a desktop session has: files are world-readable by default
    QVERIFY(m_dir.isValid());
    m_dbPath = m_dir.filePath(QStringLiteral("secrets.db"));
    m_logPath = m_dir.filePath(QStringLiteral("admin.log"));
    m_backupFolder = m_dir.filePath(QStringLiteral("backups"));
    m_cliConfig = m_dir.filePath(QStringLiteral("cli.ini"));
    m_cliLog = m_dir.filePath(QStringLiteral("cli.log"));
    writeConfig(m_cliConfig);

    // Every category at every level, to the log sink's file and to the capture.
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
    QVERIFY(!installLogging(m_logPath));
    g_forward = qInstallMessageHandler(captureHandler);

    SessionOptions o = test::options(m_dbPath);
    o.query.slowThreshold = Milliseconds(0); // every statement is "slow": logged and recorded
    o.migrationBackupFolder = m_dir.filePath(QStringLiteral("migration-backups"));
    m_session = test::openOrFail(o);
    QVERIFY(m_session);

    // Clients with distinctive keys, added one by one through the repository.
    const int clients = int(reliability::count(24, 300));
    for (int i = 0; i < clients; ++i) {
        ClientRecord c;
        c.name = QStringLiteral("secret client %1").arg(i, 3, 10, QLatin1Char('0'));
        c.lastSeen = QStringLiteral("2025-07-29T12:09:19Z");
        c.aesKey = randomBytes(32);
        c.publicKey = randomBytes(160);
        m_scanner.add(QStringLiteral("AES key of %1").arg(c.name), c.aesKey);
        m_scanner.add(QStringLiteral("public key of %1").arg(c.name), c.publicKey);
        auto added = m_session->clients().add(c);
        QVERIFY2(added, qPrintable(added.error().message()));
        m_secrets.insert(added->id, { c.aesKey, c.publicKey });
        if (m_firstClient.isEmpty())
            m_firstClient = added->id;
        // A few files each (they carry no secrets; the file model is read too).
        QList<FileRecord> files;
        for (int k = 0; k < 3; ++k) {
            FileRecord f;
            f.id = QUuid::createUuid().toRfc4122();
            f.fileName = QStringLiteral("file-%1.dat").arg(k);
            f.pathName = QStringLiteral("received_files\\%1").arg(i);
            f.fileSize = 1000 + k;
            f.modificationDate = QStringLiteral("2025-01-10 12:00:00");
            f.crc = k;
            f.clientId = added->id;
            files.append(f);
        }
        auto inserted = m_session->bulk().insertFiles(files);
        QVERIFY2(inserted, qPrintable(inserted.error().message()));
    }

    // Written by "the server" with the C API: a key stored as 64 hex characters of text, and a
    // client with a malformed (15-byte) ID whose keys the integrity page shows.
    const QByteArray textKeyRaw = randomBytes(32);
    m_textKey = textKeyRaw.toHex();
    m_scanner.add(QStringLiteral("AES key stored as text"), textKeyRaw);
    const QByteArray malformedAes = randomBytes(32);
    const QByteArray malformedPub = randomBytes(160);
    m_scanner.add(QStringLiteral("AES key of the malformed client"), malformedAes);
    m_scanner.add(QStringLiteral("public key of the malformed client"), malformedPub);
    m_textKeyClient = QUuid::createUuid().toRfc4122();
    m_malformedClient = randomBytes(15);
    {
        auto h = sqlite::openNative(m_dbPath, SQLITE_OPEN_READWRITE, Milliseconds(5000));
        QVERIFY(h);
        sqlite3 *db = h.value();
        sqlite3_stmt *st = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db,
                                    "INSERT INTO clients (ID, Name, PublicKey, LastSeen, AESKey) "
                                    "VALUES (?, ?, ?, 'Fri Jan 10 09:06:40 2025', ?)",
                                    -1, &st, nullptr),
                 SQLITE_OK);
        const QByteArray pub = randomBytes(160);
        m_scanner.add(QStringLiteral("public key of the text-key client"), pub);
        sqlite3_bind_blob(st, 1, m_textKeyClient.constData(), 16, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, "server client with a text key", -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 3, pub.constData(), int(pub.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, m_textKey.constData(), int(m_textKey.size()), SQLITE_TRANSIENT);
        QCOMPARE(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
        sqlite3_bind_blob(st, 1, m_malformedClient.constData(), 15, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, "server client with a malformed ID", -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 3, malformedPub.constData(), 160, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 4, malformedAes.constData(), 32, SQLITE_TRANSIENT);
        QCOMPARE(sqlite3_step(st), SQLITE_DONE);
        sqlite3_finalize(st);
        sqlite::closeNative(db);
    }
    m_session->statistics().invalidate();
    m_session->database().noteWrite();
}

void tst_Security::cleanupTestCase()
{
    m_worker.reset();
    m_session.reset();
    qInstallMessageHandler(g_forward);
    g_forward = nullptr;
    uninstallLogging();
    ::umask(m_oldUmask);
    qInfo("RELIABILITY security secrets=%d texts_scanned=%lld bytes_scanned=%lld "
          "log_messages=%lld cli_runs=%d model_cells=%lld masks_seen=%d private_files=%d "
          "audit_checks=%d leaks=%lld seconds=%.1f",
          m_scanner.secrets(), m_texts, m_bytes, qint64(capturedMessages().size()), m_cliRuns,
          m_modelCells, m_masksSeen, m_privateFilesChecked, m_auditChecks, qint64(m_leaks.size()),
          double(m_timer.elapsed()) / 1000.0);
}

void tst_Security::scannerAndCaptureCatchALeak()
{
    // A canary, unknown to the main scanner: leaked on purpose, it must be found.
    const QByteArray canary = randomBytes(32);
    LeakScanner canaryScanner;
    canaryScanner.add(QStringLiteral("canary"), canary);
    const QByteArray hex = canary.toHex();
    const QStringList forms {
        QString::fromLatin1(hex),
        QString::fromLatin1(hex.toUpper()),
        QString::fromLatin1(canary.toHex(':')),
        QStringLiteral("key=") + QString::fromLatin1(hex.mid(20, 16)) + QStringLiteral(" end"),
        QString::fromLatin1(canary.toBase64()),
        QString::fromLatin1(canary.mid(1).toBase64(QByteArray::Base64UrlEncoding)),
        QStringLiteral("[\"") + QString::fromLatin1(canary.toBase64().mid(5, 20))
                + QStringLiteral("\"]"),
        QString::fromLatin1(canary),
    };
    for (const QString &form : forms)
        QVERIFY2(canaryScanner.find(form) == QStringList { QStringLiteral("canary") },
                 qPrintable(form));
    QVERIFY(canaryScanner.find(QString::fromLatin1(hex.left(15))).isEmpty()); // 15 is no leak
    QVERIFY(canaryScanner.find(maskSecret(canary)).isEmpty());
    QVERIFY(m_scanner.find(QString::fromLatin1(hex)).isEmpty());
    // A leaked key is found in what qDebug() prints for it, here or from another thread, in
    // the capture and in the log sink's file.
    QThread *thread = QThread::create([&] { qCDebug(lcQuery) << "canary key" << canary; });
    thread->start();
    QVERIFY(thread->wait(10000));
    delete thread;
    qCDebug(lcAudit).noquote() << "canary hex" << hex.toUpper();
    int inCapture = 0;
    for (const QString &m : capturedMessages())
        inCapture += canaryScanner.find(m).isEmpty() ? 0 : 1;
    QVERIFY2(inCapture == 2, "the capture (or the scanner) missed a leaking debug message");
    QFile log(m_logPath);
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY2(!canaryScanner.find(log.readAll()).isEmpty(), "the log file missed a debug message");
    // The main scanner knows every real secret.
    QCOMPARE(m_scanner.secrets(), 2 * int(m_secrets.size()) + 4);
    const Secrets any = m_secrets.begin().value();
    QVERIFY(!m_scanner.find(QString::fromLatin1(any.aes.toHex())).isEmpty());
    QVERIFY(!m_scanner.find(QString::fromLatin1(any.pub.toBase64())).isEmpty());
}

void tst_Security::repositoriesAndValidationErrors()
{
    ClientRepository &repo = m_session->clients();
    // Reads (including the key bytes) leave no trace of the key.
    for (auto it = m_secrets.cbegin(); it != m_secrets.cend(); ++it) {
        auto got = repo.get(it.key());
        QVERIFY(got && got->has_value());
        QCOMPARE((*got)->aesKey, it->aes);
        QCOMPARE((*got)->publicKey, it->pub);
    }
    collectError(QStringLiteral("get text-key client"), repo.get(m_textKeyClient));
    collectError(QStringLiteral("get malformed client"), repo.get(m_malformedClient));
    ClientQuery q;
    q.limit = 1000;
    auto page = repo.page(q);
    QVERIFY(page);
    for (const ClientSummary &c : page->rows)
        collect(QStringLiteral("client summary"),
                QStringLiteral("%1 %2 %3 %4 %5")
                        .arg(c.name, c.lastSeen)
                        .arg(c.publicKeyBytes)
                        .arg(c.aesKeyBytes)
                        .arg(QString::fromLatin1(c.id.toHex())));
    RowInspector inspector(m_session->database());
    QList<qint64> rowIds;
    for (const ClientSummary &c : page->rows)
        rowIds.append(c.rowId);
    auto rows = inspector.rows(QStringLiteral("clients"), rowIds);
    QVERIFY(rows);
    int masks = 0;
    for (const QStringList &row : rows->rows) {
        collect(QStringLiteral("row inspector"), row.join(QLatin1Char('|')));
        for (const Secrets &s : std::as_const(m_secrets))
            if (row.contains(maskSecret(s.aes)) && row.contains(maskSecret(s.pub)))
                ++masks;
    }
    QCOMPARE(masks, int(m_secrets.size()));
    m_masksSeen += masks;
    QVERIFY(RowInspector::displayText(QStringLiteral("AESKey"), QString::fromLatin1(m_textKey))
            == maskSecret(m_textKey));

    // Updates: a new key, then the old one back.
    const QByteArray id = m_secrets.begin().key();
    auto stored = repo.get(id);
    QVERIFY(stored && stored->has_value());
    ClientRecord c = stored->value();
    const QByteArray newKey = randomBytes(32);
    m_scanner.add(QStringLiteral("updated AES key"), newKey);
    c.aesKey = newKey;
    QVERIFY(!repo.update(c));
    c.aesKey = m_secrets.begin()->aes;
    QVERIFY(!repo.update(c));

    // Validation errors on bad keys, bad IDs and bad names, each with secret keys aboard.
    struct Bad
    {
        QString tag;
        ClientRecord record;
    };
    QList<Bad> bad;
    const auto secretClient = [&](const QString &tag) {
        ClientRecord r;
        r.name = QStringLiteral("bad client ") + tag;
        r.lastSeen = QStringLiteral("2025-01-10T09:00:00Z");
        r.aesKey = randomBytes(32);
        r.publicKey = randomBytes(160);
        return r;
    };
    for (int size : { 1, 15, 17, 31, 33, 48, 64, 100 }) {
        Bad b { QStringLiteral("aes %1 bytes").arg(size), secretClient(QString::number(size)) };
        b.record.aesKey = randomBytes(size);
        bad.append(b);
    }
    {
        Bad b { QStringLiteral("aes key as hex text (64 bytes)"),
                secretClient(QStringLiteral("hex")) };
        b.record.aesKey = randomBytes(32).toHex();
        bad.append(b);
    }
    {
        Bad b { QStringLiteral("public key 161 bytes"), secretClient(QStringLiteral("pub")) };
        b.record.publicKey = randomBytes(161);
        bad.append(b);
    }
    {
        Bad b { QStringLiteral("malformed id"), secretClient(QStringLiteral("id")) };
        b.record.id = randomBytes(15);
        bad.append(b);
    }
    {
        Bad b { QStringLiteral("empty name"), secretClient(QStringLiteral("name")) };
        b.record.name.clear();
        bad.append(b);
    }
    {
        Bad b { QStringLiteral("duplicate name"), secretClient(QStringLiteral("dup")) };
        b.record.name = page->rows.first().name;
        bad.append(b);
    }
    for (Bad &b : bad) {
        // Keys of text form (the hex one) are secrets too: their bytes and the bytes they encode.
        m_scanner.add(b.tag + QStringLiteral(" AES key"), b.record.aesKey);
        if (b.record.aesKey.size() == 64)
            m_scanner.add(b.tag + QStringLiteral(" AES key (decoded)"),
                          QByteArray::fromHex(b.record.aesKey));
        m_scanner.add(b.tag + QStringLiteral(" public key"), b.record.publicKey);
        auto added = repo.add(b.record);
        QVERIFY2(!added, qPrintable(b.tag));
        collectError(QStringLiteral("add ") + b.tag, added);
        // The same record as an update of an existing client.
        ClientRecord u = b.record;
        if (b.tag != QLatin1String("malformed id"))
            u.id = id;
        if (b.tag == QLatin1String("duplicate name")) {
            // Another client's name: the updated client may be any row of the page.
            for (const ClientSummary &other : page->rows)
                if (other.id != id) {
                    u.name = other.name;
                    break;
                }
        }
        const DbError e = repo.update(u);
        QVERIFY2(e, qPrintable(b.tag));
        collectError(QStringLiteral("update ") + b.tag, e);
    }
    verifyNoLeaks("repositories");
}

void tst_Security::bulkImport()
{
    QList<ClientRecord> batch;
    for (int i = 0; i < 20; ++i) {
        ClientRecord c;
        c.id = QUuid::createUuid().toRfc4122();
        c.name = QStringLiteral("bulk client %1").arg(i);
        c.lastSeen = QStringLiteral("2025-01-02T01:15:00.123456");
        c.aesKey = randomBytes(i % 2 ? 16 : 32);
        c.publicKey = randomBytes(160);
        m_scanner.add(QStringLiteral("bulk AES key %1").arg(i), c.aesKey);
        m_scanner.add(QStringLiteral("bulk public key %1").arg(i), c.publicKey);
        batch.append(c);
    }
    batch.append(batch.first()); // a duplicate: skipped
    auto result = m_session->bulk().insertClients(batch);
    QVERIFY2(result, qPrintable(result.error().message()));
    QCOMPARE(result->inserted, qint64(20));
    QCOMPARE(result->skipped, qint64(1));
    for (int i = 0; i < 20; ++i)
        m_secrets.insert(batch.at(i).id, { batch.at(i).aesKey, batch.at(i).publicKey });

    // A batch with one bad key fails as a whole; its message must not carry the keys.
    QList<ClientRecord> badBatch;
    for (int i = 0; i < 5; ++i) {
        ClientRecord c;
        c.id = QUuid::createUuid().toRfc4122();
        c.name = QStringLiteral("bad bulk client %1").arg(i);
        c.lastSeen = QStringLiteral("2025-01-10 12:00:00");
        c.aesKey = randomBytes(i == 3 ? 31 : 32);
        c.publicKey = randomBytes(i == 4 ? 200 : 160);
        m_scanner.add(QStringLiteral("bad bulk AES key %1").arg(i), c.aesKey);
        m_scanner.add(QStringLiteral("bad bulk public key %1").arg(i), c.publicKey);
        badBatch.append(c);
    }
    auto failed = m_session->bulk().insertClients(badBatch);
    QVERIFY(!failed);
    collectError(QStringLiteral("bulk bad batch"), failed);
    QCOMPARE(m_session->clients().count(QStringLiteral("bad bulk")).valueOr(-1), qint64(0));
    verifyNoLeaks("bulk import");
}

void tst_Security::reportsAndPrometheus()
{
    auto integrity = m_session->integrity().check(IntegrityReport::Depth::Full);
    QVERIFY2(integrity, qPrintable(integrity.error().message()));
    QVERIFY(integrity->malformedIds >= 1);
    collect(QStringLiteral("integrity messages"),
            integrity->integrityMessages.join(QLatin1Char('\n')));
    for (const IntegrityFinding &f : integrity->findings)
        collect(QStringLiteral("integrity finding"),
                f.kind + QLatin1Char(' ') + f.message + QLatin1Char(' ') + f.table);

    HealthOptions options;
    options.backupFolder = m_backupFolder;
    auto health = m_session->health().report(options);
    QVERIFY2(health, qPrintable(health.error().message()));
    collect(QStringLiteral("health warnings"), health->warnings.join(QLatin1Char('\n')));
    for (const StatementStats &s : health->slowest)
        collect(QStringLiteral("health slowest"), s.sql);
    collect(QStringLiteral("health journal"), health->journalMode);
    const QByteArray text = renderPrometheus(
            HealthService::snapshot(health.value(), m_session->database().queryStats()));
    QVERIFY(text.contains("backupdb_clients"));
    collect(QStringLiteral("prometheus"), text);
    QVERIFY(validatePrometheusText(text).isEmpty());
    for (const StatementStats &s : m_session->database().queryStats().statements())
        collect(QStringLiteral("query stats (memory)"), s.sql);
    for (const SlowQuery &s : m_session->database().queryStats().recentSlow())
        collect(QStringLiteral("slow queries (memory)"), s.sql);
    QVERIFY(m_session->database().queryStats().slowTotal() > 0); // threshold 0: all are slow
    auto totals = m_session->statistics().perClient();
    QVERIFY(totals);
    verifyNoLeaks("reports");
}

QTEST_MAIN(tst_Security)
