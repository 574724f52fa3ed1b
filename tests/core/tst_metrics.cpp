// Prometheus exporter (O2, improvement 20): the text format of a snapshot, a checker of the
// format that can itself fail, label escaping, promtool when it is installed, and the HTTP
// endpoint: status codes, loopback only, slow clients, a server in its own thread.
#include "db/latencyrecorder.h"
#include "ops/metricsserver.h"
#include "ops/prometheus.h"

#include <QNetworkInterface>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace backupdb;

namespace {

LatencySummary latencies(std::initializer_list<double> milliseconds)
{
    LatencyRecorder recorder;
    for (double ms : milliseconds)
        recorder.record(std::chrono::duration_cast<Nanoseconds>(
                std::chrono::duration<double, std::milli>(ms)));
    return recorder.summary();
}

PoolMetrics pool(const QString &name, int core, int active)
{
    PoolMetrics p;
    p.name = name;
    p.coreSize = core;
    p.maxOverflow = 2;
    p.size = core + 1;
    p.active = active;
    p.idle = p.size - active;
    p.overflow = 1;
    p.waiting = 0;
    p.utilisationPercent = 100.0 * active / core;
    p.acquires = 1000;
    p.exhaustionEvents = 3;
    p.timeouts = 1;
    p.created = 7;
    p.retired = 2;
    p.leaksDetected = 1;
    p.averageAgeSeconds = 12.5;
    p.maxLifetimeSeconds = 1800;
    p.housekeeperRunning = true;
    p.acquireTime = latencies({ 0.002, 0.03, 0.4, 2, 2, 70, 900, 20000 });
    p.leaseTime = latencies({ 1, 5, 5, 120 });
    return p;
}

MetricsSnapshot sampleSnapshot()
{
    MetricsSnapshot m;
    m.pools = { pool(QStringLiteral("writer"), 1, 1), pool(QStringLiteral("reader"), 4, 5) };
    for (const PoolMetrics &p : m.pools)
        m.poolHealth << computeHealth(p);
    m.statements = {
        { QStringLiteral("SELECT * FROM files WHERE ClientID = ?"), 120, 1.5, 0.25 },
        { QStringLiteral("SELECT \"Name\" FROM clients WHERE Name LIKE 'a\\%'\nLIMIT ?"), 3, 0.003,
          0.002 },
    };
    m.statementsTotal = 123;
    m.slowQueriesTotal = 4;
    m.databaseBytes = 313 * 1024 * 1024;
    m.walBytes = 4 * 1024 * 1024;
    m.freeBytes = 8192;
    m.clients = 100;
    m.files = 1000000;
    m.fileBytes = 123456789012;
    m.hasBackup = true;
    m.lastBackupAt = QDateTime(QDate(2025, 1, 10), QTime(12, 0), Qt::UTC);
    m.lastBackupVerified = true;
    m.lastBackupBytes = 300 * 1024 * 1024;
    m.integrityChecked = true;
    m.integrityOk = false;
    m.orphanedFiles = 5;
    m.foreignKeyViolations = 5;
    m.healthScore = 65;
    return m;
}

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

class TestMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void renderedTextIsValid();
    void renderedFamilies();
    void withoutBackupOrPools();
    void inconsistentHistogramStaysValid();
    void validatorAcceptsValidText();
    void validatorFindsProblems_data();
    void validatorFindsProblems();
    void labelEscaping_data();
    void labelEscaping();
    void promtoolAccepts();

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

void TestMetrics::renderedTextIsValid()
{
    const QByteArray text = renderPrometheus(sampleSnapshot());
    const QStringList problems = validatePrometheusText(text);
    QVERIFY2(problems.isEmpty(),
             qPrintable(problems.join(QLatin1Char('\n')) + QLatin1String("\n\n")
                        + QString::fromUtf8(text)));
}

void TestMetrics::renderedFamilies()
{
    const QByteArray text = renderPrometheus(sampleSnapshot());
    auto has = [&](const char *line) {
        return text.startsWith(QByteArray(line) + '\n')
                || text.contains('\n' + QByteArray(line) + '\n');
    };
    // Metadata once per family, then the samples of both pools.
    QCOMPARE(text.count("# TYPE backupdb_pool_connections_open gauge\n"), 1);
    QCOMPARE(text.count("# HELP backupdb_pool_connections_open "), 1);
    QVERIFY(has("backupdb_pool_connections_open{pool=\"writer\"} 2"));
    QVERIFY(has("backupdb_pool_connections_open{pool=\"reader\"} 5"));
    QVERIFY(has("backupdb_pool_connections_active{pool=\"reader\"} 5"));
    QVERIFY(has("backupdb_pool_connections_overflow{pool=\"reader\"} 1"));
    QVERIFY(has("backupdb_pool_waiting_threads{pool=\"reader\"} 0"));
    // 5 active of 4 core: clamped ratio; 1 of 1: full.
    QVERIFY(has("backupdb_pool_utilisation_ratio{pool=\"reader\"} 1"));
    QVERIFY(has("backupdb_pool_utilisation_ratio{pool=\"writer\"} 1"));
    QVERIFY(has(qPrintable(QStringLiteral("backupdb_pool_health_score{pool=\"writer\"} %1")
                                   .arg(computeHealth(sampleSnapshot().pools[0]).score))));
    QVERIFY(has("# TYPE backupdb_pool_acquires_total counter"));
    QVERIFY(has("backupdb_pool_acquires_total{pool=\"writer\"} 1000"));
    QVERIFY(has("backupdb_pool_exhaustion_total{pool=\"writer\"} 3"));
    QVERIFY(has("backupdb_pool_acquire_timeouts_total{pool=\"writer\"} 1"));
    QVERIFY(has("backupdb_pool_connections_created_total{pool=\"writer\"} 7"));
    QVERIFY(has("backupdb_pool_connections_retired_total{pool=\"writer\"} 2"));
    QVERIFY(has("backupdb_pool_leaks_detected_total{pool=\"writer\"} 1"));

    // Histograms in seconds: 8 acquire samples, 2 of them at or below 1 ms, 20 s beyond 10 s.
    QCOMPARE(text.count("# TYPE backupdb_pool_acquire_seconds histogram\n"), 1);
    QVERIFY(has("backupdb_pool_acquire_seconds_bucket{pool=\"writer\",le=\"0.001\"} 3"));
    // Bounds written as Prometheus' clients write them.
    QVERIFY(has("backupdb_pool_acquire_seconds_bucket{pool=\"writer\",le=\"5e-06\"} 1"));
    QVERIFY(has("backupdb_pool_acquire_seconds_bucket{pool=\"writer\",le=\"0.0001\"} 2"));
    QVERIFY(has("backupdb_pool_acquire_seconds_bucket{pool=\"writer\",le=\"10\"} 7"));
    QVERIFY(has("backupdb_pool_acquire_seconds_bucket{pool=\"writer\",le=\"+Inf\"} 8"));
    QVERIFY(has("backupdb_pool_acquire_seconds_count{pool=\"writer\"} 8"));
    QVERIFY(text.contains("backupdb_pool_acquire_seconds_sum{pool=\"writer\"} 20.97"));
    QVERIFY(has("backupdb_pool_lease_seconds_bucket{pool=\"reader\",le=\"+Inf\"} 4"));
    QVERIFY(has("backupdb_pool_lease_seconds_count{pool=\"reader\"} 4"));

    QVERIFY(has(
            "backupdb_statement_calls_total{sql=\"SELECT * FROM files WHERE ClientID = ?\"} 120"));
    QVERIFY(has("backupdb_statement_seconds_total{sql=\"SELECT * FROM files WHERE ClientID = ?\"} "
                "1.5"));
    QVERIFY(has(
            "backupdb_statement_max_seconds{sql=\"SELECT * FROM files WHERE ClientID = ?\"} 0.25"));
    QVERIFY(has("backupdb_statements_total 123"));
    QVERIFY(has("backupdb_slow_queries_total 4"));
    QVERIFY(has("backupdb_database_size_bytes 328204288"));
    QVERIFY(has("backupdb_database_wal_bytes 4194304"));
    QVERIFY(has("backupdb_database_free_bytes 8192"));
    QVERIFY(has("backupdb_clients 100"));
    QVERIFY(has("backupdb_files 1000000"));
    QVERIFY(has("backupdb_files_size_bytes 123456789012"));
    QVERIFY(has("backupdb_last_backup_timestamp_seconds 1736510400"));
    QVERIFY(has("backupdb_last_backup_verified 1"));
    QVERIFY(has("backupdb_integrity_checked 1"));
    QVERIFY(has("backupdb_integrity_ok 0"));
    QVERIFY(has("backupdb_orphaned_files 5"));
    QVERIFY(has("backupdb_foreign_key_violations 5"));
    QVERIFY(has("backupdb_health_score 65"));
}

void TestMetrics::withoutBackupOrPools()
{
    MetricsSnapshot m;
    const QByteArray text = renderPrometheus(m);
    QVERIFY2(validatePrometheusText(text).isEmpty(),
             qPrintable(validatePrometheusText(text).join(QLatin1Char('\n'))));
    QVERIFY(!text.contains("backupdb_last_backup_timestamp_seconds"));
    QVERIFY(!text.contains("backupdb_integrity_ok"));
    QVERIFY(text.contains("\nbackupdb_last_backup_verified 0\n"));
    QVERIFY(text.contains("\nbackupdb_integrity_checked 0\n"));
    QVERIFY(!text.contains("backupdb_pool_"));

    // Two pools of the same name must not make duplicate series.
    m.pools = { pool(QStringLiteral("p"), 2, 1), pool(QStringLiteral("p"), 2, 1) };
    m.statements = { { QStringLiteral("SELECT 1"), 1, 0.1, 0.1 },
                     { QStringLiteral("SELECT 1"), 2, 0.2, 0.15 } };
    const QByteArray twice = renderPrometheus(m);
    QVERIFY2(validatePrometheusText(twice).isEmpty(),
             qPrintable(validatePrometheusText(twice).join(QLatin1Char('\n'))));
    QVERIFY(twice.contains("backupdb_statement_calls_total{sql=\"SELECT 1\"} 3\n"));
    QVERIFY(twice.contains("backupdb_statement_max_seconds{sql=\"SELECT 1\"} 0.15\n"));
}

void TestMetrics::inconsistentHistogramStaysValid()
{
    MetricsSnapshot m;
    m.pools = { pool(QStringLiteral("writer"), 1, 0) };
    LatencySummary &s = m.pools[0].acquireTime;
    s.count = 5;
    s.bucketBounds = { 0.001, 0.01, std::numeric_limits<double>::infinity() };
    s.cumulativeCounts = { 4, 2, 9 }; // not cumulative, and +Inf above the count
    const QByteArray text = renderPrometheus(m);
    QVERIFY2(validatePrometheusText(text).isEmpty(),
             qPrintable(validatePrometheusText(text).join(QLatin1Char('\n'))));
    QVERIFY(text.contains("backupdb_pool_acquire_seconds_bucket{pool=\"writer\",le=\"0.01\"} 4\n"));
    QVERIFY(text.contains("backupdb_pool_acquire_seconds_bucket{pool=\"writer\",le=\"+Inf\"} 5\n"));

    // No buckets at all: still a +Inf bucket equal to the count.
    m.pools[0].leaseTime = LatencySummary();
    m.pools[0].leaseTime.count = 3;
    const QByteArray bare = renderPrometheus(m);
    QVERIFY(validatePrometheusText(bare).isEmpty());
    QVERIFY(bare.contains("backupdb_pool_lease_seconds_bucket{pool=\"writer\",le=\"+Inf\"} 3\n"));
}

namespace {
const QByteArray kValidText = "# HELP x_total Things.\n"
                              "# TYPE x_total counter\n"
                              "x_total{a=\"1\"} 3\n"
                              "x_total{a=\"2\"} 4 1736510400000\n"
                              "# a comment\n"
                              "# HELP h_seconds Times.\n"
                              "# TYPE h_seconds histogram\n"
                              "h_seconds_bucket{le=\"0.5\"} 1\n"
                              "h_seconds_bucket{le=\"1\"} 2\n"
                              "h_seconds_bucket{le=\"+Inf\"} 3\n"
                              "h_seconds_sum 2.5\n"
                              "h_seconds_count 3\n"
                              "# HELP g A \\\\ gauge\\n with escapes.\n"
                              "# TYPE g gauge\n"
                              "g{l=\"a\\\\b\\\"c\\nd\"} -1.5e-3\n";
}

void TestMetrics::validatorAcceptsValidText()
{
    const QStringList problems = validatePrometheusText(kValidText);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestMetrics::validatorFindsProblems_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected"); // part of the problem reported

    const QByteArray histogramHead = "# HELP h_seconds Times.\n# TYPE h_seconds histogram\n";
    QTest::newRow("sample before TYPE") << QByteArray("g 1\n# HELP g G.\n# TYPE g gauge\n")
                                        << QStringLiteral("before a # TYPE");
    QTest::newRow("sample without HELP")
            << QByteArray("# TYPE g gauge\ng 1\n") << QStringLiteral("before a # HELP");
    QTest::newRow("buckets not cumulative") << histogramHead
                    + "h_seconds_bucket{le=\"0.5\"} 2\nh_seconds_bucket{le=\"1\"} 1\n"
                      "h_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_sum 1\nh_seconds_count 2\n"
                                            << QStringLiteral("not cumulative");
    QTest::newRow("+Inf differs from count") << histogramHead
                    + "h_seconds_bucket{le=\"1\"} 1\nh_seconds_bucket{le=\"+Inf\"} 2\n"
                      "h_seconds_sum 1\nh_seconds_count 3\n"
                                             << QStringLiteral("differs from _count");
    QTest::newRow("no +Inf bucket")
            << histogramHead + "h_seconds_bucket{le=\"1\"} 1\nh_seconds_sum 1\nh_seconds_count 1\n"
            << QStringLiteral("no le=\"+Inf\"");
    QTest::newRow("no count") << histogramHead
                    + "h_seconds_bucket{le=\"+Inf\"} 1\nh_seconds_sum 1\n"
                              << QStringLiteral("no _count");
    QTest::newRow("bucket without le")
            << histogramHead + "h_seconds_bucket 1\nh_seconds_sum 1\nh_seconds_count 1\n"
            << QStringLiteral("without a numeric le");
    QTest::newRow("bad metric name") << QByteArray("# HELP g G.\n# TYPE g gauge\n1g 1\n")
                                     << QStringLiteral("invalid metric name \"1g\"");
    QTest::newRow("bad metric name in TYPE") << QByteArray("# TYPE my-metric gauge\n")
                                             << QStringLiteral("invalid metric name \"my-metric\"");
    QTest::newRow("bad label name") << QByteArray("# HELP g G.\n# TYPE g gauge\ng{0a=\"x\"} 1\n")
                                    << QStringLiteral("invalid label name");
    QTest::newRow("bad escape") << QByteArray("# HELP g G.\n# TYPE g gauge\ng{a=\"x\\ty\"} 1\n")
                                << QStringLiteral("invalid escape");
    QTest::newRow("unterminated label") << QByteArray("# HELP g G.\n# TYPE g gauge\ng{a=\"x} 1\n")
                                        << QStringLiteral("unterminated");
    QTest::newRow("duplicate series") << QByteArray(
            "# HELP g G.\n# TYPE g gauge\ng{a=\"1\",b=\"2\"} 1\ng{b=\"2\",a=\"1\"} 2\n")
                                      << QStringLiteral("appears twice");
    QTest::newRow("second TYPE") << QByteArray("# HELP g G.\n# TYPE g gauge\n# TYPE g gauge\ng 1\n")
                                 << QStringLiteral("second # TYPE");
    QTest::newRow("HELP after samples")
            << QByteArray("# TYPE g gauge\n# HELP g G.\ng 1\n# HELP g Again.\n")
            << QStringLiteral("after its samples");
    QTest::newRow("family split") << QByteArray("# HELP g G.\n# TYPE g gauge\ng{a=\"1\"} 1\n"
                                                "# HELP k K.\n# TYPE k gauge\nk 1\ng{a=\"2\"} 1\n")
                                  << QStringLiteral("not together");
    QTest::newRow("counter without _total") << QByteArray("# HELP c C.\n# TYPE c counter\nc 1\n")
                                            << QStringLiteral("not named *_total");
    QTest::newRow("negative counter")
            << QByteArray("# HELP c_total C.\n# TYPE c_total counter\nc_total -1\n")
            << QStringLiteral("negative");
    QTest::newRow("value not a number")
            << QByteArray("# HELP g G.\n# TYPE g gauge\ng one\n") << QStringLiteral("not a number");
    QTest::newRow("unknown type") << QByteArray("# HELP g G.\n# TYPE g meter\n")
                                  << QStringLiteral("no valid type");
    QTest::newRow("no final newline") << QByteArray("# HELP g G.\n# TYPE g gauge\ng 1")
                                      << QStringLiteral("does not end with a newline");
}

void TestMetrics::validatorFindsProblems()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const QStringList problems = validatePrometheusText(text);
    QVERIFY2(!problems.filter(expected).isEmpty(),
             qPrintable(QStringLiteral("expected \"%1\" among:\n%2")
                                .arg(expected, problems.join(QLatin1Char('\n')))));
}

void TestMetrics::labelEscaping_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("escaped");
    QTest::newRow("plain") << QStringLiteral("SELECT 1") << QByteArray("SELECT 1");
    QTest::newRow("backslash") << QStringLiteral("a\\b") << QByteArray("a\\\\b");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QByteArray("say \\\"hi\\\"");
    QTest::newRow("newline") << QStringLiteral("a\nb") << QByteArray("a\\nb");
    QTest::newRow("all") << QStringLiteral("\\\"\n") << QByteArray("\\\\\\\"\\n");
    QTest::newRow("utf-8") << QStringLiteral("Müller") << QByteArray("M\xc3\xbcller");
}

void TestMetrics::labelEscaping()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, escaped);
    QCOMPARE(escapePrometheusLabelValue(value), escaped);

    MetricsSnapshot m;
    m.statements = { { value, 1, 0.5, 0.5 } };
    const QByteArray text = renderPrometheus(m);
    QVERIFY2(text.contains("backupdb_statement_calls_total{sql=\"" + escaped + "\"} 1\n"),
             text.constData());
    QVERIFY2(validatePrometheusText(text).isEmpty(),
             qPrintable(validatePrometheusText(text).join(QLatin1Char('\n'))));
}

void TestMetrics::promtoolAccepts()
{
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty())
        QSKIP("promtool is not on PATH");
    QProcess process;
    process.start(promtool, { QStringLiteral("check"), QStringLiteral("metrics") });
    QVERIFY(process.waitForStarted());
    process.write(renderPrometheus(sampleSnapshot()));
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(30000));
    const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             output.constData());
}

void TestMetrics::serverAnswersMetrics()
{
    const QByteArray body = renderPrometheus(sampleSnapshot());
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

void TestMetrics::serverStatus_data()
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

void TestMetrics::serverStatus()
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

void TestMetrics::serverCutsOffSlowClient()
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

void TestMetrics::serverListensOnLoopbackOnly()
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

void TestMetrics::serverRefusesNonLoopback_data()
{
    QTest::addColumn<QHostAddress>("address");
    QTest::newRow("0.0.0.0") << QHostAddress(QHostAddress::AnyIPv4);
    QTest::newRow("any") << QHostAddress(QHostAddress::Any);
    QTest::newRow("::") << QHostAddress(QHostAddress::AnyIPv6);
    QTest::newRow("10.1.2.3") << QHostAddress(QStringLiteral("10.1.2.3"));
}

void TestMetrics::serverRefusesNonLoopback()
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

void TestMetrics::serverReportsPortInUse()
{
    MetricsServer first([] { return QByteArray(); });
    QVERIFY(!first.start(QHostAddress(QHostAddress::LocalHost), 0));
    MetricsServer second([] { return QByteArray(); });
    const DbError error = second.start(QHostAddress(QHostAddress::LocalHost), first.serverPort());
    QCOMPARE(error.kind(), DbError::Kind::Io);
    QVERIFY2(error.message().contains(QString::number(first.serverPort())),
             qPrintable(error.message()));
}

void TestMetrics::serverInItsOwnThread()
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

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
