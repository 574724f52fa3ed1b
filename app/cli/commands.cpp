// The table of commands: names, options and handlers (the handlers live in the group files).
#include "commands.h"

namespace backupdb::cli {

QList<Command> commands()
{
    using O = QCommandLineOption;
    return {
        { QStringLiteral("demo"),
          { O(QStringLiteral("clients"), QStringLiteral("Clients to add."), QStringLiteral("N")),
            O(QStringLiteral("files"), QStringLiteral("Files to add."), QStringLiteral("M")),
            O(QStringLiteral("orphans"), QStringLiteral("Orphaned file records to add."),
              QStringLiteral("K")),
            O(QStringLiteral("seed"), QStringLiteral("Generator seed."), QStringLiteral("S")) },
          {},
          cmdDemo },
        { QStringLiteral("stats"), {}, {}, cmdStats },
        { QStringLiteral("check"),
          { O(QStringLiteral("full"), QStringLiteral("Full integrity_check.")) },
          {},
          cmdCheck },
        { QStringLiteral("orphans"),
          { O(QStringLiteral("fix"), QStringLiteral("Delete them (after a backup).")),
            O(QStringLiteral("yes"), QStringLiteral("Do not ask.")),
            O(QStringLiteral("limit"), QStringLiteral("Rows to list."), QStringLiteral("N")) },
          {},
          cmdOrphans },
        { QStringLiteral("backup"),
          { O(QStringLiteral("out"), QStringLiteral("Backup folder."), QStringLiteral("DIR")) },
          {},
          cmdBackup },
        { QStringLiteral("verify"), {}, QStringLiteral("FILE"), cmdVerify },
        { QStringLiteral("restore"),
          { O(QStringLiteral("from"), QStringLiteral("Backup to restore."), QStringLiteral("FILE")),
            O(QStringLiteral("yes"), QStringLiteral("Do not ask.")) },
          {},
          cmdRestore },
        { QStringLiteral("checkpoint"), {}, {}, cmdCheckpoint },
        { QStringLiteral("vacuum"), {}, {}, cmdVacuum },
        { QStringLiteral("migrate"), {}, {}, cmdMigrate },
        { QStringLiteral("health"), {}, {}, cmdHealth },
        { QStringLiteral("metrics"), {}, {}, cmdMetrics },
        { QStringLiteral("serve-metrics"),
          { O(QStringLiteral("port"), QStringLiteral("Port (0 = any free)."), QStringLiteral("N")),
            O(QStringLiteral("bind"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
              QStringLiteral("ADDR")),
            O(QStringLiteral("allow-remote"), QStringLiteral("Allow a non-loopback address.")) },
          {},
          cmdServeMetrics },
        { QStringLiteral("service"),
          { O(QStringLiteral("port"),
              QStringLiteral("Metrics port (0 = any free; default: [metrics] port)."),
              QStringLiteral("N")) },
          {},
          cmdService },
        { QStringLiteral("history"),
          { O(QStringLiteral("limit"), QStringLiteral("Runs to list (default 20)."),
              QStringLiteral("N")),
            O(QStringLiteral("task"), QStringLiteral("Only this task."), QStringLiteral("TASK")) },
          {},
          cmdHistory },
    };
}

} // namespace backupdb::cli
