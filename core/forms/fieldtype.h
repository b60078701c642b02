// The types of form fields and what each one is. Names are the strings of the JSON format.
#pragma once

#include "result.h"

#include <QString>

namespace outpost {

enum class FieldType
{
    Text,
    Integer,
    Decimal,
    Date,
    DateTime,
    Time,
    SelectOne,
    SelectMultiple,
    GeoPoint,
    Photo,
    File,
    Note,      // text shown to the person; holds no value
    Calculate, // a value computed from its calculation; not shown
    Group,     // fields shown together; its children's values live in the enclosing scope
    Repeat,    // a list of sub-records (instances), each with the children's values
};

QString fieldTypeName(FieldType type); // "text", "select_one", "datetime", ...
Result<FieldType> fieldTypeFromName(const QString &name);
QStringList fieldTypeNames();

// True for the types a person answers (not note, calculate, group, repeat).
bool isInputType(FieldType type);
// True for the types that own a member in a record's values (everything but note, group).
bool holdsValue(FieldType type);
bool isSelectType(FieldType type);
bool isAttachmentType(FieldType type); // photo, file
bool isContainerType(FieldType type);  // group, repeat

} // namespace outpost
