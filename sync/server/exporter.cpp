#include "exporter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include "serverstore.h"

namespace outpost {

namespace {

QByteArray csvCell(const QString &text)
{
    QString cell = text;
    // Formula injection: a spreadsheet must not run a cell that starts like a formula.
    if (!cell.isEmpty() && QStringLiteral("=+-@").contains(cell.front()))
        cell.prepend(QLatin1Char('\''));
    if (cell.contains(QLatin1Char(',')) || cell.contains(QLatin1Char('"')) ||
        cell.contains(QLatin1Char('\n')) || cell.contains(QLatin1Char('\r'))) {
        cell.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        cell = QLatin1Char('"') + cell + QLatin1Char('"');
    }
    return cell.toUtf8();
}

QString scalarText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

} // namespace

Result<QByteArray> Exporter::exportForm(ServerStore *store, qint64 orgId, const QString &formId,
                                        const QString &format)
{
    if (format != QStringLiteral("csv") && format != QStringLiteral("geojson"))
        return Error::permanentError(QStringLiteral("invalid_request"),
                                     QStringLiteral("format is \"csv\" or \"geojson\""));
    auto q = store->exec(QStringLiteral("SELECT r.id, u.username, r.state, r.version, "
                                        "r.form_version, r.field_values FROM records r JOIN users "
                                        "u ON u.id = r.owner_id WHERE r.org_id = ? AND r.form_id = "
                                        "? AND r.deleted = 0 ORDER BY r.version"),
                         {orgId, formId});
    if (!q)
        return q.error();
    struct Row
    {
        QStringList meta;
        QJsonObject values;
    };
    std::vector<Row> rows;
    QStringList fields;
    while (q->next()) {
        Row row{{q->value(0).toString(), q->value(1).toString(), q->value(2).toString(),
                 q->value(3).toString(), q->value(4).toString()},
                QJsonDocument::fromJson(q->value(5).toString().toUtf8()).object()};
        for (auto it = row.values.begin(); it != row.values.end(); ++it) {
            if (!fields.contains(it.key()))
                fields.append(it.key());
        }
        rows.push_back(std::move(row));
    }
    if (format == QStringLiteral("csv")) {
        QByteArray out = "id,owner,state,version,form_version";
        for (const auto &field : fields)
            out += ',' + csvCell(field);
        out += "\r\n";
        for (const auto &row : rows) {
            QByteArrayList cells;
            for (const auto &meta : row.meta)
                cells.append(csvCell(meta));
            for (const auto &field : fields)
                cells.append(csvCell(scalarText(row.values.value(field))));
            out += cells.join(',') + "\r\n";
        }
        return out;
    }
    QJsonArray features;
    for (const auto &row : rows) {
        QJsonValue geometry = QJsonValue::Null;
        for (const auto &field : fields) {
            const QJsonObject point = row.values.value(field).toObject();
            if (point.value(QStringLiteral("lat")).isDouble() &&
                point.value(QStringLiteral("lon")).isDouble()) {
                geometry = QJsonObject{{QStringLiteral("type"), QStringLiteral("Point")},
                                       {QStringLiteral("coordinates"),
                                        QJsonArray{point.value(QStringLiteral("lon")),
                                                   point.value(QStringLiteral("lat"))}}};
                break;
            }
        }
        QJsonObject properties = row.values;
        properties.insert(QStringLiteral("_owner"), row.meta[1]);
        properties.insert(QStringLiteral("_state"), row.meta[2]);
        properties.insert(QStringLiteral("_version"), row.meta[3].toLongLong());
        features.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("Feature")},
                                    {QStringLiteral("id"), row.meta[0]},
                                    {QStringLiteral("geometry"), geometry},
                                    {QStringLiteral("properties"), properties}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("FeatureCollection")},
                                     {QStringLiteral("features"), features}})
        .toJson(QJsonDocument::Compact);
}

} // namespace outpost
