#include "formlabels.h"

#include "editorcontext.h"
#include "formdefinition.h"
#include "localstore.h"

namespace outpost::ui {

FormLabels::FormLabels(const LocalStore *store) : m_store(store) {}

FormLabels::~FormLabels() = default;

const FormDefinition *FormLabels::form(const QString &formId)
{
    auto found = m_forms.constFind(formId);
    if (found == m_forms.constEnd()) {
        std::shared_ptr<const FormDefinition> parsed;
        if (auto stored = m_store->form(formId)) {
            if (auto definition = FormDefinition::fromJson(stored->definitionJson))
                parsed = std::make_shared<const FormDefinition>(std::move(*definition));
        }
        found = m_forms.insert(formId, parsed);
    }
    return found->get();
}

QString FormLabels::label(const QString &formId, const QString &key)
{
    const FormDefinition *definition = form(formId);
    const FieldDefinition *field = definition ? definition->field(key) : nullptr;
    if (!field)
        return key;
    const QString text =
        field->label.text(EditorContext::deviceLanguage(*definition), definition->defaultLanguage);
    return text.isEmpty() ? key : text;
}

} // namespace outpost::ui
