// Prometheus exporter (O2, improvement 20), the HTTP endpoint: status codes, loopback only, slow
// clients, a port in use, a server in its own thread. The text format: tst_metrics.
#include "metricssample.h"
#include "ops/metricsserver.h"
#include "ops/prometheus.h"

#include <QNetworkInterface>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace backupdb;

namespace {

struct HttpReply
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QByteArray raw;
};

HttpReply parseReply(const QByteArray &raw)
{
    HttpReply reply;
    reply.raw = raw;
    const qsizetype end = raw.indexOf("\r\n\r\n");
    if (end < 0)
        return reply;
    const QList<QByteArray> lines = raw.left(end).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    if (statusLine.size() >= 2 && statusLine[0] == "HTTP/1.1")
        reply.status = statusLine[1].toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        reply.headers.insert(lines[i].left(colon).trimmed().toLower(),
                             lines[i].mid(colon + 1).trimmed());
    }
    reply.body = raw.mid(end + 4);
    return reply;
}

// Sends request to the server of this thread and collects the answer until the server closes the
// connection; the event loop runs meanwhile (QSignalSpy::wait), so the server can answer.
bool exchange(quint16 port, const QByteArray &request, HttpReply *reply, int timeoutMs = 5000)
{
    QTcpSocket socket;
    QByteArray received;
    QObject::connect(&socket, &QTcpSocket::readyRead, [&] { received += socket.readAll(); });
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    QSignalSpy connected(&socket, &QTcpSocket::connected);
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!connected.wait(timeoutMs))
        return false;
    socket.write(request);
    if (disconnected.isEmpty() && !disconnected.wait(timeoutMs))
        return false;
    received += socket.readAll();
    *reply = parseReply(received);
    return true;
}

} // namespace

class TestMetricsServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serverAnswersMetrics();
    void serverStatus_data();
    void serverStatus();
    void serverCutsOffSlowClient();
    void serverListensOnLoopbackOnly();
    void serverRefusesNonLoopback_data();
    void serverRefusesNonLoopback();
    void serverReportsPortInUse();
    void serverInItsOwnThread();
};

void TestMetricsServer::serverAnswersMetrics()
{
    const QByteArray body = renderPrometheus(test::sampleSnapshot());
    QThread *calledOn = nullptr;
    int calls = 0;
    MetricsServer server([&] {
        calledOn = QThread::currentThread();
        ++calls;
        return body;
    });
    const DbError started = server.start(QHostAddress(QHostAddress::LocalHost), 0);
    QVERIFY2(!started, qPrintable(started.message()));
    QVERIFY(server.isListening());
    QVERIFY(server.serverPort() != 0);

    HttpReply reply;
    QVERIFY(exchange(server.serverPort(),
                     "GET /metrics HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n", &reply));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.headers.value("content-type"),
             QByteArray("text/plain; version=0.0.4; charset=utf-8"));
    QCOMPARE(reply.headers.value("connection"), QByteArray("close"));
    QCOMPARE(reply.headers.value("content-length").toLongLong(), body.size());
    QCOMPARE(reply.body, body);
    QCOMPARE(calls, 1);
    QCOMPARE(calledOn, QThread::currentThread());
    QCOMPARE(server.requestsAnswered(), 1);
}

void TestMetricsServer::serverStatus_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("hasBody"); // the metrics text

    QTest::newRow("GET /metrics HTTP/1.0")
            << QByteArray("GET /metrics HTTP/1.0\r\n\r\n") << 200 << true;
    QTest::newRow("GET with query")
            << QByteArray("GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\n\r\n") << 200 << true;
    QTest::newRow("bare LF") << QByteArray("GET /metrics HTTP/1.1\nHost: a\n\n") << 200 << true;
    QTest::newRow("absolute form")
            << QByteArray("GET http://localhost:9187/metrics HTTP/1.1\r\n\r\n") << 200 << true;
    QTest::newRow("HEAD") << QByteArray("HEAD /metrics HTTP/1.1\r\n\r\n") << 200 << false;
    QTest::newRow("other path") << QByteArray("GET /other HTTP/1.1\r\nHost: a\r\n\r\n") << 404
                                << false;
    QTest::newRow("root") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 404 << false;
    QTest::newRow("POST") << QByteArray("POST /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello")
                          << 405 << false;
    QTest::newRow("DELETE") << QByteArray("DELETE /metrics HTTP/1.1\r\n\r\n") << 405 << false;
    QTest::newRow("garbage") << QByteArray("GARBAGE\r\n\r\n") << 400 << false;
    QTest::newRow("bad version") << QByteArray("GET /metrics HTTP/9\r\n\r\n") << 400 << false;
    QTest::newRow("header without colon")
            << QByteArray("GET /metrics HTTP/1.1\r\nnonsense\r\n\r\n") << 400 << false;
    QTest::newRow("relative target") << QByteArray("GET metrics HTTP/1.1\r\n\r\n") << 400 << false;
    QTest::newRow("too large") << "GET /metrics HTTP/1.1\r\nX-Filler: " + QByteArray(9000, 'x')
                    + "\r\n\r\n"
                               << 431 << false;
    QTest::newRow("too large, never ends")
            << "GET /metrics HTTP/1.1\r\nX-Filler: " + QByteArray(20000, 'x') << 431 << false;
}

void TestMetricsServer::serverStatus()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(bool, hasBody);

    const QByteArray body = "# HELP g G.\n# TYPE g gauge\ng 1\n";
    MetricsServer server([&] { return body; });
    QSignalSpy answered(&server, &MetricsServer::requestAnswered);
    QVERIFY(!server.start(QHostAddress(QHostAddress::LocalHost), 0));
    HttpReply reply;
    QVERIFY(exchange(server.serverPort(), request, &reply));
    QVERIFY2(reply.status == status, reply.raw.left(300).constData());
    QCOMPARE(reply.body == body, hasBody);
    if (status == 405)
        QCOMPARE(reply.headers.value("allow"), QByteArray("GET, HEAD"));
    if (request.startsWith("HEAD"))
        QCOMPARE(reply.headers.value("content-length").toLongLong(), body.size());
    QCOMPARE(answered.size(), 1);
    QCOMPARE(answered.at(0).at(0).toInt(), status);
}

void TestMetricsServer::serverCutsOffSlowClient()
{
    MetricsServer server([] { return QByteArray("# HELP g G.\n# TYPE g gauge\ng 1\n"); });
    MetricsServer::Limits limits;
    limits.requestTimeout = Milliseconds(300);
    server.setLimits(limits);
    QVERIFY(!server.start(QHostAddress(QHostAddress::LocalHost), 0));

    // A client that sends half a request and then nothing.
    QTcpSocket slow;
    QByteArray received;
    connect(&slow, &QTcpSocket::readyRead, this, [&] { received += slow.readAll(); });
    QSignalSpy slowConnected(&slow, &QTcpSocket::connected);
    QSignalSpy slowDisconnected(&slow, &QTcpSocket::disconnected);
    slow.connectToHost(QHostAddress(QHostAddress::LocalHost), server.serverPort());
    QVERIFY(slowConnected.wait(5000));
    slow.write("GET /met");

    // Meanwhile another client is served: the slow one does not block the server.
    HttpReply reply;
    QVERIFY(exchange(server.serverPort(), "GET /metrics HTTP/1.1\r\n\r\n", &reply));
    QCOMPARE(reply.status, 200);

    QVERIFY(slowDisconnected.size() == 1 || slowDisconnected.wait(5000));
    received += slow.readAll();
    QCOMPARE(parseReply(received).status, 408);
}

void TestMetricsServer::serverListensOnLoopbackOnly()
{
    MetricsServer server([] { return QByteArray(); });
    QVERIFY(!server.start(QHostAddress(QHostAddress::LocalHost), 0));
    QVERIFY(server.serverAddress().isLoopback());
    QCOMPARE(server.serverAddress(), QHostAddress(QHostAddress::LocalHost));

    QHostAddress external;
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback()) {
            external = address;
            break;
        }
    }
    if (external.isNull())
        QSKIP("this machine has no non-loopback IPv4 address");

    QTcpSocket socket;
    QSignalSpy failed(&socket, &QTcpSocket::errorOccurred);
    QSignalSpy connected(&socket, &QTcpSocket::connected);
    socket.connectToHost(external, server.serverPort());
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty() || !connected.isEmpty(), 10000);
    QVERIFY2(connected.isEmpty(),
             qPrintable(QStringLiteral("the metrics port was reachable on %1")
                                .arg(external.toString())));
}

void TestMetricsServer::serverRefusesNonLoopback_data()
{
    QTest::addColumn<QHostAddress>("address");
    QTest::newRow("0.0.0.0") << QHostAddress(QHostAddress::AnyIPv4);
    QTest::newRow("any") << QHostAddress(QHostAddress::Any);
    QTest::newRow("::") << QHostAddress(QHostAddress::AnyIPv6);
    QTest::newRow("10.1.2.3") << QHostAddress(QStringLiteral("10.1.2.3"));
}

void TestMetricsServer::serverRefusesNonLoopback()
{
    QFETCH(QHostAddress, address);
    MetricsServer server([] { return QByteArray(); });
    const DbError refused = server.start(address, 0);
    QVERIFY(refused.isError());
    QCOMPARE(refused.kind(), DbError::Kind::InvalidInput);
    QVERIFY2(refused.message().contains(QLatin1String("not a loopback address")),
             qPrintable(refused.message()));
    QVERIFY2(refused.message().contains(address.toString()), qPrintable(refused.message()));
    QVERIFY(!server.isListening());

    if (address == QHostAddress(QHostAddress::AnyIPv4)) {
        // Asked for explicitly, it is allowed.
        const DbError allowed
                = server.start(address, 0, MetricsServer::BindPolicy::AllowNonLoopback);
        QVERIFY2(!allowed, qPrintable(allowed.message()));
        QVERIFY(server.isListening());
        server.stop();
        QVERIFY(!server.isListening());
    }
}

void TestMetricsServer::serverReportsPortInUse()
{
    MetricsServer first([] { return QByteArray(); });
    QVERIFY(!first.start(QHostAddress(QHostAddress::LocalHost), 0));
    MetricsServer second([] { return QByteArray(); });
    const DbError error = second.start(QHostAddress(QHostAddress::LocalHost), first.serverPort());
    QCOMPARE(error.kind(), DbError::Kind::Io);
    QVERIFY2(error.message().contains(QString::number(first.serverPort())),
             qPrintable(error.message()));
}

void TestMetricsServer::serverInItsOwnThread()
{
    QThread thread;
    std::atomic<QThread *> calledOn { nullptr };
    auto *server = new MetricsServer([&] {
        calledOn = QThread::currentThread();
        return QByteArray("# HELP g G.\n# TYPE g gauge\ng 1\n");
    });
    server->moveToThread(&thread);
    connect(&thread, &QThread::finished, server, &QObject::deleteLater);
    thread.start();

    DbError started;
    quint16 port = 0;
    QMetaObject::invokeMethod(
            server,
            [&] {
                started = server->start(QHostAddress(QHostAddress::LocalHost), 0);
                port = server->serverPort();
            },
            Qt::BlockingQueuedConnection);
    QVERIFY2(!started, qPrintable(started.message()));

    // This thread's event loop is not needed by the server: the blocking calls are fine here.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /metrics HTTP/1.1\r\n\r\n");
    QByteArray received;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(5000))
        received += socket.readAll();
    received += socket.readAll();
    const HttpReply reply = parseReply(received);

    QMetaObject::invokeMethod(
            server, [server] { server->stop(); }, Qt::BlockingQueuedConnection);
    thread.quit();
    QVERIFY(thread.wait(5000));

    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, QByteArray("# HELP g G.\n# TYPE g gauge\ng 1\n"));
    QCOMPARE(calledOn.load(), &thread);
}

QTEST_GUILESS_MAIN(TestMetricsServer)
#include "tst_metricsserver.moc"
