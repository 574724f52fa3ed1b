// The backup service's files, shared by its two ways of making a backup (a copy of the database
// file, backupservice.cpp; an engine's dump, backupdump.cpp): the sidecar "<file>.json" that
// records a backup, and what a failed one leaves behind.
#pragma once

#include "backupservice.h"

#include <QJsonObject>

namespace backupdb::backupfiles {

QString sidecarOf(const QString &file);
// Writes info's record into its sidecar, keeping the keys of others (a dump's own rows).
void writeSidecar(const BackupInfo &info);
// What the audit entry of a backup says of it.
QJsonObject auditDetails(const BackupInfo &info);
void removePartialBackup(const QString &tempPath);

} // namespace backupdb::backupfiles
