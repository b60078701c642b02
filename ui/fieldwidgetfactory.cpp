#include "fieldwidgetfactory.h"

#include "attachmentfield.h"
#include "choicefield.h"
#include "datetimefield.h"
#include "devicesensors.h"
#include "editorcontext.h"
#include "formdefinition.h"
#include "geopointfield.h"
#include "multichoicefield.h"
#include "numberfield.h"
#include "textfield.h"

namespace outpost::ui {

FieldWidget *createFieldWidget(const FieldDefinition &field, EditorContext *context,
                               QWidget *parent)
{
    QStringList names;
    QStringList labels;
    if (isSelectType(field.type)) {
        if (const ChoiceList *list = context->form().choicesOf(field)) {
            for (const Choice &choice : list->choices) {
                names.append(choice.name);
                labels.append(context->text(choice.label));
            }
        }
    }
    switch (field.type) {
    case FieldType::Text:
        return new TextField(parent);
    case FieldType::Integer:
        return new NumberField(true, parent);
    case FieldType::Decimal:
        return new NumberField(false, parent);
    case FieldType::Date:
    case FieldType::DateTime:
    case FieldType::Time:
        return new DateTimeField(field.type, parent);
    case FieldType::SelectOne:
        return new ChoiceField(names, labels, parent);
    case FieldType::SelectMultiple:
        return new MultiChoiceField(names, labels, parent);
    case FieldType::GeoPoint:
        return new GeoPointField(parent, &DeviceSensors::current());
    case FieldType::Photo:
        return new AttachmentField(true, context, parent);
    case FieldType::File:
        return new AttachmentField(false, context, parent);
    case FieldType::Note:
    case FieldType::Calculate:
    case FieldType::Group:
    case FieldType::Repeat:
        break;
    }
    return nullptr;
}

} // namespace outpost::ui
