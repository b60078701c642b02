// Opaque bearer tokens: 32 random bytes (base64url), stored only as their sha256 (hex).
#pragma once

#include <QString>

namespace outpost {

class Tokens
{
public:
    static QString generate();
    static QString hash(const QString &token);
    // Whether token's hash is expectedHash (hex), compared in constant time.
    static bool matchesHash(const QString &token, const QString &expectedHash);
};

} // namespace outpost
