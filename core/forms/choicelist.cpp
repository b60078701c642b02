#include "choicelist.h"

namespace outpost {

const Choice *ChoiceList::find(const QString &choiceName) const
{
    for (const Choice &choice : choices) {
        if (choice.name == choiceName)
            return &choice;
    }
    return nullptr;
}

} // namespace outpost
