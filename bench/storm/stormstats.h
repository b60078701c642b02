// What the reconnection storm measured: every request attempt (latency, answer), counted by
// kind, with percentiles.
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

#include <vector>

struct StormStats
{
    std::vector<qint64> pushLatencyUs; // every push attempt that got an answer
    std::vector<qint64> pullLatencyUs; // every pull attempt that got an answer
    std::vector<qint64> deviceUs;      // per device: reconnect until its pull was done
    QMap<QString, int> answers;        // "push 200", "pull 503", "push no answer", ...

    void record(const QString &request, int status, qint64 latencyUs);
    static double percentileMs(std::vector<qint64> values, double p);
    QString answersText() const;
};
