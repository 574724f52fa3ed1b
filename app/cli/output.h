// The CLI's result: printed as "key: value" lines for people, or as one JSON object.
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>

namespace backupdb::cli {

class Output
{
public:
    explicit Output(bool json)
        : m_json(json)
    { }
    void set(const QString &key, const QJsonValue &value);
    void print() const; // to stdout
    bool json() const { return m_json; }

private:
    bool m_json;
    QList<QPair<QString, QJsonValue>> m_fields; // in the order they were set
};

// One clear line on stderr.
void printError(const QString &message);

} // namespace backupdb::cli
