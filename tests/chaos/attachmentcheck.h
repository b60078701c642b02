// The chaos test's attachment check: every attachment that a live server record declares was
// made by a device (the test knows its bytes' sha256), is complete on the server, and its bytes,
// fetched by a supervisor over HTTP, hash to that sha256.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QStringList>

namespace chaos {

class ServerState;

struct AttachmentVerdict
{
    int declared = 0; // attachments that live server records declare
    int verified = 0; // complete on the server with the right sha256
    QStringList problems;
};

// made: attachment id -> sha256 (hex) of the bytes a device attached.
AttachmentVerdict checkAttachments(const ServerState &server, quint16 port,
                                   const QHash<QString, QByteArray> &made, const QString &field);

} // namespace chaos
