// The form-definition parser (core/forms/formdefinition.h): FormDefinition::fromJson on the
// raw bytes (JSON parsing, then the semantic checks: names, types, choice lists, expressions,
// dependency cycles, limits). A definition that parses must survive its own round trip
// (docs: "fromJson(toJson()) gives an equal definition").
#include "formdefinition.h"
#include "fuzzcheck.h"

using namespace outpost;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto form = FormDefinition::fromJson(bytes);
    if (!form)
        return 0;
    const auto again = FormDefinition::fromJson(form->toJsonBytes());
    fuzz::require(bool(again), "FormDefinition::fromJson(toJsonBytes()) failed");
    fuzz::require(*again == *form, "FormDefinition round trip is not equal");
    return 0;
}
