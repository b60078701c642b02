#include "jsontext.h"

#include "opresult.h"

namespace outpost::jsontext {

void appendString(QByteArray &out, QStringView s)
{
    const QByteArray utf8 = s.toUtf8();
    out += '"';
    qsizetype clean = 0; // bytes of utf8 already appended
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(utf8.constData() + clean, i - clean);
        clean = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default: {
            static const char hex[] = "0123456789abcdef";
            const char escaped[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
            out.append(escaped, sizeof escaped);
        }
        }
    }
    out.append(utf8.constData() + clean, utf8.size() - clean);
    out += '"';
}

QByteArray opResult(const OpResult &result)
{
    // Keys in the order QJsonObject keeps them (sorted).
    QByteArray out;
    out.reserve(96);
    out += '{';
    if (result.conflictId > 0) {
        out += "\"conflict_id\":";
        out += QByteArray::number(result.conflictId);
        out += ',';
    }
    if (result.status == OpStatus::Rejected) {
        out += "\"error\":{\"code\":";
        appendString(out, result.errorCode);
        out += ",\"message\":";
        appendString(out, result.message);
        out += "},";
    }
    out += "\"index\":";
    out += QByteArray::number(result.index);
    out += ",\"op_id\":";
    appendString(out, result.opId);
    out += ",\"status\":";
    appendString(out, opStatusName(result.status));
    if (result.version > 0) {
        out += ",\"version\":";
        out += QByteArray::number(result.version);
    }
    out += '}';
    return out;
}

namespace {

// The index just after the string that starts (with its quote) at i.
qsizetype skipString(QByteArrayView text, qsizetype i)
{
    for (++i; i < text.size(); ++i) {
        if (text[i] == '\\')
            ++i;
        else if (text[i] == '"')
            return i + 1;
    }
    return text.size();
}

// The index just after the value that starts at i.
qsizetype skipValue(QByteArrayView text, qsizetype i)
{
    int depth = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"') {
            i = skipString(text, i);
            if (depth == 0)
                return i;
            continue;
        }
        if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return i; // the end of the enclosing object
            if (--depth == 0)
                return i + 1;
        } else if (c == ',' && depth == 0) {
            return i;
        }
        ++i;
    }
    return i;
}

} // namespace

QList<Member> members(QByteArrayView object)
{
    QList<Member> out;
    qsizetype i = 1; // after '{'
    while (i < object.size() && object[i] == '"') {
        const qsizetype keyEnd = skipString(object, i);
        const qsizetype valueStart = keyEnd + 1; // after ':'
        const qsizetype valueEnd = skipValue(object, valueStart);
        out.append(
            Member{object.sliced(i, keyEnd - i), object.sliced(valueStart, valueEnd - valueStart)});
        i = valueEnd + 1; // after ',' (or past the closing '}')
    }
    return out;
}

} // namespace outpost::jsontext
