// What an imported form holds, for people (the CLI prints it) and for tools (JSON).
#pragma once

#include "formdefinition.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace outpost {

struct ImportSummary
{
    QString formId;
    QString title; // in the default language
    int version = 0;
    QString versionSource;           // the settings' version as written; empty when absent
    int fieldCount = 0;              // fields that hold or show something (not groups, repeats)
    QMap<QString, int> fieldsByType; // "integer" -> 3; metadata as "metadata:start"
    int groupCount = 0;
    int repeatCount = 0;
    QStringList languages; // keys, as in the definition
    QString defaultLanguage;
    int choiceListCount = 0;
    int choiceCount = 0;
    int warningCount = 0;

    static ImportSummary of(const FormDefinition &form);

    QString toText() const; // a few lines
    QJsonObject toJson() const;
};

} // namespace outpost
