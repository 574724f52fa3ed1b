// What the package ships beside the programs must agree with the programs (issue 14):
// - the bash completion offers exactly the CLI's commands, each command's options and the
//   global options (run in bash, compared with the CLI's own table and --help);
// - the Grafana dashboard and the Prometheus alerting rules use only metric names that a real
//   `backupdb-cli metrics` exports (taken from its output with every family present: a
//   maintenance history, a verified backup and size thresholds), and the dashboard is a
//   well-formed Grafana model over one Prometheus data source variable.
#include "commands.h"
#include "maintenance/maintenancehistory.h"
#include "testsupport.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace backupdb;

namespace {

const QString kSource = QStringLiteral(BACKUPDB_SOURCE_DIR);

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &arguments, const QByteArray &input = {})
{
    QProcess p;
    p.start(program, arguments);
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
             p.readAllStandardError() };
}

Run backupdbCli(const QStringList &arguments)
{
    return run(QStringLiteral(BACKUPDB_CLI), arguments);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qWarning() << "cannot read" << path;
    return file.readAll();
}

QSet<QString> words(const QByteArray &line)
{
    const QStringList list = QString::fromUtf8(line).split(u' ', Qt::SkipEmptyParts);
    return QSet<QString>(list.begin(), list.end());
}

QString sorted(const QSet<QString> &set)
{
    QStringList list(set.begin(), set.end());
    list.sort();
    return list.join(u' ');
}

// The metric names in a PromQL expression (label names and functions never start so).
QSet<QString> metricNames(const QString &expr)
{
    static const QRegularExpression name(QStringLiteral("\\bbackupdb_[a-z0-9_]+"));
    QSet<QString> found;
    for (auto it = name.globalMatch(expr); it.hasNext();)
        found.insert(it.next().captured());
    return found;
}

// Every "expr" string anywhere in a JSON value.
void collectExprs(const QJsonValue &v, QStringList *out)
{
    if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            collectExprs(e, out);
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == QLatin1String("expr") && it->isString())
                *out << it->toString();
            else
                collectExprs(*it, out);
        }
    }
}

} // namespace

class tst_Packaging : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QSet<QString> m_exported; // every series name of a real metrics text

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString db = m_dir.filePath(QStringLiteral("server.db"));
        const QString backups = m_dir.filePath(QStringLiteral("backups"));
        QCOMPARE(backupdbCli({ QStringLiteral("--db"), db, QStringLiteral("demo"), QStringLiteral("--clients"),
                       QStringLiteral("3"), QStringLiteral("--files"), QStringLiteral("40"),
                       QStringLiteral("--orphans"), QStringLiteral("2") })
                         .code,
                 0);
        {
            // A run of each task in the history, as the service records them.
            auto session = test::openOrFail(test::options(db));
            QVERIFY(session);
            for (const char *task :
                 { "quick_check", "full_check", "backup", "retention", "checkpoint", "vacuum" }) {
                MaintenanceRun r;
                r.task = QString::fromLatin1(task);
                r.startedAt = QDateTime::currentDateTimeUtc().addSecs(-5);
                r.finishedAt = r.startedAt.addSecs(1);
                r.message = QStringLiteral("tst_packaging");
                QVERIFY(session->maintenanceHistory().record(r));
            }
        }
        QCOMPARE(backupdbCli({ QStringLiteral("--db"), db, QStringLiteral("backup"), QStringLiteral("--out"),
                       backups })
                         .code,
                 0);
        const QString ini = m_dir.filePath(QStringLiteral("c.ini"));
        QFile config(ini);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("[backup]\nfolder=%1\n[size]\nwarningMB=1\ncriticalMB=2\n")
                             .arg(backups)
                             .toUtf8());
        config.close();
        const Run metrics = backupdbCli({ QStringLiteral("--db"), db, QStringLiteral("--config"), ini,
                                  QStringLiteral("metrics") });
        QCOMPARE(metrics.code, 0);
        for (const QByteArray &line : metrics.out.split('\n')) {
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            static const QRegularExpression name(QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*"));
            m_exported.insert(name.match(QString::fromUtf8(line)).captured());
        }
        // Every family the rules and the dashboard are about is in this text.
        for (const char *family :
             { "backupdb_maintenance_last_run_success", "backupdb_maintenance_last_run_timestamp_seconds",
               "backupdb_maintenance_last_run_duration_seconds",
               "backupdb_newest_verified_backup_timestamp_seconds",
               "backupdb_newest_verified_backup_age_seconds", "backupdb_database_size_warning_bytes",
               "backupdb_database_size_critical_bytes", "backupdb_integrity_ok",
               "backupdb_orphaned_files", "backupdb_pool_acquire_timeouts_total",
               "backupdb_pool_waiting_threads", "backupdb_pool_acquire_seconds_bucket" })
            QVERIFY2(m_exported.contains(QString::fromLatin1(family)), family);
    }

    void completionMatchesTheCli()
    {
        // The completion function in bash, with stand-ins for bash-completion's helpers.
        QByteArray script = R"(
_init_completion() { words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; cur=${words[cword]}; prev=${words[cword-1]}; }
_filedir() { COMPREPLY=(FILES); }
complete() { :; }
source "$1"
offer() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _backupdb_cli; echo "${COMPREPLY[*]}"; }
offer backupdb-cli ''
offer backupdb-cli --
offer backupdb-cli --db x.db --json ba
offer backupdb-cli --db ''
offer backupdb-cli history --task ''
)";
        const QList<cli::Command> commands = cli::commands();
        for (const cli::Command &c : commands)
            script += "offer backupdb-cli --config c.ini " + c.name.toUtf8() + " --\n";
        const Run bash = run(QStringLiteral("bash"),
                             { QStringLiteral("-c"), QString::fromUtf8(script), QStringLiteral("bash"),
                               kSource + QStringLiteral("/packaging/bash-completion/backupdb-cli") });
        QVERIFY2(bash.code == 0, bash.err.constData());
        const QList<QByteArray> lines = bash.out.split('\n');
        QVERIFY(lines.size() >= 5 + commands.size());

        QSet<QString> names;
        for (const cli::Command &c : commands)
            names.insert(c.name);
        QCOMPARE(sorted(words(lines[0])), sorted(names));

        // The global options: the long options of `backupdb-cli --help`.
        const Run help = backupdbCli({ QStringLiteral("--help") });
        QCOMPARE(help.code, 0);
        QSet<QString> global;
        const QString options = QString::fromUtf8(help.out).section(QStringLiteral("\nOptions:\n"), 1)
                                        .section(QStringLiteral("\n\n"), 0, 0);
        static const QRegularExpression longOption(QStringLiteral("--[a-z][a-z-]*"));
        for (const QString &line : options.split(u'\n'))
            global.insert(longOption.match(line).captured());
        QVERIFY(global.contains(QStringLiteral("--db")));
        QCOMPARE(sorted(words(lines[1])), sorted(global));
        QCOMPARE(lines[2], QByteArray("backup"));
        QCOMPARE(lines[3], QByteArray("FILES"));
        QCOMPARE(sorted(words(lines[4])),
                 QStringLiteral("backup checkpoint full_check quick_check retention vacuum"));

        // Each command: its own options and the global ones that work after it.
        const QSet<QString> afterCommand { QStringLiteral("--db"), QStringLiteral("--config"),
                                           QStringLiteral("--json"), QStringLiteral("--verbose") };
        for (qsizetype i = 0; i < commands.size(); ++i) {
            QSet<QString> expected = afterCommand;
            for (const QCommandLineOption &o : commands[i].options)
                for (const QString &n : o.names())
                    expected.insert((n.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + n);
            QCOMPARE(sorted(words(lines[5 + i])), sorted(expected));
        }
    }

    void dashboardUsesExportedMetrics()
    {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(
                readFile(kSource + QStringLiteral("/packaging/grafana/backupdb-dashboard.json")), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonObject dash = doc.object();
        QVERIFY(!dash.value(QStringLiteral("title")).toString().isEmpty());
        QVERIFY(!dash.value(QStringLiteral("uid")).toString().isEmpty());
        QVERIFY(dash.value(QStringLiteral("schemaVersion")).toInt() >= 30);

        // One data source variable of type prometheus, used by every panel and query.
        bool hasDatasource = false;
        for (const QJsonValue &v : dash.value(QStringLiteral("templating"))[QStringLiteral("list")].toArray())
            hasDatasource = hasDatasource
                    || (v[QStringLiteral("name")] == QStringLiteral("datasource")
                        && v[QStringLiteral("type")] == QStringLiteral("datasource")
                        && v[QStringLiteral("query")] == QStringLiteral("prometheus"));
        QVERIFY(hasDatasource);
        QSet<int> ids;
        int queries = 0;
        for (const QJsonValue &p : dash.value(QStringLiteral("panels")).toArray()) {
            const QJsonObject panel = p.toObject();
            const int id = panel.value(QStringLiteral("id")).toInt();
            QVERIFY2(!ids.contains(id), qPrintable(QString::number(id)));
            ids.insert(id);
            const QJsonObject grid = panel.value(QStringLiteral("gridPos")).toObject();
            QVERIFY(grid.value(QStringLiteral("x")).toInt() + grid.value(QStringLiteral("w")).toInt() <= 24);
            if (panel.value(QStringLiteral("type")) == QStringLiteral("row"))
                continue;
            const QString title = panel.value(QStringLiteral("title")).toString();
            QCOMPARE(panel[QStringLiteral("datasource")][QStringLiteral("uid")].toString(),
                     QStringLiteral("${datasource}"));
            const QJsonArray targets = panel.value(QStringLiteral("targets")).toArray();
            QVERIFY2(!targets.isEmpty(), qPrintable(title));
            for (const QJsonValue &t : targets) {
                QCOMPARE(t[QStringLiteral("datasource")][QStringLiteral("uid")].toString(),
                         QStringLiteral("${datasource}"));
                const QString expr = t[QStringLiteral("expr")].toString();
                QVERIFY2(!metricNames(expr).isEmpty(), qPrintable(title + QStringLiteral(": ") + expr));
                ++queries;
            }
        }
        QVERIFY(queries >= 15);

        QStringList exprs;
        collectExprs(dash, &exprs);
        QSet<QString> used;
        for (const QString &expr : exprs)
            used += metricNames(expr);
        for (const QString &name : used)
            QVERIFY2(m_exported.contains(name), qPrintable(name + QStringLiteral(" is not exported")));
        for (const char *key : { "backupdb_newest_verified_backup_timestamp_seconds",
                                 "backupdb_maintenance_last_run_success", "backupdb_integrity_ok",
                                 "backupdb_orphaned_files", "backupdb_pool_waiting_threads",
                                 "backupdb_database_size_warning_bytes" })
            QVERIFY2(used.contains(QString::fromLatin1(key)), key);
    }

    void alertRulesUseExportedMetrics()
    {
        const QString rules = QString::fromUtf8(
                readFile(kSource + QStringLiteral("/packaging/prometheus/backupdb-alerts.yml")));
        QSet<QString> alerts;
        QSet<QString> used;
        int exprs = 0;
        for (const QString &line : rules.split(u'\n')) {
            const QString text = line.trimmed();
            if (text.startsWith(QLatin1String("- alert:")))
                alerts.insert(text.section(u':', 1).trimmed());
            if (text.startsWith(QLatin1String("expr:"))) {
                ++exprs;
                used += metricNames(text);
            }
        }
        QCOMPARE(exprs, int(alerts.size()));
        // What the issue asks for: no verified backup in 26 h, integrity check failed, orphans
        // found, pool exhausted, database over its size thresholds.
        for (const char *alert : { "BackupDBNoVerifiedBackup", "BackupDBIntegrityCheckFailed",
                                   "BackupDBMaintenanceCheckFailed", "BackupDBBackupFailed",
                                   "BackupDBOrphanedFiles", "BackupDBPoolExhausted",
                                   "BackupDBDatabaseSizeWarning", "BackupDBDatabaseSizeCritical" })
            QVERIFY2(alerts.contains(QString::fromLatin1(alert)), alert);
        QVERIFY(used.size() >= 10);
        for (const QString &name : used)
            QVERIFY2(m_exported.contains(name), qPrintable(name + QStringLiteral(" is not exported")));
    }
};

QTEST_GUILESS_MAIN(tst_Packaging)
#include "tst_packaging.moc"
