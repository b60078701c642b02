#include "scopeform.h"

#include <QGroupBox>
#include <QVBoxLayout>

#include "editorcontext.h"
#include "fielddefinition.h"
#include "fieldrow.h"
#include "repeatwidget.h"

namespace outpost::ui {

const char *const ScopeForm::kRecordPathProperty = "recordPath";

ScopeForm::ScopeForm(const QList<FieldDefinition> &fields, const QString &prefix,
                     EditorContext *context, QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    for (const FieldDefinition &field : fields) {
        const QString path = prefix + field.name;
        if (!field.metadata.isEmpty())
            continue; // filled by the device (start, end, deviceid…), never asked
        switch (field.type) {
        case FieldType::Calculate:
            break; // computed, not shown
        case FieldType::Group: {
            auto *section = new QGroupBox(context->text(field.label), this);
            section->setObjectName(QStringLiteral("group:%1").arg(path));
            section->setProperty(kRecordPathProperty, path);
            section->setStyleSheet(QStringLiteral(
                "QGroupBox { border: 1px solid #b0b0b0;"
                " border-radius: 6px; margin-top: 18px; padding: 12px 12px 4px 12px; }"
                "QGroupBox::title { subcontrol-origin: margin; left: 12px; padding: 0 4px; }"));
            QFont titleFont = font();
            titleFont.setBold(true);
            titleFont.setPointSizeF(font().pointSizeF() * 1.2);
            section->setFont(titleFont);
            auto *sectionLayout = new QVBoxLayout(section);
            auto *inner = new ScopeForm(field.fields, prefix, context, section);
            inner->setFont(font()); // only the title is bold and large
            sectionLayout->addWidget(inner);
            layout->addWidget(section);
            break;
        }
        case FieldType::Repeat:
            layout->addWidget(new RepeatWidget(field, path, context, this));
            break;
        default:
            layout->addWidget(new FieldRow(field, path, context, this));
            break;
        }
    }
}

} // namespace outpost::ui
