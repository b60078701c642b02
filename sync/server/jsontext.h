// Writing JSON text directly into a byte buffer, for answers assembled from text the server
// stored as compact JSON (pull pages), without building QJsonObjects first.
#pragma once

#include <QByteArray>
#include <QStringView>

namespace outpost::jsontext {

// Appends s as a JSON string literal (quoted, UTF-8, with '"', '\' and control characters
// escaped), as QJsonDocument would write it.
void appendString(QByteArray &out, QStringView s);

} // namespace outpost::jsontext
