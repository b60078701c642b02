// What every widget of one record editor shares: the form, the store, the record's id and
// the language texts are shown in; and the requests widgets send up to the editor (a value
// edited, a repeat instance added or removed). UI thread only. Owned by the RecordEditor.
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QString>
#include <QUuid>

namespace outpost {
class LocalStore;
class LocalizedText;
struct FormDefinition;
} // namespace outpost

namespace outpost::ui {

class EditorContext : public QObject
{
    Q_OBJECT

public:
    // Not owned: form, store and values must outlive the context. `values` are the editor's
    // current record values (read by repeats to know their instances).
    EditorContext(const FormDefinition *form, LocalStore *store, const QJsonObject *values,
                  QObject *parent = nullptr);

    const FormDefinition &form() const { return *m_form; }
    LocalStore *store() const { return m_store; }
    const QJsonObject &values() const { return *m_values; }

    QUuid recordId() const { return m_recordId; }
    void setRecordId(const QUuid &id) { m_recordId = id; }

    // The language texts are shown in: one of the form's languages, or empty (plain texts).
    QString language() const { return m_language; }
    void setLanguage(const QString &language) { m_language = language; }
    // The text in the chosen language, else the form's default language, else any.
    QString text(const LocalizedText &text) const;

    // The record cannot change (finalized, accepted, or a rejected one not reopened yet).
    bool isReadOnly() const { return m_readOnly; }
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }

    // The device's language among the form's languages (exact name, then the language
    // code, e.g. "fr" for fr_FR), else the form's default language.
    static QString deviceLanguage(const FormDefinition &form);

Q_SIGNALS:
    // A person changed the value at a record path (Undefined: unanswered).
    void edited(const QString &path, const QJsonValue &value);
    // Add an instance at the end of the repeat at `repeatPath` ("members", "plots[1].crops").
    void addInstanceRequested(const QString &repeatPath);
    // Remove instance `index` (0-based) of the repeat at `repeatPath`.
    void removeInstanceRequested(const QString &repeatPath, int index);

private:
    const FormDefinition *m_form; // not owned
    LocalStore *m_store;          // not owned
    const QJsonObject *m_values;  // not owned: the editor's
    QUuid m_recordId;
    QString m_language;
    bool m_readOnly = false;
};

} // namespace outpost::ui
