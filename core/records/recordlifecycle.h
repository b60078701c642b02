// The states a record goes through and who may move it (docs/forms.md, "Record states"):
//
//   device:  draft -> draft (save; may be invalid)
//            draft -> finalized (only when valid)
//            rejected -> draft (reopen to fix what the supervisor asked)
//   server:  finalized -> accepted | rejected (a supervisor's review)
//
// Values may change only in a draft. Accepted is final.
#pragma once

#include "formdefinition.h"
#include "record.h"
#include "result.h"
#include "validator.h"

namespace outpost {

enum class Actor
{
    Device, // the person filling the form, on their device
    Server, // a supervisor's review, applied by the server
};

class RecordLifecycle
{
public:
    static bool canTransition(RecordState from, RecordState to, Actor actor);
    // Error "invalid_transition" naming both states and the actor when not allowed.
    static Status checkTransition(RecordState from, RecordState to, Actor actor);
    static bool isEditable(RecordState state) { return state == RecordState::Draft; }

    // Draft -> finalized when the record has no validation issue; else error "invalid_record"
    // whose message lists the first issues (Validator gives them all).
    static Result<Record> finalize(const FormDefinition &form, const Record &record,
                                   const ValidationOptions &options = {});
    // Rejected -> draft, on the device.
    static Result<Record> reopen(const Record &record, const QDateTime &now = {});
    // Finalized -> accepted / rejected, on the server, with the supervisor's comment.
    static Result<Record> review(const Record &record, RecordState decision, const QString &comment,
                                 const QDateTime &now = {});
};

} // namespace outpost
