// Helpers shared by the fuzz targets: a property check that aborts (so that libFuzzer keeps
// the input as a crash) and a quiet Qt message handler (warnings are expected on bad input).
#pragma once

#include <QtGlobal>

#include <cstdio>
#include <cstdlib>

namespace outpost::fuzz {

inline void require(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz property violated: %s\n", what);
        std::abort();
    }
}

inline void silenceQtMessages()
{
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &) {
        if (type == QtFatalMsg)
            std::abort();
    });
}

} // namespace outpost::fuzz
