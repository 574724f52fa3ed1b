// The ways out of a damaged database (one that failed its quick check on open and was opened
// read-only): put a verified backup in its place after saving the damaged file aside, or salvage
// what SQLite can still read into a new file.
// Thread-safety: free functions; no connection of this process may be open on path meanwhile.
#pragma once

#include "../common/error.h"

#include <QString>

namespace backupdb::recovery {

// Renames path (and its -wal and -shm) to path.damaged-<UTC time> (a rename, never an open of the
// file, which could disturb another process's locks), then writes the backup at path with
// SQLite's backup API. Returns where the damaged file went. The backup must have been verified.
Result<QString> replaceDamaged(const QString &path, const QString &verifiedBackup);

// What SQLite can still read of path (the sqlite3 shell's .dump, read-only on path, which reads
// on past damaged pages) into target, which must not exist yet. Returns the quick_check of the
// new file ("ok" when it is sound).
Result<QString> salvage(const QString &path, const QString &target);

} // namespace backupdb::recovery
