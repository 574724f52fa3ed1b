#include "pgconnection.h"

#include <QSqlDriver>
#include <QVariant>
#include <libpq-fe.h>

namespace backupdb::pg {

pg_conn *nativeConnection(const QSqlDatabase &db)
{
    if (!db.isValid() || !db.isOpen() || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    // Qt 6.4 names the type after the struct behind libpq's typedef (pg_conn*).
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "pg_conn*") != 0
            && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}

Result<QMap<QString, QString>> parseConninfo(const QString &conninfo)
{
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(conninfo.toUtf8().constData(), &error);
    if (!options) {
        // libpq's message quotes no value, only the keyword or syntax it could not read.
        const QString why
                = error ? QString::fromUtf8(error).trimmed() : QStringLiteral("out of memory");
        PQfreemem(error);
        return DbError::invalidInput(QStringLiteral("conninfo"), why);
    }
    QMap<QString, QString> parameters;
    for (PQconninfoOption *o = options; o->keyword; ++o) {
        if (o->val)
            parameters.insert(QString::fromUtf8(o->keyword), QString::fromUtf8(o->val));
    }
    PQconninfoFree(options);
    return parameters;
}

QString formatConninfo(const QMap<QString, QString> &parameters)
{
    QStringList parts;
    for (auto it = parameters.cbegin(); it != parameters.cend(); ++it) {
        QString value = it.value();
        value.replace(u'\\', QLatin1String("\\\\")).replace(u'\'', QLatin1String("\\'"));
        parts << QStringLiteral("%1='%2'").arg(it.key(), value);
    }
    return parts.join(u' ');
}

Result<ToolConnection> toolConnection(const QString &conninfo, const QString &database)
{
    auto parsed = parseConninfo(conninfo);
    if (!parsed)
        return parsed.error();
    QMap<QString, QString> parameters = std::move(parsed).value();
    ToolConnection tool;
    tool.environment = QProcessEnvironment::systemEnvironment();
    const QString password = parameters.take(QStringLiteral("password"));
    // The child reads it from its environment (not visible in ps, unlike its arguments).
    if (!password.isEmpty())
        tool.environment.insert(QStringLiteral("PGPASSWORD"), password);
    if (!database.isEmpty())
        parameters.insert(QStringLiteral("dbname"), database);
    tool.conninfo = formatConninfo(parameters);
    return tool;
}

QString redactedConninfo(const QString &conninfo)
{
    auto parsed = parseConninfo(conninfo);
    if (!parsed)
        return QStringLiteral("(unreadable conninfo)"); // it may hold a password: not shown
    QMap<QString, QString> parameters = std::move(parsed).value();
    if (parameters.contains(QStringLiteral("password")))
        parameters.insert(QStringLiteral("password"), QStringLiteral("***"));
    return formatConninfo(parameters);
}

Result<QMap<QString, QString>> locationParameters(const QString &location)
{
    auto parameters = parseConninfo(location);
    if (!parameters)
        return parameters.error();
    if (parameters->contains(QStringLiteral("password")))
        return DbError::invalidInput(
                QStringLiteral("database address"),
                QStringLiteral("holds a password: give it to libpq in ~/.pgpass, a service file "
                               "or PGPASSWORD, so that it is never shown or saved"));
    return parameters;
}

} // namespace backupdb::pg
