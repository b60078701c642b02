#include "xlsformimporter.h"

#include "csvreader.h"
#include "logging.h"
#include "xlsformconverter.h"
#include "xlsxreader.h"

#include <QFileInfo>

namespace outpost {

Result<Workbook> XlsFormImporter::readWorkbook(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir() || info.suffix().compare(QStringLiteral("csv"), Qt::CaseInsensitive) == 0)
        return CsvReader::readForm(path);
    return XlsxReader::read(
        path, {QStringLiteral("survey"), QStringLiteral("choices"), QStringLiteral("settings")});
}

Result<ImportReport> XlsFormImporter::importWorkbook(const Workbook &workbook,
                                                     const ImportOptions &options)
{
    XlsFormConverter converter(workbook, options);
    return converter.convert();
}

Result<ImportReport> XlsFormImporter::importFile(const QString &path, ImportOptions options)
{
    if (options.fallbackFormId.isEmpty()) {
        const QFileInfo info(path);
        options.fallbackFormId = info.isDir() ? info.fileName() : info.completeBaseName();
    }
    auto workbook = readWorkbook(path);
    if (!workbook) {
        qCInfo(lcCore) << "XLSForm import of" << path << "failed:" << workbook.error().code;
        return workbook.error();
    }
    auto report = importWorkbook(*workbook, options);
    if (report)
        qCInfo(lcCore) << "imported XLSForm" << path << "as form" << report->form.id << "version"
                       << report->form.version;
    return report;
}

} // namespace outpost
