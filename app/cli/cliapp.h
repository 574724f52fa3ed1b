// backupdb-cli: the headless tool (O3). Parses the command line (QCommandLineParser), opens the
// database through a Session, runs one command and prints the result for people or as one
// JSON object. Exit codes are fit for cron:
//   0 ok; 1 problems found (check / orphans / verify); 2 usage or bad input; 3 database error;
//   4 refused to protect the data (a damaged database, or a process that lost its locks).
#pragma once

#include <QStringList>

namespace backupdb::cli {

enum ExitCode { Ok = 0, ProblemsFound = 1, Usage = 2, DatabaseError = 3, Refused = 4 };

int run(const QStringList &arguments);

} // namespace backupdb::cli
