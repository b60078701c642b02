#include "recordlifecycle.h"

#include <QStringList>

namespace outpost {

namespace {

QString actorName(Actor actor)
{
    return actor == Actor::Device ? QStringLiteral("the device") : QStringLiteral("the server");
}

QDateTime stamp(const QDateTime &now)
{
    return (now.isValid() ? now : QDateTime::currentDateTime()).toUTC();
}

} // namespace

bool RecordLifecycle::canTransition(RecordState from, RecordState to, Actor actor)
{
    using S = RecordState;
    if (actor == Actor::Device)
        return (from == S::Draft && (to == S::Draft || to == S::Finalized)) ||
               (from == S::Rejected && to == S::Draft);
    return from == S::Finalized && (to == S::Accepted || to == S::Rejected);
}

Status RecordLifecycle::checkTransition(RecordState from, RecordState to, Actor actor)
{
    if (canTransition(from, to, actor))
        return {};
    return Error::permanentError(
        QStringLiteral("invalid_transition"),
        QStringLiteral("%1 may not move a record from %2 to %3")
            .arg(actorName(actor), recordStateName(from), recordStateName(to)));
}

Result<Record> RecordLifecycle::finalize(const FormDefinition &form, const Record &record,
                                         const ValidationOptions &options)
{
    if (auto status = checkTransition(record.state, RecordState::Finalized, Actor::Device); !status)
        return status.error();
    const ValidationIssues issues = Validator(form, options).validate(record);
    if (!issues.isEmpty()) {
        QStringList lines;
        for (qsizetype i = 0; i < issues.size() && i < 5; ++i)
            lines.append(QStringLiteral("%1: %2").arg(issues.at(i).path, issues.at(i).message));
        if (issues.size() > 5)
            lines.append(QStringLiteral("and %1 more").arg(issues.size() - 5));
        return Error::permanentError(QStringLiteral("invalid_record"),
                                     QStringLiteral("the record has %1 problem(s): %2")
                                         .arg(issues.size())
                                         .arg(lines.join(QStringLiteral("; "))));
    }
    Record finalized = record;
    finalized.state = RecordState::Finalized;
    finalized.updatedAt = stamp(options.now);
    return finalized;
}

Result<Record> RecordLifecycle::reopen(const Record &record, const QDateTime &now)
{
    if (auto status = checkTransition(record.state, RecordState::Draft, Actor::Device); !status)
        return status.error();
    Record draft = record;
    draft.state = RecordState::Draft;
    draft.updatedAt = stamp(now);
    return draft;
}

Result<Record> RecordLifecycle::review(const Record &record, RecordState decision,
                                       const QString &comment, const QDateTime &now)
{
    if (auto status = checkTransition(record.state, decision, Actor::Server); !status)
        return status.error();
    Record reviewed = record;
    reviewed.state = decision;
    reviewed.reviewComment = comment;
    reviewed.updatedAt = stamp(now);
    return reviewed;
}

} // namespace outpost
