#include "databasemove.h"

#include "../pg/postgresmove.h"

namespace backupdb {

Result<MovedDatabase> moveDatabase(const DatabaseMove &move,
                                   const std::function<void(double)> &progress,
                                   const std::atomic<bool> *cancel)
{
    auto target = pg::ConnectionSpec::parse(move.target);
    if (!target)
        return target.error();
    if (target->hasPassword())
        return DbError::invalidInput(QStringLiteral("target"),
                                     QStringLiteral("holds a password: keep it in ~/.pgpass, a "
                                                    "service file or PGPASSWORD"));
    MovedDatabase out;
    pg::MoveOptions options;
    options.sqlitePath = move.source;
    options.osUser = move.osUser;
    options.cancel = cancel;
    options.existing = move.replaceExisting ? pg::ExistingData::Replace : pg::ExistingData::Ask;
    options.confirmReplace = [&out](qint64 clients, qint64 files) {
        out.heldClients = clients;
        out.heldFiles = files;
        return false; // the caller asks its operator and calls again
    };
    // Copying is most of the time; the verification reads every row back once more.
    options.progress = [&progress](const pg::MoveProgress &p) {
        if (!progress || p.rowsTotal <= 0)
            return;
        const double part = double(p.rowsDone) / double(p.rowsTotal);
        progress(p.stage == pg::MoveProgress::Stage::Copying ? 0.7 * part : 0.7 + 0.3 * part);
    };
    auto moved = pg::moveToPostgres(target.value(), options);
    if (!moved)
        return out.refusedForData() ? Result<MovedDatabase>(out) : moved.error();
    const pg::MoveReport &report = moved.value();
    out.target = report.target;
    for (const pg::TableCheck &t : report.tables) {
        if (t.table == QLatin1String("clients"))
            out.clients = t.targetRows;
        else if (t.table == QLatin1String("files"))
            out.files = t.targetRows;
    }
    out.replacedClients = report.replacedClients;
    out.replacedFiles = report.replacedFiles;
    out.unparsedDates = report.unparsedDates;
    out.verified = report.countersVerified;
    bool tablesMatch = !report.tables.isEmpty();
    for (const pg::TableCheck &t : report.tables)
        tablesMatch = tablesMatch && t.matches();
    out.verified = out.verified && tablesMatch;
    out.seconds = report.seconds;
    return out;
}

} // namespace backupdb
