#include "recordfactory.h"

#include "calculator.h"

#include <QJsonArray>

namespace outpost {

namespace {

void addDefaults(const QList<FieldDefinition> &fields, QJsonObject &object)
{
    for (const FieldDefinition &field : fields) {
        if (field.type == FieldType::Group) {
            addDefaults(field.fields, object);
        } else if (field.type == FieldType::Repeat) {
            if (field.minCount > 0) {
                QJsonArray instances;
                for (int i = 0; i < field.minCount; ++i)
                    instances.append(RecordFactory::defaults(field.fields));
                object.insert(field.name, instances);
            }
        } else if (field.hasDefault()) {
            object.insert(field.name, field.defaultValue);
        }
    }
}

} // namespace

QJsonObject RecordFactory::defaults(const QList<FieldDefinition> &fields)
{
    QJsonObject object;
    addDefaults(fields, object);
    return object;
}

Record RecordFactory::create(const FormDefinition &form, const QDateTime &now, const QUuid &id)
{
    const QDateTime stamp = (now.isValid() ? now : QDateTime::currentDateTime()).toUTC();
    Record record;
    record.id = id;
    record.formId = form.id;
    record.formVersion = form.version;
    record.values = Calculator::apply(form, defaults(form.fields), stamp);
    record.state = RecordState::Draft;
    record.createdAt = stamp;
    record.updatedAt = stamp;
    return record;
}

QJsonObject RecordFactory::newInstance(const FormDefinition &form, const QString &repeatPath)
{
    const FieldDefinition *repeat = form.field(repeatPath);
    if (!repeat || repeat->type != FieldType::Repeat)
        return {};
    return defaults(repeat->fields);
}

} // namespace outpost
