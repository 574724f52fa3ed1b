// A client as the clients table shows it: the summary plus its keys already masked on the
// worker thread, so that key bytes never reach the GUI (secret.h).
#pragma once

#include "data/records.h"

namespace backupdb::ui {

struct ClientRow
{
    ClientSummary summary;
    QString publicKeyMask;
    QString aesKeyMask;
};

} // namespace backupdb::ui
