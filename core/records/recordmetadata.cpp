#include "recordmetadata.h"

#include "fieldmetadata.h"
#include "fieldvalue.h"

namespace outpost {

namespace {

void fillScope(const QList<FieldDefinition> &fields, QJsonObject &values,
               const MetadataContext &context, const QDateTime &now, RecordMetadata::Moment moment)
{
    for (const FieldDefinition &field : fields) {
        if (field.type == FieldType::Group) {
            fillScope(field.fields, values, context, now, moment);
            continue;
        }
        if (field.metadata.isEmpty())
            continue;
        if (moment == RecordMetadata::Moment::Finalized) {
            if (field.metadata == fieldmetadata::kEnd)
                values.insert(field.name, now.toString(Qt::ISODateWithMs));
            continue;
        }
        if (!FieldValue::isEmpty(values.value(field.name)))
            continue;
        QString value;
        if (field.metadata == fieldmetadata::kStart)
            value = now.toString(Qt::ISODateWithMs);
        else if (field.metadata == fieldmetadata::kToday)
            value = now.date().toString(Qt::ISODate);
        else if (field.metadata == fieldmetadata::kDeviceId)
            value = context.deviceId;
        else if (field.metadata == fieldmetadata::kUsername)
            value = context.username;
        if (!value.isEmpty())
            values.insert(field.name, value);
    }
}

} // namespace

QJsonObject RecordMetadata::fill(const FormDefinition &form, QJsonObject values,
                                 const MetadataContext &context, Moment moment)
{
    QDateTime now = context.now.isValid() ? context.now : QDateTime::currentDateTime();
    // Datetimes carry their UTC offset (docs/forms.md): "2024-05-01T09:30:00.000+02:00".
    now = now.toOffsetFromUtc(now.offsetFromUtc());
    fillScope(form.fields, values, context, now, moment);
    return values;
}

} // namespace outpost
