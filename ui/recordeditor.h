// The form-filling screen: a record's questions generated from its form definition, live
// skip logic, calculations and messages beside each field, automatic draft saving, and
// finalize / reopen / delete. UI thread only.
//
// Saving: every change restarts a kAutosaveDelayMs timer; when it fires, the draft is
// written through LocalStore (createRecord the first time, updateRecord after), so killing
// the app loses at most that delay. Leaving the editor and destroying it save at once. A new
// record that was never changed is never written. Only fields changed here are written
// over the stored record, so a sync that changed other fields meanwhile is kept.
// Drafts keep the answers of fields that are not relevant (docs/forms.md); finalizing
// prunes them. Values that could not be stored in a draft (malformed) are never written.
#pragma once

#include <QJsonObject>
#include <QSet>
#include <QWidget>

#include "formdefinition.h"
#include "record.h"
#include "repeatcounts.h"
#include "result.h"
#include "validationissue.h"

class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QTimer;

namespace outpost {
class LocalStore;
}

namespace outpost::ui {

class EditorContext;
class FieldRow;
class RepeatWidget;
class ScopeForm;

class RecordEditor : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kAutosaveDelayMs = 1000; // after the last change
    // A repeat_count asking for more instances than this (a typo such as 5000) is followed
    // only this far, so that the screen stays usable; validation still asks for the count.
    static constexpr int kMaxFollowedInstances = 500;

    // `record` as stored (persisted = true) or new from RecordFactory::create (false).
    // `form` is the definition of the record's form version. store: not owned, outlives
    // the editor.
    RecordEditor(LocalStore *store, FormDefinition form, Record record, bool persisted,
                 QWidget *parent = nullptr);
    ~RecordEditor() override; // saves a pending change

    // The definition of a stored form version (-1: the newest), parsed and checked.
    static Result<FormDefinition> loadForm(const LocalStore &store, const QString &formId,
                                           int version = -1);

    const FormDefinition &form() const { return m_form; }
    const Record &record() const { return m_record; } // with the edits not yet saved
    bool isPersisted() const { return m_persisted; }
    bool hasUnsavedChanges() const { return m_dirty; }
    bool isEditable() const;

    // The widgets of a record path, for keyboard focus and tests; null if not shown.
    FieldRow *row(const QString &path) const;
    RepeatWidget *repeat(const QString &path) const;

    QString language() const;
    void setLanguage(const QString &language); // one of the form's languages

    // Writes the draft now if anything changed. False (with the reason on screen) if the
    // store refused; the next change or autosave tries again.
    bool save();
    // Draft -> finalized when every answer is valid; otherwise shows every message, moves
    // to the first problem and returns false.
    bool finalize();
    // Rejected -> draft, so the person can fix what the supervisor asked.
    bool reopen();
    // Asks for confirmation, then soft-deletes the record (LocalStore::deleteRecord) and
    // emits deleted() and closed(). False if the person said no or the store refused.
    bool deleteRecord();
    // Saves and emits closed() (the Back button).
    void close();

Q_SIGNALS:
    void saved(const outpost::Record &record);
    void finalized(const outpost::Record &record);
    void deleted(const QUuid &id);
    void closed();

private:
    void buildHeader();
    void rebuild();           // the questions, from m_record.values (language or read-only changed)
    void recompute();         // repeat counts, calculations, states, messages
    void syncRepeatWidgets(); // rebuilds the repeats whose number of instances changed
    void onEdited(const QString &path, const QJsonValue &value);
    void onAddInstance(const QString &repeatPath);
    void onRemoveInstance(const QString &repeatPath, int index);
    void markDirty();
    void updateHeader();
    void showBanner(const QString &text, bool problem);
    bool writeRecord(Record candidate, bool finalizing);
    QJsonObject storableValues(const QJsonObject &values) const;

    LocalStore *m_store;   // not owned
    FormDefinition m_form; // the context and widgets point into it: never reassigned
    Record m_record;
    QJsonObject m_baseline; // values as last read from / written to the store
    bool m_persisted;
    bool m_dirty = false;
    bool m_showAllIssues = false;     // after a finalize attempt: required messages everywhere
    QSet<QString> m_touched;          // record paths the person changed: their messages show
    InstanceStash m_removedInstances; // taken away by a lower count, back if it goes up
    ValidationIssues m_issues;
    EditorContext *m_context;
    QTimer *m_autosave;

    QLabel *m_title = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_saveState = nullptr;
    QLabel *m_banner = nullptr;
    QComboBox *m_languages = nullptr;
    QPushButton *m_back = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_finalize = nullptr;
    QPushButton *m_reopen = nullptr;
    QScrollArea *m_scroll = nullptr;
    ScopeForm *m_content = nullptr;
};

} // namespace outpost::ui
