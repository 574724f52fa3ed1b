#include "error.h"

namespace backupdb {

QString DbError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("none");
    case Kind::InvalidInput:
        return QStringLiteral("invalid input");
    case Kind::NotFound:
        return QStringLiteral("not found");
    case Kind::Constraint:
        return QStringLiteral("constraint violated");
    case Kind::Busy:
        return QStringLiteral("database busy");
    case Kind::Timeout:
        return QStringLiteral("query timeout");
    case Kind::Cancelled:
        return QStringLiteral("cancelled");
    case Kind::PoolTimeout:
        return QStringLiteral("connection pool timeout");
    case Kind::NotADatabase:
        return QStringLiteral("not a database");
    case Kind::Corrupt:
        return QStringLiteral("database corrupt");
    case Kind::ReadOnly:
        return QStringLiteral("read-only");
    case Kind::CannotOpen:
        return QStringLiteral("cannot open");
    case Kind::SchemaTooNew:
        return QStringLiteral("schema too new");
    case Kind::MigrationFailed:
        return QStringLiteral("migration failed");
    case Kind::Refused:
        return QStringLiteral("refused");
    case Kind::Io:
        return QStringLiteral("I/O error");
    case Kind::Sql:
        return QStringLiteral("SQL error");
    case Kind::Internal:
        return QStringLiteral("internal error");
    }
    return QString();
}

} // namespace backupdb
