#include "synclogging.h"

Q_LOGGING_CATEGORY(lcSync, "outpost.sync")
