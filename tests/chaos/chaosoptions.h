// The chaos test's knobs, from the environment (defaults fit the test command's budget):
//   OUTPOST_CHAOS_SEED     a number, or "random" (the default seed is fixed: CI repeats itself)
//   OUTPOST_CHAOS_ROUNDS   rounds of device activity under faults (default 20)
//   OUTPOST_CHAOS_DEVICES  device processes (default 5; users cycle alice, bob, carol, sue, ...)
//   OUTPOST_CHAOS_SOAK_S   keep playing rounds for this many seconds (a longer soak)
//   OUTPOST_TEST_DB=postgres  PostgreSQL with two server processes (the ctest _postgres entry)
#pragma once

#include <QDateTime>
#include <QRandomGenerator>
#include <QString>

#include "faultrates.h"

namespace chaos {

struct ChaosOptions
{
    quint64 seed = 20261201;
    int rounds = 20;
    int devices = 5;
    int soakSeconds = 0;
    FaultRates rates;

    static ChaosOptions fromEnvironment()
    {
        ChaosOptions options;
        const QString seed = qEnvironmentVariable("OUTPOST_CHAOS_SEED");
        if (seed == QStringLiteral("random"))
            options.seed = QRandomGenerator::system()->generate64() % 1000000000;
        else if (!seed.isEmpty())
            options.seed = seed.toULongLong();
        if (qEnvironmentVariableIsSet("OUTPOST_CHAOS_ROUNDS"))
            options.rounds = std::max(1, qEnvironmentVariableIntValue("OUTPOST_CHAOS_ROUNDS"));
        if (qEnvironmentVariableIsSet("OUTPOST_CHAOS_DEVICES"))
            options.devices =
                std::clamp(qEnvironmentVariableIntValue("OUTPOST_CHAOS_DEVICES"), 2, 40);
        options.soakSeconds = qEnvironmentVariableIntValue("OUTPOST_CHAOS_SOAK_S");
        // Per request (refusals per connection): about one request in eight is hurt, so most
        // syncs still get somewhere and devices see each other's edits (overlaps).
        options.rates.refuse = 0.03;
        options.rates.cutRequest = 0.02;
        options.rates.cutResponse = 0.04;
        options.rates.delay = 0.04;
        options.rates.cutUpload = 0.03;
        options.rates.maxDelayMs = 800;
        return options;
    }
};

} // namespace chaos
