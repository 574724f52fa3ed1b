#include "poolmetrics.h"

#include <algorithm>

namespace backupdb {

HealthScore computeHealth(const PoolMetrics &m)
{
    HealthScore h;
    auto penalise = [&h](int points, const QString &warning) {
        h.score -= points;
        h.warnings.append(warning);
    };
    if (m.utilisationPercent > 90)
        penalise(30,
                 QStringLiteral("pool utilisation critical: %1 %")
                         .arg(m.utilisationPercent, 0, 'f', 0));
    else if (m.utilisationPercent > 75)
        penalise(
                15,
                QStringLiteral("pool utilisation high: %1 %").arg(m.utilisationPercent, 0, 'f', 0));
    if (m.exhaustionEvents > 0)
        penalise(int(std::min<qint64>(30, 5 * m.exhaustionEvents)),
                 QStringLiteral("pool exhausted %1 time(s): borrowers had to wait")
                         .arg(m.exhaustionEvents));
    if (m.timeouts > 0)
        penalise(int(std::min<qint64>(20, 10 * m.timeouts)),
                 QStringLiteral("%1 acquire timeout(s): borrowers gave up").arg(m.timeouts));
    if (m.overflow > 0)
        penalise(5, QStringLiteral("%1 overflow connection(s) open").arg(m.overflow));
    if (m.maxLifetimeSeconds > 0 && m.averageAgeSeconds > m.maxLifetimeSeconds)
        penalise(10,
                 QStringLiteral("connections older than their max lifetime: retirement is late"));
    if (!m.housekeeperRunning)
        penalise(20, QStringLiteral("pool housekeeping is not running"));
    h.score = std::clamp(h.score, 0, 100);
    return h;
}

} // namespace backupdb
