#include "benchmeasures.h"

#include "db/sqlitenative.h"
#include "demo/demogenerator.h"

#include <QDir>
#include <QFile>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <sqlite3.h>
#include <utility>

namespace backupdb::bench {

namespace {

using Clock = std::chrono::steady_clock;

// SPEC §2: the tables and the 8 indexes, as the baseline's schema (no triggers of ours).
const char *const kSchema = R"(
CREATE TABLE clients (ID BLOB(16) PRIMARY KEY, Name VARCHAR(255) UNIQUE NOT NULL, PublicKey BLOB(160),
                      LastSeen TEXT NOT NULL, AESKey BLOB(32));
CREATE TABLE files (ID BLOB(16) PRIMARY KEY, FileName VARCHAR(255) NOT NULL, PathName VARCHAR(255) NOT NULL,
                    Verified BOOLEAN DEFAULT 0, FileSize INTEGER, ModificationDate TEXT, CRC INTEGER,
                    ClientID BLOB(16) NOT NULL, FOREIGN KEY (ClientID) REFERENCES clients(ID) ON DELETE CASCADE);
CREATE INDEX i1 ON clients(Name); CREATE INDEX i2 ON clients(LastSeen); CREATE INDEX i3 ON files(ClientID);
CREATE INDEX i4 ON files(FileName); CREATE INDEX i5 ON files(ClientID, FileName); CREATE INDEX i6 ON files(Verified);
CREATE INDEX i7 ON files(ModificationDate); CREATE INDEX i8 ON files(FileSize);
)";

// A raw connection configured like the pool's (same PRAGMAs).
sqlite3 *openRaw(const QString &path)
{
    auto h = sqlite::openNative(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                Milliseconds(5000));
    if (!h)
        fail(h.error().message());
    QString mode;
    must(sqlite::configureConnection(h.value(), AccessMode::ReadWrite, PoolConfig().cacheSizeKiB,
                                     &mode));
    return h.value();
}

void removeDatabase(const QString &path)
{
    for (const char *suffix : { "", "-wal", "-shm", "-journal" })
        QFile::remove(path + QLatin1String(suffix));
}

} // namespace

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty()
            ? 0
            : (v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2);
}

double medianMs(int repetitions, const std::function<void()> &f)
{
    std::vector<double> times;
    for (int i = 0; i < repetitions; ++i) {
        const auto start = Clock::now();
        f();
        times.push_back(msSince(start));
    }
    return median(times);
}

namespace {
std::function<void()> &beforeFailing()
{
    static std::function<void()> f;
    return f;
}
} // namespace

void setBeforeFailing(std::function<void()> f)
{
    beforeFailing() = std::move(f);
}

void fail(const QString &message)
{
    std::fflush(stdout);
    if (auto f = std::exchange(beforeFailing(), {}))
        f();
    qFatal("bench: %s", qPrintable(message));
}

void must(const DbError &e)
{
    if (e)
        fail(e.message());
}

DemoRows demoRows(const Sizes &sizes)
{
    const DemoGenerator gen;
    DemoRows rows;
    for (qint64 i = 0; i < sizes.clients; ++i)
        rows.clients.append(gen.client(i));
    rows.files.reserve(sizes.files);
    for (qint64 i = 0; i < sizes.files; ++i)
        rows.files.append(gen.file(i, rows.clients.at(i % rows.clients.size()).id));
    return rows;
}

QList<QByteArray> demoClientIds(qint64 clients)
{
    const DemoGenerator gen;
    QList<QByteArray> ids;
    for (qint64 i = 0; i < clients; ++i)
        ids.append(gen.clientId(i));
    return ids;
}

void setRatio(Measure &m)
{
    m.value = m.baselineMs / m.projectMs;
}

QString rowsPerSecondNote(const Measure &m, qint64 rows)
{
    return QStringLiteral("%1 rows: %2 k rows/s vs %3 k rows/s")
            .arg(rows)
            .arg(double(rows) / m.projectMs, 0, 'f', 1)
            .arg(double(rows) / m.baselineMs, 0, 'f', 1);
}

QString microsecondsNote(const Measure &m)
{
    return QStringLiteral("%1 us vs %2 us")
            .arg(m.projectMs * 1000, 0, 'f', 2)
            .arg(m.baselineMs * 1000, 0, 'f', 2);
}

namespace projectPath {

double bulkInsertMs(Session &session, const DemoRows &rows, qsizetype batch)
{
    must(session.bulk().insertClients(rows.clients));
    QList<QList<FileRecord>> batches;
    if (batch <= 0 || batch >= rows.files.size())
        batches.append(rows.files);
    else
        for (qsizetype i = 0; i < rows.files.size(); i += batch)
            batches.append(rows.files.mid(i, batch));
    qint64 inserted = 0;
    const auto start = Clock::now();
    for (const QList<FileRecord> &files : std::as_const(batches))
        inserted += must(session.bulk().insertFiles(files)).inserted;
    const double ms = msSince(start);
    if (inserted != rows.files.size())
        fail(QStringLiteral("inserted %1 of %2").arg(inserted).arg(rows.files.size()));
    return ms;
}

double totalsMs(Session &session, int repetitions)
{
    constexpr int kInner = 200;
    return medianMs(repetitions,
                    [&] {
                        for (int i = 0; i < kInner; ++i)
                            must(session.statistics().totals(CachePolicy::Bypass));
                    })
            / kInner;
}

double cachedTotalsMs(Session &session, int repetitions)
{
    must(session.statistics().totals());
    constexpr int kInner = 1'000'000;
    qint64 sink = 0;
    const double ms = medianMs(repetitions,
                               [&] {
                                   for (int i = 0; i < kInner; ++i)
                                       sink += session.statistics().totals()->files;
                               })
            / kInner;
    if (sink == 0)
        fail(QStringLiteral("no files"));
    return ms;
}

double lookupMs(Session &session, const QList<QByteArray> &ids, int lookups, int repetitions,
                qint64 *found)
{
    return medianMs(repetitions,
                    [&] {
                        for (int i = 0; i < lookups; ++i)
                            if (must(session.clients().get(ids.at(i % ids.size()))))
                                ++*found;
                    })
            / lookups;
}

double backupMs(Session &session, const QString &folder, int repetitions)
{
    BackupOptions options;
    options.verify = false;
    return medianMs(repetitions, [&] {
        const BackupInfo info = must(session.backups().backup(folder, options));
        QFile::remove(info.path);
        QFile::remove(info.path + QStringLiteral(".json"));
    });
}

double orphanScanMs(Session &session, int repetitions, qint64 *count)
{
    return medianMs(repetitions, [&] { *count = must(session.integrity().orphans()).first; });
}

double pageMs(Session &session, qint64 afterKey, int rows, int repetitions, qint64 *firstKey)
{
    FileQuery q;
    q.limit = rows;
    q.after.atStart = false;
    q.after.rowId = afterKey;
    return medianMs(repetitions, [&] {
        const Page<FileRecord> page = must(session.files().page(q));
        if (page.rows.isEmpty())
            fail(QStringLiteral("an empty page after row %1").arg(afterKey));
        *firstKey = page.rows.first().rowId;
    });
}

Measure poolCycle(ConnectionPool &pool, int repetitions)
{
    Measure m = Measure::ratio(QStringLiteral("pool_cycle"), 0.1);
    constexpr int kInner = 1'000'000;
    std::mutex mutex;
    std::condition_variable cv;
    int counter = 0;
    m.baselineMs = medianMs(repetitions,
                            [&] {
                                for (int i = 0; i < kInner; ++i) {
                                    std::unique_lock lock(mutex);
                                    ++counter;
                                    cv.notify_one();
                                }
                            })
            / kInner;
    m.projectMs = medianMs(repetitions,
                           [&] {
                               for (int i = 0; i < kInner; ++i) {
                                   auto lease = pool.acquire();
                                   if (!lease)
                                       fail(QStringLiteral("acquire failed"));
                               }
                           })
            / kInner;
    setRatio(m);
    m.note = QStringLiteral("%1 ns vs %2 ns per cycle")
                     .arg(m.projectMs * 1e6, 0, 'f', 0)
                     .arg(m.baselineMs * 1e6, 0, 'f', 0);
    return m;
}

} // namespace projectPath

Bench::Bench(const QString &folder, const Sizes &sizes)
    : EngineBench(sizes)
    , m_folder(folder)
{ }

Bench::~Bench() = default;

QString Bench::path(const QString &name) const
{
    return QDir(m_folder).filePath(name);
}

std::unique_ptr<Session> openSession(const QString &location)
{
    SessionOptions o;
    o.path = location;
    o.mode = OpenMode::CreateIfMissing;
    o.quickCheckOnOpen = false;
    o.pool.housekeepingInterval = Milliseconds(0);
    return must(Session::open(o));
}

Measure Bench::bulkInsert()
{
    Measure m = Measure::ratio(QStringLiteral("bulk_insert"), 1.0);
    const DemoRows rows = demoRows(m_sizes);
    std::vector<double> project, baseline;
    for (int rep = 0; rep < m_sizes.insertRepetitions; ++rep) {
        // Project: a fresh database through the core (schema, triggers, 1000 clients), then
        // the timed bulk insert of the files.
        const QString projectFile = path(QStringLiteral("project-%1.db").arg(rep));
        removeDatabase(projectFile);
        m_session.reset();
        auto session = openSession(projectFile);
        project.push_back(projectPath::bulkInsertMs(*session, rows));

        // Baseline: the same rows with one prepared INSERT in one transaction, same PRAGMAs.
        if (!m_sizes.insertBaseline) {
            m_session = std::move(session);
            m_projectPath = projectFile;
            break;
        }
        const QString rawFile = path(QStringLiteral("raw-%1.db").arg(rep));
        removeDatabase(rawFile);
        sqlite3 *h = openRaw(rawFile);
        must(sqlite::exec(h, QString::fromLatin1(kSchema)));
        {
            must(sqlite::exec(h, QStringLiteral("BEGIN")));
            auto c = must(sqlite::Statement::prepare(
                    h, QStringLiteral("INSERT INTO clients VALUES (?, ?, ?, ?, ?)")));
            for (const ClientRecord &cr : rows.clients) {
                c.bindBlob(1, cr.id);
                c.bindText(2, cr.name);
                c.bindBlob(3, cr.publicKey);
                c.bindText(4, cr.lastSeen);
                c.bindBlob(5, cr.aesKey);
                c.step();
                c.reset();
            }
            must(sqlite::exec(h, QStringLiteral("COMMIT")));
        }
        const auto start = Clock::now();
        {
            must(sqlite::exec(h, QStringLiteral("BEGIN")));
            auto s = must(sqlite::Statement::prepare(
                    h, QStringLiteral("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)")));
            for (const FileRecord &f : rows.files) {
                s.bindBlob(1, f.id);
                s.bindText(2, f.fileName);
                s.bindText(3, f.pathName);
                s.bindInt(4, f.verified ? 1 : 0);
                s.bindInt(5, *f.fileSize);
                s.bindText(6, f.modificationDate);
                s.bindInt(7, *f.crc);
                s.bindBlob(8, f.clientId);
                if (s.step() != SQLITE_DONE)
                    fail(QStringLiteral("raw insert failed"));
                s.reset();
            }
            s = sqlite::Statement();
            must(sqlite::exec(h, QStringLiteral("COMMIT")));
        }
        baseline.push_back(msSince(start));
        sqlite::closeNative(h);
        if (rep + 1 < m_sizes.insertRepetitions) {
            session.reset();
            removeDatabase(projectFile);
        } else {
            m_session = std::move(session);
            m_projectPath = projectFile;
        }
        removeDatabase(rawFile);
    }
    m.projectMs = median(project);
    m.baselineMs = baseline.empty() ? std::nan("") : median(baseline);
    setRatio(m);
    m.note = rowsPerSecondNote(m, m_sizes.files);
    return m;
}

Measure EngineBench::againstScan(Measure m, const std::function<double()> &projectMs)
{
    m.baselineMs = scanTotalsMs();
    m.projectMs = projectMs();
    setRatio(m);
    return m;
}

Measure EngineBench::statsTotals()
{
    return againstScan(Measure::ratio(QStringLiteral("stats_totals"), 300),
                       [&] { return projectPath::totalsMs(*m_session, m_sizes.repetitions); });
}

Measure EngineBench::statsCached()
{
    return againstScan(Measure::ratio(QStringLiteral("stats_cached"), 100000), [&] {
        return projectPath::cachedTotalsMs(*m_session, m_sizes.repetitions);
    });
}

Measure EngineBench::orphanScan()
{
    Measure m = Measure::ratio(QStringLiteral("orphan_scan"), 0.8);
    if (!m_orphansAdded)
        addOrphans();
    m_orphansAdded = true;
    qint64 projectCount = 0, rawCount = 0;
    m.projectMs = projectPath::orphanScanMs(*m_session, m_sizes.repetitions, &projectCount);
    m.baselineMs = rawOrphansMs(&rawCount);
    if (projectCount != rawCount || rawCount != m_sizes.orphans)
        fail(QStringLiteral("orphan counts differ (%1, %2)").arg(projectCount).arg(rawCount));
    setRatio(m);
    m.note = QStringLiteral("%1 orphans").arg(rawCount);
    return m;
}

Measure EngineBench::pageFetch()
{
    Measure m = Measure::ratio(QStringLiteral("page_fetch"), 10);
    const qint64 deep = m_sizes.files * 9 / 10;
    constexpr int kPage = 200;
    qint64 projectFirst = 0, rawFirst = 0;
    // The row keys (SQLite's rowid, PostgreSQL's row_id) run 1..N in insertion order.
    m.projectMs = projectPath::pageMs(*m_session, deep, kPage, m_sizes.repetitions, &projectFirst);
    m.baselineMs = offsetPageMs(deep, kPage, &rawFirst);
    if (projectFirst != rawFirst)
        fail(QStringLiteral("keyset and OFFSET pages differ (%1 vs %2)")
                     .arg(projectFirst)
                     .arg(rawFirst));
    setRatio(m);
    m.note = QStringLiteral("%1 rows after row %2").arg(kPage).arg(deep);
    return m;
}

Measure EngineBench::poolCycle()
{
    return projectPath::poolCycle(m_session->database().readers(), m_sizes.repetitions);
}

double Bench::scanTotalsMs() const
{
    sqlite3 *h = openRaw(m_projectPath);
    const double ms = medianMs(m_sizes.repetitions, [&] {
        auto s = must(sqlite::Statement::prepare(
                h,
                QStringLiteral("SELECT COUNT(*), SUM(FileSize), AVG(FileSize), SUM(Verified) FROM "
                               "files")));
        s.step();
    });
    sqlite::closeNative(h);
    return ms;
}

Measure Bench::pointLookup()
{
    Measure m = Measure::ratio(QStringLiteral("point_lookup"), 0.7);
    const QList<QByteArray> ids = demoClientIds(m_sizes.clients);
    constexpr int kInner = 100'000;
    sqlite3 *h = openRaw(m_projectPath);
    auto stmt = must(sqlite::Statement::prepare(
            h,
            QStringLiteral(
                    "SELECT ID, Name, PublicKey, LastSeen, AESKey FROM clients WHERE ID = ?")));
    qint64 found = 0;
    m.baselineMs = medianMs(m_sizes.repetitions,
                            [&] {
                                for (int i = 0; i < kInner; ++i) {
                                    stmt.bindBlob(1, ids.at(i % ids.size()));
                                    if (stmt.step() == SQLITE_ROW)
                                        ++found;
                                    stmt.reset();
                                }
                            })
            / kInner;
    stmt = sqlite::Statement();
    sqlite::closeNative(h);
    m.projectMs = projectPath::lookupMs(*m_session, ids, kInner, m_sizes.repetitions, &found);
    if (found != qint64(kInner) * 2 * m_sizes.repetitions)
        fail(QStringLiteral("point lookups missed rows"));
    setRatio(m);
    m.note = microsecondsNote(m);
    return m;
}

Measure Bench::backup()
{
    Measure m = Measure::ratio(QStringLiteral("backup"), 0.8);
    m.projectMs = projectPath::backupMs(*m_session, path(QStringLiteral("backups")),
                                        m_sizes.repetitions);
    sqlite3 *h = openRaw(m_projectPath);
    const QString target = path(QStringLiteral("raw-backup.db"));
    m.baselineMs = medianMs(m_sizes.repetitions, [&] {
        removeDatabase(target);
        sqlite3 *dest = nullptr;
        sqlite3_open(QFile::encodeName(target).constData(), &dest);
        sqlite3_backup *b = sqlite3_backup_init(dest, "main", h, "main");
        sqlite3_backup_step(b, -1);
        sqlite3_backup_finish(b);
        sqlite3_close(dest);
    });
    removeDatabase(target);
    sqlite::closeNative(h);
    setRatio(m);
    return m;
}

void Bench::addOrphans()
{
    DemoOptions demo;
    demo.orphans = m_sizes.orphans;
    must(demo::populate(m_session->database(), demo));
}

double Bench::rawOrphansMs(qint64 *count) const
{
    sqlite3 *h = openRaw(m_projectPath);
    const double ms = medianMs(m_sizes.repetitions, [&] {
        auto s = must(sqlite::Statement::prepare(
                h,
                QStringLiteral("SELECT f.rowid FROM files f WHERE NOT EXISTS (SELECT 1 FROM "
                               "clients c WHERE c.ID = f.ClientID)")));
        *count = 0;
        while (s.step() == SQLITE_ROW)
            ++*count;
    });
    sqlite::closeNative(h);
    return ms;
}

double Bench::offsetPageMs(qint64 offset, int rows, qint64 *firstKey) const
{
    sqlite3 *h = openRaw(m_projectPath);
    const double ms = medianMs(m_sizes.repetitions, [&] {
        auto s = must(sqlite::Statement::prepare(
                h,
                QStringLiteral("SELECT rowid, ID, FileName, PathName, Verified, FileSize, "
                               "ModificationDate, CRC, ClientID "
                               "FROM files ORDER BY rowid LIMIT %1 OFFSET %2")
                        .arg(rows)
                        .arg(offset)));
        bool first = true;
        while (s.step() == SQLITE_ROW) {
            if (first)
                *firstKey = sqlite3_column_int64(s.get(), 0);
            first = false;
        }
    });
    sqlite::closeNative(h);
    return ms;
}

Measure Bench::quickCheck()
{
    Measure m;
    m.name = QStringLiteral("quick_check");
    m.unit = QStringLiteral("ms");
    m.projectMs = medianMs(m_sizes.repetitions, [&] {
        must(m_session->integrity().check(IntegrityReport::Depth::Quick));
    });
    m.value = m.projectMs;
    return m;
}

QString Bench::releaseDatabase()
{
    m_session.reset();
    return m_projectPath;
}

} // namespace backupdb::bench
