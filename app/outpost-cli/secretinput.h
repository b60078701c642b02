// Reads a secret (passphrase, password) the safe ways only: the first line of an inherited
// file descriptor, or an environment variable. Never from argv (visible in ps and history).
#pragma once

#include <QString>
#include <QStringList>

#include "result.h"

namespace outpost {

// fdOption: the value of --passphrase-fd / --password-fd (empty when not given);
// envName: the environment variable to read otherwise.
Result<QString> readSecret(const QString &fdOption, const char *envName, const QString &what);

} // namespace outpost
