#include "record.h"

namespace outpost {

QString recordStateName(RecordState state)
{
    switch (state) {
    case RecordState::Draft:
        return QStringLiteral("draft");
    case RecordState::Finalized:
        return QStringLiteral("finalized");
    case RecordState::Accepted:
        return QStringLiteral("accepted");
    case RecordState::Rejected:
        return QStringLiteral("rejected");
    }
    return QStringLiteral("draft");
}

Result<RecordState> recordStateFromName(const QString &name)
{
    for (auto state : {RecordState::Draft, RecordState::Finalized, RecordState::Accepted,
                       RecordState::Rejected}) {
        if (recordStateName(state) == name)
            return state;
    }
    return Error::permanentError(QStringLiteral("invalid_state"),
                                 QStringLiteral("unknown record state \"%1\"").arg(name));
}

} // namespace outpost
