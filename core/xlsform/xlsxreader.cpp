#include "xlsxreader.h"

#include "xlsformlimits.h"
#include "ziparchive.h"

#include <QDir>
#include <QHash>
#include <QLocale>
#include <QXmlStreamReader>

#include <cmath>

namespace outpost {

namespace {

Error invalid(const QString &message)
{
    return Error::permanentError(QStringLiteral("invalid_xlsx"), message);
}

struct Relationship
{
    QString type; // the full type URI
    QString target;
};

// Walks an XML part token by token, refusing DTDs and nesting deeper than the cap.
class XmlWalker
{
public:
    XmlWalker(const QByteArray &bytes, QString part) : m_xml(bytes), m_part(std::move(part)) {}

    // Next start or end element; false at the end or on an error (see error()).
    bool next()
    {
        while (!m_xml.atEnd()) {
            const auto token = m_xml.readNext();
            if (token == QXmlStreamReader::DTD) {
                m_failure = QStringLiteral("document type declarations are not allowed");
                return false;
            }
            if (token == QXmlStreamReader::StartElement) {
                if (++m_depth > xlsformlimits::kMaxXmlDepth) {
                    m_failure = QStringLiteral("elements nested more than %1 deep")
                                    .arg(xlsformlimits::kMaxXmlDepth);
                    return false;
                }
                return true;
            }
            if (token == QXmlStreamReader::EndElement) {
                --m_depth;
                return true;
            }
        }
        return false;
    }

    bool isStart(QLatin1StringView name) const
    {
        return m_xml.isStartElement() && m_xml.name() == name;
    }
    bool isEnd(QLatin1StringView name) const
    {
        return m_xml.isEndElement() && m_xml.name() == name;
    }
    QString attribute(QLatin1StringView name) const
    {
        for (const QXmlStreamAttribute &a : m_xml.attributes()) {
            if (a.name() == name && a.namespaceUri().isEmpty())
                return a.value().toString();
        }
        return {};
    }
    // A relationship id attribute (r:id), whatever the namespace prefix.
    QString relationshipId() const
    {
        for (const QXmlStreamAttribute &a : m_xml.attributes()) {
            if (a.name() == u"id" && !a.namespaceUri().isEmpty())
                return a.value().toString();
        }
        return {};
    }
    // The text of the current element; the element is consumed (its end is read).
    QString text()
    {
        const QString value = m_xml.readElementText(QXmlStreamReader::IncludeChildElements);
        --m_depth;
        return value;
    }

    // Call after the last next(): the error, if any, naming the part and line.
    Status finish() const
    {
        if (!m_failure.isEmpty())
            return invalid(QStringLiteral("%1, line %2: %3")
                               .arg(m_part)
                               .arg(m_xml.lineNumber())
                               .arg(m_failure));
        if (m_xml.hasError())
            return invalid(QStringLiteral("%1, line %2: malformed XML: %3")
                               .arg(m_part)
                               .arg(m_xml.lineNumber())
                               .arg(m_xml.errorString()));
        return {};
    }
    void fail(const QString &message)
    {
        if (m_failure.isEmpty())
            m_failure = message;
    }
    bool failed() const { return !m_failure.isEmpty() || m_xml.hasError(); }

private:
    QXmlStreamReader m_xml;
    QString m_part;
    QString m_failure;
    int m_depth = 0;
};

// "xl/worksheets/sheet1.xml" from a relationship target seen from the part's folder.
QString resolveTarget(const QString &baseFolder, const QString &target)
{
    if (target.startsWith(QLatin1Char('/')))
        return QDir::cleanPath(target.mid(1));
    return QDir::cleanPath(baseFolder.isEmpty() ? target : baseFolder + QLatin1Char('/') + target);
}

QString folderOf(const QString &part)
{
    const qsizetype slash = part.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : part.left(slash);
}

// The relationships of `part` (from its _rels/NAME.rels), by id; empty if it has none.
Result<QHash<QString, Relationship>> readRelationships(ZipArchive &zip, const QString &part)
{
    const QString folder = folderOf(part);
    const QString relsPart =
        (folder.isEmpty() ? QString() : folder + QLatin1Char('/')) + QStringLiteral("_rels/") +
        part.mid(folder.isEmpty() ? 0 : folder.size() + 1) + QStringLiteral(".rels");
    QHash<QString, Relationship> relationships;
    if (!zip.contains(relsPart))
        return relationships;
    auto bytes = zip.read(relsPart, xlsformlimits::kMaxEntryBytes);
    if (!bytes)
        return bytes.error();
    XmlWalker xml(*bytes, relsPart);
    while (xml.next()) {
        if (xml.isStart(QLatin1StringView("Relationship"))) {
            relationships.insert(
                xml.attribute(QLatin1StringView("Id")),
                Relationship{xml.attribute(QLatin1StringView("Type")),
                             resolveTarget(folder, xml.attribute(QLatin1StringView("Target")))});
        }
    }
    if (auto status = xml.finish(); !status)
        return status.error();
    return relationships;
}

QString findByType(const QHash<QString, Relationship> &relationships, QStringView typeSuffix)
{
    for (const Relationship &r : relationships) {
        if (r.type.endsWith(typeSuffix))
            return r.target;
    }
    return {};
}

// The text of an <si> or <is>: its <t> elements, including rich text runs' <t>, but not the
// phonetic guides (<rPh>). The element itself has been started.
QString readRichText(XmlWalker &xml, QLatin1StringView element)
{
    QString text;
    int phonetic = 0;
    while (xml.next()) {
        if (xml.isEnd(element))
            break;
        if (xml.isStart(QLatin1StringView("rPh")))
            ++phonetic;
        else if (xml.isEnd(QLatin1StringView("rPh")))
            --phonetic;
        else if (xml.isStart(QLatin1StringView("t"))) {
            const QString part = xml.text();
            if (phonetic == 0)
                text += part;
        }
        if (text.size() > xlsformlimits::kMaxCellChars) {
            xml.fail(QStringLiteral("a text longer than %1 characters")
                         .arg(xlsformlimits::kMaxCellChars));
            break;
        }
    }
    return text;
}

Result<QStringList> readSharedStrings(ZipArchive &zip, const QString &part)
{
    auto bytes = zip.read(part, xlsformlimits::kMaxEntryBytes);
    if (!bytes)
        return bytes.error();
    QStringList strings;
    XmlWalker xml(*bytes, part);
    while (xml.next()) {
        if (xml.isStart(QLatin1StringView("si"))) {
            if (strings.size() >= xlsformlimits::kMaxSharedStrings) {
                xml.fail(
                    QStringLiteral("more than %1 strings").arg(xlsformlimits::kMaxSharedStrings));
                break;
            }
            strings.append(readRichText(xml, QLatin1StringView("si")));
        }
    }
    if (auto status = xml.finish(); !status)
        return status.error();
    return strings;
}

// "BC12" -> column 54 (0-based); -1 if not a cell reference.
int columnOf(const QString &reference)
{
    int column = 0;
    int letters = 0;
    for (const QChar c : reference) {
        if (c >= u'A' && c <= u'Z') {
            column = column * 26 + (c.unicode() - u'A' + 1);
            if (++letters > 3)
                return -1;
        } else if (c.isDigit() && letters > 0) {
            break;
        } else {
            return -1;
        }
    }
    return letters == 0 ? -1 : column - 1;
}

QString columnName(int column)
{
    QString name;
    for (int n = column + 1; n > 0; n = (n - 1) / 26)
        name.prepend(QChar(u'A' + (n - 1) % 26));
    return name;
}

// A number cell as people read it: 12, not 12.0; 0.1, not 0.10000000000000001.
QString numberText(const QString &raw)
{
    bool ok = false;
    const double value = raw.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return raw;
    if (value == std::trunc(value) && std::fabs(value) < 1e15)
        return QString::number(static_cast<qint64>(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

Result<Sheet> readWorksheet(ZipArchive &zip, const QString &part, const QString &name,
                            const QStringList &sharedStrings)
{
    auto bytes = zip.read(part, xlsformlimits::kMaxEntryBytes);
    if (!bytes)
        return bytes.error();
    Sheet sheet;
    sheet.name = name;
    XmlWalker xml(*bytes, QStringLiteral("sheet \"%1\" (%2)").arg(name, part));
    int rowNumber = 0;
    SheetRow *row = nullptr;
    while (!xml.failed() && xml.next()) {
        if (xml.isStart(QLatin1StringView("row"))) {
            bool ok = false;
            const int number = xml.attribute(QLatin1StringView("r")).toInt(&ok);
            rowNumber = ok && number > rowNumber ? number : rowNumber + 1;
            if (sheet.rows.size() >= xlsformlimits::kMaxRows) {
                xml.fail(QStringLiteral("more than %1 rows").arg(xlsformlimits::kMaxRows));
                break;
            }
            sheet.rows.append(SheetRow{rowNumber, {}});
            row = &sheet.rows.last();
        } else if (xml.isEnd(QLatin1StringView("row"))) {
            row = nullptr;
        } else if (xml.isStart(QLatin1StringView("c"))) {
            if (!row) {
                xml.fail(QStringLiteral("a cell outside a row"));
                break;
            }
            const QString reference = xml.attribute(QLatin1StringView("r"));
            int column = static_cast<int>(row->cells.size());
            if (!reference.isEmpty()) {
                column = columnOf(reference);
                if (column < 0) {
                    xml.fail(QStringLiteral("bad cell reference \"%1\"").arg(reference));
                    break;
                }
            }
            const QString type = xml.attribute(QLatin1StringView("t"));
            QString raw;
            QString inlineText;
            while (xml.next() && !xml.isEnd(QLatin1StringView("c"))) {
                if (xml.isStart(QLatin1StringView("v")))
                    raw = xml.text();
                else if (xml.isStart(QLatin1StringView("is")))
                    inlineText = readRichText(xml, QLatin1StringView("is"));
                else if (xml.isStart(QLatin1StringView("f")))
                    xml.text(); // the formula: its cached value is in <v>
            }
            QString value;
            if (type == u"s") {
                bool ok = false;
                const int index = raw.trimmed().toInt(&ok);
                if (!ok || index < 0 || index >= sharedStrings.size()) {
                    xml.fail(QStringLiteral("cell %1 refers to shared string \"%2\", which does "
                                            "not exist")
                                 .arg(reference, raw));
                    break;
                }
                value = sharedStrings.at(index);
            } else if (type == u"inlineStr") {
                value = inlineText;
            } else if (type == u"b") {
                value = raw.trimmed() == u"1" ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
                if (raw.trimmed().isEmpty())
                    value.clear();
            } else if (type.isEmpty() || type == u"n") {
                value = numberText(raw);
            } else { // str (formula text), e (error such as #N/A), d (ISO date)
                value = raw;
            }
            if (value.size() > xlsformlimits::kMaxCellChars) {
                xml.fail(QStringLiteral("cell %1 is longer than %2 characters")
                             .arg(reference)
                             .arg(xlsformlimits::kMaxCellChars));
                break;
            }
            if (column >= xlsformlimits::kMaxColumns) {
                if (!value.trimmed().isEmpty())
                    xml.fail(QStringLiteral("cell %1 is beyond column %2; at most %3 columns are "
                                            "read")
                                 .arg(reference, columnName(xlsformlimits::kMaxColumns - 1))
                                 .arg(xlsformlimits::kMaxColumns));
                continue;
            }
            while (row->cells.size() <= column)
                row->cells.append(QString());
            row->cells[column] = value;
        }
    }
    if (auto status = xml.finish(); !status)
        return status.error();
    return sheet;
}

} // namespace

Result<Workbook> XlsxReader::read(const QString &path, const QStringList &sheetNames)
{
    auto opened = ZipArchive::open(path);
    if (!opened)
        return opened.error();
    ZipArchive &zip = **opened;

    // The workbook: named by the package's relationships, else the usual place.
    auto packageRels = readRelationships(zip, QString());
    if (!packageRels)
        return packageRels.error();
    QString workbookPart = findByType(*packageRels, u"/officeDocument");
    if (workbookPart.isEmpty())
        workbookPart = QStringLiteral("xl/workbook.xml");
    if (!zip.contains(workbookPart))
        return invalid(QStringLiteral("%1 is a zip archive but not an .xlsx workbook (no %2)")
                           .arg(path, workbookPart));
    auto workbookRels = readRelationships(zip, workbookPart);
    if (!workbookRels)
        return workbookRels.error();

    QStringList sharedStrings;
    const QString sharedPart = findByType(*workbookRels, u"/sharedStrings");
    if (!sharedPart.isEmpty() && zip.contains(sharedPart)) {
        auto strings = readSharedStrings(zip, sharedPart);
        if (!strings)
            return strings.error();
        sharedStrings = std::move(*strings);
    }

    auto workbookXml = zip.read(workbookPart, xlsformlimits::kMaxEntryBytes);
    if (!workbookXml)
        return workbookXml.error();
    struct SheetEntry
    {
        QString name;
        QString part;
    };
    QList<SheetEntry> entries;
    XmlWalker xml(*workbookXml, workbookPart);
    while (xml.next()) {
        if (xml.isStart(QLatin1StringView("sheet"))) {
            if (entries.size() >= xlsformlimits::kMaxSheets) {
                xml.fail(QStringLiteral("more than %1 sheets").arg(xlsformlimits::kMaxSheets));
                break;
            }
            const QString id = xml.relationshipId();
            const auto rel = workbookRels->constFind(id);
            entries.append(SheetEntry{xml.attribute(QLatin1StringView("name")),
                                      rel == workbookRels->constEnd() ? QString() : rel->target});
        }
    }
    if (auto status = xml.finish(); !status)
        return status.error();

    Workbook workbook;
    workbook.source = path;
    for (const SheetEntry &entry : entries) {
        const bool wanted =
            sheetNames.isEmpty() || sheetNames.contains(entry.name, Qt::CaseInsensitive);
        if (!wanted) {
            Sheet skipped;
            skipped.name = entry.name;
            skipped.loaded = false;
            workbook.sheets.append(skipped);
            continue;
        }
        if (entry.part.isEmpty() || !zip.contains(entry.part))
            return invalid(QStringLiteral("%1: sheet \"%2\" has no worksheet part (a chart sheet, "
                                          "or a damaged file)")
                               .arg(path, entry.name));
        auto sheet = readWorksheet(zip, entry.part, entry.name, sharedStrings);
        if (!sheet)
            return sheet.error();
        workbook.sheets.append(std::move(*sheet));
    }
    return workbook;
}

} // namespace outpost
