// Logging category of the server library: outpost.server. Secrets are never logged.
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcServer) // outpost.server
