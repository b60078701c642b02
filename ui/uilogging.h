// The ui library's logging category (STYLE.md): outpost.ui. Secrets are never logged.
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcUi)
