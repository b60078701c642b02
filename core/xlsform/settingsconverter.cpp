#include "settingsconverter.h"

#include "sheetcolumns.h"

#include <QRegularExpression>

#include <limits>

namespace outpost {

namespace {

const QString kSheet = QStringLiteral("settings");

// Settings that only change presentation or server-side handling Outpost does its own way.
const QHash<QString, QString> &presentationSettings()
{
    static const QHash<QString, QString> settings{
        {QStringLiteral("instance_name"),
         QStringLiteral("record names are chosen by the app (instance_name is ignored)")},
        {QStringLiteral("style"), QStringLiteral("the app has its own layout (style is ignored)")},
        {QStringLiteral("submission_url"),
         QStringLiteral("records sync to the Outpost server (submission_url is ignored)")},
        {QStringLiteral("auto_send"), QStringLiteral("the sync engine decides when to send")},
        {QStringLiteral("auto_delete"), QStringLiteral("the device store keeps records")},
        {QStringLiteral("namespaces"), QStringLiteral("XML namespaces have no meaning here")},
        {QStringLiteral("clean_text_values"), QStringLiteral("texts are taken as written")},
        {QStringLiteral("omit_instanceid"), QStringLiteral("records always have an id")},
        {QStringLiteral("allow_choice_duplicates"),
         QStringLiteral("duplicate choices are reported in the choices sheet")},
    };
    return settings;
}

QString sanitizeId(const QString &name)
{
    QString id;
    for (const QChar c : name) {
        const bool ok =
            (c.isLetterOrNumber() && c.unicode() < 128) || c == u'_' || c == u'.' || c == u'-';
        id += ok ? c : QLatin1Char('_');
    }
    while (!id.isEmpty() && !id.at(0).isLetterOrNumber())
        id.remove(0, 1);
    return id.left(64);
}

} // namespace

Result<int> SettingsConverter::mapVersion(const QString &text)
{
    const QString version = text.trimmed();
    const auto bad = [&](const QString &why) {
        return Error::permanentError(QStringLiteral("invalid_xlsform"),
                                     QStringLiteral("version \"%1\" %2").arg(version, why));
    };
    static const QRegularExpression digits(QStringLiteral("^[0-9]+\\z"));
    static const QRegularExpression dotted(
        QStringLiteral("^([0-9]+)\\.([0-9]+)(?:\\.([0-9]+))?\\z"));
    if (digits.match(version).hasMatch()) {
        bool ok = false;
        const qint64 value = version.size() <= 18 ? version.toLongLong(&ok) : 0;
        if (!ok || value > std::numeric_limits<int>::max())
            return bad(QStringLiteral("is larger than %1; give the version to the importer "
                                      "instead, or use a shorter one such as yyyymmddnn")
                           .arg(std::numeric_limits<int>::max()));
        if (value < 1)
            return bad(QStringLiteral("must be 1 or more"));
        return static_cast<int>(value);
    }
    const auto match = dotted.match(version);
    if (match.hasMatch()) {
        const int major = match.captured(1).size() > 4 ? 100000 : match.captured(1).toInt();
        const int minor = match.captured(2).size() > 4 ? 100000 : match.captured(2).toInt();
        const int patch = match.captured(3).size() > 4 ? 100000 : match.captured(3).toInt();
        if (major > 2146 || minor > 999 || patch > 999)
            return bad(QStringLiteral("has a part too large to map (MAJOR below 2147, MINOR and "
                                      "PATCH below 1000)"));
        const int value = major * 1000000 + minor * 1000 + patch;
        if (value < 1)
            return bad(QStringLiteral("must be above 0.0.0"));
        return value;
    }
    return bad(QStringLiteral("is not a number (\"2024011501\") or a dotted version (\"1.2\" or "
                              "\"1.2.3\"); give the version to the importer instead"));
}

ImportedSettings SettingsConverter::convert(const Sheet *sheet, const ImportOptions &options,
                                            IssueLog &log)
{
    ImportedSettings settings;
    int valueRow = 0;
    QHash<QString, std::pair<QString, QString>> values; // base -> (header, value)
    if (sheet && !sheet->rows.isEmpty()) {
        const SheetColumns columns = SheetColumns::fromHeader(
            sheet->rows.first(), {{QStringLiteral("id_string"), QStringLiteral("form_id")},
                                  {QStringLiteral("title"), QStringLiteral("form_title")}});
        for (const SheetColumn &duplicate : columns.duplicates())
            log.error(kSheet, sheet->rows.first().number, duplicate.header,
                      QStringLiteral("the column appears twice"));
        if (sheet->rows.size() > 1) {
            const SheetRow &row = sheet->rows.at(1);
            valueRow = row.number;
            for (const SheetColumn &column : columns.all()) {
                const QString value = row.cell(column.index).trimmed();
                if (value.isEmpty())
                    continue;
                if (!column.language.isEmpty()) {
                    log.warning(kSheet, valueRow, column.header,
                                QStringLiteral("translated settings are not supported; ignored"));
                    continue;
                }
                values.insert(column.base, {column.header, value});
            }
        }
        for (qsizetype i = 2; i < sheet->rows.size(); ++i) {
            if (!sheet->rows.at(i).isBlank())
                log.warning(kSheet, sheet->rows.at(i).number, QString(),
                            QStringLiteral("only the first row after the header holds settings; "
                                           "this row is ignored"));
        }
    }

    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const QString &base = it.key();
        const auto &[header, value] = it.value();
        if (base == u"form_id" || base == u"form_title" || base == u"version" ||
            base == u"default_language")
            continue;
        if (base == u"public_key")
            log.error(kSheet, valueRow, header,
                      QStringLiteral("encrypted submissions (public_key) are not supported: "
                                     "records would not be encrypted as the form asks"));
        else if (presentationSettings().contains(base))
            log.warning(kSheet, valueRow, header, presentationSettings().value(base));
        else
            log.warning(kSheet, valueRow, header,
                        QStringLiteral("unknown setting \"%1\"; ignored").arg(value));
    }

    if (values.contains(QStringLiteral("form_id"))) {
        settings.formId = values.value(QStringLiteral("form_id")).second;
    } else if (!options.fallbackFormId.isEmpty()) {
        settings.formId = sanitizeId(options.fallbackFormId);
        log.warning(
            kSheet, 0, QStringLiteral("form_id"),
            QStringLiteral("no form_id; using \"%1\" from the file name").arg(settings.formId));
    } else {
        log.error(kSheet, 0, QStringLiteral("form_id"), QStringLiteral("the form has no form_id"));
    }

    settings.title = values.value(QStringLiteral("form_title")).second;
    if (settings.title.isEmpty()) {
        settings.title = settings.formId;
        log.warning(kSheet, 0, QStringLiteral("form_title"),
                    QStringLiteral("no form_title; the form id is used as the title"));
    }

    settings.defaultLanguageName = values.value(QStringLiteral("default_language")).second;

    settings.versionText = values.value(QStringLiteral("version")).second;
    if (options.version > 0) {
        settings.version = options.version;
    } else if (settings.versionText.isEmpty()) {
        settings.version = 1;
        log.warning(kSheet, 0, QStringLiteral("version"),
                    QStringLiteral("no version; using 1 (publishing a change needs a higher "
                                   "version)"));
    } else if (auto version = mapVersion(settings.versionText)) {
        settings.version = *version;
    } else {
        log.error(kSheet, valueRow, values.value(QStringLiteral("version")).first,
                  version.error().message);
    }
    return settings;
}

} // namespace outpost
