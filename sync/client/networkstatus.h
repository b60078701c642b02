// What the operating system says about the network (QNetworkInformation), as a value type
// for queued calls, and the policy decisions made from it. The OS's word is only a hint: the
// engine always asks the server's /healthz before a sync, whatever this says.
#pragma once

#include <QMetaType>
#include <QString>

namespace outpost {

struct SyncConfig;

struct NetworkStatus
{
    enum class Reachability
    {
        Unknown, // no backend, or the backend does not know
        Offline, // the OS says there is no network at all
        Online,  // some network (local, site or internet): worth asking the server
    };

    Reachability reachability = Reachability::Unknown;
    bool metered = false; // the OS says the connection is metered (when it can tell)
    QString backend;      // the QNetworkInformation backend in use; empty = none

    bool operator==(const NetworkStatus &) const = default;
};

namespace networkpolicy {

// A sync cycle should start: connectivity came back (Offline -> Online). Unknown -> Online
// (a backend's first answer) is not a return: the start of the engine has its own trigger.
bool connectivityReturned(const NetworkStatus &before, const NetworkStatus &now);
// Attachment bytes may be uploaded now: never held back on an unmetered or unknown network;
// on a metered one only if the person allowed it (SyncConfig::uploadAttachmentsOnMetered).
// Records always sync: they are small.
bool mayUploadAttachments(const NetworkStatus &status, const SyncConfig &config);

} // namespace networkpolicy

} // namespace outpost

Q_DECLARE_METATYPE(outpost::NetworkStatus)
