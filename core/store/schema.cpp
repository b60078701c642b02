#include "schema.h"

#include "recordtext.h"
#include "sqlitedatabase.h"
#include "storelogging.h"
#include "writetransaction.h"

#include <sodium.h>

#include <QJsonDocument>

namespace outpost {

namespace {

Status migrateTo1(SqliteDatabase &db)
{
    return db.exec(R"sql(
        CREATE TABLE records (
            seq INTEGER PRIMARY KEY,            -- local row id (FTS docid)
            id TEXT NOT NULL UNIQUE,            -- UUID, no braces
            form_id TEXT NOT NULL,
            form_version INTEGER NOT NULL,
            values_json TEXT NOT NULL,
            state TEXT NOT NULL,
            server_version INTEGER NOT NULL DEFAULT 0,
            created_at_ms INTEGER NOT NULL,     -- device clock, ms since epoch UTC
            updated_at_ms INTEGER NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0, -- tombstone until the server applied the delete
            review_comment TEXT NOT NULL DEFAULT '',
            sync_status TEXT NOT NULL DEFAULT 'pending',
            in_conflict INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX records_by_form ON records(form_id, updated_at_ms);
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, -- push order
            op_id TEXT NOT NULL UNIQUE,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            base_version INTEGER NOT NULL,
            form_id TEXT NOT NULL,
            form_version INTEGER NOT NULL,
            fields_json TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT '',
            device_time_ms INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending', -- pending | rejected
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT '',
            reject_reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX outbox_by_entity ON outbox(entity_id, seq);
        CREATE INDEX outbox_by_status ON outbox(status, seq);
        CREATE TABLE sync_state (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)
            WITHOUT ROWID;
        CREATE TABLE forms (
            form_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            definition_json TEXT NOT NULL,
            received_at_ms INTEGER NOT NULL,
            PRIMARY KEY (form_id, version)
        ) WITHOUT ROWID;
        CREATE TABLE store_meta (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL)
            WITHOUT ROWID;
        PRAGMA application_id = 1330664276;
    )sql");
}

Status migrateTo2(SqliteDatabase &db)
{
    Status created = db.exec(R"sql(
        CREATE TABLE attachments (
            id TEXT PRIMARY KEY NOT NULL,
            record_id TEXT NOT NULL DEFAULT '',
            file_name TEXT NOT NULL,
            mime_type TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            sha256 TEXT NOT NULL,               -- of the plaintext, hex
            upload_state TEXT NOT NULL DEFAULT 'waiting',
            uploaded_bytes INTEGER NOT NULL DEFAULT 0,
            upload_url TEXT NOT NULL DEFAULT '',
            last_error TEXT NOT NULL DEFAULT '',
            created_at_ms INTEGER NOT NULL
        );
        CREATE INDEX attachments_by_upload ON attachments(upload_state, created_at_ms);
        CREATE INDEX attachments_by_record ON attachments(record_id);
    )sql");
    if (!created)
        return created;
    // The attachment key: random, kept only inside the encrypted database, so a passphrase
    // change never re-encrypts attachment files.
    auto insert = db.prepare("INSERT INTO store_meta(key, value) VALUES ('attachment_key', ?1)");
    if (!insert)
        return insert.error();
    unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    crypto_secretstream_xchacha20poly1305_keygen(key);
    insert->bindBlob(1, key, sizeof key);
    sodium_memzero(key, sizeof key);
    return insert->run();
}

Status migrateTo3(SqliteDatabase &db)
{
    Status created = db.exec(R"sql(
        ALTER TABLE records ADD COLUMN display_text TEXT NOT NULL DEFAULT '';
        CREATE INDEX records_by_updated ON records(updated_at_ms DESC, id);
        CREATE VIRTUAL TABLE record_search USING fts4(body, tokenize=unicode61);
    )sql");
    if (!created)
        return created;
    auto select = db.prepare("SELECT seq, values_json FROM records");
    auto update = db.prepare("UPDATE records SET display_text = ?2 WHERE seq = ?1");
    auto index = db.prepare("INSERT INTO record_search(docid, body) VALUES (?1, ?2)");
    if (!select || !update || !index)
        return db.lastError(QStringLiteral("migration 3"));
    for (;;) {
        auto row = select->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        const qint64 seq = select->columnInt64(0);
        const QJsonObject values = QJsonDocument::fromJson(select->columnBytes(1)).object();
        update->reset();
        update->bind(1, seq);
        update->bind(2, RecordText::displayText(values));
        if (Status s = update->run(); !s)
            return s;
        index->reset();
        index->bind(1, seq);
        index->bind(2, RecordText::searchText(values));
        if (Status s = index->run(); !s)
            return s;
    }
    return {};
}

// The list of 100,000 summaries read from a covering index instead of the wide table rows
// (values_json): ~3x fewer pages to read and decrypt. Counting one form uses an index too.
Status migrateTo4(SqliteDatabase &db)
{
    return db.exec(R"sql(
        DROP INDEX records_by_updated;
        DROP INDEX records_by_form;
        CREATE INDEX records_list ON records(deleted, updated_at_ms DESC, id, form_id,
            form_version, state, sync_status, server_version, display_text);
        CREATE INDEX records_by_form ON records(form_id, deleted, updated_at_ms DESC);
    )sql");
}

// server_stale: the record was acknowledged by a "merged" or "conflict" push result; the
// server's record at server_version holds changes we do not have, so the pull of that same
// version is applied instead of skipped (LocalStore::markApplied(AppliedOperation)).
Status migrateTo5(SqliteDatabase &db)
{
    return db.exec("ALTER TABLE records ADD COLUMN server_stale INTEGER NOT NULL DEFAULT 0;");
}

// search_backlog: records whose full-text row is out of date. Pulled records are written
// without their FTS4 row (FTS maintenance was ~15% of a full pull); an idle pass indexes the
// backlog afterwards in transactions of its own (LocalStore::indexSearchBacklog), so search
// lags a pull by seconds and a crash between the two loses nothing.
Status migrateTo6(SqliteDatabase &db)
{
    return db.exec("CREATE TABLE search_backlog (seq INTEGER PRIMARY KEY);");
}

// Attachments made on other devices, downloaded on demand (LocalStore::requestDownload): their
// rows say from_server = 1 (upload_state 'done'), the download's state, the plaintext bytes
// safely in the partial file (where a Range request resumes) and the last error. The upload
// side (URL, acknowledged offset, state) has been in the table since step 2.
Status migrateTo7(SqliteDatabase &db)
{
    return db.exec(R"sql(
        ALTER TABLE attachments ADD COLUMN from_server INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE attachments ADD COLUMN download_state TEXT NOT NULL DEFAULT '';
        ALTER TABLE attachments ADD COLUMN downloaded_bytes INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE attachments ADD COLUMN download_error TEXT NOT NULL DEFAULT '';
        CREATE INDEX attachments_by_download ON attachments(from_server, download_state);
    )sql");
}

using Step = Status (*)(SqliteDatabase &);
constexpr Step kSteps[] = {migrateTo1, migrateTo2, migrateTo3, migrateTo4,
                           migrateTo5, migrateTo6, migrateTo7};
static_assert(std::size(kSteps) == Schema::kLatestVersion);

} // namespace

Result<int> Schema::version(SqliteDatabase &db)
{
    auto v = db.queryInt("PRAGMA user_version");
    if (!v)
        return v.error();
    return static_cast<int>(*v);
}

Status Schema::migrate(SqliteDatabase &db, int targetVersion)
{
    auto current = version(db);
    if (!current)
        return current.error();
    if (*current > kLatestVersion)
        return Error::permanentError(
            QStringLiteral("store_too_new"),
            QStringLiteral("the store has schema version %1 but this Outpost knows only up to %2;"
                           " update Outpost")
                .arg(*current)
                .arg(kLatestVersion));
    for (int v = *current + 1; v <= targetVersion; ++v) {
        WriteTransaction tx(db);
        if (!tx.begun())
            return tx.begun();
        // Another connection may have migrated while we waited for the write lock.
        auto now = version(db);
        if (!now)
            return now.error();
        if (*now >= v)
            continue;
        if (Status s = kSteps[v - 1](db); !s) {
            qCWarning(lcStore) << "migration to schema version" << v
                               << "failed:" << s.error().message;
            return s;
        }
        const QByteArray setVersion = "PRAGMA user_version = " + QByteArray::number(v);
        if (Status s = db.exec(setVersion.constData()); !s)
            return s;
        if (Status s = tx.commit(); !s)
            return s;
        qCInfo(lcStore) << "migrated the store to schema version" << v;
    }
    return {};
}

} // namespace outpost
