#include "kdfparams.h"

#include "storelogging.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <sodium.h>

namespace outpost {

namespace {

Error invalid(const QString &what)
{
    return Error::permanentError(
        QStringLiteral("key_params_invalid"),
        QStringLiteral("the key parameters file is damaged: %1").arg(what));
}

} // namespace

bool KdfParams::isValidPageSize(int bytes)
{
    return bytes >= 512 && bytes <= 65536 && (bytes & (bytes - 1)) == 0;
}

KdfParams KdfParams::fresh(const StoreOptions &options)
{
    KdfParams params;
    params.opsLimit = options.kdfOpsLimit;
    params.memLimitBytes = options.kdfMemLimitBytes;
    params.cipherPageSizeBytes = options.newStorePageSizeBytes;
    params.salt.resize(kSaltBytes);
    randombytes_buf(params.salt.data(), kSaltBytes);
    return params;
}

bool KdfParams::isWeakerThan(const StoreOptions &options) const
{
    return opsLimit < options.kdfOpsLimit || memLimitBytes < options.kdfMemLimitBytes;
}

QByteArray KdfParams::toJson() const
{
    QJsonObject json{
        {QStringLiteral("format"), formatVersion},
        {QStringLiteral("algorithm"), algorithm},
        {QStringLiteral("opslimit"), static_cast<double>(opsLimit)},
        {QStringLiteral("memlimit_bytes"), static_cast<double>(memLimitBytes)},
        {QStringLiteral("salt"), QString::fromLatin1(salt.toBase64())},
        {QStringLiteral("cipher_page_size_bytes"), cipherPageSizeBytes},
    };
    return QJsonDocument(json).toJson(QJsonDocument::Indented);
}

Result<KdfParams> KdfParams::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull() || !doc.isObject())
        return invalid(QStringLiteral("not a JSON object"));
    const QJsonObject obj = doc.object();
    KdfParams params;
    const QJsonValue format = obj.value(QStringLiteral("format"));
    if (!format.isDouble() || format.toInt() != kFormatVersion)
        return invalid(QStringLiteral("unknown format version"));
    params.formatVersion = format.toInt();
    params.algorithm = obj.value(QStringLiteral("algorithm")).toString();
    if (params.algorithm != QStringLiteral("argon2id13"))
        return invalid(QStringLiteral("unknown algorithm \"%1\"").arg(params.algorithm));
    const QJsonValue ops = obj.value(QStringLiteral("opslimit"));
    const QJsonValue mem = obj.value(QStringLiteral("memlimit_bytes"));
    if (!ops.isDouble() || !mem.isDouble())
        return invalid(QStringLiteral("missing cost"));
    const double opsValue = ops.toDouble();
    const double memValue = mem.toDouble();
    if (opsValue < crypto_pwhash_argon2id_OPSLIMIT_MIN || opsValue > 1000 ||
        memValue < crypto_pwhash_argon2id_MEMLIMIT_MIN || memValue > 4.0 * 1024 * 1024 * 1024)
        return invalid(QStringLiteral("cost out of range"));
    params.opsLimit = static_cast<quint64>(opsValue);
    params.memLimitBytes = static_cast<quint64>(memValue);
    const QByteArray salt =
        QByteArray::fromBase64Encoding(obj.value(QStringLiteral("salt")).toString().toLatin1(),
                                       QByteArray::AbortOnBase64DecodingErrors)
            .decoded;
    if (salt.size() != kSaltBytes)
        return invalid(QStringLiteral("bad salt"));
    params.salt = salt;
    const QJsonValue pageSizeValue = obj.value(QStringLiteral("cipher_page_size_bytes"));
    const int pageSize = pageSizeValue.isUndefined() ? kDefaultSqlCipherPageSizeBytes
                                                     : pageSizeValue.toInt();
    if (!isValidPageSize(pageSize))
        return invalid(QStringLiteral("bad page size"));
    params.cipherPageSizeBytes = pageSize;
    return params;
}

Result<KdfParams> KdfParams::load(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return Error::permanentError(
            QStringLiteral("key_params_missing"),
            QStringLiteral("the key parameters file %1 is missing").arg(path));
    if (file.size() > 64 * 1024)
        return invalid(QStringLiteral("too large"));
    if (!file.open(QIODevice::ReadOnly))
        return Error::permanentError(
            QStringLiteral("io_error"),
            QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    return fromJson(file.readAll());
}

Status KdfParams::save(const QString &path) const
{
    QSaveFile file(path); // writes a temporary file, fsyncs and renames it over path
    if (!file.open(QIODevice::WriteOnly))
        return Error::transientError(
            QStringLiteral("io_error"),
            QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    file.write(toJson());
    if (!file.commit())
        return Error::transientError(
            QStringLiteral("io_error"),
            QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

Result<SecureBuffer> KdfParams::deriveKey(const SecureBuffer &passphrase) const
{
    SecureBuffer key(kKeyBytes);
    if (!key.isValid())
        return Error::transientError(QStringLiteral("out_of_memory"),
                                     QStringLiteral("cannot allocate secure memory"));
    if (crypto_pwhash(key.data(), kKeyBytes, reinterpret_cast<const char *>(passphrase.data()),
                      passphrase.size(), reinterpret_cast<const unsigned char *>(salt.constData()),
                      opsLimit, static_cast<size_t>(memLimitBytes),
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
        qCWarning(lcStore) << "Argon2id failed (out of memory?) with memlimit" << memLimitBytes;
        return Error::transientError(QStringLiteral("out_of_memory"),
                                     QStringLiteral("not enough memory to derive the key"));
    }
    return key;
}

} // namespace outpost
