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
#include "reliability.h"
#include "testsupport.h"

#include "common/logging.h"
#include "common/secret.h"
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
#include "db/sqlitenative.h"

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

namespace {

constexpr int kWaitMs = 30000;
constexpr int kWindow = 16; // the shortest substring of a secret that counts as a leak

// ---------------------------------------------------------------------------------------------
// The scanner: every 16-character window of every secret, in the forms a leak could take.

int hexNibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

class LeakScanner
{
public:
    void add(const QString &label, const QByteArray &secret)
    {
        m_labels.append(label);
        const int owner = int(m_labels.size() - 1);
        // Hex: the hex digits of any text are read as one stream (case and separators such as
        // spaces, colons, "\x" escapes and line breaks do not hide a key); 16 nibbles = 64 bits.
        const QByteArray hex = secret.toHex();
        for (qsizetype i = 0; i + kWindow <= hex.size(); ++i)
            m_hex.insert(nibbles(hex.constData() + i), owner);
        // Base64 at the three byte alignments, standard and URL alphabets.
        for (int shift = 0; shift < 3; ++shift) {
            for (auto options : { QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding }) {
                const QByteArray b64 = secret.mid(shift).toBase64(options
                                                                  | QByteArray::OmitTrailingEquals);
                // The last few characters depend on the padding: leave them out.
                for (qsizetype i = 0; i + kWindow <= b64.size() - 3; ++i)
                    m_windows.insert(b64.mid(i, kWindow), owner);
            }
        }
        // Raw bytes (a key written as Latin-1 or as bytes).
        for (qsizetype i = 0; i + kWindow <= secret.size(); ++i)
            m_windows.insert(secret.mid(i, kWindow), owner);
    }

    // Returns the labels of the secrets found in bytes.
    QStringList find(const QByteArray &bytes) const
    {
        QSet<int> found;
        quint64 value = 0;
        int digits = 0;
        for (char c : bytes) {
            const int n = hexNibble(c);
            if (n < 0)
                continue; // everything but hex digits is a separator
            value = (value << 4) | quint64(n);
            if (++digits >= kWindow) {
                auto it = m_hex.constFind(value);
                if (it != m_hex.cend())
                    found.insert(it.value());
            }
        }
        // Base64 may be wrapped: leave out line breaks and spaces (and JSON's escaped ones).
        QByteArray compact = bytes;
        compact.replace("\\n", "").replace("\\r", "").replace("\\/", "/");
        compact.removeIf([](char c) { return c == '\n' || c == '\r' || c == ' ' || c == '\t'; });
        for (const QByteArray *b : { &bytes, static_cast<const QByteArray *>(&compact) }) {
            for (qsizetype i = 0; i + kWindow <= b->size(); ++i) {
                auto it = m_windows.constFind(QByteArray::fromRawData(b->constData() + i, kWindow));
                if (it != m_windows.cend())
                    found.insert(it.value());
            }
        }
        // What QDebug prints for a QByteArray: C escapes ("\\xAB", "\\n", ...) read back to bytes.
        const QByteArray unescaped = unescape(bytes);
        if (unescaped.size() != bytes.size())
            for (qsizetype i = 0; i + kWindow <= unescaped.size(); ++i) {
                auto it = m_windows.constFind(
                        QByteArray::fromRawData(unescaped.constData() + i, kWindow));
                if (it != m_windows.cend())
                    found.insert(it.value());
            }
        QStringList labels;
        for (int owner : std::as_const(found))
            labels.append(m_labels.at(owner));
        labels.sort();
        return labels;
    }

    QStringList find(const QString &text) const
    {
        QStringList labels = find(text.toUtf8()) + find(text.toLatin1());
        labels.removeDuplicates();
        return labels;
    }

    int secrets() const { return int(m_labels.size()); }

private:
    static QByteArray unescape(const QByteArray &in)
    {
        QByteArray out;
        out.reserve(in.size());
        for (qsizetype i = 0; i < in.size(); ++i) {
            const char c = in.at(i);
            // QDebug ends a string literal after "\xAB" when a hex digit follows ("\xAB""c").
            if (c == '"' && i + 1 < in.size() && in.at(i + 1) == '"') {
                ++i;
                continue;
            }
            if (c != '\\' || i + 1 >= in.size()) {
                out.append(c);
                continue;
            }
            const char e = in.at(i + 1);
            if (e == 'x' && i + 3 < in.size() && hexNibble(in.at(i + 2)) >= 0
                && hexNibble(in.at(i + 3)) >= 0) {
                out.append(char(hexNibble(in.at(i + 2)) * 16 + hexNibble(in.at(i + 3))));
                i += 3;
                continue;
            }
            static const QByteArray from("nrtbfav0\\\"'");
            static const QByteArray to("\n\r\t\b\f\a\v\0\\\"'", 11);
            const qsizetype k = from.indexOf(e);
            if (k >= 0) {
                out.append(to.at(k));
                ++i;
                continue;
            }
            out.append(c);
        }
        return out;
    }

    static quint64 nibbles(const char *hex)
    {
        quint64 v = 0;
        for (int i = 0; i < kWindow; ++i)
            v = (v << 4) | quint64(hexNibble(hex[i]));
        return v;
    }

    QStringList m_labels;
    QHash<quint64, int> m_hex;
    QHash<QByteArray, int> m_windows;
};

// ---------------------------------------------------------------------------------------------
// Capture of every Qt message (all categories, debug included, every thread), forwarded to the
// handler installed before (the log sink, which writes them to stderr and the log file).

std::mutex g_captureMutex;
QStringList g_captured;
QtMessageHandler g_forward = nullptr;

void captureHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        std::lock_guard lock(g_captureMutex);
        g_captured.append(QString::fromLatin1(context.category ? context.category : "default")
                          + QLatin1String(": ") + message);
    }
    if (g_forward)
        g_forward(type, context, message);
}

QStringList capturedMessages()
{
    std::lock_guard lock(g_captureMutex);
    return g_captured;
}

QByteArray randomBytes(int n)
{
    QByteArray bytes(n, Qt::Uninitialized);
    QRandomGenerator *g = QRandomGenerator::system();
    for (char &c : bytes)
        c = char(g->bounded(256));
    return bytes;
}

mode_t modeOf(const QString &path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return mode_t(07777);
    return st.st_mode & 0777;
}

// Every file in folder (hidden ones too) whose mode gives anything to group or others.
QStringList nonPrivateFiles(const QString &folder)
{
    QStringList bad;
    QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System);
    while (it.hasNext()) {
        const QString path = it.next();
        const mode_t mode = modeOf(path);
        if (mode == mode_t(07777))
            continue; // gone in the meantime (a temporary file)
        if (mode & 077)
            bad.append(QStringLiteral("%1 (%2)").arg(QFileInfo(path).fileName()).arg(mode, 4, 8,
                                                                                        QLatin1Char('0')));
    }
    return bad;
}

QString variantText(const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return {};
    if (v.metaType() == QMetaType::fromType<QByteArray>())
        return QString::fromLatin1(v.toByteArray());
    if (v.metaType() == QMetaType::fromType<QStringList>())
        return v.toStringList().join(QLatin1Char('\n'));
    if (v.canConvert<QString>())
        return v.toString();
    return {};
}

qint64 queryCount(const QString &dbPath, const QString &sql)
{
    auto h = sqlite::openNative(dbPath, SQLITE_OPEN_READONLY, Milliseconds(5000));
    if (!h)
        return -1;
    auto n = sqlite::queryInt(h.value(), sql);
    sqlite::closeNative(h.value());
    return n.valueOr(-1);
}

qint64 auditCount(const QString &dbPath, const QString &action)
{
    return queryCount(dbPath,
                      QStringLiteral("SELECT COUNT(*) FROM bdba_audit WHERE action = '%1'").arg(action));
}

} // namespace

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
        const QString name = where + QLatin1Char('/') + QString::fromLatin1(w->metaObject()->className())
                + QLatin1Char(':') + w->objectName();
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
                QStringLiteral("%1 %2 %3 %4 %5").arg(c.name, c.lastSeen).arg(c.publicKeyBytes).arg(c.aesKeyBytes).arg(QString::fromLatin1(c.id.toHex())));
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
        Bad b { QStringLiteral("aes key as hex text (64 bytes)"), secretClient(QStringLiteral("hex")) };
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
        if (b.tag == QLatin1String("duplicate name"))
            u.name = page->rows.at(1).name;
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
    collect(QStringLiteral("integrity messages"), integrity->integrityMessages.join(QLatin1Char('\n')));
    for (const IntegrityFinding &f : integrity->findings)
        collect(QStringLiteral("integrity finding"), f.kind + QLatin1Char(' ') + f.message + QLatin1Char(' ') + f.table);

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
    for (const QFileInfo &fi : QDir(m_backupFolder).entryInfoList({ QStringLiteral("*.json") }, QDir::Files)) {
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
            [&] { return clients.index(0, 0).data(PagedTableModel::LoadedRole).toBool(); }, kWaitMs));
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
    const QByteArray aes(static_cast<const char *>(sqlite3_column_blob(st, 0)), sqlite3_column_bytes(st, 0));
    const QByteArray pub(static_cast<const char *>(sqlite3_column_blob(st, 1)), sqlite3_column_bytes(st, 1));
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
            const QString out = cli(command + (json ? QStringList { QStringLiteral("--json") }
                                                    : QStringList {}),
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
          [&] { addOrphans(5); } },
        { { QStringLiteral("vacuum") }, QStringLiteral("vacuum"), {} },
        { { QStringLiteral("backup") }, QStringLiteral("backup"), {} },
        { { QStringLiteral("restore"), QStringLiteral("--yes"), QStringLiteral("--from") },
          QStringLiteral("restore"),
          [&] {
              auto made = m_session->backups().backup(m_dir.filePath(QStringLiteral("restore-source")));
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
    QVERIFY(queryCount(m_dbPath, QStringLiteral("SELECT COUNT(*) FROM files WHERE PathName = '/orphans'")) == 0);
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
        return h ? renderPrometheus(HealthService::snapshot(h.value(), m_session->database().queryStats()))
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
    QTRY_VERIFY_WITH_TIMEOUT((reply += socket.readAll(),
                              socket.state() == QAbstractSocket::UnconnectedState),
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
                   QStringLiteral("serve-metrics"), QStringLiteral("--port"), QStringLiteral("0") });
    QVERIFY(served.waitForStarted());
    QByteArray banner;
    QTRY_VERIFY_WITH_TIMEOUT((banner += served.readAllStandardError()).contains("/metrics"), kWaitMs);
    const QString url = QString::fromUtf8(banner).section(QStringLiteral("http://"), 1).section(QLatin1Char('/'), 0, 0);
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
    QVERIFY(queryCount(m_dbPath, QStringLiteral("SELECT COUNT(*) FROM bdba_audit WHERE action = 'UPDATE' AND table_name = 'clients'")) > 0);
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

QTEST_MAIN(tst_Security)
#include "tst_security.moc"
