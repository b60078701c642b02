// A survey form: what the device shows and what a record of it must satisfy. Value type,
// shared by device and server. The JSON format is specified in docs/forms.md.
//
//   auto form = FormDefinition::fromJson(bytes);   // parse + check; errors name the field
//   if (!form) report(form.error().message);
#pragma once

#include "choicelist.h"
#include "conflictpolicy.h"
#include "fielddefinition.h"
#include "localizedtext.h"
#include "result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace outpost {

struct FormDefinition
{
    QString id;
    int version = 1; // grows with every published change; records remember theirs
    LocalizedText title;
    ConflictPolicy policy = ConflictPolicy::LastWriteWins;
    QStringList languages;   // languages of translated texts; empty: texts are plain
    QString defaultLanguage; // one of languages, when there are any
    QList<ChoiceList> choiceLists;
    QList<FieldDefinition> fields;

    // Parses and checks a definition. Every error has code "invalid_form" and a message
    // that names the field (by its path, e.g. "members.age") or part and the problem.
    static Result<FormDefinition> fromJson(const QByteArray &json);
    static Result<FormDefinition> fromJson(const QJsonObject &json);
    QJsonObject toJson() const; // fromJson(toJson()) gives an equal definition
    QByteArray toJsonBytes() const;

    // The semantic checks fromJson runs: names, types, choice lists, defaults, expression
    // references and dependency cycles, limits. For definitions built in code.
    Status check() const;

    const ChoiceList *choiceList(const QString &name) const;
    // A field by its path: names of enclosing repeats and the field's name, joined by '.'
    // ("members.age"); groups are not part of paths. nullptr if there is none.
    const FieldDefinition *field(const QString &path) const;
    // The choice list of a select field, or nullptr.
    const ChoiceList *choicesOf(const FieldDefinition &field) const;

    bool operator==(const FormDefinition &other) const;
};

} // namespace outpost
