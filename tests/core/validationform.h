// The form the validation and record tests use: every field type, relevance, required and
// constraint expressions, a group, and a repeat with a nested repeat.
#pragma once

#include "formdefinition.h"

#include <QJsonObject>
#include <QUuid>

namespace outpost::test {

inline const char *kValidationForm = R"J({
  "id": "validation", "version": 4, "title": "Validation",
  "languages": ["en", "fr"], "default_language": "en",
  "choices": {
    "yn": [{"name": "y", "label": "Yes"}, {"name": "n", "label": "No"}],
    "colours": [{"name": "red", "label": "Red"}, {"name": "green", "label": "Green"}, {"name": "blue", "label": "Blue"}]
  },
  "fields": [
    {"name": "t", "type": "text", "label": "T"},
    {"name": "i", "type": "integer", "label": "I"},
    {"name": "d", "type": "decimal", "label": "D"},
    {"name": "dt", "type": "date", "label": "Date"},
    {"name": "dtm", "type": "datetime", "label": "Datetime"},
    {"name": "tm", "type": "time", "label": "Time"},
    {"name": "so", "type": "select_one", "label": "One", "choices": "yn"},
    {"name": "sm", "type": "select_multiple", "label": "Many", "choices": "colours"},
    {"name": "gp", "type": "geopoint", "label": "Where"},
    {"name": "ph", "type": "photo", "label": "Photo"},
    {"name": "fl", "type": "file", "label": "File"},
    {"name": "nt", "type": "note", "label": "Note"},
    {"name": "c", "type": "calculate", "calculation": "${i} * 2"},
    {"name": "name", "type": "text", "label": "Name", "required": true,
     "required_message": {"en": "Give a name.", "fr": "Donnez un nom."}},
    {"name": "age", "type": "integer", "label": "Age", "required": true,
     "constraint": ". >= 0 and . <= 120",
     "constraint_message": {"en": "0 to 120.", "fr": "De 0 à 120."}},
    {"name": "job", "type": "text", "label": "Job", "required": "${age} >= 18"},
    {"name": "spouse", "type": "text", "label": "Spouse", "relevant": "${age} >= 18",
     "required": true, "constraint": "string-length(.) > 2"},
    {"name": "pattern", "type": "text", "label": "Pattern"},
    {"name": "code", "type": "text", "label": "Code", "constraint": "regex(., ${pattern})"},
    {"name": "g", "type": "group", "label": "G", "relevant": "${so} = 'y'", "fields": [
      {"name": "gchild", "type": "integer", "label": "In group", "required": true}
    ]},
    {"name": "members", "type": "repeat", "label": "Members", "min_count": 1, "max_count": 3,
     "relevant": "${age} != 99", "fields": [
      {"name": "mname", "type": "text", "label": "Member name", "required": true},
      {"name": "mage", "type": "integer", "label": "Member age", "constraint": ". < ${age}",
       "constraint_message": "Younger than the respondent."},
      {"name": "mpreg", "type": "select_one", "label": "Pregnant", "choices": "yn",
       "required": true, "relevant": "${mage} >= 12 and ${mage} <= 50"},
      {"name": "visits", "type": "repeat", "label": "Visits", "max_count": 2, "fields": [
        {"name": "vdate", "type": "date", "label": "Visit date", "required": true,
         "constraint": ". <= today() and ${mname} != ''"}
      ]}
    ]}
  ]
})J";

inline FormDefinition validationForm()
{
    auto form = FormDefinition::fromJson(QByteArray(kValidationForm));
    Q_ASSERT_X(form.ok(), "validationForm",
               qPrintable(form.ok() ? QString() : form.error().message));
    return *form;
}

// Values that pass validation (age 30, one member aged 10).
inline QJsonObject validValues()
{
    return QJsonObject{
        {QStringLiteral("name"), QStringLiteral("Ada")},
        {QStringLiteral("age"), 30},
        {QStringLiteral("job"), QStringLiteral("Engineer")},
        {QStringLiteral("spouse"), QStringLiteral("Bob")},
        {QStringLiteral("members"),
         QJsonArray{QJsonObject{{QStringLiteral("mname"), QStringLiteral("Cy")},
                                {QStringLiteral("mage"), 10}}}},
    };
}

inline QJsonObject attachment(const QString &type = QStringLiteral("image/jpeg"))
{
    return QJsonObject{
        {QStringLiteral("id"), QStringLiteral("6f1c2a4e-8a1b-4c5d-9e0f-1a2b3c4d5e6f")},
        {QStringLiteral("sha256"), QString(64, u'a')},
        {QStringLiteral("size"), 1024},
        {QStringLiteral("type"), type},
        {QStringLiteral("name"), QStringLiteral("house.jpg")}};
}

} // namespace outpost::test
