#include "rowbuffer.h"

#include <QSqlDriver>

#include <memory>

#include <sqlite3.h>

#include "jsontext.h"
#include "serverstore.h"

namespace outpost {

namespace {

bool isInteger(const QVariant &value)
{
    switch (value.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return true;
    default:
        return false;
    }
}

bool isPostgres(const QSqlDatabase &db)
{
    return db.driverName() == QStringLiteral("QPSQL");
}

bool isNullValue(const QVariant &value)
{
    return value.isNull() ||
           (value.metaType().id() == QMetaType::QString && value.toString().isNull());
}

} // namespace

void RowBuffer::add(std::initializer_list<QVariant> row)
{
    Q_ASSERT(static_cast<int>(row.size()) == m_columns);
    if (m_integer.isEmpty()) {
        for (const QVariant &value : row)
            m_integer.append(isInteger(value));
    }
    m_values.append(QVariantList(row));
    ++m_rows;
}

QString RowBuffer::jsonArrayValues(const QSqlDatabase &db)
{
    return isPostgres(db)
               ? QStringLiteral("SELECT json_array_elements_text(CAST(? AS json)) AS value")
               : QStringLiteral("SELECT value FROM json_each(?)");
}

Status RowBuffer::flush(QSqlDatabase &db)
{
    if (m_rows == 0)
        return {};
    Status status;
    const QVariant handle = db.driver()->handle();
    if (!isPostgres(db) && handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        status = flushSqlite(*static_cast<void *const *>(handle.constData()));
    else
        status = flushJson(db);
    m_values.clear();
    m_rows = 0;
    return status;
}

Status RowBuffer::flushSqlite(void *handle)
{
    auto *sqlite = static_cast<sqlite3 *>(handle);
    QString sql = m_head + QStringLiteral(" VALUES (?");
    for (int c = 1; c < m_columns; ++c)
        sql += QStringLiteral(", ?");
    sql += QLatin1Char(')');
    if (!m_tail.isEmpty())
        sql += QLatin1Char(' ') + m_tail;
    auto failed = [&](const char *what) {
        return databaseError(QString::fromLatin1(what) + QLatin1Char(' ') + m_head.left(40),
                             QString::fromUtf8(sqlite3_errmsg(sqlite)));
    };
    sqlite3_stmt *statement = nullptr;
    const QByteArray text = sql.toUtf8();
    if (sqlite3_prepare_v2(sqlite, text.constData(), static_cast<int>(text.size()), &statement,
                           nullptr) != SQLITE_OK)
        return failed("preparing");
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> owner(statement, sqlite3_finalize);
    QByteArray utf8;
    for (qsizetype r = 0; r < m_rows; ++r) {
        for (int c = 0; c < m_columns; ++c) {
            const QVariant &value = m_values.at(r * m_columns + c);
            int rc = SQLITE_OK;
            if (isNullValue(value)) {
                rc = sqlite3_bind_null(statement, c + 1);
            } else if (isInteger(value)) {
                rc = sqlite3_bind_int64(statement, c + 1, value.toLongLong());
            } else {
                utf8 = value.toString().toUtf8();
                rc = sqlite3_bind_text(statement, c + 1, utf8.constData(),
                                       static_cast<int>(utf8.size()), SQLITE_TRANSIENT);
            }
            if (rc != SQLITE_OK)
                return failed("binding");
        }
        if (sqlite3_step(statement) != SQLITE_DONE)
            return failed("writing");
        sqlite3_reset(statement);
    }
    return {};
}

Status RowBuffer::flushJson(QSqlDatabase &db)
{
    QByteArray json = "[";
    json.reserve(m_rows * m_columns * 24);
    for (qsizetype r = 0; r < m_rows; ++r) {
        json += r == 0 ? "[" : ",[";
        for (int c = 0; c < m_columns; ++c) {
            const QVariant &value = m_values.at(r * m_columns + c);
            if (c > 0)
                json += ',';
            if (isNullValue(value))
                json += "null";
            else if (isInteger(value))
                json += QByteArray::number(value.toLongLong());
            else
                jsontext::appendString(json, value.toString());
        }
        json += ']';
    }
    json += ']';
    QString sql = m_head + QStringLiteral(" SELECT ");
    for (int c = 0; c < m_columns; ++c) {
        if (c > 0)
            sql += QStringLiteral(", ");
        sql += m_integer.value(c) ? QStringLiteral("CAST(e->>%1 AS BIGINT)").arg(c)
                                  : QStringLiteral("e->>%1").arg(c);
    }
    sql += QStringLiteral(" FROM json_array_elements(CAST(? AS json)) AS e");
    if (!m_tail.isEmpty())
        sql += QLatin1Char(' ') + m_tail;
    auto q = ServerStore::exec(db, sql, {QString::fromUtf8(json)});
    if (!q)
        return q.error();
    return {};
}

} // namespace outpost
