#include "pullresponse.h"

#include <QJsonArray>

#include "jsonreader.h"

namespace outpost {

namespace {

template<typename T> QJsonArray toArray(const std::vector<T> &items)
{
    QJsonArray array;
    for (const auto &item : items)
        array.append(item.toJson());
    return array;
}

template<typename T>
Status fromArray(const JsonReader &reader, const QString &key, std::vector<T> *out)
{
    auto array = reader.array(key);
    if (!array)
        return array.error();
    for (const auto &value : *array) {
        if (!value.isObject())
            return reader.error(QStringLiteral("an element of \"%1\" is not an object").arg(key));
        auto item = T::fromJson(value.toObject());
        if (!item)
            return item.error();
        out->push_back(*item);
    }
    return {};
}

} // namespace

QJsonObject PullResponse::toJson() const
{
    return {{QStringLiteral("records"), toArray(records)},
            {QStringLiteral("forms"), toArray(forms)},
            {QStringLiteral("conflicts"), toArray(conflicts)},
            {QStringLiteral("cursor"), cursor},
            {QStringLiteral("has_more"), hasMore}};
}

Result<PullResponse> PullResponse::fromJson(const QJsonObject &json)
{
    const JsonReader reader(json, QStringLiteral("invalid_response"));
    PullResponse response;
    if (auto s = fromArray(reader, QStringLiteral("records"), &response.records); !s)
        return s.error();
    if (auto s = fromArray(reader, QStringLiteral("forms"), &response.forms); !s)
        return s.error();
    if (auto s = fromArray(reader, QStringLiteral("conflicts"), &response.conflicts); !s)
        return s.error();
    auto cursor = reader.string(QStringLiteral("cursor"));
    if (!cursor)
        return cursor.error();
    response.cursor = *cursor;
    auto hasMore = reader.optionalBool(QStringLiteral("has_more"), false);
    if (!hasMore)
        return hasMore.error();
    response.hasMore = *hasMore;
    return response;
}

} // namespace outpost
