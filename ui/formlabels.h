// A field's label for people, in the device's language, from the form definitions in the
// store (newest version of each form, parsed once). Falls back to the key when the form or
// the field is unknown, so a label is never empty. UI thread only; the store is not owned.
#pragma once

#include <QHash>
#include <QString>

#include <memory>

namespace outpost {
class LocalStore;
struct FormDefinition;
} // namespace outpost

namespace outpost::ui {

class FormLabels
{
public:
    explicit FormLabels(const LocalStore *store);
    ~FormLabels();

    // The label of field `key` (a top-level field name, or a path "members.age") of form
    // `formId`; the key itself when there is no label.
    QString label(const QString &formId, const QString &key);

private:
    const FormDefinition *form(const QString &formId);

    const LocalStore *m_store;                                     // not owned
    QHash<QString, std::shared_ptr<const FormDefinition>> m_forms; // null: not readable
};

} // namespace outpost::ui
