// The audit log (M6): reading it, and recording maintenance actions. Row changes are recorded
// by triggers (resources/sql/0004_audit.sql); on BackupDB Admin's own read-write connections a
// TEMP trigger (actorSql()) stamps them with the operating-system user.
// Thread-safety: all members may be called from any thread.
#pragma once

#include "../data/database.h"

#include <QDateTime>
#include <QJsonObject>

namespace backupdb {

struct AuditEntry
{
    qint64 id = 0;
    QString at; // ISO-8601 UTC
    QString osUser; // empty: another program (normally the backup server)
    QString action;
    QString table;
    QString rowId;
    QString details; // JSON
};

struct AuditQuery
{
    qint64 beforeId = 0; // 0 = newest first page
    int limit = 200;
    QString action; // empty = all
};

class AuditLog
{
public:
    explicit AuditLog(Database &database) : m_db(database) { }

    // Records a maintenance action (backup, restore, orphan-cleanup, vacuum, ...).
    DbError record(const QString &action, const QJsonObject &details);
    // Newest first; page on with beforeId = the last entry's id.
    Result<QList<AuditEntry>> entries(const AuditQuery &query = {});
    Result<qint64> count();
    // Deletes entries older than the given number of days (bounded batches).
    Result<qint64> prune(int keepDays);

    static QString osUser();
    // SQL that makes a connection stamp its audit rows with user (TEMP trigger, this connection only).
    static QString actorSql(const QString &user);

private:
    Database &m_db;
};

} // namespace backupdb
