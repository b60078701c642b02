// FaultProxy itself (label sync): between a raw client and a tiny HTTP responder on loopback,
// each rule does what the tests that rely on it expect: a lost answer, a body cut mid-way, a
// flipped body byte, an answer cut after N bytes, request and byte counts, offline, an answer
// delay (a round trip), and random faults that repeat for the same seed.
#include <QtTest>

#include <QTcpServer>
#include <QTcpSocket>

#include "faultproxy.h"

namespace {

// Answers every request it sees whole with 200 and a body of `answerBytes` bytes; keeps what
// arrived (all connections).
class Responder : public QTcpServer
{
public:
    explicit Responder(qsizetype answerBytes) : m_answerBytes(answerBytes)
    {
        listen(QHostAddress::LocalHost, 0);
    }
    QByteArray received;
    int requests = 0;
    bool closeAfterAnswer = false; // Connection: close, as the server does after refusals

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        socket->setSocketDescriptor(descriptor);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer]() {
            const QByteArray data = socket->readAll();
            received += data;
            buffer->append(data);
            for (;;) {
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                const qsizetype at = buffer->toLower().indexOf("content-length:");
                const qint64 length =
                    at >= 0 && at < end
                        ? buffer->mid(at + 15, buffer->indexOf("\r\n", at) - at - 15)
                              .trimmed()
                              .toLongLong()
                        : 0;
                if (buffer->size() < end + 4 + length)
                    return;
                buffer->remove(0, end + 4 + length);
                ++requests;
                socket->write(
                    "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(m_answerBytes) +
                    "\r\n\r\n" + QByteArray(m_answerBytes, 'r'));
                if (closeAfterAnswer)
                    socket->disconnectFromHost();
            }
        });
    }

private:
    qsizetype m_answerBytes;
};

QByteArray request(const QByteArray &method, const QByteArray &body = {})
{
    return method +
           " /x HTTP/1.1\r\nHost: h\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\n\r\n" + body;
}

// Sends the requests on one connection and returns what came back once it closed or
// `expectBytes` arrived (the event loop keeps running, so the proxy works meanwhile).
QByteArray exchange(quint16 port, const QByteArray &bytes, qsizetype expectBytes)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QByteArray answer;
    QObject::connect(&socket, &QTcpSocket::connected, [&]() { socket.write(bytes); });
    QObject::connect(&socket, &QTcpSocket::readyRead, [&]() { answer += socket.readAll(); });
    (void)QTest::qWaitFor(
        [&]() {
            return answer.size() >= expectBytes ||
                   socket.state() == QAbstractSocket::UnconnectedState;
        },
        5000);
    return answer;
}

} // namespace

class TestFaultProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void forwardsAndCounts()
    {
        Responder server(10);
        FaultProxy proxy(server.serverPort());
        const QByteArray two = request("POST", QByteArray(300, 'b')) + request("GET");
        const QByteArray answer = exchange(proxy.serverPort(), two, 2 * 49);
        QCOMPARE(answer.count("HTTP/1.1 200 OK"), 2);
        QCOMPARE(server.received, two);
        QCOMPARE(proxy.requestCount("POST /x"), 1);
        QCOMPARE(proxy.requestHeads().size(), 2);
        QCOMPARE(proxy.bodyBytes("POST"), 300);
    }

    void lostAnswerAfterTheServerHadTheRequest()
    {
        Responder server(10);
        FaultProxy proxy(server.serverPort());
        proxy.cutResponses("POST", 1);
        QVERIFY(exchange(proxy.serverPort(), request("POST", "abc"), 1).isEmpty());
        QCOMPARE(server.requests, 1);
        QCOMPARE(proxy.responsesCut(), 1);
        QVERIFY(!exchange(proxy.serverPort(), request("POST", "abc"), 40).isEmpty());
    }

    void bodyCutMidWayThenOffline()
    {
        Responder server(10);
        FaultProxy proxy(server.serverPort());
        proxy.cutRequestBodies("PATCH", 100, 1, 1, true); // the second PATCH
        const QByteArray body(1000, 'c');
        QVERIFY(!exchange(proxy.serverPort(), request("PATCH", body), 40).isEmpty());
        QVERIFY(exchange(proxy.serverPort(), request("PATCH", body), 40).isEmpty());
        QTest::qWait(100);
        QCOMPARE(proxy.requestBodiesCut(), 1);
        QCOMPARE(proxy.bodyBytes("PATCH"), 1100);
        QCOMPARE(server.requests, 1);
        QVERIFY(server.received.endsWith(QByteArray(100, 'c')));
        QVERIFY(proxy.isOffline());
        QVERIFY(exchange(proxy.serverPort(), request("GET"), 40).isEmpty());
        proxy.setOffline(false);
        QVERIFY(!exchange(proxy.serverPort(), request("GET"), 40).isEmpty());
    }

    void corruptedBodyAndCutAnswer()
    {
        Responder server(10000);
        FaultProxy proxy(server.serverPort());
        proxy.corruptRequestBodies("PUT", 1);
        exchange(proxy.serverPort(), request("PUT", "xyz"), 10000);
        QVERIFY(server.received.endsWith(QByteArray(1, char('x' ^ 0x5a)) + "yz"));
        proxy.cutResponseBodies("GET", 500, 1);
        const QByteArray answer = exchange(proxy.serverPort(), request("GET"), 20000);
        QCOMPARE(answer.size(), 500);
        QCOMPARE(proxy.responsesCut(), 1);
    }

    // With an answer delay, every exchange takes at least that long, the answers arrive whole
    // and in order, and an answer the server closes after still arrives before the close.
    void answerDelayIsARoundTrip()
    {
        Responder server(3000);
        FaultProxy proxy(server.serverPort());
        proxy.setAnswerDelay(150);
        QElapsedTimer timer;
        timer.start();
        const QByteArray answer =
            exchange(proxy.serverPort(), request("GET") + request("POST", "abc"), 2 * 3041);
        QVERIFY2(timer.elapsed() >= 150, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(answer.size(), 2 * 3041);
        QCOMPARE(answer.count("HTTP/1.1 200 OK"), 2);
        QVERIFY(answer.startsWith("HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\nrrr"));
        QCOMPARE(server.requests, 2);
        proxy.setAnswerDelay(0);
        timer.restart();
        QCOMPARE(exchange(proxy.serverPort(), request("GET"), 3041).size(), 3041);
        QVERIFY2(timer.elapsed() < 150, qPrintable(QString::number(timer.elapsed())));
        server.closeAfterAnswer = true;
        proxy.setAnswerDelay(100);
        QCOMPARE(exchange(proxy.serverPort(), request("GET"), 3041).size(), 3041);
    }

    void randomFaultsRepeatForASeed()
    {
        Responder server(10);
        FaultRates rates;
        rates.cutRequest = 0.15;
        rates.cutResponse = 0.15;
        rates.delay = 0.15;
        rates.cutUpload = 0.15;
        rates.maxDelayMs = 20;
        QList<FaultCounts> runs;
        for (int run = 0; run < 2; ++run) {
            FaultProxy proxy(server.serverPort());
            proxy.setRandomFaults(rates, 42);
            for (int i = 0; i < 40; ++i)
                exchange(proxy.serverPort(), request("POST", QByteArray(200, 'p')), 40);
            runs << proxy.faults();
            QVERIFY(proxy.faultsTotal() > 5);
            QVERIFY(proxy.faultsTotal() < 40);
        }
        QCOMPARE(runs[0], runs[1]);
    }
};

QTEST_GUILESS_MAIN(TestFaultProxy)
#include "tst_faultproxy.moc"
