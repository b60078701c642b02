// A blocking HTTP client for the server tests (QNetworkAccessManager with a local event loop),
// plus raw-socket helpers for what QNAM cannot send (pipelining, slow or malformed requests).
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>

#include <memory>

struct HttpResult
{
    int status = 0; // 0: no answer (connection error or timeout)
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QJsonObject json() const;
    QByteArray header(const QByteArray &name) const;
    QString errorCode() const { return json().value(QStringLiteral("code")).toString(); }
};

class HttpClient
{
public:
    explicit HttpClient(quint16 port)
        : m_port(port), m_nam(std::make_unique<QNetworkAccessManager>())
    {}

    void setToken(const QString &token) { m_token = token; }
    HttpResult request(const QByteArray &method, const QString &pathAndQuery,
                       const QByteArray &body = {},
                       const QList<QPair<QByteArray, QByteArray>> &headers = {},
                       int timeoutMs = 30000);
    HttpResult get(const QString &path) { return request("GET", path); }
    HttpResult post(const QString &path, const QJsonObject &json,
                    const QList<QPair<QByteArray, QByteArray>> &headers = {});

    // Sends raw bytes on a fresh connection and returns everything the server sent until it
    // closed or timeoutMs passed.
    static QByteArray raw(quint16 port, const QByteArray &bytes, int timeoutMs = 5000);

private:
    quint16 m_port;
    QString m_token;
    std::unique_ptr<QNetworkAccessManager> m_nam; // movable client
};
