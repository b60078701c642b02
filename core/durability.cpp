#include "durability.h"

#include <QFile>

#include <fcntl.h>
#include <unistd.h>

namespace outpost::durability {

bool syncData(QFile &file)
{
    return file.flush() && file.handle() >= 0 && ::fdatasync(file.handle()) == 0;
}

bool syncDirectory(const QString &directory)
{
    const int fd = ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

} // namespace outpost::durability
