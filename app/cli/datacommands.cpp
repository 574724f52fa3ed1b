// The commands about the data and its consistency: demo, stats, check, orphans.
#include "commands.h"

#include "data/validation.h"
#include "demo/demogenerator.h"
#include "output.h"

#include <QJsonArray>
#include <QJsonObject>
#include <limits>

namespace backupdb::cli {

namespace {

QJsonArray findingsJson(const IntegrityReport &report)
{
    static const QStringList severities { QStringLiteral("info"), QStringLiteral("warning"),
                                          QStringLiteral("error") };
    QJsonArray findings;
    for (const IntegrityFinding &f : report.findings)
        findings.append(
                QJsonObject { { QStringLiteral("kind"), f.kind },
                              { QStringLiteral("severity"), severities.value(int(f.severity)) },
                              { QStringLiteral("message"), f.message },
                              { QStringLiteral("count"), f.count } });
    return findings;
}

} // namespace

int cmdDemo(QCommandLineParser &p, const Context &ctx)
{
    qint64 clients = 0, files = 0, orphans = 0, seed = 20250110;
    QString problem;
    if (!numberOption(p, QStringLiteral("clients"), 0, 10'000'000, &clients, &problem)
        || !numberOption(p, QStringLiteral("files"), 0, 100'000'000, &files, &problem)
        || !numberOption(p, QStringLiteral("orphans"), 0, 10'000'000, &orphans, &problem)
        || !numberOption(p, QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), &seed,
                         &problem))
        return usage(problem);
    if (!p.isSet(QStringLiteral("clients")) || !p.isSet(QStringLiteral("files")))
        return usage(QStringLiteral("demo needs --clients N and --files M"));
    auto session = openSession(ctx, OpenMode::CreateIfMissing);
    if (!session)
        return fail(session.error());
    DemoOptions options;
    options.clients = clients;
    options.files = files;
    options.orphans = orphans;
    options.seed = quint64(seed);
    auto summary = demo::populate(session.value()->database(), options);
    if (!summary)
        return fail(summary.error());
    auto totals = session.value()->statistics().totals(CachePolicy::Bypass);
    if (!totals)
        return fail(totals.error());
    ctx.out->set(QStringLiteral("clients_added"), summary->clientsAdded);
    ctx.out->set(QStringLiteral("files_added"), summary->filesAdded);
    ctx.out->set(QStringLiteral("orphans_added"), summary->orphansAdded);
    ctx.out->set(QStringLiteral("clients"), totals->clients);
    ctx.out->set(QStringLiteral("files"), totals->files);
    return Ok;
}

int cmdStats(QCommandLineParser &, const Context &ctx)
{
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    auto totals = session.value()->statistics().totals(CachePolicy::Bypass);
    if (!totals)
        return fail(totals.error());
    ctx.out->set(QStringLiteral("clients"), totals->clients);
    ctx.out->set(QStringLiteral("files"), totals->files);
    ctx.out->set(QStringLiteral("total_size_bytes"), totals->totalSizeBytes);
    ctx.out->set(QStringLiteral("verified_files"), totals->verifiedFiles);
    ctx.out->set(QStringLiteral("average_size_bytes"), qRound64(totals->averageSizeBytes()));
    if (session.value()->isDamaged()) {
        ctx.out->set(QStringLiteral("unverified"),
                     QStringLiteral("the database is damaged (%1): these counters could not be "
                                    "checked against the tables")
                             .arg(session.value()->damage().first()));
        return ProblemsFound;
    }
    return Ok;
}

int cmdCheck(QCommandLineParser &p, const Context &ctx)
{
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    const bool full = p.isSet(QStringLiteral("full"));
    auto report = session.value()->integrity().check(full ? IntegrityReport::Depth::Full
                                                          : IntegrityReport::Depth::Quick);
    if (!report)
        return fail(report.error());
    ctx.out->set(QStringLiteral("integrity"), report->integrity());
    // A count that could not be taken is null ("not checked"), never a reassuring 0.
    const auto count = [&](const QString &key, const QString &kind, qint64 value) {
        ctx.out->set(key, report->wasChecked(kind) ? QJsonValue(value) : QJsonValue());
    };
    count(QStringLiteral("foreign_key_violations"), QStringLiteral("foreign_key"),
          report->foreignKeyViolations);
    count(QStringLiteral("orphaned_files"), QStringLiteral("orphaned_files"), report->orphanedFiles);
    count(QStringLiteral("malformed_ids"), QStringLiteral("malformed_id"), report->malformedIds);
    ctx.out->set(QStringLiteral("counters_exact"),
                 report->wasChecked(QStringLiteral("counters")) ? QJsonValue(report->countersExact)
                                                                : QJsonValue());
    ctx.out->set(QStringLiteral("not_checked"), QJsonArray::fromStringList(report->notChecked));
    ctx.out->set(QStringLiteral("read_only"), session.value()->isDamaged());
    ctx.out->set(QStringLiteral("depth"), full ? QStringLiteral("full") : QStringLiteral("quick"));
    ctx.out->set(QStringLiteral("findings"), findingsJson(report.value()));
    ctx.out->set(QStringLiteral("seconds"), report->seconds);
    return report->ok() ? Ok : ProblemsFound;
}

int cmdOrphans(QCommandLineParser &p, const Context &ctx)
{
    qint64 limit = 20;
    QString problem;
    if (!numberOption(p, QStringLiteral("limit"), 0, 100000, &limit, &problem))
        return usage(problem);
    auto session = openSession(ctx);
    if (!session)
        return fail(session.error());
    if (session.value()->isDamaged() && p.isSet(QStringLiteral("fix")))
        return fail(session.value()->database().checkDestructive(QStringLiteral("orphans --fix")));
    auto preview = session.value()->orphans().preview(int(limit));
    if (!preview)
        return fail(preview.error());
    if (session.value()->isDamaged()) {
        // A scan of a damaged file can miss rows: say so rather than report a clean result.
        ctx.out->set(QStringLiteral("orphaned_files"), QJsonValue());
        ctx.out->set(QStringLiteral("rows_found"), preview->count);
        ctx.out->set(QStringLiteral("not_checked"),
                     QStringLiteral("the database is damaged: %1").arg(session.value()->damage().first()));
        return ProblemsFound;
    }
    ctx.out->set(QStringLiteral("orphaned_files"), preview->count);
    QJsonArray rows;
    for (const FileRecord &f : preview->rows)
        rows.append(
                QJsonObject { { QStringLiteral("id"), validation::uuidToText(f.id) },
                              { QStringLiteral("client_id"), validation::uuidToText(f.clientId) },
                              { QStringLiteral("file_name"), f.fileName },
                              { QStringLiteral("path_name"), f.pathName } });
    ctx.out->set(QStringLiteral("rows"), rows);
    if (!p.isSet(QStringLiteral("fix")))
        return preview->count > 0 ? ProblemsFound : Ok;
    if (preview->count == 0) {
        ctx.out->set(QStringLiteral("deleted"), 0);
        return Ok;
    }
    int code = Ok;
    if (!confirmed(*session.value(), p.isSet(QStringLiteral("yes")),
                   QStringLiteral(
                           "Delete %1 orphaned file record(s) (a verified backup is taken first)?")
                           .arg(preview->count),
                   &code))
        return code;
    auto result = session.value()->orphans().cleanup(backupFolder(ctx));
    if (!result)
        return fail(result.error());
    ctx.out->set(QStringLiteral("deleted"), result->deleted);
    ctx.out->set(QStringLiteral("backup"), result->backupPath);
    return result->deleted == result->found ? Ok : ProblemsFound;
}

} // namespace backupdb::cli
