// Identifiers for records, operations and attachments made on a device: UUID version 7
// (RFC 9562), a 48-bit Unix time in milliseconds followed by 74 random bits. They are
// still UUIDs to everyone who reads them, but ids made one after the other sort next to
// each other, so the server's indexes on record and op ids grow at their end instead of
// touching a random page per insert (with random version-4 ids a push of 500 ops dirtied
// ~1,200 index pages once a table held 100k rows; docs/performance.md). Random bits come
// from the operating system's generator (QRandomGenerator::system()).
#pragma once

#include <QUuid>

namespace outpost {

// A new version-7 UUID for the current time.
QUuid timeOrderedUuid();
// The same for a given Unix time in milliseconds (tests).
QUuid timeOrderedUuid(qint64 unixMs);

} // namespace outpost
