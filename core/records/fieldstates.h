// The live state of every field of a record, for the UI to show, hide and mark fields:
// relevance (skip logic), whether it is required and whether it is read-only now, and the
// choices a filtered select offers now.
#pragma once

#include "formdefinition.h"
#include "record.h"

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

namespace outpost {

struct FieldState
{
    bool relevant = true;  // false: hide it; its value is ignored by validation
    bool required = false; // as its required expression says now
    bool readOnly = false;
    // Selects with a choice_filter: the names offered now, in list order (OfferedChoices).
    bool filtered = false;
    QStringList choices;

    bool operator==(const FieldState &) const = default;
};

class FieldStates
{
public:
    // Keyed by record path ("age", "members[2].age", 1-based instances); groups and repeats
    // appear under their own path too. A failing expression counts as relevant / not
    // required / not read-only (validation reports it).
    static QMap<QString, FieldState> compute(const FormDefinition &form, const QJsonObject &values,
                                             const QDateTime &now = {});
    static QMap<QString, FieldState> compute(const FormDefinition &form, const Record &record,
                                             const QDateTime &now = {})
    {
        return compute(form, record.values, now);
    }

    // The values without those of non-relevant fields (and of non-relevant repeats' instances),
    // as ODK submits them. Drafts keep such values so that an answer comes back when its
    // field becomes relevant again.
    static QJsonObject pruneNonRelevant(const FormDefinition &form, const QJsonObject &values,
                                        const QDateTime &now = {});
};

} // namespace outpost
