// Metadata fields: values the device fills in by itself rather than asking the person (the
// XLSForm metadata types). A field with a non-empty FieldDefinition::metadata is one of them;
// docs/forms.md says when each is filled (RecordMetadata::fill in core/records does it).
#pragma once

#include "fieldtype.h"

#include <QStringList>

#include <optional>

namespace outpost::fieldmetadata {

inline const QString kStart = QStringLiteral("start"); // datetime: when the record was created
inline const QString kEnd = QStringLiteral("end");     // datetime: when it was last finalized
inline const QString kToday = QStringLiteral("today"); // date: the day it was created
inline const QString kDeviceId = QStringLiteral("deviceid"); // text: the device's id
inline const QString kUsername = QStringLiteral("username"); // text: the signed-in user's name

inline QStringList kinds()
{
    return {kStart, kEnd, kToday, kDeviceId, kUsername};
}

// The field type a metadata kind is stored as; nullopt for an unknown kind.
inline std::optional<FieldType> typeOf(const QString &kind)
{
    if (kind == kStart || kind == kEnd)
        return FieldType::DateTime;
    if (kind == kToday)
        return FieldType::Date;
    if (kind == kDeviceId || kind == kUsername)
        return FieldType::Text;
    return std::nullopt;
}

} // namespace outpost::fieldmetadata
