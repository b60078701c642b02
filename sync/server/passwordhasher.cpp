#include "passwordhasher.h"

#include <sodium.h>

namespace outpost {

namespace {

bool ensureSodium()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

} // namespace

Result<QString> PasswordHasher::hash(const QString &password, const QString &cost)
{
    if (!ensureSodium())
        return Error::permanentError(QStringLiteral("crypto_unavailable"),
                                     QStringLiteral("libsodium failed to initialise"));
    unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (cost == QStringLiteral("moderate")) {
        ops = crypto_pwhash_OPSLIMIT_MODERATE;
        mem = crypto_pwhash_MEMLIMIT_MODERATE;
    } else if (cost == QStringLiteral("sensitive")) {
        ops = crypto_pwhash_OPSLIMIT_SENSITIVE;
        mem = crypto_pwhash_MEMLIMIT_SENSITIVE;
    }
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, utf8.constData(), static_cast<unsigned long long>(utf8.size()),
                              ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return Error::transientError(QStringLiteral("out_of_memory"),
                                     QStringLiteral("not enough memory to hash a password"));
    return QString::fromLatin1(out);
}

bool PasswordHasher::verify(const QString &hash, const QString &password)
{
    if (!ensureSodium())
        return false;
    const QByteArray stored = hash.toLatin1();
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(stored.constData(), utf8.constData(),
                                    static_cast<unsigned long long>(utf8.size())) == 0;
}

const QString &PasswordHasher::dummyHash()
{
    static const QString dummy = [] {
        ensureSodium();
        unsigned char random[16];
        randombytes_buf(random, sizeof random);
        return hash(QString::fromLatin1(
                        QByteArray(reinterpret_cast<const char *>(random), 16).toBase64()),
                    QStringLiteral("interactive"))
            .valueOr(QString());
    }();
    return dummy;
}

} // namespace outpost
