#include "pgtestdata.h"

#include <QSqlError>
#include <QSqlQuery>

namespace backupdb::test {

namespace {

QByteArray id16(char kind, int n)
{
    QByteArray id(16, '\0');
    id[0] = kind;
    id[12] = char((n >> 24) & 0xff);
    id[13] = char((n >> 16) & 0xff);
    id[14] = char((n >> 8) & 0xff);
    id[15] = char(n & 0xff);
    return id;
}

} // namespace

QByteArray pgClientId(int n)
{
    return id16('\xc1', n);
}
QByteArray pgFileId(int n)
{
    return id16('\xf1', n);
}

QString byteaLiteral(const QByteArray &bytes)
{
    return QStringLiteral("'\\x%1'::bytea").arg(QString::fromLatin1(bytes.toHex()));
}

QByteArray pgAesKey(quint8 seed)
{
    QByteArray key(32, Qt::Uninitialized);
    for (int i = 0; i < key.size(); ++i)
        key[i] = char(quint8(seed * 31 + i * 7 + 0x5a));
    return key;
}

QString execOrError(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return QStringLiteral("%1: %2").arg(sql, q.lastError().text());
    return {};
}

QVariant scalar(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return QVariant();
    return q.value(0);
}

QStringList pgSeedStatements()
{
    static const QStringList statements = [] {
        QStringList s;
        for (int c = 1; c <= 3; ++c)
            s << QStringLiteral("INSERT INTO clients (id, name, lastseen, aeskey, publickey) "
                                "VALUES (%1, 'client-%2', '2025-01-%2T10:00:00Z', %3, %4)")
                            .arg(byteaLiteral(pgClientId(c)))
                            .arg(c)
                            .arg(byteaLiteral(pgAesKey(quint8(c))),
                                 byteaLiteral(QByteArray(160, char(c))));
        const char *verified[] = { "true", "false", "NULL" };
        for (int f = 1; f <= 12; ++f)
            s << QStringLiteral("INSERT INTO files (id, filename, pathname, verified, filesize, "
                                "modificationdate, crc, clientid) VALUES (%1, 'file-%2', "
                                "'/data/%2', %3, %4, '2025-02-01T00:00:00Z', %5, %6)")
                            .arg(byteaLiteral(pgFileId(f)))
                            .arg(f)
                            .arg(QLatin1String(verified[f % 3]),
                                 f % 4 == 0 ? QStringLiteral("NULL")
                                            : QString::number(qint64(f) * 1000003))
                            .arg(f * 17)
                            .arg(byteaLiteral(pgClientId(1 + f % 3)));
        return s;
    }();
    return statements;
}

bool pgSeed(QSqlDatabase db)
{
    for (const QString &statement : pgSeedStatements()) {
        const QString error = execOrError(db, statement);
        if (!error.isEmpty()) {
            qWarning("%s", qPrintable(error));
            return false;
        }
    }
    return true;
}

QString pgCounterMismatch(QSqlDatabase db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral(
                "SELECT c.clients, (SELECT COUNT(*) FROM clients), "
                "c.files, a.files, c.total_size, a.total_size, c.sized_files, a.sized_files, "
                "c.verified, a.verified "
                "FROM bdba_counters c, (SELECT COUNT(*) AS files, COALESCE(SUM(filesize), 0) AS "
                "total_size, COUNT(filesize) AS sized_files, COUNT(*) FILTER (WHERE verified) AS "
                "verified FROM files) a WHERE c.id = 1"))
        || !q.next())
        return QStringLiteral("reading the counters: %1").arg(q.lastError().text());
    const char *names[] = { "clients", "files", "total_size", "sized_files", "verified" };
    QStringList differences;
    for (int i = 0; i < 5; ++i)
        if (q.value(2 * i).toLongLong() != q.value(2 * i + 1).toLongLong())
            differences << QStringLiteral("%1: counter %2, real %3")
                                   .arg(QLatin1String(names[i]))
                                   .arg(q.value(2 * i).toLongLong())
                                   .arg(q.value(2 * i + 1).toLongLong());
    // Per client: the symmetric difference of the totals and the real aggregates.
    if (!q.exec(QStringLiteral(
                "WITH real AS (SELECT clientid AS client_id, COUNT(*) AS files, "
                "COALESCE(SUM(filesize), 0) AS total_size, COUNT(*) FILTER (WHERE verified) AS "
                "verified FROM files GROUP BY clientid), "
                "kept AS (SELECT client_id, files, total_size, verified FROM bdba_client_totals) "
                "SELECT encode(client_id, 'hex'), files, total_size, verified, 'kept' FROM "
                "(SELECT * FROM kept EXCEPT ALL SELECT * FROM real) k "
                "UNION ALL SELECT encode(client_id, 'hex'), files, total_size, verified, 'real' "
                "FROM (SELECT * FROM real EXCEPT ALL SELECT * FROM kept) r")))
        return QStringLiteral("reading the client totals: %1").arg(q.lastError().text());
    while (q.next())
        differences << QStringLiteral("client %1 %5: files %2 size %3 verified %4")
                               .arg(q.value(0).toString())
                               .arg(q.value(1).toLongLong())
                               .arg(q.value(2).toLongLong())
                               .arg(q.value(3).toLongLong())
                               .arg(q.value(4).toString());
    return differences.join(QStringLiteral("; "));
}

} // namespace backupdb::test
