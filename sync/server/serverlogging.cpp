#include "serverlogging.h"

Q_LOGGING_CATEGORY(lcServer, "outpost.server", QtInfoMsg)
