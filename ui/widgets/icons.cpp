#include "icons.h"

namespace backupdb::ui {

QString iconPath(Icon which)
{
    const char *name = "app";
    switch (which) {
    case Icon::App:
        name = "app";
        break;
    case Icon::Clients:
        name = "clients";
        break;
    case Icon::AllClients:
        name = "users";
        break;
    case Icon::Dashboard:
        name = "dashboard";
        break;
    case Icon::Integrity:
        name = "integrity";
        break;
    case Icon::FullCheck:
        name = "full-check";
        break;
    case Icon::Backups:
        name = "backups";
        break;
    case Icon::BackUpNow:
        name = "backup-now";
        break;
    case Icon::Verify:
        name = "verify";
        break;
    case Icon::Restore:
        name = "restore";
        break;
    case Icon::CleanUp:
        name = "cleanup";
        break;
    case Icon::Delete:
        name = "delete";
        break;
    case Icon::Refresh:
        name = "refresh";
        break;
    case Icon::Open:
        name = "open";
        break;
    case Icon::Settings:
        name = "settings";
        break;
    case Icon::Audit:
        name = "audit";
        break;
    }
    return QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name));
}

QIcon icon(Icon which)
{
    return QIcon(iconPath(which));
}

} // namespace backupdb::ui
