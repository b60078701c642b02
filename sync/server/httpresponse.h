// An HTTP response as a value; serialize() writes it as HTTP/1.1 bytes.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

#include "result.h"

namespace outpost {

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers
    QString errorCode; // the JSON error's code (set by error()), for the log
    // A body streamed from a file instead of `body` (downloads): bodyFileLength bytes from
    // bodyFileOffset. Memory stays bounded however large the file.
    QString bodyFile;
    qint64 bodyFileOffset = 0;
    qint64 bodyFileLength = 0;

    static HttpResponse json(int status, const QJsonObject &object);
    // The JSON error body {code, message} of docs/protocol.md.
    static HttpResponse error(int status, const QString &code, const QString &message);
    // Maps an Error to its HTTP status by code (see statusForError).
    static HttpResponse fromError(const Error &error);
    static int statusForError(const QString &code);

    void addHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append({name, value});
    }
    // headOnly: a HEAD request (headers with the body's length, no body).
    QByteArray serialize(bool keepAlive, bool headOnly = false) const;
};

QByteArray reasonPhrase(int status);

} // namespace outpost
