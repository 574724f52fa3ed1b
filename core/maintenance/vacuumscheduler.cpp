#include "vacuumscheduler.h"

#include "../common/logging.h"

namespace backupdb {

VacuumScheduler::VacuumScheduler(Database &database, SizeMonitor &size, const VacuumPolicy &policy,
                                 const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_db(database)
    , m_size(size)
    , m_policy(policy)
    , m_clock(clock)
{
    connect(&m_timer, &QTimer::timeout, this, &VacuumScheduler::tick);
}

void VacuumScheduler::start(Milliseconds interval)
{
    m_timer.start(int(interval.count()));
}

void VacuumScheduler::stop()
{
    m_timer.stop();
}

qint64 VacuumScheduler::acquires() const
{
    return m_db.readers().metrics().acquires + m_db.writer().metrics().acquires;
}

bool VacuumScheduler::tick()
{
    const Nanoseconds now = m_clock.now();
    const qint64 before = acquires();
    if (before != m_acquiresAfterLastLook)
        m_quietSince = now; // someone else used the database since our last look
    auto size = m_size.report();
    m_acquiresAfterLastLook = acquires(); // our own look does not count as activity
    if (!size) {
        emit failed(size.error().message());
        return false;
    }
    const auto quietFor = std::chrono::duration_cast<Milliseconds>(now - m_quietSince);
    if (!SizeMonitor::shouldVacuum(size.value(), m_policy, quietFor))
        return false;
    qCInfo(lcIntegrity).noquote() << "quiet for" << quietFor.count() << "ms with" << size->freeBytes
                                  << "bytes free: vacuuming";
    auto freed = m_size.vacuum();
    m_acquiresAfterLastLook = acquires();
    m_quietSince = m_clock.now();
    if (!freed) {
        emit failed(freed.error().message());
        return false;
    }
    emit vacuumed(freed.value());
    return true;
}

} // namespace backupdb
