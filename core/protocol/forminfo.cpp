#include "forminfo.h"

#include "jsonreader.h"

namespace outpost {

QJsonObject FormInfo::toJson() const
{
    return {{QStringLiteral("form_id"), formId},
            {QStringLiteral("form_version"), formVersion},
            {QStringLiteral("definition"), definition},
            {QStringLiteral("version"), static_cast<double>(changeVersion)}};
}

Result<FormInfo> FormInfo::fromJson(const QJsonObject &json)
{
    const JsonReader reader(json, QStringLiteral("invalid_response"));
    FormInfo form;
    auto formId = reader.string(QStringLiteral("form_id"));
    if (!formId)
        return formId.error();
    form.formId = *formId;
    auto formVersion = reader.integer(QStringLiteral("form_version"), 0, 2147483647);
    if (!formVersion)
        return formVersion.error();
    form.formVersion = static_cast<int>(*formVersion);
    auto definition = reader.object(QStringLiteral("definition"));
    if (!definition)
        return definition.error();
    form.definition = *definition;
    auto version = reader.integer(QStringLiteral("version"), 0, 9007199254740992LL);
    if (!version)
        return version.error();
    form.changeVersion = *version;
    return form;
}

} // namespace outpost
