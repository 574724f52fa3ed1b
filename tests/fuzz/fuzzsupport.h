// Shared by the libFuzzer targets: the input as text and a QCoreApplication for Qt.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <cstddef>
#include <cstdint>

namespace backupdb::fuzz {

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline QString text(const uint8_t *data, size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline void ensureApplication()
{
    static int argc = 1;
    static char name[] = "backupdb-fuzz";
    static char *argv[] = { name, nullptr };
    static QCoreApplication *app = QCoreApplication::instance() ? QCoreApplication::instance()
                                                                : new QCoreApplication(argc, argv);
    (void)app;
}

} // namespace backupdb::fuzz
