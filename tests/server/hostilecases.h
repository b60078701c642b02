// The rows of tst_serverhostile: one hostile request each, with the answer it must get. Paths
// and bodies may hold {R} (a north record id) and {C} (an open conflict id on it). Kept out of
// the test's moc'ed file: moc cannot read some of these raw string literals.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace testsupport {

// Who sends the request: no token, a user's access token, a forged token, or alice's refresh
// token used as an access token. alice: collector (north), sue: supervisor (north), ada: admin
// (north), zed: supervisor of another team (south).
enum Who
{
    Nobody,
    Alice,
    Sue,
    Ada,
    Zed,
    Forged,
    RefreshToken
};

struct HostileCase
{
    const char *name;
    QByteArray method;
    QByteArray path;
    QByteArray headers; // extra header lines, each ending in \r\n
    QByteArray body;
    Who who;
    int status;
    QString code; // the answer's error code, or the first op's rejection code for a push
};

QList<HostileCase> hostileCases();

} // namespace testsupport
