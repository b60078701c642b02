#include "stormstats.h"

#include <algorithm>

void StormStats::record(const QString &request, int status, qint64 latencyUs)
{
    answers[request + (status == 0 ? QStringLiteral(" no answer")
                                   : QStringLiteral(" ") + QString::number(status))] += 1;
    if (status == 0)
        return;
    (request == QStringLiteral("push") ? pushLatencyUs : pullLatencyUs).push_back(latencyUs);
}

double StormStats::percentileMs(std::vector<qint64> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, static_cast<size_t>(p * values.size()));
    return values[index] / 1000.0;
}

QString StormStats::answersText() const
{
    QStringList parts;
    for (auto it = answers.begin(); it != answers.end(); ++it)
        parts << QStringLiteral("%1: %2").arg(it.key()).arg(it.value());
    return parts.join(QStringLiteral(", "));
}
