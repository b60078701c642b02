#include "tokens.h"

#include <QCryptographicHash>

#include <sodium.h>

namespace outpost {

QString Tokens::generate()
{
    static const bool ready = sodium_init() >= 0;
    Q_UNUSED(ready);
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(bytes), sizeof bytes)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString Tokens::hash(const QString &token)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

bool Tokens::matchesHash(const QString &token, const QString &expectedHash)
{
    const QByteArray actual = hash(token).toLatin1();
    const QByteArray expected = expectedHash.toLatin1();
    return !expected.isEmpty() && actual.size() == expected.size() &&
           sodium_memcmp(actual.constData(), expected.constData(),
                         static_cast<size_t>(actual.size())) == 0;
}

} // namespace outpost
