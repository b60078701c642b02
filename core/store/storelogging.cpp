#include "storelogging.h"

Q_LOGGING_CATEGORY(lcStore, "outpost.store")
