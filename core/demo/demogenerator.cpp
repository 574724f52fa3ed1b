#include "demogenerator.h"

#include "../data/bulkinserter.h"
#include "../data/validation.h"
#include "../db/nativestatement.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>
#include <array>
#include <cmath>

namespace backupdb {

namespace {
quint64 splitmix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

enum Kind : quint64 {
    ClientKind = 1,
    FileKind = 2,
    OrphanKind = 3,
    OrphanClientKind = 4,
    KeyKind = 5
};

const std::array<const char *, 12> kRoles { "laptop", "ws",  "nas", "build", "mail", "web",
                                            "db",     "fin", "hr",  "lab",   "cad",  "kiosk" };
const std::array<const char *, 10> kSites { "berlin", "lyon",  "oslo", "porto", "graz",
                                            "leeds",  "turku", "brno", "basel", "ghent" };
const std::array<const char *, 14> kStems { "report",  "invoice",  "IMG",    "photo", "backup",
                                            "notes",   "contract", "budget", "scan",  "slides",
                                            "minutes", "design",   "export", "thesis" };
const std::array<const char *, 10> kExtensions { "pdf", "docx", "jpg", "png", "xlsx",
                                                 "txt", "zip",  "mp4", "csv", "odt" };
const std::array<const char *, 6> kFolders { "Documents", "Pictures", "Projects",
                                             "Desktop",   "Archive",  "Mail" };

QString isoAt(qint64 secondsSinceBase)
{
    static const QDateTime base(QDate(2025, 1, 1), QTime(0, 0), QTimeZone::utc());
    return base.addSecs(secondsSinceBase).toString(Qt::ISODate);
}
} // namespace

quint64 DemoGenerator::mix(quint64 kind, quint64 index) const
{
    return splitmix(splitmix(m_seed ^ (kind << 56)) ^ index);
}

QByteArray DemoGenerator::uuid(quint64 kind, quint64 index) const
{
    QByteArray bytes(16, Qt::Uninitialized);
    const quint64 a = mix(kind, index), b = splitmix(a);
    memcpy(bytes.data(), &a, 8);
    memcpy(bytes.data() + 8, &b, 8);
    bytes[6] = char((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = char((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
    return bytes;
}

QByteArray DemoGenerator::clientId(qint64 index) const
{
    return uuid(ClientKind, quint64(index));
}

ClientRecord DemoGenerator::client(qint64 index) const
{
    const quint64 r = mix(ClientKind + 16, quint64(index));
    ClientRecord c;
    c.id = clientId(index);
    c.name = QStringLiteral("%1-%2-%3")
                     .arg(QLatin1String(kRoles[r % kRoles.size()]),
                          QLatin1String(kSites[(r >> 8) % kSites.size()]))
                     .arg(index + 1, 4, 10, QLatin1Char('0'));
    // Mostly ISO-8601; some rows in the older formats real server files contain.
    const qint64 seconds = qint64((r >> 16) % (330ULL * 86400));
    const QDateTime at
            = QDateTime(QDate(2025, 1, 1), QTime(0, 0), QTimeZone::utc()).addSecs(seconds);
    switch ((r >> 40) % 20) {
    case 0:
        c.lastSeen = at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        break;
    case 1:
        c.lastSeen = QLocale::c().toString(at, QStringLiteral("ddd MMM d HH:mm:ss yyyy"));
        break;
    // Spelled out: with QTimeZone::utc() Qt 6.4's ISODate ends in "+00:00", not "Z", so
    // chopping one character off it would leave "+00:0".
    case 2:
        c.lastSeen
                = at.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss")) + QStringLiteral("+00:00Z");
        break;
    default:
        c.lastSeen = at.toString(Qt::ISODate);
        break;
    }
    QByteArray key(32, Qt::Uninitialized);
    for (int i = 0; i < 4; ++i) {
        const quint64 k = mix(KeyKind, quint64(index) * 8 + quint64(i));
        memcpy(key.data() + i * 8, &k, 8);
    }
    c.aesKey = key;
    c.publicKey = QByteArray(160, char(r & 0xff));
    for (int i = 0; i < 160; i += 8) {
        const quint64 k = mix(KeyKind + 1, quint64(index) * 32 + quint64(i));
        memcpy(c.publicKey.data() + i, &k, 8);
    }
    return c;
}

FileRecord DemoGenerator::file(qint64 index, const QByteArray &clientId) const
{
    const quint64 r = mix(FileKind + 16, quint64(index));
    FileRecord f;
    f.id = uuid(FileKind, quint64(index));
    f.clientId = clientId;
    const char *stem = kStems[r % kStems.size()];
    const char *ext = kExtensions[(r >> 8) % kExtensions.size()];
    f.fileName = QStringLiteral("%1_%2.%3")
                         .arg(QLatin1String(stem))
                         .arg(index + 1)
                         .arg(QLatin1String(ext));
    const bool windows = (quint8(clientId.at(0)) & 1) == 0;
    const char *folder = kFolders[(r >> 12) % kFolders.size()];
    f.pathName = windows
            ? QStringLiteral("received_files\\%1\\%2").arg(QLatin1String(folder), f.fileName)
            : QStringLiteral("/srv/backup/%1/%2").arg(QLatin1String(folder), f.fileName);
    f.verified = (r >> 20) % 100 < 86;
    // Log-uniform sizes from 100 bytes to about 1 GB.
    const double exponent = 2.0 + double((r >> 24) % 7000) / 1000.0;
    f.fileSize = qint64(std::pow(10.0, exponent));
    f.modificationDate = isoAt(qint64((r >> 36) % (330ULL * 86400)));
    f.crc = qint64((r >> 32) & 0xffffffffULL);
    return f;
}

FileRecord DemoGenerator::orphan(qint64 index) const
{
    FileRecord f = file(index, uuid(OrphanClientKind, quint64(index % 37)));
    f.id = uuid(OrphanKind, quint64(index));
    return f;
}

namespace demo {

Result<DemoSummary> populate(Database &database, const DemoOptions &options,
                             const std::function<bool(qint64, qint64)> &progress)
{
    if (options.clients < 0 || options.files < 0 || options.orphans < 0)
        return DbError::invalidInput(QStringLiteral("demo"),
                                     QStringLiteral("counts must not be negative"));
    if (options.batchSize < 1)
        return DbError::invalidInput(QStringLiteral("demo batch size"),
                                     QStringLiteral("must be positive"));
    if (options.orphans > 0 && !database.engine().capabilities().uncheckedWrites)
        return DbError::invalidInput(
                QStringLiteral("demo orphans"),
                QStringLiteral("%1 enforces the files' foreign key, so no orphaned file records "
                               "can be written; nothing was written")
                        .arg(database.engine().name()));
    const DemoGenerator generator(options.seed);
    BulkInserter bulk(database);
    DemoSummary summary;
    const qint64 total = options.clients + options.files + options.orphans;
    qint64 done = 0;

    // Extend rather than collide: continue the indexes after what is there. The highest row key,
    // not COUNT(*): after a client was deleted the count would point at an index still in use.
    auto counters = database.read([&](ConnectionLease &lease) -> Result<QPair<qint64, qint64>> {
        auto c = database.scalar(lease,
                                 QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM clients")
                                         .arg(database.rowKey()));
        if (!c)
            return c.error();
        auto f = database.scalar(lease,
                                 QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM files")
                                         .arg(database.rowKey()));
        if (!f)
            return f.error();
        return qMakePair(c->toLongLong(), f->toLongLong());
    });
    if (!counters)
        return counters.error();
    const qint64 firstClient = counters->first;
    const qint64 firstFile = counters->second;

    for (qint64 start = 0; start < options.clients; start += options.batchSize) {
        QList<ClientRecord> batch;
        for (qint64 i = start; i < std::min(options.clients, start + options.batchSize); ++i)
            batch.append(generator.client(firstClient + i));
        auto r = bulk.insertClients(batch);
        if (!r)
            return r.error();
        summary.clientsAdded += r->inserted;
        done += batch.size();
        if (progress && !progress(done, total))
            return summary;
    }

    if (options.files > 0) {
        QList<QByteArray> owners;
        auto ids = database.read([&](ConnectionLease &lease) -> DbError {
            return database.forEachRow(
                    lease, QStringLiteral("SELECT ID FROM clients ORDER BY %1").arg(database.rowKey()), {},
                    [&](const QSqlQuery &q) { owners.append(q.value(0).toByteArray()); });
        });
        if (ids)
            return ids;
        if (owners.isEmpty())
            return DbError::invalidInput(QStringLiteral("demo files"),
                                         QStringLiteral("there are no clients to own them"));
        for (qint64 start = 0; start < options.files; start += options.batchSize) {
            QList<FileRecord> batch;
            for (qint64 i = start; i < std::min(options.files, start + options.batchSize); ++i) {
                const qint64 index = firstFile + i;
                // Uneven spread: some clients have many files, some few.
                const quint64 h = splitmix(quint64(index) ^ options.seed);
                const qsizetype owner
                        = qsizetype((h % quint64(owners.size())) * ((h >> 32) % 4 + 1) / 4);
                batch.append(generator.file(index, owners.at(owner)));
            }
            auto r = bulk.insertFiles(batch);
            if (!r)
                return r.error();
            summary.filesAdded += r->inserted;
            done += batch.size();
            if (progress && !progress(done, total))
                return summary;
        }
    }

    if (options.orphans > 0) {
        // The way the original server left them: a connection with foreign keys off.
        const Engine &engine = database.engine();
        DbError error = engine.writeUnchecked(database.path(), [&](NativeHandle h) -> DbError {
            auto stmt = NativeStatement::prepare(
                    engine, h,
                    QStringLiteral("INSERT OR IGNORE INTO files (ID, FileName, PathName, "
                                   "Verified, FileSize, ModificationDate, CRC, ClientID) VALUES "
                                   "(?, ?, ?, ?, ?, ?, ?, ?)"));
            if (!stmt)
                return stmt.error();
            NativeBinds binds = stmt->binds();
            for (qint64 i = 0; i < options.orphans; ++i) {
                const FileRecord f = generator.orphan(firstFile + options.files + i);
                binds.bindBlob(1, f.id);
                binds.bindText(2, f.fileName);
                binds.bindText(3, f.pathName);
                binds.bindInt(4, f.verified);
                binds.bindInt(5, *f.fileSize);
                binds.bindText(6, f.modificationDate);
                binds.bindInt(7, *f.crc);
                binds.bindBlob(8, f.clientId);
                if (stmt->step() != NativeStep::Done)
                    return engine.lastError(h, QStringLiteral("writing orphaned rows"));
                summary.orphansAdded += engine.changes(h);
                stmt->reset();
            }
            return DbError(); // the statement is finalized here, before the COMMIT
        });
        if (error)
            return error;
        database.noteWrite();
        done += options.orphans;
        if (progress)
            progress(done, total);
    }
    database.noteContentChanged(QStringLiteral("demo data written"));
    return summary;
}

} // namespace demo
} // namespace backupdb
