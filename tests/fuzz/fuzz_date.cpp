// validation::date and timestamps::parse on arbitrary text: never crash; an accepted date parses.
#include "data/timestamps.h"
#include "data/validation.h"
#include "fuzzsupport.h"

#include <cstdlib>

using namespace backupdb;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = fuzz::text(data, size);
    const auto parsed = timestamps::parse(text);
    if (parsed && !parsed->isValid())
        std::abort();
    const QDateTime now = QDateTime(QDate(2025, 1, 10), QTime(12, 0), Qt::UTC);
    const DbError e = validation::date(text, QStringLiteral("date"), now);
    if (!e && !parsed)
        std::abort();
    return 0;
}
