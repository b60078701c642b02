#include "demoforms.h"

#include <QDir>
#include <QFile>

#include "formdefinition.h"
#include "localstore.h"

namespace outpost {

Result<int> installDemoForms(LocalStore &store)
{
    const QDir dir(QStringLiteral(":/forms"));
    int saved = 0;
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return Error::permanentError(QStringLiteral("io_error"),
                                         QStringLiteral("cannot read demo form %1").arg(name));
        const QByteArray json = file.readAll();
        auto form = FormDefinition::fromJson(json);
        if (!form)
            return Error::permanentError(
                form.error().code,
                QStringLiteral("demo form %1: %2").arg(name, form.error().message));
        StoredForm stored{form->id, form->version, form->title.text(), json};
        if (auto status = store.saveForm(stored); !status)
            return status.error();
        ++saved;
    }
    return saved;
}

} // namespace outpost
