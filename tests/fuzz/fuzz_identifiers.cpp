// identifiers::table / column: whatever is asked, the answer is a whitelisted name in double
// quotes with nothing else in it, or an InvalidInput error.
#include "data/identifiers.h"
#include "fuzzsupport.h"

#include <cstdlib>

using namespace backupdb;

namespace {
void checkQuoted(const Result<QString> &r)
{
    if (!r.ok()) {
        if (r.error().kind() != DbError::Kind::InvalidInput)
            std::abort();
        return;
    }
    const QString &q = r.value();
    if (q.size() < 3 || !q.startsWith(QLatin1Char('"')) || !q.endsWith(QLatin1Char('"'))
        || q.mid(1, q.size() - 2).contains(QLatin1Char('"')))
        std::abort();
    for (QChar c : q.mid(1, q.size() - 2))
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_')))
            std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = fuzz::text(data, size);
    const qsizetype cut = text.indexOf(QLatin1Char('\n'));
    const QString table = cut < 0 ? QStringLiteral("files") : text.left(cut);
    const QString column = cut < 0 ? text : text.mid(cut + 1);
    checkQuoted(identifiers::table(text));
    checkQuoted(identifiers::column(table, column));
    checkQuoted(identifiers::column(QStringLiteral("clients"), column));
    return 0;
}
