// The POST /api/v1/push body ({"ops": [Operation, ...]}, docs/protocol.md) written straight
// into compact JSON text: the same document as QJsonDocument(PushRequest::toJson()), without
// a QJsonObject per operation, and with fields that are already encoded (the device's outbox
// keeps them as compact JSON) copied as they are. The sync engine builds every batch with it
// (a tenth of the device's CPU per pushed op went into encoding before); tst_pushbodywriter
// decodes its output with PushRequest::fromJson.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include "operation.h"

namespace outpost {

class PushBodyWriter
{
public:
    PushBodyWriter();

    // fieldsJson: op's fields as one compact JSON object (taken as is: it must be valid JSON,
    // e.g. written by QJsonDocument); a text that is not an object ({...}) is decoded and
    // re-encoded instead (anything else becomes {}), and empty = op.fields is encoded.
    void add(const Operation &op, const QByteArray &fieldsJson = {});
    int count() const { return m_count; }
    QByteArray finish(); // the body; the writer starts over empty

private:
    void appendString(const QString &value);

    QByteArray m_body;
    int m_count = 0;
    QHash<QString, QByteArray> m_strings; // encoded strings that repeat (form ids, states)
};

} // namespace outpost
