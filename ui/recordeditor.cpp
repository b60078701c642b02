#include "recordeditor.h"

#include <QComboBox>
#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>
#include <QTimer>
#include <QVBoxLayout>

#include "calculator.h"
#include "confirmation.h"
#include "devicemetadata.h"
#include "editorcontext.h"
#include "fieldrow.h"
#include "fieldstates.h"
#include "localstore.h"
#include "recordfactory.h"
#include "recordlifecycle.h"
#include "recordvalues.h"
#include "repeatwidget.h"
#include "scopeform.h"
#include "theme.h"
#include "uilogging.h"
#include "validator.h"

namespace outpost::ui {

namespace {

constexpr int kContentMaxWidthPx = 960; // readable line length at 1280x800 and above
constexpr int kSummaryLines = 3;        // problems listed in the banner after finalize

// Issues a draft may not be stored with: the server refuses malformed drafts (only
// incompleteness is allowed before finalizing).
bool blocksDraft(const QString &code)
{
    return code != validationcode::kRequired && code != validationcode::kConstraint &&
           code != validationcode::kCount && code != validationcode::kExpression;
}

// The stored values with the top-level members this editor changed since `baseline` put on
// top: a concurrent change (a pulled update) to other members is kept.
QJsonObject mergeChanges(QJsonObject stored, const QJsonObject &baseline, const QJsonObject &mine)
{
    const QStringList baseKeys = baseline.keys();
    QSet<QString> keys(baseKeys.begin(), baseKeys.end());
    for (auto it = mine.constBegin(); it != mine.constEnd(); ++it)
        keys.insert(it.key());
    for (const QString &key : std::as_const(keys)) {
        const QJsonValue value = mine.value(key);
        if (value == baseline.value(key))
            continue;
        if (value.isUndefined())
            stored.remove(key);
        else
            stored.insert(key, value);
    }
    return stored;
}

} // namespace

RecordEditor::RecordEditor(LocalStore *store, FormDefinition form, Record record, bool persisted,
                           QWidget *parent)
    : QWidget(parent), m_store(store), m_form(std::move(form)), m_record(std::move(record)),
      m_baseline(persisted ? m_record.values : QJsonObject()), m_persisted(persisted),
      m_context(new EditorContext(&m_form, store, &m_record.values, this)),
      m_autosave(new QTimer(this))
{
    setObjectName(QStringLiteral("recordEditor"));
    m_context->setRecordId(m_record.id);
    m_context->setReadOnly(!RecordLifecycle::isEditable(m_record.state));
    m_autosave->setSingleShot(true);
    m_autosave->setInterval(kAutosaveDelayMs);
    connect(m_autosave, &QTimer::timeout, this, &RecordEditor::save);
    connect(m_context, &EditorContext::edited, this, &RecordEditor::onEdited);
    connect(m_context, &EditorContext::addInstanceRequested, this, &RecordEditor::onAddInstance);
    connect(m_context, &EditorContext::removeInstanceRequested, this,
            &RecordEditor::onRemoveInstance);

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("questions"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    enableKineticScrolling(m_scroll);
    buildHeader();
    rebuild();
}

RecordEditor::~RecordEditor()
{
    m_autosave->stop();
    if (m_dirty && isEditable())
        save(); // leaving (window closed, idle lock): nothing typed is lost
}

Result<FormDefinition> RecordEditor::loadForm(const LocalStore &store, const QString &formId,
                                              int version)
{
    auto stored = store.form(formId, version);
    if (!stored)
        return stored.error();
    return FormDefinition::fromJson(stored->definitionJson);
}

bool RecordEditor::isEditable() const
{
    return RecordLifecycle::isEditable(m_record.state) && !m_record.deleted;
}

void RecordEditor::buildHeader()
{
    m_back = new QPushButton(tr("← Back to the list"), this);
    m_back->setObjectName(QStringLiteral("back"));
    m_back->setShortcut(QKeySequence::Back);
    m_title = new QLabel(m_form.title.text(m_context->language(), m_form.defaultLanguage), this);
    m_title->setProperty("role", QStringLiteral("title"));
    m_title->setWordWrap(true);
    m_languages = new QComboBox(this);
    m_languages->setObjectName(QStringLiteral("language"));
    m_languages->setToolTip(tr("Language of the questions"));
    for (const QString &language : std::as_const(m_form.languages)) {
        // "fr" -> "français"; names that are not locale codes are shown as they are.
        const QLocale locale(language);
        const bool known =
            locale.language() != QLocale::C &&
            QLocale::languageToCode(locale.language()) == language.section(QLatin1Char('_'), 0, 0);
        // Qt names "en" "American English"; the form did not say which English.
        const QString name = locale.language() == QLocale::English
                                 ? QLocale::languageToString(QLocale::English)
                                 : locale.nativeLanguageName();
        m_languages->addItem(known ? name : language, language);
    }
    m_languages->setCurrentIndex(m_languages->findData(m_context->language()));
    m_languages->setVisible(m_form.languages.size() > 1);
    m_delete = new QPushButton(tr("Delete…"), this);
    m_delete->setObjectName(QStringLiteral("delete"));
    m_reopen = new QPushButton(tr("Reopen to fix"), this);
    m_reopen->setObjectName(QStringLiteral("reopen"));
    m_finalize = new QPushButton(tr("Finalize"), this);
    m_finalize->setObjectName(QStringLiteral("finalize"));
    m_finalize->setDefault(true);
    // The default button's text is bold (theme): make room for it.
    QFont bold = m_finalize->font();
    bold.setBold(true);
    m_finalize->setMinimumWidth(QFontMetrics(bold).horizontalAdvance(m_finalize->text()) + 40);
    m_finalize->setToolTip(tr("Check every answer and mark the record as complete (Ctrl+Enter)"));
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("state"));
    m_saveState = new QLabel(this);
    m_saveState->setObjectName(QStringLiteral("saveState"));
    m_saveState->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->hide();

    auto *top = new QHBoxLayout;
    top->addWidget(m_back);
    top->addWidget(m_title, 1);
    top->addWidget(m_languages);
    top->addWidget(m_delete);
    top->addWidget(m_reopen);
    top->addWidget(m_finalize);
    auto *status = new QHBoxLayout;
    status->addWidget(m_state, 1);
    status->addWidget(m_saveState);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(status);
    layout->addWidget(m_banner);
    layout->addWidget(m_scroll, 1);

    connect(m_back, &QPushButton::clicked, this, &RecordEditor::close);
    connect(m_delete, &QPushButton::clicked, this, &RecordEditor::deleteRecord);
    connect(m_reopen, &QPushButton::clicked, this, &RecordEditor::reopen);
    connect(m_finalize, &QPushButton::clicked, this, &RecordEditor::finalize);
    connect(m_languages, &QComboBox::activated, this,
            [this] { setLanguage(m_languages->currentData().toString()); });
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this); // back, like Alt+Left
    connect(escape, &QShortcut::activated, m_back, &QPushButton::click);
    m_back->setToolTip(tr("Back to the list; the record is saved (Esc, Alt+Left)"));
    auto *saveNow = new QShortcut(QKeySequence::Save, this);
    connect(saveNow, &QShortcut::activated, this, &RecordEditor::save);
    auto *finalizeNow = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(finalizeNow, &QShortcut::activated, this, [this] {
        if (isEditable())
            finalize();
    });
}

QString RecordEditor::language() const
{
    return m_context->language();
}

void RecordEditor::setLanguage(const QString &language)
{
    if (!m_form.languages.contains(language) || language == m_context->language())
        return;
    m_context->setLanguage(language);
    m_languages->setCurrentIndex(m_languages->findData(language));
    m_title->setText(m_form.title.text(language, m_form.defaultLanguage));
    rebuild();
}

void RecordEditor::rebuild()
{
    const int scrolled = m_scroll->verticalScrollBar() ? m_scroll->verticalScrollBar()->value() : 0;
    auto *page = new QWidget;
    auto *pageLayout = new QHBoxLayout(page);
    m_content = new ScopeForm(m_form.fields, QString(), m_context, page);
    m_content->setMaximumWidth(kContentMaxWidthPx);
    pageLayout->addStretch(1);
    pageLayout->addWidget(m_content, 100);
    pageLayout->addStretch(1);
    delete m_scroll->takeWidget();
    m_scroll->setWidget(page);
    recompute();
    m_scroll->verticalScrollBar()->setValue(scrolled);
}

FieldRow *RecordEditor::row(const QString &path) const
{
    return m_content ? m_content->findChild<FieldRow *>(QStringLiteral("row:%1").arg(path))
                     : nullptr;
}

RepeatWidget *RecordEditor::repeat(const QString &path) const
{
    return m_content ? m_content->findChild<RepeatWidget *>(QStringLiteral("repeat:%1").arg(path))
                     : nullptr;
}

void RecordEditor::recompute()
{
    if (isEditable()) {
        const QJsonObject followed = RepeatCounts::follow(
            m_form, m_record.values, {}, &m_removedInstances, kMaxFollowedInstances);
        if (followed != m_record.values) {
            m_record.values = followed;
            markDirty();
        }
    }
    m_record.values = Calculator::apply(m_form, m_record.values);
    syncRepeatWidgets();
    const QMap<QString, FieldState> states = FieldStates::compute(m_form, m_record.values);
    m_issues = Validator(m_form, {m_context->language(), {}}).validateValues(m_record.values);
    QHash<QString, ValidationIssue> firstIssue;
    for (const ValidationIssue &issue : std::as_const(m_issues)) {
        if (!firstIssue.contains(issue.path))
            firstIssue.insert(issue.path, issue);
    }
    const auto shown = [this, &firstIssue](const QString &path) {
        const auto it = firstIssue.constFind(path);
        if (it == firstIssue.constEnd())
            return QString();
        const bool show =
            it->code != validationcode::kRequired || m_showAllIssues || m_touched.contains(path);
        return show ? it->message : QString();
    };

    for (FieldRow *fieldRow : m_content->findChildren<FieldRow *>()) {
        const FieldState state = states.value(fieldRow->path());
        fieldRow->applyState(state.relevant, state.required, state.readOnly);
        fieldRow->offerChoices(state.filtered ? std::optional(state.choices) : std::nullopt);
        QString message = fieldRow->inputProblem();
        if (message.isEmpty())
            message = shown(fieldRow->path());
        fieldRow->setMessage(state.relevant ? message : QString());
    }
    for (QGroupBox *section : m_content->findChildren<QGroupBox *>()) {
        const QVariant path = section->property(ScopeForm::kRecordPathProperty);
        if (path.isValid())
            section->setVisible(states.value(path.toString()).relevant);
    }
    for (RepeatWidget *repeatWidget : m_content->findChildren<RepeatWidget *>()) {
        const FieldState state = states.value(repeatWidget->path());
        repeatWidget->applyState(state.relevant);
        repeatWidget->setMessage(state.relevant ? shown(repeatWidget->path()) : QString());
    }
    updateHeader();
}

void RecordEditor::syncRepeatWidgets()
{
    // Outer repeats come first in findChildren(); rebuilding one replaces the repeats inside
    // it, so look again after each rebuild.
    for (int guard = 0; guard < 10000; ++guard) {
        RepeatWidget *stale = nullptr;
        for (RepeatWidget *widget : m_content->findChildren<RepeatWidget *>()) {
            const auto count = RecordValues::get(m_record.values, widget->path()).toArray().size();
            if (count != widget->instanceCount()) {
                stale = widget;
                break;
            }
        }
        if (!stale)
            return;
        stale->rebuild();
    }
}

void RecordEditor::onEdited(const QString &path, const QJsonValue &value)
{
    if (!isEditable())
        return;
    RecordValues::set(m_record.values, path, value);
    m_touched.insert(path);
    recompute();
    markDirty();
}

void RecordEditor::onAddInstance(const QString &repeatPath)
{
    if (!isEditable())
        return;
    auto added = RecordFactory::addInstance(m_form, m_record.values, repeatPath);
    if (!added) {
        qCWarning(lcUi) << "cannot add an instance:" << added.error().message;
        return;
    }
    m_record.values = *added;
    const auto instanceCount = RecordValues::get(m_record.values, repeatPath).toArray().size();
    m_touched.insert(repeatPath);
    if (RepeatWidget *widget = repeat(repeatPath)) {
        widget->rebuild();
        // Straight to the new instance's first question.
        const QString prefix = QStringLiteral("%1[%2].").arg(repeatPath).arg(instanceCount);
        for (FieldRow *fieldRow : widget->findChildren<FieldRow *>()) {
            if (fieldRow->path().startsWith(prefix) && fieldRow->input()) {
                m_scroll->ensureWidgetVisible(fieldRow);
                fieldRow->setFocus();
                break;
            }
        }
    }
    recompute();
    markDirty();
}

void RecordEditor::onRemoveInstance(const QString &repeatPath, int index)
{
    if (!isEditable())
        return;
    QJsonArray instances = RecordValues::get(m_record.values, repeatPath).toArray();
    if (index < 0 || index >= instances.size())
        return;
    instances.removeAt(index);
    RecordValues::set(m_record.values, repeatPath, instances);
    // Instances kept for count-driven repeats inside the removed one no longer match.
    m_removedInstances.removeIf([&repeatPath](const InstanceStash::iterator &it) {
        return it.key().startsWith(repeatPath + QLatin1Char('['));
    });
    m_record.values = Calculator::apply(m_form, m_record.values);
    m_touched.insert(repeatPath);
    if (RepeatWidget *widget = repeat(repeatPath))
        widget->rebuild();
    recompute();
    markDirty();
}

void RecordEditor::markDirty()
{
    m_dirty = true;
    m_autosave->start(); // restarts: saves kAutosaveDelayMs after the last change
    m_saveState->setText(tr("Changes not saved yet"));
}

QJsonObject RecordEditor::storableValues(const QJsonObject &values) const
{
    QJsonObject storable = values;
    const ValidationIssues issues = Validator(m_form).validateValues(values);
    for (const ValidationIssue &issue : issues) {
        if (!blocksDraft(issue.code) || issue.path.isEmpty())
            continue;
        qCWarning(lcUi) << "not saving a malformed value at" << issue.path << issue.code;
        RecordValues::set(storable, issue.path, QJsonValue::Undefined);
    }
    return storable;
}

bool RecordEditor::save()
{
    m_autosave->stop();
    if (!m_dirty || !isEditable())
        return true;
    Record candidate = m_record;
    candidate.values = storableValues(m_record.values);
    return writeRecord(candidate, false);
}

bool RecordEditor::writeRecord(Record candidate, bool finalizing)
{
    Result<Record> stored = Error::permanentError({}, {});
    if (!m_persisted) {
        stored = m_store->createRecord(candidate);
    } else {
        auto fresh = m_store->record(m_record.id);
        if (fresh && fresh->deleted)
            fresh = Error::permanentError(QStringLiteral("record_deleted"),
                                          tr("This record was deleted."));
        if (!fresh) {
            stored = fresh.error();
        } else {
            Record merged = *fresh;
            merged.values = mergeChanges(fresh->values, m_baseline, candidate.values);
            merged.state = candidate.state;
            merged.formVersion = candidate.formVersion;
            stored = m_store->updateRecord(merged);
        }
    }
    if (!stored) {
        qCWarning(lcUi) << "could not save record" << m_record.id << stored.error().code;
        m_saveState->setText(tr("Not saved: %1").arg(stored.error().message));
        if (!stored.error().isPermanent() && m_dirty)
            m_autosave->start(); // try again
        return false;
    }
    const bool changedElsewhere = stored->values != candidate.values;
    const QJsonObject unsaved = m_record.values;
    m_record = *stored;
    m_baseline = stored->values;
    m_persisted = true;
    m_dirty = false;
    if (finalizing) {
        m_context->setReadOnly(true);
        if (auto synced = m_store->syncToDisk(); !synced)
            qCWarning(lcUi) << "could not flush after finalizing:" << synced.error().message;
        rebuild();
    } else if (changedElsewhere) {
        rebuild(); // a sync changed other answers meanwhile: show them
    } else {
        m_record.values = unsaved; // identical but for values no draft may hold
    }
    m_saveState->setText(
        tr("Saved at %1").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
    Q_EMIT saved(m_record);
    return true;
}

bool RecordEditor::finalize()
{
    if (!isEditable())
        return false;
    m_showAllIssues = true;
    recompute();
    // Every problem: input that is not a value yet, and the validator's issues.
    QStringList lines;
    QWidget *first = nullptr;
    int problems = 0;
    QSet<QString> counted;
    for (FieldRow *fieldRow : m_content->findChildren<FieldRow *>()) {
        if (fieldRow->message().isEmpty())
            continue;
        ++problems;
        counted.insert(fieldRow->path());
        if (!first)
            first = fieldRow;
        if (lines.size() < kSummaryLines)
            lines.append(tr("%1: %2").arg(m_context->text(fieldRow->definition().label),
                                          fieldRow->message()));
    }
    for (const ValidationIssue &issue : std::as_const(m_issues)) {
        if (counted.contains(issue.path))
            continue;
        counted.insert(issue.path);
        ++problems;
        if (!first)
            first = repeat(issue.path);
        if (lines.size() < kSummaryLines)
            lines.append(issue.path.isEmpty() ? issue.message
                                              : tr("%1: %2").arg(issue.path, issue.message));
    }
    if (problems > 0) {
        showBanner(tr("%n answer(s) need attention before this record can be finalized.", nullptr,
                      problems) +
                       QLatin1Char('\n') + lines.join(QLatin1Char('\n')),
                   true);
        if (first) {
            m_scroll->ensureWidgetVisible(first);
            first->setFocus();
        }
        return false;
    }
    if (m_dirty && !save())
        return false;
    Record candidate = m_record;
    candidate.values =
        RecordMetadata::fill(m_form, FieldStates::pruneNonRelevant(m_form, m_record.values),
                             deviceMetadata(*m_store), RecordMetadata::Moment::Finalized);
    auto done = RecordLifecycle::finalize(m_form, candidate, {m_context->language(), {}});
    if (!done) {
        showBanner(done.error().message, true);
        return false;
    }
    if (!writeRecord(*done, true)) {
        showBanner(m_saveState->text(), true);
        return false;
    }
    showBanner(QString(), false);
    Q_EMIT finalized(m_record);
    return true;
}

bool RecordEditor::reopen()
{
    auto draft = RecordLifecycle::reopen(m_record);
    if (!draft) {
        showBanner(draft.error().message, true);
        return false;
    }
    auto stored = m_store->updateRecord(*draft);
    if (!stored) {
        showBanner(stored.error().message, true);
        return false;
    }
    m_record = *stored;
    m_baseline = stored->values;
    m_context->setReadOnly(false);
    rebuild();
    return true;
}

bool RecordEditor::deleteRecord()
{
    if (!confirmAction(this, tr("Delete this record?"),
                       tr("The record will be removed from this device and, at the next sync, "
                          "from the server."),
                       tr("Delete"), QStringLiteral("confirmDelete")))
        return false;
    m_autosave->stop();
    if (m_persisted) {
        if (auto status = m_store->deleteRecord(m_record.id); !status) {
            showBanner(status.error().message, true);
            return false;
        }
    }
    m_dirty = false;
    m_record.deleted = true;
    Q_EMIT deleted(m_record.id);
    Q_EMIT closed();
    return true;
}

void RecordEditor::close()
{
    save();
    Q_EMIT closed();
}

void RecordEditor::showBanner(const QString &text, bool problem)
{
    m_banner->setText(text);
    m_banner->setStyleSheet(problem ? QStringLiteral("background: #fde7ea; color: #8a0015;"
                                                     " border: 2px solid #b00020; padding: 8px;"
                                                     " font-weight: bold;")
                                    : QStringLiteral("background: #e8f0fb; border: 1px solid "
                                                     "#004fa3; padding: 8px;"));
    m_banner->setVisible(!text.isEmpty());
}

void RecordEditor::updateHeader()
{
    QString state;
    switch (m_record.state) {
    case RecordState::Draft:
        state = m_persisted ? tr("Draft") : tr("New record");
        break;
    case RecordState::Finalized:
        state = tr("Finalized: waiting for review. It can no longer be changed on this device.");
        break;
    case RecordState::Accepted:
        state = tr("Accepted by the supervisor. Final.");
        break;
    case RecordState::Rejected:
        state = tr("Not accepted by the supervisor: reopen it to fix it.");
        break;
    }
    m_state->setText(state);
    const bool editable = isEditable();
    m_finalize->setVisible(editable);
    m_reopen->setVisible(m_record.state == RecordState::Rejected);
    m_delete->setEnabled(m_record.state == RecordState::Draft ||
                         m_record.state == RecordState::Rejected);
    if (m_record.state == RecordState::Rejected && m_banner->isHidden() &&
        !m_record.reviewComment.isEmpty())
        showBanner(tr("Supervisor's comment: %1").arg(m_record.reviewComment), false);
}

} // namespace outpost::ui
