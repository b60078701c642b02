// Protocol decoders (core/protocol, core/records/operation.h): the fuzz input is parsed by
// QJsonDocument::fromJson, as the server and the device do with a body, and every decoder gets
// the object. What decodes must encode and decode again (toJson then fromJson succeeds).
#include <QJsonArray>
#include <QJsonDocument>

#include "conflictinfo.h"
#include "errorbody.h"
#include "forminfo.h"
#include "fuzzcheck.h"
#include "operation.h"
#include "opresult.h"
#include "pullresponse.h"
#include "pushrequest.h"
#include "pushresponse.h"
#include "recordchange.h"
#include "signinrequest.h"
#include "tokenresponse.h"

using namespace outpost;

namespace {

template<typename T> void roundTrip(const QJsonObject &json, const char *what)
{
    const auto decoded = T::fromJson(json);
    if (!decoded)
        return;
    const auto again = T::fromJson(decoded->toJson());
    fuzz::require(bool(again), what);
}

void decodeAll(const QJsonObject &json)
{
    roundTrip<Operation>(json, "Operation::fromJson(toJson())");
    roundTrip<ConflictInfo>(json, "ConflictInfo::fromJson(toJson())");
    roundTrip<ErrorBody>(json, "ErrorBody::fromJson(toJson())");
    roundTrip<FormInfo>(json, "FormInfo::fromJson(toJson())");
    roundTrip<OpResult>(json, "OpResult::fromJson(toJson())");
    roundTrip<PullResponse>(json, "PullResponse::fromJson(toJson())");
    roundTrip<PushResponse>(json, "PushResponse::fromJson(toJson())");
    roundTrip<RecordChange>(json, "RecordChange::fromJson(toJson())");
    roundTrip<SignInRequest>(json, "SignInRequest::fromJson(toJson())");
    roundTrip<TokenResponse>(json, "TokenResponse::fromJson(toJson())");
    // PushRequest::toJson wants every item valid; a bad element is kept as an error.
    if (const auto push = PushRequest::fromJson(json)) {
        bool allValid = true;
        for (const PushItem &item : push->items)
            allValid = allValid && !item.error;
        if (allValid)
            fuzz::require(bool(PushRequest::fromJson(push->toJson())),
                          "PushRequest::fromJson(toJson())");
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (doc.isObject()) {
        decodeAll(doc.object());
    } else if (doc.isArray()) {
        // A bare array: every object element on its own (the members of "ops", "changes").
        for (const QJsonValue &element : doc.array())
            if (element.isObject())
                decodeAll(element.toObject());
    }
    return 0;
}
