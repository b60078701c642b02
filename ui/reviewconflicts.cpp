#include "reviewconflicts.h"

#include <QComboBox>
#include <QDateTime>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "localstore.h"
#include "reviewqueue.h"
#include "theme.h"

namespace outpost::ui {

namespace {

const QColor kDiffers(255, 214, 102); // high-contrast amber, readable in sunlight

QString shown(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return {};
    if (value.isString())
        return value.toString();
    const QJsonArray wrapped{value};
    const QByteArray json = QJsonDocument(wrapped).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

// What the supervisor typed, in the type the two sides have: text stays text, anything else
// is read as JSON when it parses (5, true, ["a"]) and kept as text otherwise.
QJsonValue parsed(const QString &text, const QJsonObject &sides)
{
    if (text.isEmpty())
        return QJsonValue::Null;
    if (sides.value(QStringLiteral("server")).isString() ||
        sides.value(QStringLiteral("device")).isString())
        return text;
    const QJsonDocument doc = QJsonDocument::fromJson(("[" + text + "]").toUtf8());
    if (doc.isArray() && doc.array().size() == 1)
        return doc.array().first();
    return text;
}

QString when(const QString &iso)
{
    const QDateTime at = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : iso;
}

} // namespace

ReviewConflicts::ReviewConflicts(LocalStore *store, QWidget *parent)
    : QWidget(parent), m_store(store), m_labels(store), m_list(new QListWidget(this)),
      m_detail(new QLabel(this)), m_fields(new QTableWidget(this)),
      m_resolve(new QPushButton(tr("Resolve"), this))
{
    m_list->setObjectName(QStringLiteral("conflicts"));
    m_detail->setObjectName(QStringLiteral("detail"));
    m_detail->setWordWrap(true);
    m_fields->setObjectName(QStringLiteral("fields"));
    m_resolve->setObjectName(QStringLiteral("resolve"));
    m_resolve->setMinimumHeight(kTouchTargetPx);
    m_fields->setColumnCount(6);
    m_fields->setHorizontalHeaderLabels(
        {tr("Field"), tr("Base"), tr("Device"), tr("Server"), tr("Use"), tr("Value")});
    m_fields->verticalHeader()->setDefaultSectionSize(kTouchTargetPx);
    m_fields->verticalHeader()->hide();
    m_fields->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_fields->setEditTriggers(QAbstractItemView::NoEditTriggers);
    enableKineticScrolling(m_list);
    enableKineticScrolling(m_fields);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_detail);
    layout->addWidget(m_fields, 2);
    layout->addWidget(m_resolve, 0, Qt::AlignRight);
    connect(m_list, &QListWidget::currentRowChanged, this, &ReviewConflicts::showConflict);
    connect(m_resolve, &QPushButton::clicked, this, &ReviewConflicts::resolve);
    reload();
}

void ReviewConflicts::reload()
{
    QSet<qint64> queued = m_resolvedHere;
    for (const QJsonValue &action : reviewqueue::pending(*m_store).valueOr(QJsonArray()))
        if (action.toObject().value(QStringLiteral("kind")).toString() == QStringLiteral("resolve"))
            queued.insert(
                action.toObject().value(QStringLiteral("target")).toString().toLongLong());
    const qint64 current = m_shown.value(QStringLiteral("id")).toInteger();
    m_conflicts = {};
    m_list->blockSignals(true);
    m_list->clear();
    int currentRow = -1;
    for (const QJsonValue &value : reviewqueue::openConflicts(*m_store)) {
        const QJsonObject conflict = value.toObject();
        const qint64 id = conflict.value(QStringLiteral("id")).toInteger();
        if (queued.contains(id))
            continue;
        if (id == current)
            currentRow = static_cast<int>(m_conflicts.size());
        m_conflicts.append(conflict);
        const QString formId = conflict.value(QStringLiteral("form_id")).toString();
        QStringList labels;
        for (const QString &key : conflict.value(QStringLiteral("fields")).toObject().keys())
            labels << m_labels.label(formId, key);
        auto *item = new QListWidgetItem(
            tr("%1 — %2 changed by %3 (%4)")
                .arg(formId, labels.join(QStringLiteral(", ")),
                     conflict.value(QStringLiteral("user")).toString(),
                     when(conflict.value(QStringLiteral("created_at")).toString())),
            m_list);
        item->setData(Qt::UserRole, id);
        item->setSizeHint(QSize(0, kTouchTargetPx));
    }
    m_list->blockSignals(false);
    if (currentRow < 0 && !m_conflicts.isEmpty())
        currentRow = 0;
    m_list->setCurrentRow(currentRow);
    showConflict(currentRow);
}

int ReviewConflicts::conflictCount() const
{
    return static_cast<int>(m_conflicts.size());
}

void ReviewConflicts::showConflict(int row)
{
    // The old rows' editors are deleted later: unname them so that no lookup finds them.
    for (int r = 0; r < m_fields->rowCount(); ++r)
        for (int column : {ChoiceColumn, ValueColumn})
            if (QWidget *editor = m_fields->cellWidget(r, column))
                editor->setObjectName(QString());
    m_fields->setRowCount(0);
    m_shown = row >= 0 && row < m_conflicts.size() ? m_conflicts.at(row).toObject() : QJsonObject();
    m_resolve->setEnabled(!m_shown.isEmpty());
    if (m_shown.isEmpty()) {
        m_detail->setText(tr("No conflict waits for you."));
        return;
    }
    const QString user = m_shown.value(QStringLiteral("user")).toString();
    const QString at = when(m_shown.value(QStringLiteral("created_at")).toString());
    m_detail->setText(tr("Record %1: %2's change of %3 met a newer change on the server. "
                         "Choose per field, then resolve.")
                          .arg(m_shown.value(QStringLiteral("record_id")).toString(), user, at));
    m_fields->setHorizontalHeaderLabels({tr("Field"), tr("Base"),
                                         tr("Device (%1, %2)").arg(user, at), tr("Server (now)"),
                                         tr("Use"), tr("Value")});
    const QJsonObject fields = m_shown.value(QStringLiteral("fields")).toObject();
    m_fields->setRowCount(static_cast<int>(fields.size()));
    int row2 = 0;
    for (auto it = fields.begin(); it != fields.end(); ++it, ++row2) {
        const QJsonObject sides = it.value().toObject();
        const bool differs =
            sides.value(QStringLiteral("device")) != sides.value(QStringLiteral("server"));
        auto *name = new QTableWidgetItem(
            m_labels.label(m_shown.value(QStringLiteral("form_id")).toString(), it.key()));
        name->setData(Qt::UserRole, differs);
        name->setData(KeyRole, it.key());
        name->setToolTip(it.key());
        m_fields->setItem(row2, FieldColumn, name);
        const QStringList keys{QStringLiteral("base"), QStringLiteral("device"),
                               QStringLiteral("server")};
        for (int i = 0; i < keys.size(); ++i) {
            auto *item = new QTableWidgetItem(shown(sides.value(keys[i])));
            if (differs && i > 0)
                item->setBackground(kDiffers);
            m_fields->setItem(row2, BaseColumn + i, item);
        }
        if (differs) {
            QFont bold = name->font();
            bold.setBold(true);
            name->setFont(bold);
            name->setBackground(kDiffers);
        }
        auto *choice = new QComboBox(m_fields);
        choice->setObjectName(QStringLiteral("choice_") + it.key());
        choice->addItems({tr("Server"), tr("Device"), tr("Base"), tr("Typed")});
        auto *value = new QLineEdit(shown(sides.value(QStringLiteral("server"))), m_fields);
        value->setObjectName(QStringLiteral("value_") + it.key());
        m_fields->setCellWidget(row2, ChoiceColumn, choice);
        m_fields->setCellWidget(row2, ValueColumn, value);
        connect(choice, &QComboBox::activated, this, [value, choice, sides](int index) {
            static const QStringList side{QStringLiteral("server"), QStringLiteral("device"),
                                          QStringLiteral("base")};
            if (index < side.size()) {
                const QSignalBlocker block(value);
                value->setText(shown(sides.value(side[index])));
            }
            choice->setCurrentIndex(index);
        });
        connect(value, &QLineEdit::textEdited, choice,
                [choice] { choice->setCurrentIndex(Typed); });
    }
}

void ReviewConflicts::choose(const QString &field, Choice choice, const QString &typed)
{
    for (int row = 0; row < m_fields->rowCount(); ++row) {
        if (m_fields->item(row, FieldColumn)->data(KeyRole).toString() != field)
            continue;
        auto *box = qobject_cast<QComboBox *>(m_fields->cellWidget(row, ChoiceColumn));
        auto *value = qobject_cast<QLineEdit *>(m_fields->cellWidget(row, ValueColumn));
        if (choice == Typed) {
            value->setText(typed);
            box->setCurrentIndex(Typed);
        } else {
            box->setCurrentIndex(choice);
            Q_EMIT box->activated(choice);
        }
    }
}

QJsonValue ReviewConflicts::chosenValue(int row) const
{
    const QJsonObject sides = m_shown.value(QStringLiteral("fields"))
                                  .toObject()
                                  .value(m_fields->item(row, FieldColumn)->data(KeyRole).toString())
                                  .toObject();
    auto *box = qobject_cast<QComboBox *>(m_fields->cellWidget(row, ChoiceColumn));
    auto *value = qobject_cast<QLineEdit *>(m_fields->cellWidget(row, ValueColumn));
    switch (box->currentIndex()) {
    case TakeDevice:
        return sides.value(QStringLiteral("device"));
    case TakeBase:
        return sides.value(QStringLiteral("base"));
    case Typed:
        return parsed(value->text(), sides);
    default:
        return sides.value(QStringLiteral("server"));
    }
}

bool ReviewConflicts::resolve()
{
    if (m_shown.isEmpty())
        return false;
    QJsonObject values;
    for (int row = 0; row < m_fields->rowCount(); ++row)
        values.insert(m_fields->item(row, FieldColumn)->data(KeyRole).toString(), chosenValue(row));
    const qint64 id = m_shown.value(QStringLiteral("id")).toInteger();
    m_resolvedHere.insert(id);
    Q_EMIT decisionMade(reviewqueue::resolveAction(id, values));
    m_shown = {};
    reload();
    return true;
}

} // namespace outpost::ui
