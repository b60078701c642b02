// The key-derivation parameters kept beside the database (outpost.keyparams): Argon2id cost,
// salt and the SQLCipher page size, plus a format version. Not secret. The file lets the
// cost be raised later: a store whose file says less than the current default is re-derived
// and rekeyed on its next unlock. Written atomically (temporary file, fsync, rename).
#pragma once

#include <QByteArray>
#include <QString>

#include "result.h"
#include "securebuffer.h"
#include "storeoptions.h"

namespace outpost {

struct KdfParams
{
    static constexpr int kFormatVersion = 1;
    static constexpr int kSaltBytes = 16; // crypto_pwhash_SALTBYTES
    static constexpr int kKeyBytes = 32;  // the SQLCipher raw key
    // A parameters file that records no page size: SQLCipher 3's default.
    static constexpr int kDefaultSqlCipherPageSizeBytes = 1024;

    int formatVersion = kFormatVersion;
    QString algorithm = QStringLiteral("argon2id13");
    quint64 opsLimit = 0;
    quint64 memLimitBytes = 0;
    QByteArray salt; // kSaltBytes random bytes
    // SQLCipher page size: new stores get StoreOptions::newStorePageSizeBytes (8 KiB; 4 KiB
    // before). An existing store's is the one its parameters file records; it must match
    // the file to open it, and a rekey keeps it.
    int cipherPageSizeBytes = StoreOptions().newStorePageSizeBytes;

    // A page size SQLCipher accepts: a power of two from 512 to 65536.
    static bool isValidPageSize(int bytes);
    // Fresh random salt with the cost and new-store page size of options.
    static KdfParams fresh(const StoreOptions &options);
    bool isWeakerThan(const StoreOptions &options) const;

    QByteArray toJson() const;
    static Result<KdfParams> fromJson(const QByteArray &json); // "key_params_invalid"
    static Result<KdfParams> load(const QString &path);        // + "key_params_missing"
    Status save(const QString &path) const;                    // atomic replace

    // Argon2id(passphrase, salt) -> 32-byte key in secure memory. Takes about 0.1-0.2 s
    // and memLimitBytes of memory with the default cost.
    Result<SecureBuffer> deriveKey(const SecureBuffer &passphrase) const;
};

} // namespace outpost
