// The server's schema as versioned migrations, one list for both backends. Statements use a
// few placeholders that dialect() fills in: {pk} (auto-increment integer primary key).
#pragma once

#include <QStringList>

#include <vector>

namespace outpost {

struct Migration
{
    int version;
    QStringList statements;
};

class Schema
{
public:
    static const std::vector<Migration> &migrations();
    static QString dialect(const QString &statement, bool postgres);
};

} // namespace outpost
