// LocalStore: opening, unlocking, keys and passphrase changes. Records, outbox, forms and
// attachments are in localstore_*.cpp (one class, split by concern).
#include "localstore.h"

#include "durability.h"
#include "kdfparams.h"
#include "schema.h"
#include "storeconnection.h"
#include "storeerrors.h"
#include "storelogging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace outpost {

using namespace storeerrors;

namespace {

Error wrongPassphrase()
{
    return Error::permanentError(QStringLiteral("wrong_passphrase"),
                                 QStringLiteral("the passphrase is wrong"));
}

// Atomically replaces `to` with `from` (POSIX rename), then syncs the directory.
Status replaceFile(const QString &from, const QString &to)
{
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
        return Error::transientError(QStringLiteral("io_error"),
                                     QStringLiteral("cannot rename %1 to %2").arg(from, to));
    durability::syncDirectory(QFileInfo(to).absolutePath());
    return {};
}

// Cheap checks of the database file before any key is derived: a plaintext SQLite file or
// a file whose size is not a whole number of pages is not (or no longer) an Outpost store.
Status checkDatabaseFile(const QString &path, int pageSizeBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::transientError(
            QStringLiteral("io_error"),
            QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const qint64 size = file.size();
    if (size == 0)
        return {}; // made but never written (a create was interrupted): it will be initialised
    if (file.read(16) == QByteArray("SQLite format 3\0", 16))
        return Error::permanentError(QStringLiteral("not_outpost_database"),
                                     QStringLiteral("%1 is an unencrypted SQLite database, not an "
                                                    "Outpost store")
                                         .arg(path));
    if (size % pageSizeBytes != 0)
        return Error::permanentError(QStringLiteral("not_outpost_database"),
                                     QStringLiteral("%1 is not an Outpost store, or is truncated "
                                                    "(size %2 is not a whole number of pages)")
                                         .arg(path)
                                         .arg(size));
    return {};
}

Status makeDirectories(const StoreLocation &location)
{
    QDir dir;
    if (!dir.mkpath(location.attachmentsDirectory()))
        return Error::transientError(QStringLiteral("io_error"),
                                     QStringLiteral("cannot create %1").arg(location.directory));
    // Owner only: the files are encrypted, but names and sizes are nobody else's business.
    QFile::setPermissions(location.directory,
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QFile::setPermissions(location.attachmentsDirectory(),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return {};
}

// Opens the database with the key derived from passphrase under params. "wrong_key" when
// that key does not open it.
Result<std::unique_ptr<StoreConnection>> openWith(const StoreLocation &location,
                                                  const KdfParams &params,
                                                  const SecureBuffer &passphrase,
                                                  const StoreOptions &options, bool create)
{
    auto key = params.deriveKey(passphrase);
    if (!key)
        return key.error();
    return StoreConnection::open(location.databasePath(), std::move(key).value(),
                                 params.cipherPageSizeBytes, options, create);
}

Status finishOpening(StoreConnection &connection)
{
    if (Status s = Schema::migrate(connection.db()); !s)
        return s;
    return connection.loadAttachmentKey();
}

} // namespace

LocalStore::LocalStore(StoreLocation location, StoreOptions options,
                       std::unique_ptr<StoreConnection> connection)
    : m_location(std::move(location)), m_options(options), m_connection(std::move(connection))
{}

LocalStore::~LocalStore()
{
    lock();
}

bool LocalStore::exists(const StoreLocation &location)
{
    const QFileInfo db(location.databasePath());
    return (db.exists() && db.size() > 0) || QFileInfo::exists(location.keyParamsPath());
}

Status LocalStore::destroy(const StoreLocation &location)
{
    QStringList failed;
    for (const QString &path :
         {location.databasePath(), location.databasePath() + QStringLiteral("-wal"),
          location.databasePath() + QStringLiteral("-shm"), location.keyParamsPath(),
          location.pendingKeyParamsPath(), location.unlockAttemptsPath()}) {
        if (QFileInfo::exists(path) && !QFile::remove(path))
            failed << path;
    }
    QDir attachments(location.attachmentsDirectory());
    if (attachments.exists() && !attachments.removeRecursively())
        failed << attachments.path();
    QDir().rmdir(location.directory); // only if nothing else is there
    if (!failed.isEmpty())
        return Error::transientError(
            QStringLiteral("io_error"),
            QStringLiteral("could not delete %1").arg(failed.join(QStringLiteral(", "))));
    return {};
}

Result<std::unique_ptr<LocalStore>> LocalStore::create(const StoreLocation &location,
                                                       const QString &passphrase,
                                                       const StoreOptions &options)
{
    if (exists(location))
        return Error::permanentError(
            QStringLiteral("store_exists"),
            QStringLiteral("there is already a store in %1").arg(location.directory));
    if (passphrase.isEmpty())
        return invalidArgument(QStringLiteral("the passphrase must not be empty"));
    if (!KdfParams::isValidPageSize(options.newStorePageSizeBytes))
        return invalidArgument(
            QStringLiteral("the page size must be a power of two from 512 to 65536 bytes"));
    if (Status s = makeDirectories(location); !s)
        return s.error();
    QFile::remove(location.databasePath()); // an empty leftover of an interrupted create
    QFile::remove(location.pendingKeyParamsPath());

    const SecureBuffer secret = SecureBuffer::fromPassphrase(passphrase);
    const KdfParams params = KdfParams::fresh(options);
    // Opening runs the SQLCipher guard before anything is written; the parameters file is
    // written only after it passed, and before the first database write.
    auto connection = openWith(location, params, secret, options, /*create=*/true);
    if (!connection)
        return connection.error();
    if (Status s = params.save(location.keyParamsPath()); !s) {
        connection->reset();
        QFile::remove(location.databasePath());
        return s.error();
    }
    if (Status s = finishOpening(**connection); !s)
        return s.error();
    qCInfo(lcStore) << "created a store in" << location.directory;
    return std::unique_ptr<LocalStore>(
        new LocalStore(location, options, std::move(connection).value()));
}

Result<std::unique_ptr<LocalStore>> LocalStore::unlock(const StoreLocation &location,
                                                       const QString &passphrase,
                                                       const StoreOptions &options)
{
    if (!QFileInfo::exists(location.databasePath()))
        return Error::permanentError(
            QStringLiteral("store_missing"),
            QStringLiteral("there is no store in %1").arg(location.directory));
    auto params = KdfParams::load(location.keyParamsPath());
    if (!params)
        return params.error();
    if (Status s = checkDatabaseFile(location.databasePath(), params->cipherPageSizeBytes); !s)
        return s.error();

    const SecureBuffer secret = SecureBuffer::fromPassphrase(passphrase);
    auto connection = openWith(location, *params, secret, options, /*create=*/false);
    const bool pendingExists = QFileInfo::exists(location.pendingKeyParamsPath());
    KdfParams effective = *params;
    if (connection && pendingExists) {
        // A passphrase change was interrupted before the database was rekeyed: undo it.
        qCInfo(lcStore) << "discarding the parameters of an unfinished passphrase change";
        QFile::remove(location.pendingKeyParamsPath());
    } else if (!connection && connection.error().code == QStringLiteral("wrong_key") &&
               pendingExists) {
        // Interrupted after the rekey, before the new parameters replaced the old ones: the
        // database is keyed with the pending parameters. Finish the change.
        auto pending = KdfParams::load(location.pendingKeyParamsPath());
        if (pending) {
            connection = openWith(location, *pending, secret, options, false);
            if (connection) {
                qCInfo(lcStore) << "finishing an interrupted passphrase change";
                if (Status s =
                        replaceFile(location.pendingKeyParamsPath(), location.keyParamsPath());
                    !s)
                    return s.error();
                effective = *pending;
            }
        }
    }
    if (!connection) {
        if (connection.error().code == QStringLiteral("wrong_key"))
            return wrongPassphrase();
        return connection.error();
    }
    if (Status s = finishOpening(**connection); !s)
        return s.error();
    std::unique_ptr<LocalStore> store(
        new LocalStore(location, options, std::move(connection).value()));

    if (effective.isWeakerThan(options)) {
        // Raise the cost to today's default: re-derive with a fresh salt and rekey.
        qCInfo(lcStore) << "raising the key derivation cost of the store";
        if (Status s = store->rekeyWith(secret); !s)
            qCWarning(lcStore) << "could not raise the key derivation cost:" << s.error().message;
    }
    return store;
}

Result<std::unique_ptr<LocalStore>> LocalStore::openConnection() const
{
    return openConnection(m_options);
}

Result<std::unique_ptr<LocalStore>> LocalStore::openConnection(const StoreOptions &options) const
{
    if (!m_connection)
        return locked();
    StoreOptions effective = options;
    effective.kdfOpsLimit = m_options.kdfOpsLimit;
    effective.kdfMemLimitBytes = m_options.kdfMemLimitBytes;
    auto connection =
        StoreConnection::open(m_location.databasePath(), m_connection->databaseKey().copy(),
                              m_connection->cipherPageSizeBytes(), effective, false);
    if (!connection)
        return connection.error();
    if (Status s = finishOpening(**connection); !s)
        return s.error();
    return std::unique_ptr<LocalStore>(
        new LocalStore(m_location, effective, std::move(connection).value()));
}

void LocalStore::lock()
{
    m_connection.reset(); // closes SQLite, wipes and frees both keys
}

bool LocalStore::isLocked() const
{
    return !m_connection;
}

int LocalStore::schemaVersion() const
{
    if (!m_connection)
        return 0;
    return Schema::version(m_connection->db()).valueOr(0);
}

Status LocalStore::syncToDisk()
{
    if (!m_connection)
        return locked();
    // In WAL mode a checkpoint fsyncs the WAL, copies it into the database and fsyncs that.
    return m_connection->db().exec("PRAGMA wal_checkpoint(PASSIVE)");
}

Status LocalStore::deferCheckpoints(bool defer)
{
    if (!m_connection)
        return locked();
    const int pages = defer ? 0 : std::max(0, m_options.walAutoCheckpointPages);
    const QByteArray pragma = "PRAGMA wal_autocheckpoint = " + QByteArray::number(pages);
    if (Status s = m_connection->db().exec(pragma.constData()); !s)
        return s;
    if (defer || pages == 0)
        return {};
    return syncToDisk();
}

Result<qint64> LocalStore::outsideChangeCount() const
{
    if (!m_connection)
        return locked();
    return m_connection->db().queryInt("PRAGMA data_version");
}

Status LocalStore::checkIntegrity() const
{
    if (!m_connection)
        return locked();
    auto stmt = m_connection->db().prepare("PRAGMA quick_check");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row) {
        const Error &e = row.error();
        return Error::permanentError(QStringLiteral("store_corrupt"), e.message);
    }
    const QString verdict = *row ? stmt->columnText(0) : QString();
    if (verdict != QStringLiteral("ok"))
        return Error::permanentError(QStringLiteral("store_corrupt"),
                                     QStringLiteral("the store is damaged: %1").arg(verdict));
    return {};
}

Status LocalStore::changePassphrase(const QString &newPassphrase)
{
    if (!m_connection)
        return locked();
    if (newPassphrase.isEmpty())
        return invalidArgument(QStringLiteral("the passphrase must not be empty"));
    if (StoreConnection::openConnectionCount(m_location.databasePath()) > 1)
        return Error::transientError(QStringLiteral("store_in_use"),
                                     QStringLiteral("close the store's other connections (stop "
                                                    "syncing) before changing the passphrase"));
    return rekeyWith(SecureBuffer::fromPassphrase(newPassphrase));
}

// Crash-safe order: (1) the new parameters go to outpost.keyparams.pending (atomic write);
// (2) PRAGMA rekey (one SQLite transaction: the database is keyed old or new, never half);
// (3) rename pending over outpost.keyparams (atomic). unlock() finishes or undoes a change
// that stopped between the steps: old params open the db -> drop pending; else pending opens
// it -> promote pending.
Status LocalStore::rekeyWith(const SecureBuffer &passphrase)
{
    KdfParams params = KdfParams::fresh(m_options);
    // Rekeying keeps the database's page size: the new parameters must say the same.
    params.cipherPageSizeBytes = m_connection->cipherPageSizeBytes();
    auto key = params.deriveKey(passphrase);
    if (!key)
        return key.error();
    if (Status s = params.save(m_location.pendingKeyParamsPath()); !s)
        return s;
    storeCrashPoint("rekey_params_pending");
    if (Status s = m_connection->rekey(std::move(key).value()); !s) {
        qCWarning(lcStore) << "rekey failed:" << s.error().message;
        QFile::remove(m_location.pendingKeyParamsPath());
        return s;
    }
    storeCrashPoint("rekeyed");
    if (Status s = replaceFile(m_location.pendingKeyParamsPath(), m_location.keyParamsPath()); !s)
        return s; // the next unlock() finishes the change
    qCInfo(lcStore) << "the store was rekeyed";
    return {};
}

} // namespace outpost
