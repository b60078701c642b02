// LocalStore: form definitions kept for offline use (JSON text, not parsed here).
#include "localstore.h"

#include "storeconnection.h"
#include "storeerrors.h"

namespace outpost {

using namespace storeerrors;

Status LocalStore::saveForm(const StoredForm &form)
{
    if (!m_connection)
        return locked();
    if (form.formId.isEmpty() || form.version < 0)
        return invalidArgument(QStringLiteral("a form needs an id and a version"));
    auto stmt = m_connection->db().cached(
        "INSERT OR REPLACE INTO forms(form_id, version, title, definition_json, received_at_ms)"
        " VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, form.formId);
    (*stmt)->bind(2, form.version);
    (*stmt)->bind(3, form.title);
    (*stmt)->bind(4, form.definitionJson);
    (*stmt)->bind(5, QDateTime::currentMSecsSinceEpoch());
    return (*stmt)->run();
}

Result<StoredForm> LocalStore::form(const QString &formId, int version) const
{
    if (!m_connection)
        return locked();
    auto stmt = m_connection->db().cached(
        "SELECT form_id, version, title, definition_json FROM forms WHERE form_id = ?1"
        " AND (?2 < 0 OR version = ?2) ORDER BY version DESC LIMIT 1");
    if (!stmt)
        return stmt.error();
    (*stmt)->bind(1, formId);
    (*stmt)->bind(2, version);
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error::permanentError(
            QStringLiteral("form_not_found"),
            QStringLiteral("no form \"%1\" version %2 on this device").arg(formId).arg(version));
    StoredForm form{(*stmt)->columnText(0), (*stmt)->columnInt(1), (*stmt)->columnText(2),
                    (*stmt)->columnBytes(3)};
    (*stmt)->reset();
    return form;
}

Result<QList<StoredForm>> LocalStore::forms() const
{
    if (!m_connection)
        return locked();
    auto stmt = m_connection->db().cached(
        "SELECT f.form_id, f.version, f.title FROM forms f WHERE f.version ="
        " (SELECT max(version) FROM forms g WHERE g.form_id = f.form_id) ORDER BY f.form_id");
    if (!stmt)
        return stmt.error();
    QList<StoredForm> list;
    for (;;) {
        auto row = (*stmt)->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        list.append(
            StoredForm{(*stmt)->columnText(0), (*stmt)->columnInt(1), (*stmt)->columnText(2), {}});
    }
    return list;
}

} // namespace outpost
