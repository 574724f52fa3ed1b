// The case tables of the bad input battery (tst_badinput): malformed values for the core API,
// database paths and CLI invocations, and the helpers that build them.

#pragma once

#include "reliability.h"
#include "testsupport.h"

#include "data/identifiers.h"
#include "data/validation.h"
#include "db/sqlitenative.h"
#include "demo/demogenerator.h"

#include <QDir>
#include <QFile>
#include <QTest>
#include <QUuid>
#include <functional>
#include <sqlite3.h>

using namespace backupdb;
using K = DbError::Kind;

namespace badinput {

struct CoreCase
{
    QString tag;
    std::function<DbError(Session &)> run;
    K kind;
    QString needle; // the field or file the message must name
};

template<typename T> DbError errorOf(const Result<T> &r)
{
    return r.ok() ? DbError() : r.error();
}

QString goodUuid();
ClientRecord goodClient(int i = 0);
FileRecord goodFile(const QByteArray &clientId);
const QStringList &injections();
QList<QVariant> badUuids();
QList<QPair<QString, QString>> badNames(); // (tag, value)
QStringList badDates();
QList<QPair<QString, QByteArray>> invalidUtf8();
QList<CoreCase> coreCases();

// --- database paths --------------------------------------------------------------------------

struct PathCase
{
    QString tag;
    std::function<QString(const QString &dir, const QString &good)> make; // returns the path
    QList<K> kinds; // acceptable kinds
    bool namesFile = true; // the message must name the file (else the field "database path")
};

void copyPrefix(const QString &from, const QString &to, qint64 bytes);
void overwrite(const QString &path, qint64 offset, const QByteArray &bytes);
QList<PathCase> pathCases();
QByteArray hashOf(const QString &path);

// --- CLI -------------------------------------------------------------------------------------

struct CliCase
{
    QString tag;
    QStringList args; // %DB% is replaced by the database, %DIR% by the temp folder
    int exitCode;
    QString needle; // stderr must contain it
};

QList<CliCase> cliCases();

} // namespace badinput
