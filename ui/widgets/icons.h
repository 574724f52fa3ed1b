// The application's own icons (resources/icons, compiled into backupdb_ui under :/icons), so
// that the window looks the same on every desktop whatever its icon theme.
// Thread-safety: GUI thread only (QIcon).
#pragma once

#include <QIcon>
#include <QString>

namespace backupdb::ui {

enum class Icon {
    App,
    Clients,
    AllClients,
    Dashboard,
    Integrity,
    FullCheck,
    Backups,
    BackUpNow,
    Verify,
    Restore,
    CleanUp,
    Delete,
    Refresh,
    Open,
    Settings,
    Audit,
};

// The resource path of the icon's SVG (":/icons/….svg").
QString iconPath(Icon which);
QIcon icon(Icon which);

} // namespace backupdb::ui
