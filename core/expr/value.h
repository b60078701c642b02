// A value in the expression language: the XPath 1.0 types (string, number, boolean,
// node-set) plus dates, which ODK treats as numbers of days in arithmetic and comparisons.
// Immutable value type; cheap to copy (implicitly shared Qt containers).
#pragma once

#include <QList>
#include <QString>

namespace outpost {

class Value
{
public:
    enum class Type
    {
        String,
        Number,
        Boolean,
        Date,
        NodeSet
    };

    Value() = default; // the empty string: what an unanswered field evaluates to
    static Value fromString(const QString &text);
    static Value fromNumber(double number);
    static Value fromBoolean(bool boolean);
    // A date (hasTime false: whole days) or datetime; `text` is its ISO form.
    static Value fromDate(double days, const QString &text, bool hasTime);
    // The values of a field across repeat instances (or a repeat's instances).
    static Value fromNodeSet(const QList<Value> &nodes);

    Type type() const { return m_type; }
    bool isString() const { return m_type == Type::String; }
    bool isNumber() const { return m_type == Type::Number; }
    bool isBoolean() const { return m_type == Type::Boolean; }
    bool isDate() const { return m_type == Type::Date; }
    bool isNodeSet() const { return m_type == Type::NodeSet; }
    bool hasTime() const { return m_hasTime; }

    // XPath conversions. A node-set converts through its first node ("" when empty);
    // a date converts to its day number and its ISO text.
    QString toString() const;
    double toNumber() const;
    bool toBoolean() const;
    // Day number for a date, or for a string in ISO date / datetime form; NaN otherwise.
    double toDays() const;
    // The nodes of a node-set; any other value is a node-set of itself.
    QList<Value> toNodes() const;

    // XPath number -> string: integers without ".0", "NaN", "Infinity", "-Infinity", no
    // exponent.
    static QString numberToString(double number);
    // XPath string -> number: optional '-', digits with an optional fraction, surrounding
    // whitespace allowed; anything else (including "", "1e3", "+1") is NaN.
    static double stringToNumber(const QString &text);

    bool operator==(const Value &other) const; // same type and same content (for tests)

private:
    Type m_type = Type::String;
    QString m_text;
    double m_number = 0;
    bool m_boolean = false;
    bool m_hasTime = false;
    QList<Value> m_nodes;
};

QString valueTypeName(Value::Type type); // "string", "number", ...

} // namespace outpost
