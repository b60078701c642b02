#include "devicemetadata.h"

#include "credentials.h"
#include "localstore.h"

namespace outpost::ui {

MetadataContext deviceMetadata(const LocalStore &store)
{
    MetadataContext context;
    context.now = QDateTime::currentDateTime();
    if (auto credentials = Credentials::load(store); credentials && credentials->isEnrolled()) {
        context.deviceId = credentials->deviceId.toString(QUuid::WithoutBraces);
        context.username = credentials->username;
    }
    return context;
}

} // namespace outpost::ui
