// Argon2id password hashes (libsodium crypto_pwhash_str: the salt and cost travel inside the
// hash string, so the cost can be raised later without breaking old hashes).
#pragma once

#include <QString>

#include "result.h"

namespace outpost {

class PasswordHasher
{
public:
    // cost: "interactive", "moderate" or "sensitive" (libsodium's presets).
    static Result<QString> hash(const QString &password, const QString &cost);
    static bool verify(const QString &hash, const QString &password);
    // A valid hash of a random password: verified against when a user does not exist, so
    // that a wrong name and a wrong password take the same time.
    static const QString &dummyHash();
};

} // namespace outpost
