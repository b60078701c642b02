#include "pushbodywriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace outpost {

namespace {

constexpr char kOpen[] = "{\"ops\":[";

// Printable ASCII without '"' and '\\' needs no escaping in JSON.
bool isPlain(const QString &value)
{
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u > 0x7e || u == u'"' || u == u'\\')
            return false;
    }
    return true;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

PushBodyWriter::PushBodyWriter() : m_body(kOpen) {}

void PushBodyWriter::appendString(const QString &value)
{
    if (isPlain(value)) {
        m_body += '"';
        m_body += value.toLatin1();
        m_body += '"';
        return;
    }
    auto it = m_strings.constFind(value);
    if (it == m_strings.constEnd()) {
        // Qt's own escaping: ["..."] without the brackets.
        const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        it = m_strings.insert(value, array.mid(1, array.size() - 2));
    }
    m_body += *it;
}

void PushBodyWriter::add(const Operation &op, const QByteArray &fieldsJson)
{
    if (m_count > 0)
        m_body += ',';
    ++m_count;
    m_body += "{\"op_id\":\"";
    m_body += op.opId.toByteArray(QUuid::WithoutBraces);
    m_body += "\",\"entity\":";
    appendString(op.entity);
    m_body += ",\"entity_id\":\"";
    m_body += op.entityId.toByteArray(QUuid::WithoutBraces);
    m_body += "\",\"kind\":";
    appendString(operationKindName(op.kind));
    m_body += ",\"base_version\":";
    m_body += QByteArray::number(op.baseVersion);
    m_body += ",\"form_id\":";
    appendString(op.formId);
    m_body += ",\"form_version\":";
    m_body += QByteArray::number(op.formVersion);
    m_body += ",\"fields\":";
    if (fieldsJson.isEmpty())
        m_body += compact(op.fields);
    else if (fieldsJson.startsWith('{') && fieldsJson.endsWith('}'))
        m_body += fieldsJson;
    else
        m_body += compact(QJsonDocument::fromJson(fieldsJson).object());
    if (!op.state.isEmpty()) {
        m_body += ",\"state\":";
        appendString(op.state);
    }
    m_body += ",\"device_time\":";
    appendString(op.deviceTime.toUTC().toString(Qt::ISODateWithMs));
    m_body += '}';
}

QByteArray PushBodyWriter::finish()
{
    m_body += "]}";
    m_count = 0;
    return std::exchange(m_body, QByteArray(kOpen));
}

} // namespace outpost
