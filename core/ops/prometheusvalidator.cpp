// validatePrometheusText(): a parser of the text format that reports what breaks its rules.
// Kept apart from the renderer so that the two do not share (and hide) the same mistakes.
#include "prometheus.h"

#include <QHash>
#include <QMap>
#include <QSet>
#include <cmath>
#include <limits>
#include <optional>

namespace backupdb {

namespace {

bool isMetricName(const QByteArray &name)
{
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool letter
                = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        if (!letter && !(i > 0 && c >= '0' && c <= '9'))
            return false;
    }
    return true;
}

bool isLabelName(const QByteArray &name)
{
    return isMetricName(name) && !name.contains(':');
}

std::optional<double> parseValue(const QByteArray &text)
{
    if (text == "+Inf" || text == "Inf")
        return std::numeric_limits<double>::infinity();
    if (text == "-Inf")
        return -std::numeric_limits<double>::infinity();
    if (text == "NaN")
        return std::numeric_limits<double>::quiet_NaN();
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || std::isinf(v) || std::isnan(v)) // spelled otherwise than above
        return std::nullopt;
    return v;
}

struct Sample
{
    QByteArray name;
    QMap<QByteArray, QByteArray> labels; // escaped form, as written
    double value = 0;
};

// Parses one sample line; returns an empty optional and sets problem when malformed.
std::optional<Sample> parseSample(const QByteArray &line, QString *problem)
{
    Sample s;
    qsizetype i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ' && line[i] != '\t')
        ++i;
    s.name = line.left(i);
    if (!isMetricName(s.name)) {
        *problem = QStringLiteral("invalid metric name \"%1\"").arg(QString::fromUtf8(s.name));
        return std::nullopt;
    }
    if (i < line.size() && line[i] == '{') {
        ++i;
        for (;;) {
            while (i < line.size() && line[i] == ' ')
                ++i;
            if (i < line.size() && line[i] == '}') {
                ++i;
                break;
            }
            const qsizetype nameStart = i;
            while (i < line.size() && line[i] != '=' && line[i] != ' ' && line[i] != '}')
                ++i;
            const QByteArray labelName = line.mid(nameStart, i - nameStart);
            if (!isLabelName(labelName)) {
                *problem = QStringLiteral("invalid label name \"%1\"")
                                   .arg(QString::fromUtf8(labelName));
                return std::nullopt;
            }
            if (labelName.startsWith("__")) {
                *problem = QStringLiteral("label name \"%1\" is reserved")
                                   .arg(QString::fromUtf8(labelName));
                return std::nullopt;
            }
            if (i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"') {
                *problem = QStringLiteral("label %1 has no =\"value\"")
                                   .arg(QString::fromUtf8(labelName));
                return std::nullopt;
            }
            i += 2;
            QByteArray value;
            bool closed = false;
            while (i < line.size()) {
                const char c = line[i++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\') {
                    if (i >= line.size() || (line[i] != '\\' && line[i] != '"' && line[i] != 'n')) {
                        *problem = QStringLiteral("label %1 has an invalid escape")
                                           .arg(QString::fromUtf8(labelName));
                        return std::nullopt;
                    }
                    value += c;
                    value += line[i++];
                    continue;
                }
                value += c;
            }
            if (!closed) {
                *problem = QStringLiteral("label %1 has an unterminated value")
                                   .arg(QString::fromUtf8(labelName));
                return std::nullopt;
            }
            if (s.labels.contains(labelName)) {
                *problem = QStringLiteral("label %1 appears twice")
                                   .arg(QString::fromUtf8(labelName));
                return std::nullopt;
            }
            s.labels.insert(labelName, value);
            if (i < line.size() && line[i] == ',') {
                ++i;
                continue;
            }
            if (i < line.size() && line[i] == '}') {
                ++i;
                break;
            }
            *problem = QStringLiteral("expected , or } after label %1")
                               .arg(QString::fromUtf8(labelName));
            return std::nullopt;
        }
    }
    const QList<QByteArray> rest = line.mid(i).simplified().split(' ');
    if (rest.isEmpty() || rest.first().isEmpty() || rest.size() > 2) {
        *problem = QStringLiteral(
                "expected a value and at most a timestamp after the name and labels");
        return std::nullopt;
    }
    const auto value = parseValue(rest.first());
    if (!value) {
        *problem = QStringLiteral("\"%1\" is not a number").arg(QString::fromUtf8(rest.first()));
        return std::nullopt;
    }
    s.value = *value;
    if (rest.size() == 2) {
        bool ok = false;
        rest[1].toLongLong(&ok);
        if (!ok) {
            *problem = QStringLiteral("timestamp \"%1\" is not an integer")
                               .arg(QString::fromUtf8(rest[1]));
            return std::nullopt;
        }
    }
    return s;
}

QByteArray seriesKey(const QByteArray &name, const QMap<QByteArray, QByteArray> &labels)
{
    QByteArray key = name;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        key += '\x1f' + it.key() + '=' + it.value();
    return key;
}

struct HistogramSeries
{
    QList<std::pair<double, double>> buckets; // le, count, in order of appearance
    std::optional<double> sum;
    std::optional<double> count;
};

} // namespace

QStringList validatePrometheusText(const QByteArray &text)
{
    QStringList problems;
    if (!text.isEmpty() && !text.endsWith('\n'))
        problems << QStringLiteral("the text does not end with a newline");

    static const QSet<QByteArray> kTypes { "counter", "gauge", "histogram", "summary", "untyped" };
    QHash<QByteArray, QByteArray> types; // family -> type
    QSet<QByteArray> helps;
    QSet<QByteArray> familiesWithSamples; // families whose samples have started
    QByteArray currentFamily;
    QSet<QByteArray> series;
    QMap<QByteArray, QMap<QByteArray, HistogramSeries>> histograms; // family -> labels -> data

    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QByteArray &line = lines[n];
        auto problem = [&](const QString &what) {
            problems << QStringLiteral("line %1: %2").arg(n + 1).arg(what);
        };
        if (line.trimmed().isEmpty())
            continue;
        if (line.startsWith('#')) {
            const QList<QByteArray> words = line.mid(1).trimmed().split(' ');
            if (words.size() < 2 || (words[0] != "HELP" && words[0] != "TYPE"))
                continue; // a plain comment
            const QByteArray &name = words[1];
            const QString nameText = QString::fromUtf8(name);
            if (!isMetricName(name)) {
                problem(QStringLiteral("invalid metric name \"%1\"").arg(nameText));
                continue;
            }
            if (familiesWithSamples.contains(name))
                problem(QStringLiteral("# %1 %2 after its samples")
                                .arg(QString::fromLatin1(words[0]), nameText));
            if (words[0] == "HELP") {
                if (helps.contains(name))
                    problem(QStringLiteral("second # HELP for %1").arg(nameText));
                helps.insert(name);
                const qsizetype nameAt = line.indexOf(name, line.indexOf("HELP") + 4);
                const QByteArray doc = line.mid(nameAt + name.size());
                for (qsizetype i = 0; i < doc.size(); ++i) {
                    if (doc[i] == '\\'
                        && (i + 1 >= doc.size() || (doc[i + 1] != '\\' && doc[i + 1] != 'n'))) {
                        problem(QStringLiteral("# HELP %1 has an invalid escape").arg(nameText));
                        break;
                    }
                    if (doc[i] == '\\')
                        ++i;
                }
            } else {
                if (words.size() != 3 || !kTypes.contains(words[2])) {
                    problem(QStringLiteral("# TYPE %1 has no valid type").arg(nameText));
                    continue;
                }
                if (types.contains(name))
                    problem(QStringLiteral("second # TYPE for %1").arg(nameText));
                types.insert(name, words[2]);
                if (words[2] == "counter" && !name.endsWith("_total"))
                    problem(QStringLiteral("counter %1 is not named *_total").arg(nameText));
            }
            continue;
        }

        QString why;
        const auto sample = parseSample(line, &why);
        if (!sample) {
            problem(why);
            continue;
        }
        const QString sampleName = QString::fromUtf8(sample->name);

        // The family this sample belongs to: a histogram's _bucket/_sum/_count, a summary's
        // _sum/_count, or the sample's own name.
        QByteArray family = sample->name;
        QByteArray suffix;
        for (const char *s : { "_bucket", "_sum", "_count" }) {
            if (sample->name.endsWith(s)) {
                const QByteArray base = sample->name.chopped(qsizetype(qstrlen(s)));
                const QByteArray type = types.value(base);
                if (type == "histogram" || (type == "summary" && qstrcmp(s, "_bucket") != 0)) {
                    family = base;
                    suffix = s;
                }
                break;
            }
        }
        const QString familyText = QString::fromUtf8(family);
        if (!types.contains(family))
            problem(QStringLiteral("sample %1 comes before a # TYPE of its family")
                            .arg(sampleName));
        if (!helps.contains(family))
            problem(QStringLiteral("sample %1 comes before a # HELP of its family")
                            .arg(sampleName));
        if (family != currentFamily) {
            if (familiesWithSamples.contains(family))
                problem(QStringLiteral("samples of %1 are not together").arg(familyText));
            currentFamily = family;
            familiesWithSamples.insert(family);
        }
        const QByteArray key = seriesKey(sample->name, sample->labels);
        if (series.contains(key))
            problem(QStringLiteral("series %1 appears twice")
                            .arg(QString::fromUtf8(line.left(line.lastIndexOf(' ')))));
        series.insert(key);

        const QByteArray type = types.value(family);
        if (type == "counter" && sample->value < 0)
            problem(QStringLiteral("counter %1 is negative").arg(sampleName));
        if (type == "histogram") {
            if (suffix.isEmpty()) {
                problem(QStringLiteral("histogram %1 has a sample without _bucket, _sum or _count")
                                .arg(familyText));
                continue;
            }
            QMap<QByteArray, QByteArray> labels = sample->labels;
            const bool hasLe = labels.contains("le");
            const QByteArray le = labels.take("le");
            HistogramSeries &h = histograms[family][seriesKey({}, labels)];
            if (suffix == "_bucket") {
                const auto bound = parseValue(le);
                if (!hasLe || !bound)
                    problem(QStringLiteral("bucket of %1 without a numeric le label")
                                    .arg(familyText));
                else
                    h.buckets.append({ *bound, sample->value });
            } else if (suffix == "_sum") {
                h.sum = sample->value;
            } else {
                h.count = sample->value;
            }
        }
    }

    for (auto f = histograms.cbegin(); f != histograms.cend(); ++f) {
        const QString name = QString::fromUtf8(f.key());
        for (auto s = f.value().cbegin(); s != f.value().cend(); ++s) {
            const HistogramSeries &h = s.value();
            QString labels
                    = QString::fromUtf8(s.key()).replace(QChar(0x1f), QLatin1Char(' ')).trimmed();
            const QString where = labels.isEmpty()
                    ? name
                    : name + QStringLiteral(" {") + labels + QLatin1Char('}');
            if (!h.count)
                problems << QStringLiteral("histogram %1 has no _count").arg(where);
            if (!h.sum)
                problems << QStringLiteral("histogram %1 has no _sum").arg(where);
            if (h.buckets.isEmpty()) {
                problems << QStringLiteral("histogram %1 has no buckets").arg(where);
                continue;
            }
            for (qsizetype i = 1; i < h.buckets.size(); ++i) {
                if (!(h.buckets[i].first > h.buckets[i - 1].first))
                    problems << QStringLiteral("histogram %1: buckets not in increasing le order")
                                        .arg(where);
                if (h.buckets[i].second < h.buckets[i - 1].second)
                    problems << QStringLiteral("histogram %1: bucket le=%2 (%3) is below the one "
                                               "before (%4): not cumulative")
                                        .arg(where, QString::number(h.buckets[i].first),
                                             QString::number(h.buckets[i].second),
                                             QString::number(h.buckets[i - 1].second));
            }
            const auto &last = h.buckets.last();
            if (!std::isinf(last.first))
                problems
                        << QStringLiteral("histogram %1 has no le=\"+Inf\" bucket last").arg(where);
            else if (h.count && last.second != *h.count)
                problems << QStringLiteral(
                                    "histogram %1: +Inf bucket (%2) differs from _count (%3)")
                                    .arg(where, QString::number(last.second),
                                         QString::number(*h.count));
        }
    }
    return problems;
}

} // namespace backupdb
