#include "syncphase.h"

namespace outpost {

QString syncPhaseName(SyncPhase phase)
{
    switch (phase) {
    case SyncPhase::NotEnrolled:
        return QStringLiteral("not_enrolled");
    case SyncPhase::Idle:
        return QStringLiteral("idle");
    case SyncPhase::Enrolling:
        return QStringLiteral("enrolling");
    case SyncPhase::Pushing:
        return QStringLiteral("pushing");
    case SyncPhase::Pulling:
        return QStringLiteral("pulling");
    case SyncPhase::WaitingToRetry:
        return QStringLiteral("waiting_to_retry");
    case SyncPhase::SignInRequired:
        return QStringLiteral("sign_in_required");
    case SyncPhase::Revoked:
        return QStringLiteral("revoked");
    case SyncPhase::Wiped:
        return QStringLiteral("wiped");
    }
    return QStringLiteral("unknown");
}

} // namespace outpost
