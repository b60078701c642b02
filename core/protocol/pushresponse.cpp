#include "pushresponse.h"

#include <QJsonArray>

#include "jsonreader.h"

namespace outpost {

QJsonObject PushResponse::toJson() const
{
    QJsonArray array;
    for (const auto &result : results)
        array.append(result.toJson());
    QJsonObject json{{QStringLiteral("results"), array}};
    if (replayed)
        json.insert(QStringLiteral("replayed"), true);
    return json;
}

Result<PushResponse> PushResponse::fromJson(const QJsonObject &json)
{
    const JsonReader reader(json, QStringLiteral("invalid_response"));
    auto array = reader.array(QStringLiteral("results"));
    if (!array)
        return array.error();
    PushResponse response;
    auto replayed = reader.optionalBool(QStringLiteral("replayed"), false);
    if (!replayed)
        return replayed.error();
    response.replayed = *replayed;
    for (const auto &value : *array) {
        if (!value.isObject())
            return reader.error(QStringLiteral("a result is not an object"));
        auto result = OpResult::fromJson(value.toObject());
        if (!result)
            return result.error();
        response.results.push_back(*result);
    }
    return response;
}

} // namespace outpost
