#include "choicefilter.h"

#include <QList>

namespace outpost {

namespace {

Error bad(const QString &message)
{
    return Error::permanentError(QStringLiteral("invalid_xlsform"), message);
}

bool isNameStart(QChar c)
{
    return c.isLetter() || c == u'_';
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || c.isDigit() || c == u'-' || c == u'.' || c == u':';
}

// A piece of the filter: literal text, or a bare name to replace per choice.
struct Piece
{
    QString text;
    bool isColumn = false;
};

Result<QList<Piece>> split(const QString &filter, const QStringList &columnNames)
{
    QList<Piece> pieces;
    QString literal;
    for (qsizetype i = 0; i < filter.size();) {
        const QChar c = filter.at(i);
        if (c == u'\'' || c == u'"') {
            const qsizetype end = filter.indexOf(c, i + 1);
            if (end < 0)
                return bad(QStringLiteral("unterminated string in the choice_filter"));
            literal += filter.mid(i, end - i + 1);
            i = end + 1;
        } else if (c == u'$' && i + 1 < filter.size() && filter.at(i + 1) == u'{') {
            const qsizetype end = filter.indexOf(u'}', i);
            if (end < 0)
                return bad(QStringLiteral("a ${ without } in the choice_filter"));
            literal += filter.mid(i, end - i + 1);
            i = end + 1;
        } else if (isNameStart(c)) {
            qsizetype end = i;
            while (end < filter.size() && isNameChar(filter.at(end)))
                ++end;
            const QString name = filter.mid(i, end - i);
            qsizetype next = end;
            while (next < filter.size() && filter.at(next).isSpace())
                ++next;
            const bool isCall = next < filter.size() && filter.at(next) == u'(';
            const bool isOperator =
                name == u"and" || name == u"or" || name == u"div" || name == u"mod";
            if (isCall || isOperator) {
                literal += name;
            } else if (columnNames.contains(name.toLower())) {
                pieces.append({literal, false});
                literal.clear();
                pieces.append({name.toLower(), true});
            } else {
                return bad(QStringLiteral("the choice_filter names \"%1\", which is not a column "
                                          "of the choices sheet")
                               .arg(name));
            }
            i = end;
        } else {
            literal += c;
            ++i;
        }
    }
    pieces.append({literal, false});
    return pieces;
}

Result<QString> quoted(const QString &value)
{
    if (!value.contains(u'\''))
        return QStringLiteral("'%1'").arg(value);
    if (!value.contains(u'"'))
        return QStringLiteral("\"%1\"").arg(value);
    return bad(QStringLiteral("a choices-sheet value with both kinds of quotes cannot be used "
                              "in a choice_filter"));
}

} // namespace

Result<QString> ChoiceFilter::toExpression(const QString &filter, const QString &listName,
                                           const ImportedChoices &choices,
                                           QSet<QString> &usedColumns)
{
    auto pieces = split(filter, choices.columnNames);
    if (!pieces)
        return pieces.error();
    // Condition text -> the names of the choices it lets through, in list order.
    QStringList conditions;
    QHash<QString, QStringList> namesByCondition;
    for (const ImportedChoice &choice : choices.rows.value(listName)) {
        QString condition;
        for (const Piece &piece : *pieces) {
            if (!piece.isColumn) {
                condition += piece.text;
                continue;
            }
            usedColumns.insert(piece.text);
            auto value = quoted(choice.columns.value(piece.text));
            if (!value)
                return value.error();
            condition += *value;
        }
        condition = condition.trimmed();
        if (!namesByCondition.contains(condition))
            conditions.append(condition);
        namesByCondition[condition].append(choice.name);
    }
    if (conditions.size() == 1)
        return QStringLiteral("(%1)").arg(conditions.first());
    QStringList clauses;
    for (const QString &condition : conditions) {
        auto names = quoted(namesByCondition.value(condition).join(u' '));
        if (!names)
            return names.error();
        // The condition first: it rarely holds, and then the list is not searched (a filter
        // is evaluated once per choice, so this keeps long lists fast in the app).
        clauses.append(QStringLiteral("((%1) and selected(%2, .))").arg(condition, *names));
    }
    // Balanced, so that many clauses do not nest deeper than the parser allows.
    while (clauses.size() > 1) {
        QStringList paired;
        for (qsizetype i = 0; i < clauses.size(); i += 2) {
            paired.append(i + 1 < clauses.size()
                              ? QStringLiteral("(%1 or %2)").arg(clauses.at(i), clauses.at(i + 1))
                              : clauses.at(i));
        }
        clauses = paired;
    }
    return clauses.first();
}

} // namespace outpost
