// A form definition as the store keeps it: the JSON text the server sent, untouched. The
// store does not parse forms (core/forms does); it only keeps them for offline use.
#pragma once

#include <QByteArray>
#include <QString>

namespace outpost {

struct StoredForm
{
    QString formId;
    int version = 0;
    QString title;
    QByteArray definitionJson; // UTF-8 JSON text, as received
};

} // namespace outpost
