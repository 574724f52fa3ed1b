// Validation of untrusted values before anything is written (C11). Each failure names the
// field and the problem. Thread-safety: pure functions.
#pragma once

#include "../common/error.h"
#include "records.h"

#include <QDateTime>

namespace backupdb::validation {

constexpr int kMaxNameBytes = 255;

// A UUID as 16 raw bytes, or its canonical text (8-4-4-4-12 hex, braces allowed).
Result<QByteArray> uuid(const QVariant &value, const QString &field);
QString uuidToText(const QByteArray &bytes); // canonical lowercase text; hex if not 16 bytes

// Non-empty, valid UTF-8 (when given as bytes), no NUL, at most maxBytes bytes of UTF-8.
DbError name(const QString &value, const QString &field, int maxBytes = kMaxNameBytes);
DbError utf8Name(const QByteArray &value, const QString &field, int maxBytes = kMaxNameBytes);
DbError size(qint64 value, const QString &field);
// A timestamp in one of the formats the server writes, not more than a day in the future.
DbError date(const QString &value, const QString &field,
             const QDateTime &now = QDateTime::currentDateTimeUtc());

DbError client(const ClientRecord &record);
DbError file(const FileRecord &record);

} // namespace backupdb::validation
