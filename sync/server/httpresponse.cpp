#include "httpresponse.h"

#include <QHash>
#include <QJsonDocument>

#include "errorbody.h"

namespace outpost {

QByteArray reasonPhrase(int status)
{
    static const QHash<int, QByteArray> phrases{
        {100, "Continue"},
        {200, "OK"},
        {201, "Created"},
        {204, "No Content"},
        {206, "Partial Content"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {408, "Request Timeout"},
        {409, "Conflict"},
        {410, "Gone"},
        {411, "Length Required"},
        {412, "Precondition Failed"},
        {413, "Content Too Large"},
        {415, "Unsupported Media Type"},
        {416, "Range Not Satisfiable"},
        {422, "Unprocessable Content"},
        {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"},
        {460, "Checksum Mismatch"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {503, "Service Unavailable"},
    };
    return phrases.value(status, QByteArrayLiteral("Unknown"));
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    HttpResponse response;
    response.status = status;
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse HttpResponse::error(int status, const QString &code, const QString &message)
{
    HttpResponse response = json(status, ErrorBody{code, message}.toJson());
    response.errorCode = code;
    return response;
}

int HttpResponse::statusForError(const QString &code)
{
    static const QHash<QString, int> statuses{
        {QStringLiteral("invalid_json"), 400},
        {QStringLiteral("invalid_request"), 400},
        {QStringLiteral("invalid_cursor"), 400},
        {QStringLiteral("invalid_header"), 400},
        {QStringLiteral("checksum_algorithm"), 400},
        {QStringLiteral("unauthenticated"), 401},
        {QStringLiteral("invalid_token"), 401},
        {QStringLiteral("token_expired"), 401},
        {QStringLiteral("bad_credentials"), 401},
        {QStringLiteral("device_revoked"), 401},
        {QStringLiteral("forbidden"), 403},
        {QStringLiteral("not_found"), 404},
        {QStringLiteral("version_mismatch"), 409},
        {QStringLiteral("exists"), 409},
        {QStringLiteral("invalid_form"), 400},
        {QStringLiteral("invalid_state"), 409},
        {QStringLiteral("wipe_required"), 410},
        {QStringLiteral("tus_version"), 412},
        {QStringLiteral("unsupported_media_type"), 415},
        {QStringLiteral("range_not_satisfiable"), 416},
        {QStringLiteral("payload_too_large"), 413},
        {QStringLiteral("too_many_ops"), 413},
        {QStringLiteral("idempotency_key_reused"), 422},
        {QStringLiteral("invalid_operation"), 422},
        {QStringLiteral("too_many_attempts"), 429},
        {QStringLiteral("overloaded"), 503},
        {QStringLiteral("database_unavailable"), 503},
    };
    return statuses.value(code, 500);
}

HttpResponse HttpResponse::fromError(const Error &error)
{
    return HttpResponse::error(statusForError(error.code), error.code, error.message);
}

QByteArray HttpResponse::serialize(bool keepAlive, bool headOnly) const
{
    QByteArray out;
    out.reserve(body.size() + 256);
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if ((!body.isEmpty() || status != 204) && !contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    // An error answer to HEAD says Content-Length: 0: some clients (QNetworkAccessManager)
    // otherwise wait for a body that HEAD never has.
    const bool headError = headOnly && status >= 300;
    if (status != 204)
        out += "Content-Length: " +
               QByteArray::number(headError            ? 0
                                  : bodyFile.isEmpty() ? body.size()
                                                       : bodyFileLength) +
               "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    if (!keepAlive)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!headOnly)
        out += body;
    return out;
}

} // namespace outpost
