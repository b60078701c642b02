// LocalStore: one connection to one device account's encrypted store (SQLCipher database +
// encrypted attachment files). Everything the person does is saved here first; the sync
// engine carries the outbox to the server later.
//
// THREAD RULES (like nextcloud's SyncJournalDb, but one connection per thread):
// - A LocalStore object is NOT thread-safe. Use it from one thread at a time: the thread that
//   created it, or the thread it was moved to (moveToThread) while no call was running.
// - Each thread that needs the store holds its own LocalStore: the UI thread unlocks with the
//   passphrase (unlock()/create()), then gives the sync thread its own connection with
//   openConnection(), which reuses the derived key and costs no Argon2id run. Connections
//   to one file work at the same time: WAL (readers never wait), every write transaction
//   is BEGIN IMMEDIATE, and a busy connection waits up to StoreOptions::busyTimeoutMs, so a
//   "database is locked" never reaches the person. If it still times out the error is the
//   transient "store_busy".
// - changePassphrase() needs to be the only open connection to the file in this process
//   (stop the sync engine first); otherwise it fails with "store_in_use".
//
// ATOMICITY: createRecord / updateRecord / deleteRecord write the record and its outbox
// operation in ONE transaction: after a crash both are there or neither is.
//
// ERRORS: every call returns Result/Status. Codes: "wrong_passphrase", "store_missing",
// "store_exists", "not_outpost_database", "store_corrupt", "store_too_new",
// "key_params_missing", "key_params_invalid", "sqlcipher_missing" (a plain SQLite was
// loaded instead of SQLCipher: nothing was written), "store_locked", "store_busy"
// (transient), "store_in_use", "io_error", "record_not_found", "record_deleted",
// "operation_not_found", "attachment_not_found", "attachment_tampered", "invalid_argument".
//
// SECRETS: the passphrase is converted into libsodium secure memory at once; the 32-byte
// database key and the attachment key live only in sodium_malloc'ed, mlock'ed memory, are
// never logged or written to disk, and are wiped by lock() and by the destructor.
#pragma once

#include <QIODevice>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QUuid>

#include <memory>
#include <optional>

#include "attachmentreader.h"
#include "attachmentref.h"
#include "attachmentstreamwriter.h"
#include "outboxentry.h"
#include "pendingoperation.h"
#include "record.h"
#include "recordquery.h"
#include "recordsummary.h"
#include "result.h"
#include "serverchanges.h"
#include "storedform.h"
#include "storelocation.h"
#include "storeoptions.h"

namespace outpost {

class SecureBuffer;
class SqliteStatement;
class StoreConnection;

class LocalStore : public QObject
{
    Q_OBJECT

public:
    ~LocalStore() override; // closes the connection and wipes the keys

    // ---- Opening and keys -------------------------------------------------------------
    static bool exists(const StoreLocation &location); // a database file is there
    // Deletes the store's files for good: the database (+ -wal, -shm), the key parameters
    // (+ pending), the unlock attempts file and every encrypted attachment; the directory too
    // when nothing else is in it. Close every connection first (the files are encrypted, so
    // what a disk still holds is unreadable without the passphrase). "io_error" names what
    // could not be removed; an absent store is a success.
    static Status destroy(const StoreLocation &location);
    // Makes a new, empty store (error "store_exists" if there is one).
    static Result<std::unique_ptr<LocalStore>> create(const StoreLocation &location,
                                                      const QString &passphrase,
                                                      const StoreOptions &options = {});
    // Opens an existing store. A wrong passphrase is "wrong_passphrase" and changes no byte.
    // Finishes an interrupted passphrase change, migrates the schema to the current version
    // and raises a cost below options' kdf cost (re-derive + rekey).
    static Result<std::unique_ptr<LocalStore>> unlock(const StoreLocation &location,
                                                      const QString &passphrase,
                                                      const StoreOptions &options = {});
    // Another connection to the same store with the same key (no Argon2id run), for another
    // thread. The new object has no parent and may be moved to that thread. It uses this
    // store's options, or the given ones (e.g. the sync thread's connection keeps automatic
    // checkpoints on while the UI's has them off). Key derivation options are ignored.
    Result<std::unique_ptr<LocalStore>> openConnection() const;
    Result<std::unique_ptr<LocalStore>> openConnection(const StoreOptions &options) const;

    // Closes the connection and wipes the keys; every later call fails with "store_locked".
    void lock();
    bool isLocked() const;
    // Re-derives a key from newPassphrase with a fresh salt and rekeys the database. Crash
    // safe: an interrupted change is finished (or undone) by the next unlock(), which then
    // accepts whichever passphrase the database is really keyed with.
    Status changePassphrase(const QString &newPassphrase);

    const StoreLocation &location() const { return m_location; }
    int schemaVersion() const; // PRAGMA user_version
    // Makes every commit so far durable against power loss (a WAL checkpoint, with fsync).
    // Cheap to call at moments that matter: finalizing a record, locking, going to sleep.
    Status syncToDisk();
    // While deferred, this connection's automatic WAL checkpoints (StoreOptions::
    // walAutoCheckpointPages) are off; resuming turns them back on and checkpoints once
    // (PASSIVE) if the options had them on. The sync engine defers them during a push: each
    // batch's answer rewrites pages all over the outbox's indexes, and one checkpoint at the
    // end copies each page once instead of once per checkpoint the push crossed (a third of
    // the device's CPU per pushed op was checkpoints and their fsyncs; docs/performance.md).
    Status deferCheckpoints(bool defer);
    // A number that changes whenever another connection to this store (another thread, or
    // another process such as outpost-cli) commits, and only then (PRAGMA data_version):
    // cheap enough to poll, so that the sync engine notices a transfer paused elsewhere.
    Result<qint64> outsideChangeCount() const;
    // Reads every page (PRAGMA quick_check): "store_corrupt" if a page fails its HMAC or the
    // structure is broken. Takes about as long as reading the file; not run on unlock.
    Status checkIntegrity() const;

    // ---- Records (UI thread, or anyone) -----------------------------------------------
    // Stores a new record and queues its create operation (all set fields). A null id gets
    // a new UUID; createdAt/updatedAt are set to now. displayText empty = made from the
    // first text values. Returns the record as stored.
    Result<Record> createRecord(Record record, const QString &displayText = {});
    // Stores new values / state / form version of an existing record and queues an update
    // operation with only the changed top-level fields (a removed field is sent as null)
    // and the new state if it changed. Nothing changed = nothing written. The operation's
    // base_version is the record's last server version. Returns the record as stored.
    Result<Record> updateRecord(const Record &record, const QString &displayText = {});
    // Soft delete: marks the record deleted (it stays as a tombstone) and queues a delete
    // operation. The row is purged once the server has applied the delete.
    Status deleteRecord(const QUuid &id);
    // The record, tombstones included (record.deleted). "record_not_found" if unknown.
    Result<Record> record(const QUuid &id) const;
    Result<SyncStatus> syncStatus(const QUuid &id) const;
    // Summaries for a list view, newest change first. Loading all 100,000 takes well under
    // 300 ms (docs/performance.md); a lazy model can also page with offset/limit.
    Result<QList<RecordSummary>> listRecords(const RecordQuery &query = {}) const;
    Result<int> countRecords(const RecordQuery &query = {}) const; // ignores offset/limit

    // ---- Outbox (sync thread) ---------------------------------------------------------
    // Pending operations in the order they must be pushed (rejected ones are skipped, so
    // they never block later ones). limit < 0 = all.
    Result<QList<OutboxEntry>> pendingOperations(int limit) const;
    // The next push batch: the first maxOps pending operations in outbox order whose record is
    // not in skipRecordIds (UUID text without braces: records with a batch still in flight,
    // whose later operations must wait for that batch's answer). Fields come as stored
    // (PendingOperation::fieldsJson): they are not decoded.
    Result<QList<PendingOperation>> pendingForPush(int maxOps,
                                                   const QSet<QString> &skipRecordIds) const;
    Result<int> pendingOperationCount() const;
    // The server applied the operation and issued serverVersion: the operation leaves the
    // outbox, the record's server version grows, later pending operations of the same
    // record made on the same base are rebased on it, and an acknowledged delete purges the
    // tombstone. Applying an op id that is no longer in the outbox is a harmless no-op.
    Status markApplied(const QUuid &opId, qint64 serverVersion);
    // The same with AppliedOperation::serverRecordDiffers (merged / conflict results): the
    // record's version becomes serverVersion, but the pulled record at that version is still
    // applied (it carries the other devices' changes that were merged with ours).
    Status markApplied(const AppliedOperation &applied);
    // A whole push batch's acknowledgements in ONE transaction (one commit instead of one per
    // operation). Unknown op ids are skipped, as with markApplied.
    Status markApplied(const QList<AppliedOperation> &applied);
    // The server refused the operation permanently: it stays in the outbox as Rejected with
    // the reason (shown to the person) until dismissRejected(); the record shows Rejected.
    Status markRejected(const QUuid &opId, const QString &reason);
    // A transient failure while sending these operations (they stay pending).
    Status recordAttemptFailure(const QList<QUuid> &opIds, const QString &error);
    Result<QList<OutboxEntry>> rejectedOperations() const;
    Status dismissRejected(const QUuid &opId);
    // The sync engine learned that the record is (or no longer is) in conflict.
    Status setConflict(const QUuid &recordId, bool inConflict);
    // Applies one pulled page and saves its cursor in the same transaction. A record with
    // pending local operations keeps its pending fields on top of the server values. A
    // pulled version older than the local one, or equal to it, is skipped, unless the record
    // was acknowledged with serverRecordDiffers (then the equal version is applied).
    Status applyServerChanges(const ServerChanges &changes);
    // Pulled records are not searchable at once: applyServerChanges() queues them (writing
    // the full-text index was ~15% of a full pull), and this pass indexes up to maxRecords of
    // them in one transaction. The sync engine runs it when idle, so search lags a pull by
    // seconds; a crash mid-pass loses nothing (the backlog shrinks only with the commit that
    // indexed it). Returns how many records still wait (0 = search is up to date).
    Result<int> indexSearchBacklog(int maxRecords);
    Result<int> searchBacklogCount() const;
    // Small key/value state of the sync engine (pull cursor, last sync time, ...).
    Result<QString> syncState(const QString &key) const; // empty if never set
    Status setSyncState(const QString &key, const QString &value);

    // ---- Form definitions -------------------------------------------------------------
    Status saveForm(const StoredForm &form); // replaces the same form id + version
    Result<StoredForm> form(const QString &formId, int version = -1) const; // -1 = newest
    Result<QList<StoredForm>> forms() const; // newest version of each form, without JSON

    // ---- Attachments ------------------------------------------------------------------
    // Encrypts a file into the store (streaming, bounded memory) and returns the reference
    // a record's photo/file field holds. MIME type from QMimeDatabase.
    Result<AttachmentRef> importAttachment(const QString &filePath, const QUuid &recordId = {});
    // The same from any readable device (e.g. a download); fileName/mimeType as given.
    Result<AttachmentRef> importAttachment(QIODevice &source, const QString &fileName,
                                           const QString &mimeType, const QUuid &recordId = {});
    // Reads an attachment back, verifying every chunk and (checkSha256) the sha256 at the end.
    // Without checkSha256 the chunks are still authenticated; the upload queue uses that (the
    // server checks the whole file's sha256 itself).
    Result<std::unique_ptr<AttachmentReader>> openAttachment(const QUuid &id,
                                                             bool checkSha256 = true) const;
    // Decrypts the whole attachment into destination; "attachment_tampered" if any check
    // fails (destination may then hold a prefix: write to a temporary file).
    Status exportAttachment(const QUuid &id, QIODevice &destination) const;
    Result<AttachmentInfo> attachment(const QUuid &id) const;
    // Attachments whose upload is not Done, oldest first.
    Result<QList<AttachmentInfo>> attachmentsToUpload() const;
    Status setUploadProgress(const QUuid &id, UploadState state, qint64 uploadedBytes,
                             const QString &uploadUrl, const QString &lastError = {});

    // ---- Downloads (localstore_downloads.cpp) ------------------------------------------
    // Marks an attachment declared by a record on this device (pulled from the server) as
    // wanted; its row is made from the record's reference. An attachment made here, or one
    // already downloaded, is returned as it is. "attachment_not_found" if no record declares it.
    Result<AttachmentInfo> requestDownload(const QUuid &id);
    // Rows from the server whose download is not done (wanted, paused, failed), oldest first.
    Result<QList<AttachmentInfo>> attachmentsToDownload() const;
    Status setDownloadProgress(const QUuid &id, DownloadState state, qint64 downloadedBytes,
                               const QString &error = {});
    // The encrypted partial file of a download, resumed after its whole chunks
    // (AttachmentStreamWriter::bytesWritten() is where the Range request starts); fromStart:
    // an empty partial file instead.
    Result<std::unique_ptr<AttachmentStreamWriter>> openDownload(const QUuid &id,
                                                                 bool fromStart = false);
    // Finishes the file (size and sha256 checked against the record), moves it into place and
    // marks the download done. On a mismatch the partial file is gone and the row says failed.
    Status finishDownload(const QUuid &id, AttachmentStreamWriter &writer);

signals:
    // Emitted after a commit through THIS connection (not other connections); connect across
    // threads with a queued connection.
    void recordsChanged(const QList<QUuid> &ids);
    void outboxChanged();

private:
    LocalStore(StoreLocation location, StoreOptions options,
               std::unique_ptr<StoreConnection> connection);
    static const char *const kSelectAttachment; // the columns readAttachmentRow reads
    static AttachmentInfo readAttachmentRow(const SqliteStatement &stmt);
    // The attachment rows of sql (kSelectAttachment + a WHERE / ORDER BY). sql must live as
    // long as the connection (a static): the cached statement is keyed by its bytes.
    Result<QList<AttachmentInfo>> listAttachments(const QByteArray &sql) const;
    Status rekeyWith(const SecureBuffer &passphrase);
    Status refreshSyncStatus(const QString &recordId);
    Status writeSearchText(qint64 seq, const QJsonObject &values);
    Status queueSearchIndex(qint64 seq);
    Status insertOperation(const Operation &op);
    // conflictFlag: -1 = leave the record's flag, 0 / 1 = the server's flag.
    Status upsertServerRecord(const Record &serverRecord, int conflictFlag);
    Status insertServerRecord(const Record &serverRecord, bool inConflict);
    Status markAppliedInTransaction(const AppliedOperation &applied, QList<QUuid> &changed);
    Status applyServerTombstone(const ServerTombstone &tombstone);

    StoreLocation m_location;
    StoreOptions m_options;
    std::unique_ptr<StoreConnection> m_connection; // null once locked
};

} // namespace outpost
