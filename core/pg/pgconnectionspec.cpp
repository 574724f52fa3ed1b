#include "pgconnectionspec.h"

#include <QRegularExpression>
#include <QUrl>
#include <libpq-fe.h>

namespace backupdb::pg {

namespace {

bool isSecret(const QByteArray &keyword)
{
    return keyword == "password" || keyword == "sslpassword";
}

// libpq's quoting of a value in a key=value string.
QString quoted(const QString &value)
{
    static const QRegularExpression plain(QStringLiteral("^[^\\s'\\\\]+$"));
    if (plain.match(value).hasMatch())
        return value;
    QString escaped = value;
    escaped.replace(u'\\', QLatin1String("\\\\")).replace(u'\'', QLatin1String("\\'"));
    return u'\'' + escaped + u'\'';
}

// The parts of a connection string that may be a password, found without parsing it (this
// only decides what to hide in an error message; libpq parses). A URI's user info ends at the
// first '@' before any '/', as libpq reads it; its password follows the first ':'.
QStringList secretsOf(const QString &text)
{
    QStringList secrets;
    static const QRegularExpression uri(QStringLiteral("^\\s*postgres(?:ql)?://([^@/]*)@"),
                                        QRegularExpression::CaseInsensitiveOption);
    const auto userInfo = uri.match(text);
    if (userInfo.hasMatch()) {
        const QString info = userInfo.captured(1);
        const qsizetype colon = info.indexOf(u':');
        if (colon >= 0 && colon + 1 < info.size())
            secrets << info.mid(colon + 1);
    }
    // password=... in a key=value string (quoted or not) or in a URI's query.
    static const QRegularExpression option(
            QStringLiteral(
                    "(?:^|[\\s?&])(?:ssl)?password\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'?|[^\\s&]+)"),
            QRegularExpression::CaseInsensitiveOption);
    for (auto it = option.globalMatch(text); it.hasNext();) {
        QString value = it.next().captured(1);
        if (value.startsWith(u'\'')) {
            value = value.mid(1);
            if (value.endsWith(u'\''))
                value.chop(1);
        }
        if (!value.isEmpty())
            secrets << value;
    }
    QStringList all;
    for (const QString &secret : std::as_const(secrets)) {
        all << secret;
        const QString decoded = QUrl::fromPercentEncoding(secret.toUtf8());
        if (decoded != secret)
            all << decoded;
    }
    // The longest first, so that a secret containing another is hidden whole.
    std::sort(all.begin(), all.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return all;
}

} // namespace

QString ConnectionSpec::scrub(const QString &message, const QString &text)
{
    QString scrubbed = message;
    for (const QString &secret : secretsOf(text))
        scrubbed.replace(secret, QStringLiteral("***"));
    return scrubbed;
}

Result<ConnectionSpec> ConnectionSpec::parse(const QString &text)
{
    const QString field = QStringLiteral("--to");
    if (text.trimmed().isEmpty())
        return DbError::invalidInput(
                field,
                QStringLiteral("no PostgreSQL database given (a libpq URI such as "
                               "postgresql://user@host:5432/dbname, or key=value pairs)"));
    char *error = nullptr;
    PQconninfoOption *parsed = PQconninfoParse(text.toUtf8().constData(), &error);
    if (!parsed) {
        QString message
                = error ? QString::fromUtf8(error).trimmed() : QStringLiteral("out of memory");
        if (error)
            PQfreemem(error);
        return DbError::invalidInput(
                field,
                QStringLiteral("not a PostgreSQL connection string: %1 (expected a libpq URI such "
                               "as postgresql://user@host:5432/dbname, or key=value pairs)")
                        .arg(scrub(message, text)));
    }
    ConnectionSpec spec;
    for (const PQconninfoOption *o = parsed; o->keyword; ++o)
        if (o->val)
            spec.m_options.append({ QByteArray(o->keyword), QByteArray(o->val) });
    PQconninfoFree(parsed);
    return spec;
}

QString ConnectionSpec::redacted() const
{
    QStringList parts;
    for (const auto &[keyword, value] : m_options)
        parts << QString::fromUtf8(keyword) + u'='
                        + (isSecret(keyword) ? QStringLiteral("***")
                                             : quoted(QString::fromUtf8(value)));
    return parts.isEmpty() ? QStringLiteral("(libpq's defaults)") : parts.join(u' ');
}

QString ConnectionSpec::value(const QString &keyword) const
{
    const QByteArray wanted = keyword.toUtf8();
    if (isSecret(wanted))
        return {};
    for (const auto &[k, v] : m_options)
        if (k == wanted)
            return QString::fromUtf8(v);
    return {};
}

bool ConnectionSpec::hasPassword() const
{
    for (const auto &option : m_options)
        if (isSecret(option.first) && !option.second.isEmpty())
            return true;
    return false;
}

} // namespace backupdb::pg
