// Writing JSON text directly into a byte buffer, for answers and rows assembled from text the
// server stored as compact JSON (pull pages, push results, audit rows), without building
// QJsonObjects first. The output is what QJsonDocument::Compact writes for the same content.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QStringView>

namespace outpost {
struct OpResult;
}

namespace outpost::jsontext {

// Appends s as a JSON string literal (quoted, UTF-8, with '"', '\' and control characters
// escaped).
void appendString(QByteArray &out, QStringView s);

// OpResult::toJson() as compact text.
QByteArray opResult(const OpResult &result);

// One top-level member of a compact JSON object text: the key with its quotes, the value.
struct Member
{
    QByteArrayView key;
    QByteArrayView value;
};
// The members of a compact object text written by QJsonDocument (no whitespace), in order.
QList<Member> members(QByteArrayView object);

} // namespace outpost::jsontext
