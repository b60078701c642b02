// An EvalContext over a plain name -> value map, for tests, tools and previews.
#pragma once

#include "evalcontext.h"

#include <QHash>

namespace outpost {

class MapContext : public EvalContext
{
public:
    MapContext() = default;
    explicit MapContext(QHash<QString, Value> values, Value current = {})
        : m_values(std::move(values)), m_current(std::move(current))
    {}

    void setValue(const QString &name, const Value &value) { m_values.insert(name, value); }
    void setCurrent(const Value &value) { m_current = value; }
    void setPosition(int position) { m_position = position; }
    void setNow(const QDateTime &now) { m_now = now; } // invalid: the real clock

    Value fieldValue(const QString &name) const override { return m_values.value(name); }
    Value currentValue() const override { return m_current; }
    int position() const override { return m_position; }
    QDateTime now() const override { return m_now.isValid() ? m_now : EvalContext::now(); }

private:
    QHash<QString, Value> m_values;
    Value m_current;
    int m_position = 0;
    QDateTime m_now;
};

} // namespace outpost
