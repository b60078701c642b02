// One logging category per library (STYLE.md): outpost.core here; the store, sync, server
// and ui libraries declare their own. Secrets are never logged.
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcCore) // outpost.core
