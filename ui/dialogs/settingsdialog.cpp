#include "settingsdialog.h"

namespace backupdb::ui {

SettingsDialog::SettingsDialog(const AppConfig &config, QWidget *parent) : QDialog(parent), m_config(config) { }

} // namespace backupdb::ui
