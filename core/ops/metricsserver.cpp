#include "metricsserver.h"

#include "opslogging.h"
#include "prometheus.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <cstring>
#include <exception>

namespace backupdb {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

bool isToken(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (c <= ' ' || c >= 127 || std::strchr("()<>@,;:\\\"/[]?={}", c))
            return false;
    }
    return true;
}

struct Request
{
    QByteArray method;
    QByteArray path;
};

// Parses the request line and headers (without the blank line that ends them). An empty method
// means malformed.
Request parseRequest(const QByteArray &head)
{
    QList<QByteArray> lines = head.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    while (!lines.isEmpty() && lines.first().isEmpty()) // RFC 9112 2.2: ignore leading blank lines
        lines.removeFirst();
    if (lines.isEmpty())
        return {};
    const QList<QByteArray> parts = lines.first().split(' ');
    if (parts.size() != 3 || !isToken(parts[0])
        || (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0"))
        return {};
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0 || !isToken(lines[i].left(colon)))
            return {};
    }
    QByteArray target = parts[1];
    if (target.startsWith("http://")) { // absolute form: keep the path
        const qsizetype slash = target.indexOf('/', 7);
        target = slash < 0 ? QByteArray("/") : target.mid(slash);
    }
    if (!target.startsWith('/'))
        return {};
    const qsizetype query = target.indexOf('?');
    return { parts[0], query < 0 ? target : target.left(query) };
}

} // namespace

MetricsServer::MetricsServer(Provider provider, QObject *parent)
    : QObject(parent)
    , m_provider(std::move(provider))
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &MetricsServer::onNewConnection);
}

MetricsServer::~MetricsServer()
{
    stop();
}

DbError MetricsServer::start(const QHostAddress &address, quint16 port, BindPolicy policy)
{
    const QString where = address.protocol() == QAbstractSocket::IPv6Protocol
            ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(port)
            : QStringLiteral("%1:%2").arg(address.toString()).arg(port);
    if (m_server->isListening())
        return DbError(DbError::Kind::Internal,
                       QStringLiteral("the metrics server already listens on port %1")
                               .arg(m_server->serverPort()));
    if (address.isNull())
        return DbError::invalidInput(QStringLiteral("metrics/bindAddress"),
                                     QStringLiteral("no address given"));
    if (policy == BindPolicy::LoopbackOnly && !address.isLoopback())
        return DbError::invalidInput(
                QStringLiteral("metrics/bindAddress"),
                QStringLiteral(
                        "refusing to serve metrics on %1: it is not a loopback address, so the "
                        "database's metrics would be reachable from the network. Use 127.0.0.1 or "
                        "::1, or allow non-loopback addresses explicitly")
                        .arg(address.toString()));
    if (!m_server->listen(address, port))
        return DbError(DbError::Kind::Io,
                       QStringLiteral("cannot serve metrics on %1: %2")
                               .arg(where, m_server->errorString()));
    qCInfo(lcMetrics).noquote() << "serving metrics on"
                                << QStringLiteral("http://%1:%2/metrics")
                                           .arg(address.protocol() == QAbstractSocket::IPv6Protocol
                                                        ? QLatin1Char('[') + address.toString()
                                                                + QLatin1Char(']')
                                                        : address.toString())
                                           .arg(m_server->serverPort());
    return DbError();
}

void MetricsServer::stop()
{
    if (m_server->isListening())
        m_server->close();
    const QList<QTcpSocket *> sockets = m_connections.keys();
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
    m_connections.clear();
}

bool MetricsServer::isListening() const
{
    return m_server->isListening();
}

QHostAddress MetricsServer::serverAddress() const
{
    return m_server->serverAddress();
}

quint16 MetricsServer::serverPort() const
{
    return m_server->serverPort();
}

void MetricsServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, this,
                [this, socket] { m_connections.remove(socket); });
        if (m_connections.size() >= m_limits.maxConnections) {
            // Not counted and not read: answer at once and let it go.
            socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: "
                          "close\r\n\r\n");
            socket->disconnectFromHost();
            QTimer::singleShot(m_limits.requestTimeout, socket, [socket] { socket->abort(); });
            continue;
        }
        m_connections.insert(socket, Connection());

        // One deadline for the whole exchange: first for the request to arrive, then for the
        // answer to be taken. A client that is too slow for either is cut off.
        auto *deadline = new QTimer(socket);
        deadline->setSingleShot(true);
        deadline->setInterval(m_limits.requestTimeout);
        connect(deadline, &QTimer::timeout, this, [this, socket] {
            const auto it = m_connections.constFind(socket);
            if (it != m_connections.constEnd() && !it->answered)
                answer(socket, 408, "request not received in time\n");
            else
                socket->abort();
        });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        deadline->start();
        if (socket->bytesAvailable() > 0)
            onReadyRead(socket);
    }
}

void MetricsServer::onReadyRead(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    if (it->answered) {
        socket->readAll(); // a request body nobody asked for: drop it
        return;
    }
    QByteArray &request = it->request;
    request += socket->read(m_limits.maxRequestBytes + 1 - request.size());

    qsizetype end = request.indexOf("\r\n\r\n");
    if (end < 0)
        end = request.indexOf("\n\n"); // RFC 9112 2.2: a bare LF may end a line
    if (end < 0 || end > m_limits.maxRequestBytes) {
        if (request.size() > m_limits.maxRequestBytes)
            answer(socket, 431,
                   "request larger than " + QByteArray::number(m_limits.maxRequestBytes)
                           + " bytes\n");
        return; // wait for the rest
    }

    const Request parsed = parseRequest(request.left(end));
    if (parsed.method.isEmpty()) {
        answer(socket, 400, "malformed request\n");
        return;
    }
    const QString method = QString::fromLatin1(parsed.method);
    const QString path = QString::fromLatin1(parsed.path);
    if (parsed.path != "/metrics") {
        answer(socket, 404, "not found; metrics are at /metrics\n", method, path);
        return;
    }
    const bool head = parsed.method == "HEAD";
    if (parsed.method != "GET" && !head) {
        answer(socket, 405, "only GET and HEAD\n", method, path, false, "Allow: GET, HEAD\r\n");
        return;
    }
    QByteArray body;
    try {
        body = m_provider ? m_provider() : QByteArray();
    } catch (const std::exception &e) {
        qCWarning(lcMetrics) << "collecting the metrics failed:" << e.what();
        answer(socket, 500, "collecting the metrics failed\n", method, path, head);
        return;
    } catch (...) {
        qCWarning(lcMetrics) << "collecting the metrics failed";
        answer(socket, 500, "collecting the metrics failed\n", method, path, head);
        return;
    }
    answer(socket, 200, body, method, path, head);
}

void MetricsServer::answer(QTcpSocket *socket, int status, const QByteArray &body,
                           const QString &method, const QString &path, bool headOnly,
                           const QByteArray &extraHeaders)
{
    const auto it = m_connections.find(socket);
    if (it != m_connections.end()) {
        it->answered = true;
        it->request.clear();
    }
    QByteArray response
            = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    response += "Content-Type: ";
    response += status == 200 ? QByteArray(kPrometheusContentType)
                              : QByteArray("text/plain; charset=utf-8");
    response += "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    response += extraHeaders;
    response += "Connection: close\r\n\r\n";
    if (!headOnly)
        response += body;
    // Whatever else the client sent is read now: closing a socket with unread input makes the
    // kernel reset the connection, and the client could lose the answer.
    socket->readAll();
    socket->write(response);
    socket->disconnectFromHost();
    if (auto *deadline = socket->findChild<QTimer *>())
        deadline->start(); // now the time to take the answer
    ++m_requestsAnswered;
    qCDebug(lcMetrics) << status << method << path;
    Q_EMIT requestAnswered(status, method, path);
}

} // namespace backupdb
