// Standard output and standard error as QTextStreams, shared by the command-line tools
// (outpost-cli, outpost-server's admin commands). Main thread only; flush before exiting.
#pragma once

#include <QTextStream>

namespace outpost::console {

QTextStream &out(); // stdout
QTextStream &err(); // stderr

} // namespace outpost::console
