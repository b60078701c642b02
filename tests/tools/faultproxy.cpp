#include "faultproxy.h"

#include <QTcpSocket>

#include "proxyconnection.h"

QString faultKindName(FaultKind kind)
{
    switch (kind) {
    case FaultKind::Refused:
        return QStringLiteral("refused");
    case FaultKind::RequestCut:
        return QStringLiteral("request_cut");
    case FaultKind::ResponseCut:
        return QStringLiteral("response_cut");
    case FaultKind::Delayed:
        return QStringLiteral("delayed");
    case FaultKind::UploadCut:
        return QStringLiteral("upload_cut");
    }
    return QStringLiteral("unknown");
}

FaultProxy::FaultProxy(quint16 targetPort, QObject *parent)
    : QTcpServer(parent), m_target(targetPort)
{
    listen(QHostAddress::LocalHost, 0);
}

FaultProxy::~FaultProxy()
{
    for (const QPointer<ProxyConnection> &connection : std::as_const(m_connections)) {
        if (connection)
            connection->cut();
    }
}

void FaultProxy::setOffline(bool offline)
{
    m_offline = offline;
    if (!offline)
        return;
    const auto connections = std::exchange(m_connections, {});
    for (const QPointer<ProxyConnection> &connection : connections) {
        if (connection)
            connection->cut();
    }
}

bool FaultProxy::Rule::take(const QByteArray &head)
{
    if (count <= 0 || !head.startsWith(prefix))
        return false;
    if (skip > 0) {
        --skip;
        return false;
    }
    --count;
    return true;
}

void FaultProxy::cutRequestBodies(const QByteArray &requestPrefix, qint64 afterBytes, int count,
                                  int skip, bool thenOffline)
{
    m_cutBody = Rule{requestPrefix, afterBytes, count, skip};
    m_offlineAfterCut = thenOffline;
}

void FaultProxy::corruptRequestBodies(const QByteArray &requestPrefix, int count)
{
    m_corruptBody = Rule{requestPrefix, 0, count, 0};
}

void FaultProxy::cutResponseBodies(const QByteArray &requestPrefix, qint64 afterBytes, int count)
{
    m_cutAnswer = Rule{requestPrefix, afterBytes, count, 0};
}

int FaultProxy::requestCount(const QByteArray &prefix) const
{
    int n = 0;
    for (const QByteArray &head : m_heads)
        n += head.startsWith(prefix) ? 1 : 0;
    return n;
}

FaultProxy::RequestPlan FaultProxy::plan(const QByteArray &head)
{
    m_heads.append(head);
    RequestPlan plan;
    if (m_cutBody.take(head))
        plan.cutBodyAt = m_cutBody.bytes;
    plan.corrupt = m_corruptBody.take(head);
    if (m_cutAnswer.take(head))
        plan.cutAnswerAfter = m_cutAnswer.bytes;
    if (m_holdBody.take(head))
        plan.holdBodyAt = m_holdBody.bytes;
    if (m_holdAnswer.take(head))
        plan.holdAnswerAfter = m_holdAnswer.bytes;
    return plan;
}

void FaultProxy::releaseHeld(const QByteArray &requestPrefix)
{
    for (const QPointer<ProxyConnection> &connection : std::as_const(m_connections)) {
        if (connection && connection->requestLine().startsWith(requestPrefix))
            connection->release();
    }
}

void FaultProxy::noteBodyCut()
{
    ++m_bodiesCut;
    if (m_offlineAfterCut) {
        m_offlineAfterCut = false;
        setOffline(true); // the keep-alive connections too: nothing gets through
    }
}

void FaultProxy::setRandomFaults(const FaultRates &rates, quint64 seed)
{
    m_rates = rates;
    m_random.seed(static_cast<quint32>(seed ^ (seed >> 32)));
}

int FaultProxy::faultsTotal() const
{
    int total = 0;
    for (int n : m_faults)
        total += n;
    return total;
}

void FaultProxy::noteResponseCut()
{
    ++m_responsesCut;
    count(FaultKind::ResponseCut);
}

FaultKind FaultProxy::decide(const QByteArray &requestLine, qint64 bodyBytes, bool *fault)
{
    *fault = false;
    if (m_cutCount > 0 && requestLine.startsWith(m_cutPrefix)) {
        if (m_cutSkip > 0) {
            --m_cutSkip;
            return FaultKind::Delayed; // through, untouched (as with no faults at all)
        }
        --m_cutCount;
        *fault = true;
        return FaultKind::ResponseCut; // counted when the answer is dropped
    }
    if (!m_rates.any())
        return FaultKind::Delayed;
    // One draw per request, so each kind keeps its own rate.
    double draw = m_random.generateDouble();
    const std::pair<FaultKind, double> kinds[] = {
        {FaultKind::RequestCut, m_rates.cutRequest},
        {FaultKind::ResponseCut, m_rates.cutResponse},
        {FaultKind::Delayed, m_rates.delay},
        {FaultKind::UploadCut, bodyBytes > 0 ? m_rates.cutUpload : 0.0}};
    for (const auto &[kind, rate] : kinds) {
        if (draw < rate) {
            *fault = true;
            if (kind != FaultKind::ResponseCut)
                count(kind);
            return kind;
        }
        draw -= rate;
    }
    return FaultKind::Delayed;
}

void FaultProxy::incomingConnection(qintptr socketDescriptor)
{
    const bool refuse =
        m_offline || (m_rates.refuse > 0 && m_random.generateDouble() < m_rates.refuse);
    if (refuse) {
        QTcpSocket socket;
        socket.setSocketDescriptor(socketDescriptor);
        socket.abort();
        if (!m_offline)
            count(FaultKind::Refused);
        return;
    }
    m_connections.removeAll(nullptr);
    m_connections.append(new ProxyConnection(this, socketDescriptor, m_target));
}
