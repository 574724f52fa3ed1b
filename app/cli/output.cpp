#include "output.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstdio>

namespace backupdb::cli {

void Output::set(const QString &key, const QJsonValue &value)
{
    for (auto &field : m_fields) {
        if (field.first == key) {
            field.second = value;
            return;
        }
    }
    m_fields.append({ key, value });
}

static QString human(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d, 'f', 3);
    }
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Null:
        return QStringLiteral("-");
    case QJsonValue::Array: {
        QStringList items;
        for (const QJsonValue &v : value.toArray())
            items.append(v.isObject() ? QString::fromUtf8(
                                 QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact))
                                      : human(v));
        return items.isEmpty() ? QStringLiteral("(none)")
                               : QStringLiteral("\n  ") + items.join(QStringLiteral("\n  "));
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    default:
        return QString();
    }
}

void Output::print() const
{
    if (m_json) {
        QJsonObject o;
        for (const auto &[key, value] : m_fields)
            o.insert(key, value);
        std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).constData(), stdout);
        std::fputs("\n", stdout);
    } else {
        for (const auto &[key, value] : m_fields)
            std::fputs(QStringLiteral("%1: %2\n").arg(key, human(value)).toUtf8().constData(),
                       stdout);
    }
    std::fflush(stdout);
}

void printError(const QString &message)
{
    std::fputs(QStringLiteral("backupdb-cli: %1\n").arg(message.simplified()).toUtf8().constData(),
               stderr);
    std::fflush(stderr);
}

} // namespace backupdb::cli
