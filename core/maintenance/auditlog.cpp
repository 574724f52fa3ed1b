#include "auditlog.h"

#include "../common/logging.h"

#include <QJsonDocument>
#include <pwd.h>
#include <unistd.h>

namespace backupdb {

QString AuditLog::osUser()
{
    if (const passwd *pw = getpwuid(geteuid()); pw && pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
    const QString env = qEnvironmentVariable("USER");
    return env.isEmpty() ? QStringLiteral("uid %1").arg(geteuid()) : env;
}

QString AuditLog::actorSql(const QString &user)
{
    QString literal = user.left(128);
    literal.replace(QLatin1Char('\''), QStringLiteral("''"));
    literal.remove(QChar(0));
    return QStringLiteral("CREATE TEMP TRIGGER IF NOT EXISTS bdba_audit_actor AFTER INSERT ON main.bdba_audit "
                          "WHEN NEW.os_user IS NULL BEGIN "
                          // SQLite forbids a qualified name inside a trigger body; unqualified, it
                          // resolves to main.bdba_audit (temp has no such table).
                          "UPDATE bdba_audit SET os_user = '%1' WHERE id = NEW.id; END")
            .arg(literal);
}

DbError AuditLog::record(const QString &action, const QJsonObject &details)
{
    const QString json = QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
    qCInfo(lcAudit).noquote() << action << json;
    const QString user = osUser();
    return m_db.write([&](ConnectionLease &lease) -> DbError {
        auto r = m_db.execute(lease, QStringLiteral("INSERT INTO bdba_audit (os_user, action, details) VALUES (?, ?, ?)"),
                              { user, action, json });
        return r ? DbError() : r.error();
    });
}

Result<QList<AuditEntry>> AuditLog::entries(const AuditQuery &query)
{
    if (query.limit < 1 || query.limit > 100000)
        return DbError::invalidInput(QStringLiteral("page size"), QStringLiteral("must be 1..100000"));
    QString sql = QStringLiteral("SELECT id, at, os_user, action, table_name, row_id, details FROM bdba_audit WHERE 1");
    QVariantList binds;
    if (query.beforeId > 0) {
        sql += QStringLiteral(" AND id < ?");
        binds.append(query.beforeId);
    }
    if (!query.action.isEmpty()) {
        sql += QStringLiteral(" AND action = ?");
        binds.append(query.action);
    }
    sql += QStringLiteral(" ORDER BY id DESC LIMIT ?");
    binds.append(query.limit);
    return m_db.read([&](ConnectionLease &lease) -> Result<QList<AuditEntry>> {
        QList<AuditEntry> list;
        if (DbError e = m_db.forEachRow(lease, sql, binds, [&](const QSqlQuery &q) {
                list.append({ q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                              q.value(4).toString(), q.value(5).toString(), q.value(6).toString() });
            }))
            return e;
        return list;
    });
}

Result<qint64> AuditLog::count()
{
    return m_db.read([&](ConnectionLease &lease) -> Result<qint64> {
        auto v = m_db.scalar(lease, QStringLiteral("SELECT COUNT(*) FROM bdba_audit"));
        if (!v)
            return v.error();
        return v->toLongLong();
    });
}

Result<qint64> AuditLog::prune(int keepDays)
{
    if (keepDays < 1)
        return DbError::invalidInput(QStringLiteral("audit retention"), QStringLiteral("must keep at least 1 day"));
    const QString cutoff = QDateTime::currentDateTimeUtc().addDays(-keepDays).toString(Qt::ISODateWithMs);
    qint64 total = 0;
    for (;;) {
        auto batch = m_db.write([&](ConnectionLease &lease) -> Result<qint64> {
            return m_db.execute(lease, QStringLiteral("DELETE FROM bdba_audit WHERE id IN "
                                                      "(SELECT id FROM bdba_audit WHERE at < ? ORDER BY id LIMIT 5000)"),
                                { cutoff });
        });
        if (!batch)
            return batch.error();
        total += batch.value();
        if (batch.value() < 5000)
            break;
    }
    if (total > 0)
        record(QStringLiteral("audit-prune"), { { QStringLiteral("deleted"), total }, { QStringLiteral("keep_days"), keepDays } });
    return total;
}

} // namespace backupdb
