// A form using what XLSForms commonly need beyond fixed values: repeat_count expressions,
// dynamic defaults, choice filters on select_one and select_multiple, indexed-repeat(),
// once(uuid()). Shared by tst_dynamicforms and the server's push tests.
#pragma once

#include <QByteArray>

namespace outpost::test {

inline QByteArray dynamicFormJson()
{
    return QByteArray(R"J({
  "id": "dynamic", "version": 1, "title": "Dynamic",
  "choices": {
    "fruit": [{"name": "apple", "label": "Apple"}, {"name": "banana", "label": "Banana"},
              {"name": "mango", "label": "Mango"}, {"name": "kiwi", "label": "Kiwi"}]
  },
  "fields": [
    {"name": "visit_day", "type": "date", "label": "Day", "default_expression": "today()"},
    {"name": "stamp", "type": "datetime", "label": "Stamp", "default_expression": "now()"},
    {"name": "n", "type": "integer", "label": "People", "default": 2},
    {"name": "n_plus", "type": "integer", "label": "N+1", "default_expression": "${n} + 1"},
    {"name": "code", "type": "text", "label": "Code", "default_expression": "concat('HH-', ${n})"},
    {"name": "fixed", "type": "text", "label": "Fixed", "default": "today()"},
    {"name": "liked", "type": "select_multiple", "choices": "fruit", "label": "Liked"},
    {"name": "best", "type": "select_one", "choices": "fruit", "label": "Best",
     "choice_filter": "selected(${liked}, .)"},
    {"name": "also", "type": "select_multiple", "choices": "fruit", "label": "Also",
     "choice_filter": "not(selected(${liked}, .))"},
    {"name": "members", "type": "repeat", "label": "Members", "repeat_count": "${n}",
     "fields": [
       {"name": "number", "type": "integer", "label": "No", "default_expression": "position(..)"},
       {"name": "name", "type": "text", "label": "Name"},
       {"name": "prev", "type": "calculate",
        "calculation": "if(position(..) > 1, indexed-repeat(${name}, ${members}, position(..) - 1), '')"}
     ]},
    {"name": "tasks", "type": "repeat", "label": "Tasks", "repeat_count": "count-selected(${liked})",
     "relevant": "${n} > 0",
     "fields": [{"name": "task", "type": "text", "label": "Task"}]},
    {"name": "plots", "type": "repeat", "label": "Plots",
     "fields": [
       {"name": "plot_no", "type": "integer", "label": "Plot", "default_expression": "position(..) * 10"},
       {"name": "n_crops", "type": "integer", "label": "Crops", "default": 1},
       {"name": "crops", "type": "repeat", "label": "Crops", "repeat_count": "${n_crops}",
        "fields": [{"name": "crop", "type": "text", "label": "Crop",
                    "default_expression": "concat('crop ', ${plot_no}, '.', position(..))"}]}
     ]},
    {"name": "first_name", "type": "calculate", "calculation": "indexed-repeat(${name}, ${members}, 1)"},
    {"name": "second_crop", "type": "calculate",
     "calculation": "indexed-repeat(${crop}, ${plots}, 1, ${crops}, 2)"},
    {"name": "token", "type": "calculate", "calculation": "once(uuid())"}
  ]
})J");
}

} // namespace outpost::test
