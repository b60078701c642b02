#include "xlsformtype.h"

#include "fieldmetadata.h"

#include <QHash>
#include <QStringList>

namespace outpost {

namespace {

XlsFormType field(FieldType type, const QString &loss = {})
{
    XlsFormType t;
    t.kind = XlsFormType::Kind::Field;
    t.type = type;
    t.loss = loss;
    return t;
}

XlsFormType unsupported(const QString &why)
{
    XlsFormType t;
    t.kind = XlsFormType::Kind::Unsupported;
    t.why = why;
    return t;
}

XlsFormType ofKind(XlsFormType::Kind kind)
{
    XlsFormType t;
    t.kind = kind;
    return t;
}

const QHash<QString, QString> &unsupportedTypes()
{
    static const QHash<QString, QString> types{
        {QStringLiteral("range"), QStringLiteral("range (a slider) is not supported; use an "
                                                 "integer or decimal with a constraint")},
        {QStringLiteral("rank"), QStringLiteral("rank is not supported")},
        {QStringLiteral("geotrace"), QStringLiteral("geotrace (lines) is not supported; only "
                                                    "geopoint")},
        {QStringLiteral("geoshape"), QStringLiteral("geoshape (polygons) is not supported; only "
                                                    "geopoint")},
        {QStringLiteral("background-audio"),
         QStringLiteral("background-audio recording is not supported")},
        {QStringLiteral("xml-external"), QStringLiteral("external data (xml-external) is not "
                                                        "supported")},
        {QStringLiteral("csv-external"), QStringLiteral("external data (csv-external) is not "
                                                        "supported")},
        {QStringLiteral("hidden"), QStringLiteral("hidden is not supported; use calculate")},
        {QStringLiteral("begin_loop"), QStringLiteral("loops are not supported; use a repeat")},
        {QStringLiteral("end_loop"), QStringLiteral("loops are not supported; use a repeat")},
        {QStringLiteral("audit"), QStringLiteral("audit logs are not supported")},
        {QStringLiteral("start-geopoint"),
         QStringLiteral("the start-geopoint metadata is not supported")},
        {QStringLiteral("phonenumber"),
         QStringLiteral("the phonenumber metadata is not supported")},
        {QStringLiteral("simserial"), QStringLiteral("the simserial metadata is not supported")},
        {QStringLiteral("subscriberid"),
         QStringLiteral("the subscriberid metadata is not supported")},
        {QStringLiteral("email"), QStringLiteral("the email metadata is not supported")},
    };
    return types;
}

} // namespace

XlsFormType XlsFormType::parse(const QString &text)
{
    QStringList tokens = text.simplified().split(u' ', Qt::SkipEmptyParts);
    if (tokens.isEmpty())
        return unsupported(QStringLiteral("the type is empty"));
    QString keyword = tokens.takeFirst().toLower();

    // Two-word spellings: "begin group", "select one", "select all that apply", ...
    if ((keyword == u"begin" || keyword == u"end") && !tokens.isEmpty())
        keyword += u'_' + tokens.takeFirst().toLower();
    if (keyword == u"select" && !tokens.isEmpty()) {
        const QString second = tokens.takeFirst().toLower();
        if (second == u"all" && tokens.size() >= 2 && tokens.at(0).toLower() == u"that" &&
            tokens.at(1).toLower() == u"apply") {
            tokens.remove(0, 2);
            keyword = QStringLiteral("select_multiple");
        } else {
            keyword = QStringLiteral("select_") + second;
        }
    }
    if (keyword == u"select_all_that_apply")
        keyword = QStringLiteral("select_multiple");

    if (keyword == u"begin_group")
        return ofKind(Kind::BeginGroup);
    if (keyword == u"end_group")
        return ofKind(Kind::EndGroup);
    if (keyword == u"begin_repeat")
        return ofKind(Kind::BeginRepeat);
    if (keyword == u"end_repeat")
        return ofKind(Kind::EndRepeat);

    if (keyword == u"select_one" || keyword == u"select_multiple") {
        XlsFormType t =
            field(keyword == u"select_one" ? FieldType::SelectOne : FieldType::SelectMultiple);
        if (tokens.isEmpty())
            return unsupported(
                QStringLiteral("%1 needs a choice list name (\"%1 LIST\")").arg(keyword));
        t.listName = tokens.takeFirst();
        if (!tokens.isEmpty() && tokens.first().toLower() == u"or_other") {
            t.orOther = true;
            tokens.removeFirst();
        }
        if (!tokens.isEmpty())
            return unsupported(
                QStringLiteral("unexpected \"%1\" after the list name").arg(tokens.join(u' ')));
        return t;
    }
    if (keyword.startsWith(QStringLiteral("select_")) &&
        keyword.endsWith(QStringLiteral("_from_file")))
        return unsupported(QStringLiteral("choices from an external file (%1) are not supported; "
                                          "put the choices in the choices sheet")
                               .arg(keyword));
    if (!tokens.isEmpty())
        return unsupported(
            QStringLiteral("unexpected \"%1\" after type %2").arg(tokens.join(u' '), keyword));

    static const QHash<QString, FieldType> plain{
        {QStringLiteral("text"), FieldType::Text},
        {QStringLiteral("string"), FieldType::Text},
        {QStringLiteral("integer"), FieldType::Integer},
        {QStringLiteral("int"), FieldType::Integer},
        {QStringLiteral("decimal"), FieldType::Decimal},
        {QStringLiteral("date"), FieldType::Date},
        {QStringLiteral("datetime"), FieldType::DateTime},
        {QStringLiteral("time"), FieldType::Time},
        {QStringLiteral("geopoint"), FieldType::GeoPoint},
        {QStringLiteral("image"), FieldType::Photo},
        {QStringLiteral("photo"), FieldType::Photo},
        {QStringLiteral("file"), FieldType::File},
        {QStringLiteral("note"), FieldType::Note},
        {QStringLiteral("calculate"), FieldType::Calculate},
    };
    if (plain.contains(keyword))
        return field(plain.value(keyword));
    if (keyword == u"audio")
        return field(FieldType::File, QStringLiteral("audio is kept as a file: the app attaches "
                                                     "a recording instead of recording it"));
    if (keyword == u"video")
        return field(FieldType::File, QStringLiteral("video is kept as a file: the app attaches "
                                                     "a recording instead of recording it"));
    if (keyword == u"barcode")
        return field(FieldType::Text, QStringLiteral("barcode is kept as text: the app asks to "
                                                     "type it instead of scanning it"));
    if (keyword == u"acknowledge" || keyword == u"trigger") {
        XlsFormType t = field(FieldType::SelectOne,
                              QStringLiteral("acknowledge is a select_one with the single choice "
                                             "\"OK\" (the value is \"OK\", as in ODK)"));
        t.acknowledge = true;
        return t;
    }
    if (const auto metadataType = fieldmetadata::typeOf(keyword)) {
        XlsFormType t = field(*metadataType);
        t.metadata = keyword;
        return t;
    }
    if (unsupportedTypes().contains(keyword))
        return unsupported(unsupportedTypes().value(keyword));
    return unsupported(QStringLiteral("unknown type \"%1\"").arg(keyword));
}

} // namespace outpost
