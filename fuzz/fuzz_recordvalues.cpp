// Record values against a form (core/records): what the server does with the "fields" of a
// pushed operation. The input is a JSON object of values; its first byte picks one of the demo
// forms of resources/forms; Validator::validateValues and Calculator::apply run on it with a
// fixed clock (relevance, constraints, required, choices, repeats, calculations).
#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include "calculator.h"
#include "formdefinition.h"
#include "fuzzcheck.h"
#include "validator.h"

#include <memory>
#include <vector>

using namespace outpost;

namespace {

std::vector<std::unique_ptr<FormDefinition>> &forms()
{
    static std::vector<std::unique_ptr<FormDefinition>> all;
    return all;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::silenceQtMessages();
    const QDir dir(QStringLiteral(OUTPOST_FUZZ_FORMS_DIR));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        fuzz::require(file.open(QIODevice::ReadOnly), "cannot read a demo form");
        auto form = FormDefinition::fromJson(file.readAll());
        fuzz::require(bool(form), "a demo form does not parse");
        forms().push_back(std::make_unique<FormDefinition>(std::move(*form)));
    }
    fuzz::require(!forms().empty(), "no demo forms in OUTPOST_FUZZ_FORMS_DIR");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const FormDefinition &form = *forms()[data[0] % forms().size()];
    const QByteArray bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (!doc.isObject())
        return 0;
    const QDateTime now(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    const Validator validator(form, ValidationOptions{QString(), now});
    (void)validator.validateValues(doc.object());
    const QJsonObject calculated = Calculator::apply(form, doc.object(), now);
    (void)validator.validateValues(calculated);
    return 0;
}
