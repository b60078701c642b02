#include "secretinput.h"

#include <QFile>

namespace outpost {

Result<QString> readSecret(const QString &fdOption, const char *envName, const QString &what)
{
    if (!fdOption.isEmpty()) {
        bool ok = false;
        const int fd = fdOption.toInt(&ok);
        QFile file;
        if (!ok || fd < 0 || !file.open(fd, QIODevice::ReadOnly, QFileDevice::DontCloseHandle))
            return Error::permanentError(
                QStringLiteral("usage"),
                QStringLiteral("cannot read the %1 from fd %2").arg(what, fdOption));
        QByteArray line = file.readLine(4096);
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        return QString::fromUtf8(line);
    }
    if (qEnvironmentVariableIsSet(envName))
        return qEnvironmentVariable(envName);
    return Error::permanentError(QStringLiteral("usage"),
                                 QStringLiteral("give the %1 in %2 or with --%3-fd N")
                                     .arg(what, QString::fromLatin1(envName),
                                          what == QStringLiteral("password")
                                              ? QStringLiteral("password")
                                              : QStringLiteral("passphrase")));
}

} // namespace outpost
