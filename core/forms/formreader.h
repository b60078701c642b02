// Reads the JSON of a form definition into a FormDefinition: property names and JSON types,
// expression syntax, size caps. Semantic checks are FormChecker's.
#pragma once

#include "formdefinition.h"

namespace outpost {

class FormReader
{
public:
    static Result<FormDefinition> read(const QJsonObject &json);
};

} // namespace outpost
