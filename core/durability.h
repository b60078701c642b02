// Making writes survive a power loss (POSIX): the data of a file, and a directory's entries
// after a file was created, renamed or removed in it. Used by the device's store and the
// server's uploads alike. Any thread.
#pragma once

#include <QString>

class QFile;

namespace outpost::durability {

// fdatasync: the file's bytes and its size are on disk when this returns true (an open file;
// Qt's own buffer is flushed first).
bool syncData(QFile &file);
// fsync of a directory, so that a name created or renamed inside it survives.
bool syncDirectory(const QString &directory);

} // namespace outpost::durability
