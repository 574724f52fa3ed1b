// Where the log goes (O4): a Qt message handler that writes every message of every category with
// its time (ISO 8601, local with offset, milliseconds), level and category to stderr and, if a
// path is given, appends it to a file, one flushed line per message (continuation lines of a
// multi-line message are indented). Categories are filtered as usual (QT_LOGGING_RULES) before
// the handler sees a message.
//
// Never log an AES key or any other secret: this sink writes what it is given.
//
// Thread-safety: messages may come from any thread (writes are serialised). Call
// installLogging()/uninstallLogging() from one thread at a time, e.g. main() and a config reload.
#pragma once

#include "../common/error.h"

#include <QString>

namespace backupdb {

// Installs the handler (or, when it is installed already, switches to the new file).
// logFilePath empty: stderr only. Fails (Io) if the file cannot be opened for appending; the
// handler then writes to stderr only.
DbError installLogging(const QString &logFilePath = QString());
// Restores the handler that was in place before installLogging() and closes the file.
void uninstallLogging();

// The line the handler writes for a message (without the newline); exposed for tests.
QByteArray formatLogLine(QtMsgType type, const char *category, const QString &message);

} // namespace backupdb
