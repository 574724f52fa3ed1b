// Prometheus exporter (O2, improvement 20), the text format: a snapshot's text, a checker of the
// format that can itself fail, label escaping, promtool when it is installed. The HTTP endpoint:
// tst_metricsserver.
#include "metricssample.h"
#include "ops/prometheus.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace backupdb;

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
};

void TestMetrics::renderedTextIsValid()
{
    const QByteArray text = renderPrometheus(test::sampleSnapshot());
    const QStringList problems = validatePrometheusText(text);
    QVERIFY2(problems.isEmpty(),
             qPrintable(problems.join(QLatin1Char('\n')) + QLatin1String("\n\n")
                        + QString::fromUtf8(text)));
}

void TestMetrics::renderedFamilies()
{
    const QByteArray text = renderPrometheus(test::sampleSnapshot());
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
                                   .arg(computeHealth(test::sampleSnapshot().pools[0]).score))));
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
    m.pools = { test::samplePool(QStringLiteral("p"), 2, 1),
                test::samplePool(QStringLiteral("p"), 2, 1) };
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
    m.pools = { test::samplePool(QStringLiteral("writer"), 1, 0) };
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
    process.write(renderPrometheus(test::sampleSnapshot()));
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(30000));
    const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             output.constData());
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
