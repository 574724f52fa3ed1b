// Where a PostgreSQL database is: a libpq connection string (a URI such as
// postgresql://user@host:5432/dbname, or key=value pairs such as "host=db port=5432 dbname=x"),
// parsed by libpq itself (PQconninfoParse), so that every form libpq accepts is accepted and
// nothing else. A password may come from libpq's own sources (~/.pgpass, PGPASSWORD, a service
// file); one written into the string is kept only in memory for the connection and is never
// part of redacted(), which is what logs, errors and output show.
// Thread-safety: a value type; parse() and all members may be called from any thread.
#pragma once

#include "../common/error.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace backupdb::pg {

class ConnectionSpec
{
public:
    // A usable spec, or InvalidInput (field "--to") saying what is wrong; the error message
    // never holds a password of the text, not even when libpq's own message quotes it.
    static Result<ConnectionSpec> parse(const QString &text);

    // The options that were given, as "keyword=value" pairs in libpq's order, with every
    // password replaced by "***": safe to log and to print.
    QString redacted() const;
    // The value of a keyword given in the string (empty when not given; never a password).
    QString value(const QString &keyword) const;
    // A password was written into the string (visible in the process list: say so).
    bool hasPassword() const;

    // The keyword/value pairs for PQconnectdbParams (passwords included).
    const QList<QPair<QByteArray, QByteArray>> &options() const { return m_options; }

    // Replaces every password-like part of `text` (the password of a URI's user info, a
    // password= option) in `message` with "***".
    static QString scrub(const QString &message, const QString &text);

private:
    QList<QPair<QByteArray, QByteArray>> m_options;
};

} // namespace backupdb::pg
