#include "pgstatement.h"

#include "pginterrupt.h"

#include "../pg/pgerrors.h"

#include <QVariant>
#include <algorithm>
#include <vector>

namespace backupdb::pgstatement {

namespace {

// libpq keeps both in the PGresult, which the statement clears.
thread_local qint64 t_changes = 0;
thread_local DbError t_lastError;


} // namespace

qint64 lastChanges()
{
    return t_changes;
}

const DbError &lastError()
{
    return t_lastError;
}

void settle(PGconn *conn)
{
    if (PQtransactionStatus(conn) != PQTRANS_ACTIVE)
        return;
    while (PGresult *r = PQgetResult(conn))
        PQclear(r);
}

ResultPtr once(PGconn *conn, DbError *error, const std::function<PGresult *()> &f)
{
    for (int attempt = 0;; ++attempt) {
        settle(conn);
        ResultPtr r(f());
        *error = pg::fromPgResult(r.get(), QString::fromUtf8(PQerrorMessage(conn)));
        if (!*error || attempt == 1 || !pg::isStaleCancel(conn, pg::sqlStateOf(*error)))
            return r;
    }
}

ResultPtr run(PGconn *conn, const QString &sql, DbError *error)
{
    const QByteArray text = sql.toUtf8();
    ResultPtr r = once(conn, error, [&] { return PQexec(conn, text.constData()); });
    t_lastError = *error;
    t_changes = (!*error && r) ? QByteArray(PQcmdTuples(r.get())).toLongLong() : 0;
    return r;
}

QString numberedParameters(const QString &sql, int *count)
{
    QString out;
    out.reserve(sql.size() + 16);
    int n = 0;
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql[i];
        if (c == u'\'' || c == u'"') {
            const qsizetype end = sql.indexOf(c, i + 1);
            const qsizetype stop = end < 0 ? sql.size() : end + 1;
            out += QStringView(sql).mid(i, stop - i);
            i = stop - 1;
        } else if (c == u'-' && i + 1 < sql.size() && sql[i + 1] == u'-') {
            const qsizetype end = sql.indexOf(u'\n', i);
            const qsizetype stop = end < 0 ? sql.size() : end;
            out += QStringView(sql).mid(i, stop - i);
            i = stop - 1;
        } else if (c == u'?') {
            // ?NNN names a parameter by number (SQLite's form), a bare ? the next one.
            qsizetype digits = i + 1;
            while (digits < sql.size() && sql[digits].isDigit())
                ++digits;
            if (digits > i + 1) {
                const int number = QStringView(sql).mid(i + 1, digits - i - 1).toInt();
                n = std::max(n, number);
                out += u'$' + QString::number(number);
                i = digits - 1;
            } else {
                out += u'$' + QString::number(++n);
            }
        } else {
            out += c;
        }
    }
    *count = n;
    return out;
}

namespace {

// A statement prepared on the server under a name of its own, its parameters bound as text
// (bytea in binary), its rows read as text.
class PgCursor final : public NativeCursor
{
public:
    PgCursor(PGconn *conn, QByteArray name, int parameters)
        : m_conn(conn)
        , m_name(std::move(name))
        , m_values(parameters)
        , m_null(parameters, true)
        , m_binary(parameters, false)
    { }
    ~PgCursor() override
    {
        m_result.reset();
        // Statements are cleared before their connection closes (NativeStatementCache).
        if (PQstatus(m_conn) == CONNECTION_OK)
            PQclear(PQexec(m_conn, ("DEALLOCATE " + m_name).constData()));
    }

    void bindBlob(int index, const QByteArray &value) override { set(index, value, true); }
    void bindBlobNoCopy(int index, const QByteArray &value) override { set(index, value, true); }
    void bindText(int index, const QString &value) override
    {
        set(index, value.toUtf8(), false);
    }
    void bindInt(int index, qint64 value) override
    {
        set(index, QByteArray::number(value), false);
    }
    void bindNull(int index) override
    {
        if (index >= 1 && index <= int(m_values.size()))
            m_null[index - 1] = true;
    }
    void bindVariant(int index, const QVariant &value) override
    {
        if (value.isNull())
            bindNull(index);
        else if (value.typeId() == QMetaType::QByteArray)
            bindBlob(index, value.toByteArray());
        else if (value.typeId() == QMetaType::Bool)
            set(index, value.toBool() ? QByteArrayLiteral("t") : QByteArrayLiteral("f"), false);
        else
            bindText(index, value.toString());
    }

    NativeStep step() override
    {
        if (!m_result) {
            const int n = int(m_values.size());
            std::vector<const char *> values(n);
            std::vector<int> lengths(n), formats(n);
            for (int i = 0; i < n; ++i) {
                values[i] = m_null[i] ? nullptr : m_values[i].constData();
                lengths[i] = int(m_values[i].size());
                formats[i] = m_binary[i] ? 1 : 0;
            }
            DbError error;
            m_result = once(m_conn, &error, [&] {
                return PQexecPrepared(m_conn, m_name.constData(), n, values.data(), lengths.data(),
                                      formats.data(), 0);
            });
            t_lastError = error;
            if (error) {
                m_result.reset();
                m_failed = true;
                return NativeStep::Failed;
            }
            t_changes = QByteArray(PQcmdTuples(m_result.get())).toLongLong();
            m_rows = PQresultStatus(m_result.get()) == PGRES_TUPLES_OK ? PQntuples(m_result.get())
                                                                       : 0;
            m_row = -1;
        }
        if (m_failed)
            return NativeStep::Failed;
        return ++m_row < m_rows ? NativeStep::Row : NativeStep::Done;
    }
    qint64 int64(int column) const override
    {
        const char *v = value(column);
        if (!v)
            return 0;
        if (v[0] == 't' && v[1] == '\0')
            return 1; // a boolean, as SQLite stores it
        if (v[0] == 'f' && v[1] == '\0')
            return 0;
        return QByteArray(v).toLongLong();
    }
    QString text(int column) const override { return QString::fromUtf8(value(column)); }
    QByteArray blob(int column) const override
    {
        const char *v = value(column);
        if (!v)
            return QByteArray();
        size_t length = 0;
        unsigned char *bytes = PQunescapeBytea(reinterpret_cast<const unsigned char *>(v), &length);
        QByteArray out(reinterpret_cast<const char *>(bytes), qsizetype(length));
        PQfreemem(bytes);
        return out;
    }
    bool isNull(int column) const override
    {
        return !m_result || m_row < 0 || m_row >= m_rows
                || PQgetisnull(m_result.get(), m_row, column);
    }
    void reset() override
    {
        m_result.reset();
        m_failed = false;
        m_rows = 0;
        m_row = -1;
    }

private:
    void set(int index, const QByteArray &value, bool binary)
    {
        if (index < 1 || index > int(m_values.size()))
            return;
        m_values[index - 1] = value;
        m_null[index - 1] = false;
        m_binary[index - 1] = binary;
    }
    const char *value(int column) const
    {
        if (isNull(column))
            return nullptr;
        return PQgetvalue(m_result.get(), m_row, column);
    }

    PGconn *m_conn;
    QByteArray m_name;
    std::vector<QByteArray> m_values;
    std::vector<bool> m_null, m_binary;
    ResultPtr m_result;
    int m_rows = 0;
    int m_row = -1;
    bool m_failed = false;
};

} // namespace

std::unique_ptr<NativeCursor> makeCursor(PGconn *conn, QByteArray name, int parameters)
{
    return std::make_unique<PgCursor>(conn, std::move(name), parameters);
}

} // namespace backupdb::pgstatement
