// Helpers of the security battery (tst_security); see leakscanner.h.

#include "leakscanner.h"

#include "db/sqlitenative.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMetaType>
#include <QRandomGenerator>
#include <sqlite3.h>

using namespace backupdb;

namespace securitytest {

std::mutex g_captureMutex;
QStringList g_captured;
QtMessageHandler g_forward = nullptr;

void captureHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        std::lock_guard lock(g_captureMutex);
        g_captured.append(QString::fromLatin1(context.category ? context.category : "default")
                          + QLatin1String(": ") + message);
    }
    if (g_forward)
        g_forward(type, context, message);
}

QStringList capturedMessages()
{
    std::lock_guard lock(g_captureMutex);
    return g_captured;
}

QByteArray randomBytes(int n)
{
    QByteArray bytes(n, Qt::Uninitialized);
    QRandomGenerator *g = QRandomGenerator::system();
    for (char &c : bytes)
        c = char(g->bounded(256));
    return bytes;
}

mode_t modeOf(const QString &path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return mode_t(07777);
    return st.st_mode & 0777;
}

// Every file in folder (hidden ones too) whose mode gives anything to group or others.
QStringList nonPrivateFiles(const QString &folder)
{
    QStringList bad;
    QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System);
    while (it.hasNext()) {
        const QString path = it.next();
        const mode_t mode = modeOf(path);
        if (mode == mode_t(07777))
            continue; // gone in the meantime (a temporary file)
        if (mode & 077)
            bad.append(QStringLiteral("%1 (%2)")
                               .arg(QFileInfo(path).fileName())
                               .arg(mode, 4, 8, QLatin1Char('0')));
    }
    return bad;
}

QString variantText(const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return {};
    if (v.metaType() == QMetaType::fromType<QByteArray>())
        return QString::fromLatin1(v.toByteArray());
    if (v.metaType() == QMetaType::fromType<QStringList>())
        return v.toStringList().join(QLatin1Char('\n'));
    if (v.canConvert<QString>())
        return v.toString();
    return {};
}

qint64 queryCount(const QString &dbPath, const QString &sql)
{
    auto h = sqlite::openNative(dbPath, SQLITE_OPEN_READONLY, Milliseconds(5000));
    if (!h)
        return -1;
    auto n = sqlite::queryInt(h.value(), sql);
    sqlite::closeNative(h.value());
    return n.valueOr(-1);
}

qint64 auditCount(const QString &dbPath, const QString &action)
{
    return queryCount(
            dbPath,
            QStringLiteral("SELECT COUNT(*) FROM bdba_audit WHERE action = '%1'").arg(action));
}
} // namespace securitytest
