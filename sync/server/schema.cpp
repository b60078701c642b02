#include "schema.h"

namespace outpost {

const std::vector<Migration> &Schema::migrations()
{
    static const std::vector<Migration> all{
        {1,
         {
             // The one version counter: every change takes its next value inside the write
             // transaction, with the row locked until commit (see WriteTransaction).
             QStringLiteral("CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)"),
             QStringLiteral("INSERT INTO counters (name, value) VALUES ('version', 0)"),
             QStringLiteral("CREATE TABLE organisations (id {pk}, name TEXT NOT NULL UNIQUE, "
                            "created_at TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE teams (id {pk}, org_id BIGINT NOT NULL REFERENCES "
                            "organisations(id), name TEXT NOT NULL, created_at TEXT NOT NULL, "
                            "UNIQUE (org_id, name))"),
             QStringLiteral("CREATE TABLE users (id {pk}, org_id BIGINT NOT NULL REFERENCES "
                            "organisations(id), username TEXT NOT NULL UNIQUE, password_hash TEXT "
                            "NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT "
                            "NULL)"),
             QStringLiteral("CREATE TABLE memberships (user_id BIGINT NOT NULL REFERENCES "
                            "users(id), team_id BIGINT NOT NULL REFERENCES teams(id), role TEXT "
                            "NOT NULL, PRIMARY KEY (user_id, team_id))"),
             QStringLiteral("CREATE TABLE devices (id TEXT PRIMARY KEY, user_id BIGINT NOT NULL "
                            "REFERENCES users(id), name TEXT NOT NULL, created_at TEXT NOT NULL, "
                            "last_seen_at TEXT, revoked_at TEXT, wipe_requested_at TEXT, "
                            "wiped_at TEXT)"),
             // Tokens are stored only as the sha256 of their text; expires_at in ms since epoch.
             QStringLiteral("CREATE TABLE tokens (token_hash TEXT PRIMARY KEY, device_id TEXT NOT "
                            "NULL REFERENCES devices(id), kind TEXT NOT NULL, expires_at BIGINT "
                            "NOT NULL)"),
             QStringLiteral("CREATE INDEX tokens_device ON tokens (device_id)"),
             QStringLiteral("CREATE TABLE forms (org_id BIGINT NOT NULL, form_id TEXT NOT NULL, "
                            "form_version INTEGER NOT NULL, definition TEXT NOT NULL, policy TEXT "
                            "NOT NULL, visibility TEXT NOT NULL, published_at TEXT NOT NULL, "
                            "PRIMARY KEY (org_id, form_id, form_version))"),
             // Which form (latest version) each team sees; version: when it was published.
             QStringLiteral("CREATE TABLE form_teams (team_id BIGINT NOT NULL REFERENCES "
                            "teams(id), form_id TEXT NOT NULL, form_version INTEGER NOT NULL, "
                            "version BIGINT NOT NULL, PRIMARY KEY (team_id, form_id))"),
             QStringLiteral("CREATE INDEX form_teams_version ON form_teams (version)"),
             // field_values / field_versions: JSON objects (field -> value / -> version).
             QStringLiteral("CREATE TABLE records (id TEXT PRIMARY KEY, org_id BIGINT NOT NULL, "
                            "team_id BIGINT NOT NULL, form_id TEXT NOT NULL, form_version INTEGER "
                            "NOT NULL, owner_id BIGINT NOT NULL, state TEXT NOT NULL, deleted "
                            "INTEGER NOT NULL DEFAULT 0, field_values TEXT NOT NULL, "
                            "field_versions TEXT NOT NULL, version BIGINT NOT NULL, "
                            "review_comment TEXT NOT NULL DEFAULT '', in_conflict INTEGER NOT "
                            "NULL DEFAULT 0, created_at TEXT, updated_at TEXT, server_updated_at "
                            "TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX records_team_version ON records (team_id, version)"),
             QStringLiteral("CREATE INDEX records_version ON records (version)"),
             // Every op id ever decided, with the result it got (replays answer from here).
             QStringLiteral(
                 "CREATE TABLE applied_ops (op_id TEXT PRIMARY KEY, device_id TEXT NOT "
                 "NULL, record_id TEXT, result TEXT NOT NULL, created_at TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE batches (device_id TEXT NOT NULL, idempotency_key TEXT "
                            "NOT NULL, request_hash TEXT NOT NULL, response TEXT NOT NULL, "
                            "created_at TEXT NOT NULL, PRIMARY KEY (device_id, idempotency_key))"),
             QStringLiteral("CREATE TABLE conflicts (id {pk}, org_id BIGINT NOT NULL, team_id "
                            "BIGINT NOT NULL, record_id TEXT NOT NULL, form_id TEXT NOT NULL, "
                            "kind TEXT NOT NULL, status TEXT NOT NULL, policy TEXT NOT NULL, "
                            "fields TEXT NOT NULL, op_id TEXT NOT NULL, user_id BIGINT NOT NULL, "
                            "device_id TEXT NOT NULL, version BIGINT NOT NULL, created_at TEXT "
                            "NOT NULL, resolved_by BIGINT, resolved_at TEXT)"),
             QStringLiteral("CREATE INDEX conflicts_team_version ON conflicts (team_id, version)"),
             QStringLiteral("CREATE INDEX conflicts_record ON conflicts (record_id)"),
             // changes: field -> {"before": v, "after": v} (JSON).
             QStringLiteral("CREATE TABLE audit_log (id {pk}, org_id BIGINT NOT NULL, team_id "
                            "BIGINT NOT NULL, version BIGINT NOT NULL, record_id TEXT NOT NULL, "
                            "op_id TEXT, action TEXT NOT NULL, user_id BIGINT NOT NULL, device_id "
                            "TEXT, at TEXT NOT NULL, changes TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX audit_record ON audit_log (record_id, version)"),
             QStringLiteral("CREATE INDEX audit_org ON audit_log (org_id, id)"),
         }},
        {2,
         {
             // Attachments declared by records ({id, sha256, size, type, name} values); their
             // bytes arrive over tus into DATA_DIR/uploads/<id>.part, then attachments/<id>.
             QStringLiteral("CREATE TABLE attachments (id TEXT PRIMARY KEY, org_id BIGINT NOT "
                            "NULL, team_id BIGINT NOT NULL, record_id TEXT NOT NULL, sha256 TEXT "
                            "NOT NULL, size BIGINT NOT NULL, type TEXT NOT NULL, name TEXT NOT "
                            "NULL, upload_offset BIGINT NOT NULL DEFAULT 0, complete INTEGER NOT "
                            "NULL DEFAULT 0, upload_expires_at BIGINT NOT NULL DEFAULT 0, "
                            "created_at TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX attachments_record ON attachments (record_id)"),
         }},
        {3,
         {
             // Failed sign-ins per user name and per client address (SignInLimiter). key_hash:
             // sha256 (hex) of "user:<name>" or "addr:<address>", so names people typed by
             // mistake (a password in the name field) are not kept in clear. Times in ms.
             QStringLiteral("CREATE TABLE signin_failures (key_hash TEXT PRIMARY KEY, failures "
                            "BIGINT NOT NULL, window_start_ms BIGINT NOT NULL, blocked_until_ms "
                            "BIGINT NOT NULL)"),
             // The answers of idempotent requests other than push (conflict resolve, review)
             // by (device, Idempotency-Key); request_hash: sha256 of method, path and body.
             QStringLiteral("CREATE TABLE request_replies (device_id TEXT NOT NULL, "
                            "idempotency_key TEXT NOT NULL, request_hash TEXT NOT NULL, response "
                            "TEXT NOT NULL, created_at_ms BIGINT NOT NULL, PRIMARY KEY (device_id, "
                            "idempotency_key))"),
             // The periodic sweep finds expired unfinished uploads by their expiry.
             QStringLiteral("CREATE INDEX attachments_expiry ON attachments (upload_expires_at)"),
         }},
        {4,
         {
             // A collector's pull reads only what it may see (PullService): its own records
             // by (team, owner, version), the records of the team's team-visible forms by
             // (team, form, version); supervisors read records_team_version. Without them an
             // own-records pull walked the whole team's change stream.
             QStringLiteral("CREATE INDEX records_team_owner_version ON records (team_id, "
                            "owner_id, version)"),
             QStringLiteral("CREATE INDEX records_team_form_version ON records (team_id, "
                            "form_id, version)"),
         }},
        {5,
         {
             // POST /api/v1/auth/signout: the device's tokens stop working (their hashes stay
             // until they expire, so a repeated sign-out is recognised and answered alike).
             QStringLiteral("ALTER TABLE devices ADD COLUMN signed_out_at TEXT"),
         }},
    };
    return all;
}

QString Schema::dialect(const QString &statement, bool postgres)
{
    QString out = statement;
    out.replace(QStringLiteral("{pk}"), postgres ? QStringLiteral("BIGSERIAL PRIMARY KEY")
                                                 : QStringLiteral("INTEGER PRIMARY KEY "
                                                                  "AUTOINCREMENT"));
    return out;
}

} // namespace outpost
