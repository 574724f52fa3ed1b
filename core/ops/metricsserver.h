// The HTTP endpoint of the Prometheus exporter (O2): GET /metrics answers with the provider's
// text. Listens on loopback unless told otherwise: the metrics name the database's size, its
// clients and its statements, which is nothing to publish to a network by accident.
//
// A small HTTP/1.1 server, enough for a scraper: one request per connection (Connection: close),
// 200 for GET or HEAD /metrics, 404 for other paths, 405 for other methods, 400 for a malformed
// request, 431 for one larger than maxRequestBytes, 408 for one not complete within
// requestTimeout, 503 beyond maxConnections open at once, 500 if the provider throws.
//
// Thread-safety: a QObject of the thread it lives in, which must run an event loop (the CLI's
// main thread, or a QThread it was moved to before start()). Call its functions from that
// thread; the provider is called there too.
#pragma once

#include "../common/error.h"
#include "../db/clock.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <functional>

class QTcpServer;
class QTcpSocket;

namespace backupdb {

class MetricsServer final : public QObject
{
    Q_OBJECT
public:
    using Provider = std::function<QByteArray()>;

    enum class BindPolicy {
        LoopbackOnly, // refuse any address that is not a loopback address
        AllowNonLoopback, // the operator asked for it explicitly
    };

    struct Limits
    {
        qsizetype maxRequestBytes = 8 * 1024; // request line and headers
        Milliseconds requestTimeout { 5000 }; // to receive the request and to send the answer
        int maxConnections = 32;
    };

    explicit MetricsServer(Provider provider, QObject *parent = nullptr);
    ~MetricsServer() override;
    Q_DISABLE_COPY_MOVE(MetricsServer)

    // Starts listening; port 0 takes any free port (see serverPort()). Fails with InvalidInput
    // for a non-loopback address under LoopbackOnly, with Io when the port cannot be bound.
    DbError start(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost),
                  quint16 port = 9187, BindPolicy policy = BindPolicy::LoopbackOnly);
    // Stops listening and closes the open connections.
    void stop();

    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;

    void setLimits(const Limits &limits) { m_limits = limits; }
    Limits limits() const { return m_limits; }
    qint64 requestsAnswered() const { return m_requestsAnswered; }

Q_SIGNALS:
    // After each answer (also the refusals), for logs and tests.
    void requestAnswered(int status, const QString &method, const QString &path);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, int status, const QByteArray &body, const QString &method = {},
                const QString &path = {}, bool headOnly = false,
                const QByteArray &extraHeaders = {});

    struct Connection
    {
        QByteArray request; // received so far, at most maxRequestBytes + 1
        bool answered = false;
    };

    Provider m_provider;
    QTcpServer *m_server = nullptr;
    Limits m_limits;
    QHash<QTcpSocket *, Connection> m_connections;
    qint64 m_requestsAnswered = 0;
};

} // namespace backupdb
