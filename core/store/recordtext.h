// Text made from a record's values for lists and search, computed when a record is saved.
#pragma once

#include <QJsonObject>
#include <QString>

namespace outpost {

class RecordText
{
public:
    static constexpr int kDisplayTextMaxChars = 120;
    static constexpr int kSearchTextMaxChars = 8192;

    // Up to three values joined by " · ": non-empty texts first, then numbers (each in
    // field-name order). The app may pass a better label from the form instead.
    static QString displayText(const QJsonObject &values);
    // Every text value, repeat groups included, for the full-text index.
    static QString searchText(const QJsonObject &values);
    // Trims and caps a caller-given display text.
    static QString clampDisplayText(const QString &text);
};

} // namespace outpost
