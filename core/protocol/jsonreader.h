// Strict readers for JSON members, shared by the protocol codecs: each error names the member
// and the problem, with the error code given by the caller's message type.
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <QUuid>

#include "result.h"

namespace outpost {

class JsonReader
{
public:
    // code: the Error code for every problem found ("invalid_request", ...).
    JsonReader(const QJsonObject &json, QString code) : m_json(json), m_code(std::move(code)) {}

    Result<QString> string(const QString &key) const;
    Result<QString> optionalString(const QString &key, const QString &fallback = {}) const;
    // Integral JSON numbers in [min, max] that a double holds exactly.
    Result<qint64> integer(const QString &key, qint64 min, qint64 max) const;
    Result<qint64> optionalInteger(const QString &key, qint64 min, qint64 max,
                                   qint64 fallback) const;
    Result<bool> optionalBool(const QString &key, bool fallback) const;
    Result<QUuid> uuid(const QString &key) const;
    Result<QJsonObject> object(const QString &key) const;
    Result<QJsonArray> array(const QString &key) const;
    // An error naming the first member that is not in allowed.
    Status onlyKnown(const QStringList &allowed) const;

    Error error(const QString &message) const { return Error::permanentError(m_code, message); }

private:
    Result<QJsonValue> member(const QString &key, QJsonValue::Type type) const;

    QJsonObject m_json;
    QString m_code;
};

} // namespace outpost
