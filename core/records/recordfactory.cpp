#include "recordfactory.h"

#include "calculator.h"
#include "dynamicdefaults.h"
#include "formindex.h"
#include "recordpath.h"
#include "repeatcounts.h"

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

Record RecordFactory::create(const FormDefinition &form, const QDateTime &now, const QUuid &id,
                             const std::optional<MetadataContext> &metadata)
{
    const QDateTime clock = now.isValid() ? now : QDateTime::currentDateTime();
    const QDateTime stamp = clock.toUTC();
    Record record;
    record.id = id;
    record.formId = form.id;
    record.formVersion = form.version;
    QJsonObject values = defaults(form.fields);
    if (metadata) {
        MetadataContext context = *metadata;
        if (!context.now.isValid())
            context.now = clock;
        values = RecordMetadata::fill(form, values, context, RecordMetadata::Moment::Created);
    }
    values = Calculator::apply(form, values, clock);
    const FormIndex index(form);
    values = DynamicDefaults::apply(index, values, {}, {}, clock);
    values = RepeatCounts::follow(form, values, clock);
    record.values = Calculator::apply(form, values, clock);
    record.state = RecordState::Draft;
    record.createdAt = stamp;
    record.updatedAt = stamp;
    return record;
}

Result<QJsonObject> RecordFactory::addInstance(const FormDefinition &form,
                                               const QJsonObject &values, const QString &repeatPath,
                                               const QDateTime &now)
{
    const auto notFound = [&repeatPath] {
        return Error::permanentError(QStringLiteral("not_found"),
                                     QStringLiteral("no repeat at \"%1\"").arg(repeatPath));
    };
    const auto parsed = RecordPath::parse(repeatPath);
    if (!parsed)
        return notFound();
    const FormIndex index(form);
    const int repeat = index.indexOfPath(parsed->definitionPath);
    if (repeat < 0 || index.at(repeat).definition->type != FieldType::Repeat)
        return notFound();
    const QList<int> chain = index.repeatChain(index.at(repeat).repeat);
    if (parsed->instances.size() != chain.size())
        return notFound();
    const FieldDefinition &definition = *index.at(repeat).definition;
    QJsonArray array =
        RecordPath::get(index, values, chain, parsed->instances, definition.name).toArray();
    array.append(defaults(definition.fields));
    QJsonObject result = values;
    RecordPath::set(index, result, chain, parsed->instances, definition.name, array);
    if (RecordPath::get(index, result, chain, parsed->instances, definition.name) != array)
        return notFound(); // an enclosing instance does not exist
    const QDateTime clock = now.isValid() ? now : QDateTime::currentDateTime();
    result = Calculator::apply(form, result, clock);
    QList<int> innerChain = chain;
    innerChain.append(repeat);
    QList<int> instances = parsed->instances;
    instances.append(static_cast<int>(array.size() - 1));
    return DynamicDefaults::apply(index, result, innerChain, instances, clock);
}

QJsonObject RecordFactory::newInstance(const FormDefinition &form, const QString &repeatPath)
{
    const FieldDefinition *repeat = form.field(repeatPath);
    if (!repeat || repeat->type != FieldType::Repeat)
        return {};
    return defaults(repeat->fields);
}

} // namespace outpost
