// The live pool-health dashboard (G2): charts of utilisation, connections (active, idle,
// waiting), acquire latency p95 and queries per second over the last window() samples, the
// overall health score and its warnings. A sample is taken every 1-5 s on a worker thread
// (HealthService::report) and appended to the history in the database, so that the charts are
// full again after a restart.
// Thread-safety: GUI thread only.
#pragma once

#include "maintenance/healthservice.h"
#include "maintenance/metricshistory.h"
#include "ops/config.h"

#include <QWidget>
#include <optional>

class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTimer;

namespace backupdb::ui {

class DatabaseWorker;
class PoolHealthChart;

class DashboardPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kWindow = 120; // points per chart: 2 min at 1 s, 10 min at 5 s
    static constexpr int kHistoryKeepDays = 3;

    explicit DashboardPage(DatabaseWorker *worker, QWidget *parent = nullptr);

    // Backup folder and size thresholds for the health report; the refresh interval.
    void setConfig(const AppConfig &config);
    // Clamped to 1000..5000 ms.
    void setRefreshInterval(int milliseconds);
    int refreshInterval() const;
    // While paused no samples are taken (refresh() still takes one).
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    int healthScore() const { return m_score; } // -1 before the first sample
    QStringList warnings() const { return m_warnings; }
    bool isHistoryLoaded() const { return m_historyLoaded; }

public slots:
    // Takes one sample now, unless one is under way.
    void refresh();

signals:
    void historyLoaded(int samples);
    void sampled(int healthScore);
    void refreshIntervalChanged(int milliseconds);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void reload();
    void addSample(const MetricsSample &sample);
    void showReport(const HealthReport &report);
    void showWaiting();
    void showError(const QString &message);
    void updateTimer();

    DatabaseWorker *m_worker;
    AppConfig m_config;
    QTimer *m_timer = nullptr;
    quint64 m_generation = 0;
    bool m_historyLoaded = false;
    bool m_sampling = false;
    bool m_paused = false;
    // The last sample's statement total and monotonic time, for queries per second.
    qint64 m_previousStatements = -1;
    qint64 m_previousNs = 0;
    int m_score = -1;
    QStringList m_warnings;
    std::optional<HealthReport> m_report; // the last one, to show again in another language

    QGroupBox *m_healthBox = nullptr;
    QGroupBox *m_factsBox = nullptr;
    QLabel *m_refreshLabel = nullptr;
    QPushButton *m_refreshNow = nullptr;
    QLabel *m_scoreLabel = nullptr;
    QLabel *m_verdict = nullptr;
    QListWidget *m_warningList = nullptr;
    QFormLayout *m_facts = nullptr;
    QLabel *m_readers = nullptr;
    QLabel *m_writer = nullptr;
    QLabel *m_database = nullptr;
    QLabel *m_rows = nullptr;
    QLabel *m_backup = nullptr;
    QLabel *m_integrity = nullptr;
    QLabel *m_updated = nullptr;
    QComboBox *m_interval = nullptr;
    QPushButton *m_pause = nullptr;
    PoolHealthChart *m_utilisation = nullptr;
    PoolHealthChart *m_connections = nullptr;
    PoolHealthChart *m_latency = nullptr;
    PoolHealthChart *m_throughput = nullptr;
};

} // namespace backupdb::ui
