// Server-side re-validation of a record against its form definition (core/forms +
// core/records Validator). A finalized record must have no issue at all; a draft may be
// incomplete (required, constraint, count) but never malformed (type, choice, range,
// unknown field). Parsed definitions are cached per thread (published versions never change).
#pragma once

#include <QJsonObject>
#include <QSqlDatabase>

#include <optional>

#include "result.h"

namespace outpost {

struct ServerRecord;

class RecordCheck
{
public:
    // An error (code "validation_failed") naming the fields and problems, or nothing.
    static Result<std::optional<Error>> check(QSqlDatabase &db, const ServerRecord &record);
    // Parses and checks a definition before it is published ("invalid_form" errors).
    static Status checkDefinition(const QJsonObject &definition);
};

} // namespace outpost
