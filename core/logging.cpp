#include "logging.h"

Q_LOGGING_CATEGORY(lcCore, "outpost.core")
