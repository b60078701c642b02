#include "conflictpolicy.h"

namespace outpost {

QString conflictPolicyName(ConflictPolicy policy)
{
    switch (policy) {
    case ConflictPolicy::LastWriteWins:
        return QStringLiteral("last-write-wins");
    case ConflictPolicy::Manual:
        return QStringLiteral("manual");
    }
    return QStringLiteral("last-write-wins");
}

Result<ConflictPolicy> conflictPolicyFromName(const QString &name)
{
    for (auto policy : {ConflictPolicy::LastWriteWins, ConflictPolicy::Manual}) {
        if (conflictPolicyName(policy) == name)
            return policy;
    }
    return Error::permanentError(QStringLiteral("invalid_form"),
                                 QStringLiteral("unknown policy \"%1\" (expected "
                                                "\"last-write-wins\" or \"manual\")")
                                     .arg(name));
}

} // namespace outpost
