// Opaque bearer tokens: 32 random bytes (base64url), stored only as their sha256 (hex).
#pragma once

#include <QString>

namespace outpost {

class Tokens
{
public:
    static QString generate();
    static QString hash(const QString &token);
};

} // namespace outpost
