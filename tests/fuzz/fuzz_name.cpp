// validation::name and utf8Name: never crash; what utf8Name accepts is valid UTF-8 without NUL
// of at most kMaxNameBytes bytes, and name() agrees on its decoded text.
#include "data/validation.h"
#include "fuzzsupport.h"

#include <cstdlib>

using namespace backupdb;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray raw = fuzz::bytes(data, size);
    const DbError e = validation::utf8Name(raw, QStringLiteral("name"));
    if (!e) {
        if (raw.size() > validation::kMaxNameBytes || raw.contains('\0') || raw.isEmpty())
            std::abort();
        const QString decoded = QString::fromUtf8(raw);
        if (decoded.toUtf8() != raw) // accepted bytes must round-trip
            std::abort();
        if (validation::name(decoded, QStringLiteral("name")))
            std::abort();
    } else if (e.field() != QLatin1String("name")
               || !e.message().startsWith(QLatin1String("name"))) {
        std::abort();
    }
    (void)validation::name(fuzz::text(data, size), QStringLiteral("name"), 16);
    return 0;
}
