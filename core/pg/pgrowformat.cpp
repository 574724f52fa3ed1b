#include "pgrowformat.h"

#include "../data/timestamps.h"

#include <QDateTime>
#include <QVariant>
#include <QtEndian>
#include <cmath>

namespace backupdb::pg {

namespace {

// COPY's text format: backslash, newline, carriage return and tab are escaped; \N is NULL.
void appendText(QByteArray &line, const CanonicalField &value)
{
    if (!line.isEmpty())
        line += '\t';
    if (!value) {
        line += "\\N";
        return;
    }
    line.reserve(line.size() + value->size());
    for (const char c : *value) {
        switch (c) {
        case '\\':
            line += "\\\\";
            break;
        case '\n':
            line += "\\n";
            break;
        case '\r':
            line += "\\r";
            break;
        case '\t':
            line += "\\t";
            break;
        default:
            line += c;
        }
    }
}

// bytea's hex input form, its backslash escaped for COPY.
void appendBytea(QByteArray &line, const CanonicalField &value)
{
    if (!line.isEmpty())
        line += '\t';
    if (!value) {
        line += "\\N";
        return;
    }
    line += "\\\\x";
    line += value->toHex();
}

QString rowName(const QString &table, const QVariant &id)
{
    const QByteArray bytes = id.toByteArray();
    return QStringLiteral("%1 row %2").arg(table, QString::fromLatin1(bytes.toHex().toUpper()));
}

CanonicalField bytesOf(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    if (v.typeId() == QMetaType::QByteArray)
        return v.toByteArray();
    return v.toString().toUtf8();
}

CanonicalField textOf(const QVariant &v)
{
    return bytesOf(v);
}

// SQLite's INTEGER is 64 bits; a REAL holding a whole number or a text of one is taken as it,
// anything else is refused rather than changed.
Result<CanonicalField> integerOf(const QVariant &v, const QString &row, const char *column)
{
    if (v.isNull())
        return CanonicalField();
    bool ok = false;
    qint64 n = 0;
    switch (v.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::ULongLong:
        n = v.toLongLong(&ok);
        break;
    case QMetaType::Double: {
        // Range first: converting a double outside qint64's range is undefined.
        const double d = v.toDouble();
        ok = std::isfinite(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0
                && std::trunc(d) == d;
        n = ok ? qint64(d) : 0;
        break;
    }
    default:
        n = v.toString().trimmed().toLongLong(&ok);
    }
    if (!ok)
        return DbError(DbError::Kind::InvalidInput,
                       QStringLiteral("%1: %2 is \"%3\", not a whole number; PostgreSQL's bigint "
                                      "column cannot hold it")
                               .arg(row, QLatin1String(column), v.toString().left(40)));
    return CanonicalField(QByteArray::number(n));
}

// Verified counts as true when it is non-zero (SQLite's counters count Verified != 0).
Result<CanonicalField> booleanOf(const QVariant &v, const QString &row)
{
    if (v.isNull())
        return CanonicalField();
    switch (v.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::ULongLong:
        return CanonicalField(v.toLongLong() != 0 ? "t" : "f");
    case QMetaType::Double:
        return CanonicalField(v.toDouble() != 0 ? "t" : "f");
    default:
        return DbError(DbError::Kind::InvalidInput,
                       QStringLiteral("%1: Verified is \"%2\", not 0 or 1; correct the row "
                                      "before the move")
                               .arg(row, v.toString().left(40)));
    }
}

struct MappedDate
{
    CanonicalField milliseconds; // canonical form of the timestamptz column
    CanonicalField iso; // what COPY writes into it
    CanonicalField unparsed; // the server's text, when it is no date the app can read
};

MappedDate dateOf(const QVariant &v)
{
    MappedDate d;
    if (v.isNull())
        return d;
    const QString text = v.toString();
    const auto parsed = timestamps::parse(text);
    // Years outside 1..9999 have no plain ISO-8601 form that both sides write alike: kept as
    // text, like any other date that cannot be read.
    if (parsed && parsed->date().year() >= 1 && parsed->date().year() <= 9999) {
        const QDateTime utc = parsed->toUTC();
        d.milliseconds = QByteArray::number(utc.toMSecsSinceEpoch());
        d.iso = utc.toString(Qt::ISODateWithMs).toLatin1();
    } else {
        d.unparsed = textOf(v);
    }
    return d;
}

Result<MappedRow> mapClient(const QSqlQuery &q)
{
    const QString row = rowName(QStringLiteral("clients"), q.value(0));
    const MappedDate lastSeen = dateOf(q.value(3));
    if (!lastSeen.milliseconds && !lastSeen.unparsed)
        return DbError(DbError::Kind::InvalidInput,
                       QStringLiteral("%1: LastSeen is NULL, which the schema does not allow; "
                                      "correct the row before the move")
                               .arg(row));
    MappedRow m;
    m.canonical = { bytesOf(q.value(0)),   textOf(q.value(1)), bytesOf(q.value(2)),
                    lastSeen.milliseconds, lastSeen.unparsed,  bytesOf(q.value(4)) };
    m.unparsedDate = lastSeen.unparsed.has_value();
    appendBytea(m.copyLine, m.canonical[0]);
    appendText(m.copyLine, m.canonical[1]);
    appendBytea(m.copyLine, m.canonical[2]);
    appendText(m.copyLine, lastSeen.iso);
    appendText(m.copyLine, lastSeen.unparsed);
    appendBytea(m.copyLine, m.canonical[5]);
    m.copyLine += '\n';
    return m;
}

Result<MappedRow> mapFile(const QSqlQuery &q)
{
    const QString row = rowName(QStringLiteral("files"), q.value(0));
    auto verified = booleanOf(q.value(3), row);
    if (!verified)
        return verified.error();
    auto size = integerOf(q.value(4), row, "FileSize");
    if (!size)
        return size.error();
    auto crc = integerOf(q.value(6), row, "CRC");
    if (!crc)
        return crc.error();
    const MappedDate modified = dateOf(q.value(5));
    MappedRow m;
    m.canonical = { bytesOf(q.value(0)), textOf(q.value(1)), textOf(q.value(2)),
                    verified.value(),    size.value(),       modified.milliseconds,
                    modified.unparsed,   crc.value(),        bytesOf(q.value(7)) };
    m.unparsedDate = modified.unparsed.has_value();
    appendBytea(m.copyLine, m.canonical[0]);
    appendText(m.copyLine, m.canonical[1]);
    appendText(m.copyLine, m.canonical[2]);
    appendText(m.copyLine, m.canonical[3]);
    appendText(m.copyLine, m.canonical[4]);
    appendText(m.copyLine, modified.iso);
    appendText(m.copyLine, modified.unparsed);
    appendText(m.copyLine, m.canonical[7]);
    appendBytea(m.copyLine, m.canonical[8]);
    m.copyLine += '\n';
    return m;
}

} // namespace

const QList<TableFormat> &serverTables()
{
    using R = ReadBack;
    static const QList<TableFormat> tables {
        { QStringLiteral("clients"),
          QStringLiteral("SELECT ID, Name, PublicKey, LastSeen, AESKey FROM clients ORDER BY ID"),
          "COPY clients (id, name, publickey, lastseen, lastseen_unparsed, aeskey) FROM STDIN",
          // extract(epoch ...) is numeric (exact) since PostgreSQL 14: no rounding of the ms.
          "SELECT id, name, publickey, (extract(epoch FROM lastseen) * 1000)::bigint, "
          "lastseen_unparsed, aeskey FROM clients ORDER BY id",
          { R::Bytea, R::Plain, R::Bytea, R::Plain, R::Plain, R::Bytea },
          mapClient },
        { QStringLiteral("files"),
          QStringLiteral("SELECT ID, FileName, PathName, Verified, FileSize, ModificationDate, "
                         "CRC, ClientID FROM files ORDER BY ID"),
          "COPY files (id, filename, pathname, verified, filesize, modificationdate, "
          "modificationdate_unparsed, crc, clientid) FROM STDIN",
          "SELECT id, filename, pathname, verified, filesize, "
          "(extract(epoch FROM modificationdate) * 1000)::bigint, modificationdate_unparsed, "
          "crc, clientid FROM files ORDER BY id",
          { R::Bytea, R::Plain, R::Plain, R::Plain, R::Plain, R::Plain, R::Plain, R::Plain,
            R::Bytea },
          mapFile },
    };
    return tables;
}

CanonicalRow canonicalFromTarget(const QList<ReadBack> &readBack,
                                 const QList<std::optional<QByteArray>> &values)
{
    CanonicalRow row;
    row.reserve(values.size());
    for (qsizetype i = 0; i < values.size(); ++i) {
        const auto &v = values[i];
        if (!v)
            row.append(std::nullopt);
        else if (readBack.value(i) == ReadBack::Bytea && v->startsWith("\\x"))
            row.append(QByteArray::fromHex(v->mid(2)));
        else
            row.append(*v);
    }
    return row;
}

void RowHasher::addRow(const CanonicalRow &row)
{
    // Each field as a presence byte and, when present, its length and bytes: unambiguous.
    for (const CanonicalField &field : row) {
        if (!field) {
            m_hash.addData(QByteArrayView("\0", 1));
            continue;
        }
        char header[5] = { '\1' };
        qToBigEndian(quint32(field->size()), header + 1);
        m_hash.addData(QByteArrayView(header, 5));
        m_hash.addData(*field);
    }
}

} // namespace backupdb::pg
