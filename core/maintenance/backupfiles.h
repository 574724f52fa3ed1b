// The backup service's files, shared by its two ways of making a backup (a copy of the database
// file, backupservice.cpp; an engine's dump, backupdump.cpp): the sidecar "<file>.json" that
// records a backup, and what a failed one leaves behind.
#pragma once

#include "backupservice.h"

#include <QFileInfo>
#include <QJsonObject>

namespace backupdb::backupfiles {

QString sidecarOf(const QString &file);
// Writes info's record into its sidecar, keeping the keys of others (a dump's own rows).
void writeSidecar(const BackupInfo &info);
// What the audit entry of a backup says of it.
QJsonObject auditDetails(const BackupInfo &info);
void removePartialBackup(const QString &tempPath);
// The verification of the backup at tempPath taken into info (its time, message and counts);
// when it failed or could not run, the partial file is removed and the error says why.
DbError adoptVerification(const Result<BackupInfo> &verified, const QString &tempPath,
                          BackupInfo &info);
// The identity and the counts recorded inside a copy (tables of migrations 2 and 8; a copy
// made before them lacks them and keeps what it has).
void readCopyFacts(const Engine &engine, const QString &copy, BackupInfo &info);
// A backup file as its sidecar (or, without one, the copy itself) describes it.
BackupInfo readInfo(const QFileInfo &file);

} // namespace backupdb::backupfiles
