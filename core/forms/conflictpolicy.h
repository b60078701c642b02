// What the server does when two devices change the same field of a record concurrently.
// Disjoint edits (different fields) always merge field by field, whatever the policy.
#pragma once

#include "result.h"

#include <QString>

namespace outpost {

enum class ConflictPolicy
{
    LastWriteWins, // the later arrival at the server wins; the loser is kept in the conflict log
    Manual,        // the server value stays; a conflict waits for a supervisor
};

QString conflictPolicyName(ConflictPolicy policy); // "last-write-wins", "manual"
Result<ConflictPolicy> conflictPolicyFromName(const QString &name);

} // namespace outpost
