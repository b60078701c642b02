// The sync engine's logging category, outpost.sync. Never log tokens, passwords, passphrases
// or record values.
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSync) // outpost.sync
