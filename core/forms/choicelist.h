// A named list of choices for select_one / select_multiple fields.
#pragma once

#include "localizedtext.h"

#include <QList>
#include <QString>

namespace outpost {

struct Choice
{
    QString name; // the value stored in records; no whitespace (select_multiple is space-separated)
    LocalizedText label;

    bool operator==(const Choice &) const = default;
};

struct ChoiceList
{
    QString name;
    QList<Choice> choices; // in display order

    const Choice *find(const QString &choiceName) const;
    bool contains(const QString &choiceName) const { return find(choiceName) != nullptr; }

    bool operator==(const ChoiceList &) const = default;
};

} // namespace outpost
