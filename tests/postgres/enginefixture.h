// What the suites that run each test once per engine share (tst_engines, tst_enginebackups,
// tst_enginebulk): the data rows "SQLite" and "PostgreSQL", and a fresh database of the engine
// the running row names.
// Thread-safety: the test's thread.
#pragma once

#include "pgtestdatabase.h"

#include <QTemporaryDir>
#include <QTest>

namespace backupdb::test {

// The rows of an _data function: QFETCH(QString, engine) then names the engine.
inline void engineRows()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("SQLite") << QStringLiteral("SQLite");
    QTest::newRow("PostgreSQL") << QStringLiteral("PostgreSQL");
}

inline bool onPostgres()
{
    return QString::fromLatin1(QTest::currentDataTag()) == QLatin1String("PostgreSQL");
}

// For the running row: a new, empty database of the cluster (dropped by pg.drop()), or the path
// of a new SQLite file in dir named after prefix. Empty, with error set, when none could be made.
inline QString freshLocation(PgTestDatabase &pg, const QTemporaryDir &dir, const QString &prefix,
                             int serial, QString *error)
{
    if (!onPostgres())
        return dir.filePath(QStringLiteral("%1-%2.db").arg(prefix).arg(serial));
    const QString name = pg.createEmpty(error);
    return name.isEmpty() ? QString() : pg.cluster().conninfo(name);
}

} // namespace backupdb::test
