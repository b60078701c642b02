// The store's logging category, outpost.store. Never log keys, passphrases or record values.
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcStore) // outpost.store
