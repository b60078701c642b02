#include "csvreader.h"

#include "xlsformlimits.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace outpost {

namespace {

Error invalid(const QString &message)
{
    return Error::permanentError(QStringLiteral("invalid_csv"), message);
}

Result<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::permanentError(QStringLiteral("not_found"),
                                     QStringLiteral("cannot read %1").arg(path));
    if (file.size() > xlsformlimits::kMaxFileBytes)
        return Error::permanentError(QStringLiteral("too_large"),
                                     QStringLiteral("%1 is larger than %2 MiB")
                                         .arg(path)
                                         .arg(xlsformlimits::kMaxFileBytes / (1024 * 1024)));
    return file.read(xlsformlimits::kMaxFileBytes);
}

// A file in `dir` named `name`, compared case-insensitively; empty if there is none.
QString findInDir(const QDir &dir, const QString &name)
{
    const QStringList entries = dir.entryList(QDir::Files);
    for (const QString &entry : entries) {
        if (entry.compare(name, Qt::CaseInsensitive) == 0)
            return dir.filePath(entry);
    }
    return {};
}

} // namespace

Result<Sheet> CsvReader::parse(const QByteArray &bytes, const QString &sheetName,
                               const QString &source)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return invalid(
            QStringLiteral("%1 is not UTF-8 text (save it as \"CSV UTF-8\")").arg(source));
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);

    const qsizetype firstBreak = text.indexOf(QLatin1Char('\n'));
    const QStringView header = QStringView(text).left(firstBreak < 0 ? text.size() : firstBreak);
    const QChar separator = !header.contains(QLatin1Char(',')) && header.contains(QLatin1Char(';'))
                                ? QLatin1Char(';')
                                : QLatin1Char(',');
    Sheet sheet;
    sheet.name = sheetName;
    int line = 1;
    SheetRow row{line, {}};
    QString cell;
    bool quoted = false;
    int quoteLine = 0;
    const auto endCell = [&]() -> Status {
        if (row.cells.size() >= xlsformlimits::kMaxColumns)
            return invalid(QStringLiteral("%1, line %2: more than %3 columns")
                               .arg(source)
                               .arg(row.number)
                               .arg(xlsformlimits::kMaxColumns));
        row.cells.append(cell);
        cell.clear();
        return {};
    };
    const auto endRow = [&]() -> Status {
        if (auto status = endCell(); !status)
            return status;
        if (sheet.rows.size() >= xlsformlimits::kMaxRows)
            return invalid(
                QStringLiteral("%1: more than %2 rows").arg(source).arg(xlsformlimits::kMaxRows));
        if (!row.isBlank())
            sheet.rows.append(row);
        row = SheetRow{line, {}};
        return {};
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    cell += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == u'\n')
                    ++line;
                cell += c;
            }
        } else if (c == u'"' && cell.isEmpty()) {
            quoted = true;
            quoteLine = line;
        } else if (c == separator) {
            if (auto status = endCell(); !status)
                return status.error();
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            ++line;
            if (auto status = endRow(); !status)
                return status.error();
        } else {
            cell += c;
        }
        if (cell.size() > xlsformlimits::kMaxCellChars)
            return invalid(QStringLiteral("%1, line %2: a cell longer than %3 characters")
                               .arg(source)
                               .arg(line)
                               .arg(xlsformlimits::kMaxCellChars));
    }
    if (quoted)
        return invalid(QStringLiteral("%1, line %2: a quoted cell is never closed")
                           .arg(source)
                           .arg(quoteLine));
    if (!cell.isEmpty() || !row.cells.isEmpty()) {
        if (auto status = endRow(); !status)
            return status.error();
    }
    return sheet;
}

Result<Workbook> CsvReader::readForm(const QString &path)
{
    const QFileInfo info(path);
    QList<std::pair<QString, QString>> files; // sheet name, file path
    if (info.isDir()) {
        const QDir dir(path);
        for (const char *name : {"survey", "choices", "settings"}) {
            const QString file = findInDir(dir, QLatin1String(name) + QStringLiteral(".csv"));
            if (!file.isEmpty())
                files.append({QLatin1String(name), file});
        }
        if (files.isEmpty() || files.first().first != u"survey")
            return Error::permanentError(QStringLiteral("not_found"),
                                         QStringLiteral("%1 has no survey.csv").arg(path));
    } else {
        if (!info.exists())
            return Error::permanentError(QStringLiteral("not_found"),
                                         QStringLiteral("cannot read %1").arg(path));
        files.append({QStringLiteral("survey"), path});
        const QString fileName = info.fileName();
        const qsizetype at =
            fileName.lastIndexOf(QStringLiteral("survey"), -1, Qt::CaseInsensitive);
        if (at >= 0) {
            for (const char *name : {"choices", "settings"}) {
                QString sibling = fileName;
                sibling.replace(at, 6, QLatin1String(name));
                const QString file = findInDir(info.dir(), sibling);
                if (!file.isEmpty())
                    files.append({QLatin1String(name), file});
            }
        }
    }
    Workbook workbook;
    workbook.source = path;
    for (const auto &[sheetName, file] : files) {
        auto bytes = readFile(file);
        if (!bytes)
            return bytes.error();
        auto sheet = parse(*bytes, sheetName, QFileInfo(file).fileName());
        if (!sheet)
            return sheet.error();
        workbook.sheets.append(std::move(*sheet));
    }
    return workbook;
}

} // namespace outpost
