// Deterministic demo data: the same seed and index always give the same row, so the app, the
// tests and the benchmarks agree on what a "demo database of N clients and M files" holds.
// Orphaned file rows can be written the way the original server could leave them: with
// foreign keys off.
// Thread-safety: DemoGenerator is immutable; populate() may run on any thread.
#pragma once

#include "../data/database.h"
#include "../data/records.h"

#include <functional>

namespace backupdb {

class DemoGenerator
{
public:
    explicit DemoGenerator(quint64 seed = 20250110)
        : m_seed(seed)
    { }

    QByteArray clientId(qint64 index) const;
    ClientRecord client(qint64 index) const;
    FileRecord file(qint64 index, const QByteArray &clientId) const;
    // A file whose ClientID belongs to no client.
    FileRecord orphan(qint64 index) const;

private:
    quint64 mix(quint64 kind, quint64 index) const;
    QByteArray uuid(quint64 kind, quint64 index) const;
    quint64 m_seed;
};

struct DemoOptions
{
    qint64 clients = 0; // clients to add
    qint64 files = 0; // files to add, spread over all clients
    qint64 orphans = 0; // orphaned file rows to add
    quint64 seed = 20250110;
    int batchSize = 20000;
};

struct DemoSummary
{
    qint64 clientsAdded = 0;
    qint64 filesAdded = 0;
    qint64 orphansAdded = 0;
};

namespace demo {

// Creates or extends a database with generated rows. progress(done, total) may return false
// to stop (rows of finished batches stay).
Result<DemoSummary> populate(Database &database, const DemoOptions &options,
                             const std::function<bool(qint64 done, qint64 total)> &progress = {});

} // namespace demo
} // namespace backupdb
