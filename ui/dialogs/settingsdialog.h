// Placeholder: the settings dialog is being built (see the GUI issue). GUI thread only.
#pragma once

#include "ops/config.h"

#include <QDialog>

namespace backupdb::ui {

class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(const AppConfig &config, QWidget *parent = nullptr);
    AppConfig config() const { return m_config; }

private:
    AppConfig m_config;
};

} // namespace backupdb::ui
