#include "hostilecases.h"

#include <QUuid>

namespace testsupport {

namespace {

// A push of one create op with fresh ids; `members` are appended (a repeated member comes
// after, and so overrides, the default one).
QByteArray oneOp(const QByteArray &members)
{
    return R"({"ops":[{"op_id":")" + QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1() +
           R"(","entity":"record","entity_id":")" +
           QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1() +
           R"(","kind":"create","base_version":0,"form_version":1,"device_time":"2026-12-01T10:00:00Z",)" +
           members + "}]}";
}

QByteArray nested(int depth, const QByteArray &inner = "1")
{
    return QByteArray(depth, '[') + inner + QByteArray(depth, ']');
}

} // namespace

QList<HostileCase> hostileCases()
{
    const QByteArray json = "Content-Type: application/json\r\n";
    const QByteArray tus = "Tus-Resumable: 1.0.0\r\n";
    QList<HostileCase> cases;
    auto row = [&cases](const char *name, const QByteArray &method, const QByteArray &path,
                        const QByteArray &headers, const QByteArray &body, Who who, int status,
                        const char *code) {
        cases.append({name, method, path, headers, body, who, status, QString::fromLatin1(code)});
    };
    // broken JSON
    row("push: truncated mid-op", "POST", "/api/v1/push", json, R"({"ops":[{"op_id":")", Alice, 400,
        "invalid_json");
    // Idempotency-Key: 1 to 200 visible ASCII characters, on push as on resolve and review
    const QByteArray validPush = oneOp(R"("form_id":"household","fields":{"a":"kept out"})");
    row("push: empty Idempotency-Key", "POST", "/api/v1/push", json + "Idempotency-Key:\r\n",
        validPush, Alice, 400, "invalid_request");
    row("push: Idempotency-Key with a space", "POST", "/api/v1/push",
        json + "Idempotency-Key: batch 1\r\n", validPush, Alice, 400, "invalid_request");
    row("push: Idempotency-Key of 201 bytes", "POST", "/api/v1/push",
        json + "Idempotency-Key: " + QByteArray(201, 'k') + "\r\n", validPush, Alice, 400,
        "invalid_request");
    row("push: Idempotency-Key not ASCII", "POST", "/api/v1/push",
        json + "Idempotency-Key: cl\xc3\xa9\r\n", validPush, Alice, 400, "invalid_request");
    row("review: trailing garbage", "POST", "/api/v1/records/{R}/review", json,
        R"({"decision":"accept"} x)", Sue, 400, "invalid_json");
    row("resolve: not JSON", "POST", "/api/v1/conflicts/{C}/resolve", json, "values=1", Sue, 400,
        "invalid_json");
    row("refresh: invalid UTF-8", "POST", "/api/v1/auth/refresh", json, "\xff\xfe{}", Nobody, 400,
        "invalid_json");
    // wrong types
    row("review: decision is a number", "POST", "/api/v1/records/{R}/review", json,
        R"({"decision":1})", Sue, 400, "invalid_request");
    row("review: comment is an array", "POST", "/api/v1/records/{R}/review", json,
        R"({"decision":"accept","comment":[1]})", Sue, 400, "invalid_request");
    row("resolve: values is a string", "POST", "/api/v1/conflicts/{C}/resolve", json,
        R"({"values":"x"})", Sue, 400, "invalid_request");
    row("resolve: delete is a string", "POST", "/api/v1/conflicts/{C}/resolve", json,
        R"({"delete":"yes"})", Sue, 400, "invalid_request");
    row("refresh: token is a number", "POST", "/api/v1/auth/refresh", json,
        R"({"refresh_token":12})", Nobody, 400, "invalid_request");
    row("push: base_version is a string", "POST", "/api/v1/push", json,
        oneOp(R"("form_id":"household","fields":{},"base_version":"7")"), Alice, 200,
        "invalid_operation");
    row("push: a field of the wrong type", "POST", "/api/v1/push", json,
        oneOp(R"("form_id":"household","fields":{"b":"not a number"})"), Alice, 200,
        "validation_failed");
    // huge numbers and strings
    row("pull: limit beyond 64 bits", "GET", "/api/v1/pull?limit=99999999999999999999999", {}, {},
        Alice, 400, "invalid_request");
    row("audit: after beyond 64 bits", "GET", "/api/v1/audit?after=99999999999999999999999", {}, {},
        Ada, 400, "invalid_request");
    row("resolve: conflict id beyond 64 bits", "POST",
        "/api/v1/conflicts/99999999999999999999999/resolve", json, R"({"values":{}})", Sue, 404,
        "not_found");
    row("resolve: negative conflict id", "POST", "/api/v1/conflicts/-1/resolve", json,
        R"({"values":{}})", Sue, 404, "not_found");
    row("push: base_version 1e300", "POST", "/api/v1/push", json,
        oneOp(R"("form_id":"household","fields":{},"base_version":1e300)"), Alice, 200,
        "invalid_operation");
    row("push: form_version -2^63", "POST", "/api/v1/push", json,
        oneOp(R"("form_id":"household","fields":{},"form_version":-9223372036854775808)"), Alice,
        200, "invalid_operation");
    row("export: 64 KiB form id", "GET", "/api/v1/forms/" + QByteArray(65536, 'f') + "/export", {},
        {}, Sue, 431, "headers_too_large");
    row("review: 10 KiB record id", "POST", "/api/v1/records/" + QByteArray(10240, '9') + "/review",
        json, R"({"decision":"accept"})", Sue, 404, "not_found");
    row("push: 1 MiB op id", "POST", "/api/v1/push", json,
        R"({"ops":[{"op_id":")" + QByteArray(1 << 20, 'x') + R"("}]})", Alice, 200,
        "invalid_operation");
    // deep nesting
    row("push: 100,000 nested arrays", "POST", "/api/v1/push", json,
        R"({"ops":)" + nested(100000) + "}", Alice, 400, "invalid_json");
    row("resolve: 5,000-deep value", "POST", "/api/v1/conflicts/{C}/resolve", json,
        R"({"values":{"a":)" + nested(5000) + "}}", Sue, 400, "invalid_json");
    row("push: 200-deep field value", "POST", "/api/v1/push", json,
        oneOp(R"("form_id":"household","fields":{"a":)" + nested(200) + "}"), Alice, 200,
        "validation_failed");
    // unknown members
    row("review: unknown member", "POST", "/api/v1/records/{R}/review", json,
        R"({"decision":"accept","approve_all":true})", Sue, 400, "invalid_request");
    row("resolve: unknown member", "POST", "/api/v1/conflicts/{C}/resolve", json,
        R"({"values":{},"force":true})", Sue, 400, "invalid_request");
    row("refresh: unknown member", "POST", "/api/v1/auth/refresh", json,
        R"({"refresh_token":"x","device_id":"y"})", Nobody, 400, "invalid_request");
    row("push: op with an unknown member", "POST", "/api/v1/push", json,
        oneOp(R"("form_id":"household","fields":{},"owner":"sue")"), Alice, 200,
        "invalid_operation");
    row("resolve: a field the form does not have", "POST", "/api/v1/conflicts/{C}/resolve", json,
        R"({"values":{"is_admin":true}})", Sue, 422, "validation_failed");
    // SQL-looking strings
    row("pull: SQL in the cursor", "GET", "/api/v1/pull?cursor=%27%20OR%201%3D1--", {}, {}, Alice,
        400, "invalid_cursor");
    row("export: SQL in the form id", "GET", "/api/v1/forms/x%27%20OR%20%271%27%3D%271/export", {},
        {}, Sue, 404, "not_found");
    row("review: SQL in the record id", "POST",
        "/api/v1/records/1%27%3BDROP%20TABLE%20records--/review", json, R"({"decision":"accept"})",
        Sue, 404, "not_found");
    row("push: SQL in the form id", "POST", "/api/v1/push", json,
        oneOp(R"("form_id":"household'; DROP TABLE records;--","fields":{})"), Alice, 200,
        "unknown_form");
    row("refresh: SQL as the token", "POST", "/api/v1/auth/refresh", json,
        R"({"refresh_token":"' OR '1'='1"})", Nobody, 401, "invalid_token");
    // path tricks in ids
    row("review: ../ in the path", "POST", "/api/v1/records/../../healthz/review", json,
        R"({"decision":"accept"})", Sue, 404, "not_found");
    row("review: %2e%2e%2f in the id", "POST", "/api/v1/records/%2e%2e%2f%2e%2e/review", json,
        R"({"decision":"accept"})", Sue, 404, "not_found");
    row("attachment: traversal to the database", "GET", "/api/v1/attachments/..%2f..%2foutpost.db",
        {}, {}, Alice, 404, "not_found");
    row("attachment: double-encoded traversal", "GET",
        "/api/v1/attachments/%252e%252e%252foutpost.db", {}, {}, Alice, 404, "not_found");
    row("attachment: backslashes", "GET", "/api/v1/attachments/..\\..\\outpost.db", {}, {}, Alice,
        404, "not_found");
    row("attachment: encoded NUL", "GET", "/api/v1/attachments/{R}%00.db", {}, {}, Alice, 404,
        "not_found");
    row("upload: traversal to the config", "PATCH", "/api/v1/uploads/..%2foutpost-server.json",
        tus + "Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n", "{}", Alice,
        404, "not_found");
    row("upload: HEAD of ../", "HEAD", "/api/v1/uploads/../../outpost.db", tus, {}, Alice, 404, "");
    row("raw NUL in the request line", "GET", QByteArray("/api/v1/attachments/a\0b", 23), {}, {},
        Alice, 400, "bad_request_line");
    // wrong content types: 415 before the handler, even for a body it would have applied
    const QByteArray validOp = oneOp(R"("form_id":"household","fields":{"a":"typed"})");
    row("push: a form-encoded body", "POST", "/api/v1/push",
        "Content-Type: application/x-www-form-urlencoded\r\n", "ops=1", Alice, 415,
        "unsupported_media_type");
    row("review: a multipart body", "POST", "/api/v1/records/{R}/review",
        "Content-Type: multipart/form-data; boundary=x\r\n",
        "--x\r\nContent-Disposition: form-data; name=\"decision\"\r\n\r\naccept\r\n--x--\r\n", Sue,
        415, "unsupported_media_type");
    row("push: valid JSON as text/plain", "POST", "/api/v1/push", "Content-Type: text/plain\r\n",
        validOp, Alice, 415, "unsupported_media_type");
    row("push: valid JSON without Content-Type", "POST", "/api/v1/push", {}, validOp, Alice, 415,
        "unsupported_media_type");
    row("push: valid JSON as UTF-16", "POST", "/api/v1/push",
        "Content-Type: application/json; charset=utf-16\r\n", validOp, Alice, 415,
        "unsupported_media_type");
    row("push: application/json-seq", "POST", "/api/v1/push",
        "Content-Type: application/json-seq\r\n", validOp, Alice, 415, "unsupported_media_type");
    row("push: application/jsonp", "POST", "/api/v1/push", "Content-Type: application/jsonp\r\n",
        validOp, Alice, 415, "unsupported_media_type");
    row("review: a valid decision as text/plain", "POST", "/api/v1/records/{R}/review",
        "Content-Type: text/plain\r\n", R"({"decision":"accept"})", Sue, 415,
        "unsupported_media_type");
    row("resolve: valid values as form data", "POST", "/api/v1/conflicts/{C}/resolve",
        "Content-Type: application/x-www-form-urlencoded\r\n", R"({"values":{"a":"x"}})", Sue, 415,
        "unsupported_media_type");
    row("sign-in: right password as text/plain", "POST", "/api/v1/auth/signin",
        "Content-Type: text/plain\r\n",
        R"({"username":"alice","password":"pw-alice-secret","device_name":"x"})", Nobody, 415,
        "unsupported_media_type");
    row("refresh: a refresh token as octet-stream", "POST", "/api/v1/auth/refresh",
        "Content-Type: application/octet-stream\r\n", R"({"refresh_token":"abc"})", Nobody, 415,
        "unsupported_media_type");
    row("upload: PATCH as JSON", "PATCH", "/api/v1/uploads/{R}",
        tus + "Upload-Offset: 0\r\n" + json, "{}", Alice, 415, "unsupported_media_type");
    // missing and forged tokens
    row("push: no token", "POST", "/api/v1/push", json, R"({"ops":[]})", Nobody, 401,
        "unauthenticated");
    row("review: no token", "POST", "/api/v1/records/{R}/review", json, R"({"decision":"accept"})",
        Nobody, 401, "unauthenticated");
    row("resolve: forged token", "POST", "/api/v1/conflicts/{C}/resolve", json,
        R"({"values":{"a":"x"}})", Forged, 401, "invalid_token");
    row("export: Basic credentials", "GET", "/api/v1/forms/household/export",
        "Authorization: Basic c3VlOnB3LXN1ZS1zZWNyZXQ=\r\n", {}, Nobody, 401, "unauthenticated");
    row("audit: empty bearer", "GET", "/api/v1/audit", "Authorization: Bearer \r\n", {}, Nobody,
        401, "unauthenticated");
    row("conflicts: 8 KiB token", "GET", "/api/v1/conflicts",
        "Authorization: Bearer " + QByteArray(8192, 'z') + "\r\n", {}, Nobody, 401,
        "invalid_token");
    row("push: the refresh token as access token", "POST", "/api/v1/push", json, R"({"ops":[]})",
        RefreshToken, 401, "invalid_token");
    row("push: a NUL inside the token", "POST", "/api/v1/push",
        QByteArray("Authorization: Bearer abc\0def\r\n", 31) + json, R"({"ops":[]})", Nobody, 400,
        "bad_header");
    row("me: forged token", "GET", "/api/v1/me", {}, {}, Forged, 401, "invalid_token");
    // roles and another team's ids
    row("south supervisor resolves north's conflict", "POST", "/api/v1/conflicts/{C}/resolve", json,
        R"({"values":{"a":"south"}})", Zed, 404, "not_found");
    row("south supervisor exports north's form", "GET", "/api/v1/forms/household/export", {}, {},
        Zed, 404, "not_found");
    row("south supervisor reads north's attachment id", "GET", "/api/v1/attachments/{R}", {}, {},
        Zed, 404, "not_found");
    row("collector resolves a conflict", "POST", "/api/v1/conflicts/{C}/resolve", json,
        R"({"values":{"a":"x"}})", Alice, 403, "forbidden");
    row("collector exports", "GET", "/api/v1/forms/household/export", {}, {}, Alice, 403,
        "forbidden");
    row("collector reads the audit log", "GET", "/api/v1/audit", {}, {}, Alice, 403, "forbidden");
    row("collector reviews", "POST", "/api/v1/records/{R}/review", json, R"({"decision":"accept"})",
        Alice, 403, "forbidden");
    return cases;
}

} // namespace testsupport
