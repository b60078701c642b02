// A published form definition as pull delivers it (the definition is the JSON of
// docs/forms.md, passed through unchanged).
#pragma once

#include <QJsonObject>

#include "result.h"

namespace outpost {

struct FormInfo
{
    QString formId;
    int formVersion = 0;
    QJsonObject definition;
    qint64 changeVersion = 0; // the server version at which it was published

    bool operator==(const FormInfo &) const = default;

    QJsonObject toJson() const;
    static Result<FormInfo> fromJson(const QJsonObject &json);
};

} // namespace outpost
