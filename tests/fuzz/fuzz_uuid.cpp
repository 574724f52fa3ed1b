// validation::uuid over text and raw bytes: never crashes; an accepted value is 16 bytes whose
// canonical text is accepted again and gives the same bytes.
#include "data/validation.h"
#include "fuzzsupport.h"

#include <cstdlib>

using namespace backupdb;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString field = QStringLiteral("id");
    auto fromText = validation::uuid(fuzz::text(data, size), field);
    if (fromText.ok()) {
        if (fromText->size() != 16)
            std::abort();
        auto again = validation::uuid(validation::uuidToText(fromText.value()), field);
        if (!again.ok() || again.value() != fromText.value())
            std::abort();
    } else if (fromText.error().field() != field) {
        std::abort();
    }
    auto fromBytes = validation::uuid(fuzz::bytes(data, size), field);
    if (fromBytes.ok() != (size == 16))
        std::abort();
    return 0;
}
