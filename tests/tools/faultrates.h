// What FaultProxy may do to a request, and how often (probabilities between 0 and 1, drawn
// per request, or per connection for refusals).
#pragma once

#include <QString>

#include <array>

enum class FaultKind
{
    Refused,     // the connection is accepted and closed at once, nothing forwarded
    RequestCut,  // part of a request is forwarded, then both sides are cut: the server never
                 // has a whole request, so it cannot have acted on it
    ResponseCut, // the whole request reaches the server; its answer is dropped with the
                 // connection (the server committed, the device never hears it)
    Delayed,     // the request is held back before it is forwarded
    UploadCut,   // a request with a body (a tus PATCH chunk, a push) is cut mid-body
};
constexpr int faultKindCount = 5;

QString faultKindName(FaultKind kind); // "refused", "request_cut", ...

struct FaultRates
{
    double refuse = 0;
    double cutRequest = 0;
    double cutResponse = 0;
    double delay = 0;
    double cutUpload = 0; // applies to requests with a body only
    int maxDelayMs = 1500;

    bool any() const { return refuse + cutRequest + cutResponse + delay + cutUpload > 0; }
};

using FaultCounts = std::array<int, faultKindCount>;
