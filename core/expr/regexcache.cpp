#include "regexcache.h"

#include "exprerror.h"
#include "exprlimits.h"

#include <QHash>
#include <QMutex>
#include <QMutexLocker>

namespace outpost {

namespace {

constexpr int kMaxCachedPatterns = 256;

struct Cache
{
    QMutex mutex;
    QHash<QString, QRegularExpression> compiled;
};

Cache &cache()
{
    static Cache instance;
    return instance;
}

} // namespace

Result<QRegularExpression> RegexCache::compile(const QString &pattern)
{
    if (pattern.size() > exprlimits::kMaxRegexChars)
        return exprRuntimeError(QStringLiteral("regex pattern is longer than %1 characters")
                                    .arg(exprlimits::kMaxRegexChars));
    Cache &c = cache();
    {
        QMutexLocker lock(&c.mutex);
        const auto it = c.compiled.constFind(pattern);
        if (it != c.compiled.constEnd())
            return *it;
    }
    // The in-pattern limit can only lower PCRE2's own: a catastrophic pattern stops early
    // and counts as no match instead of spinning.
    const QString prefix = QStringLiteral("(*LIMIT_MATCH=%1)").arg(exprlimits::kRegexMatchLimit);
    QRegularExpression re(prefix + pattern);
    if (!re.isValid()) {
        const qsizetype offset = std::max<qsizetype>(0, re.patternErrorOffset() - prefix.size());
        return exprRuntimeError(QStringLiteral("invalid regex pattern '%1': %2 at offset %3")
                                    .arg(pattern, re.errorString())
                                    .arg(offset));
    }
    re.optimize();
    QMutexLocker lock(&c.mutex);
    if (c.compiled.size() >= kMaxCachedPatterns)
        c.compiled.clear();
    c.compiled.insert(pattern, re);
    return re;
}

Result<bool> RegexCache::search(const QString &pattern, const QString &subject)
{
    if (subject.size() > exprlimits::kMaxRegexSubjectChars)
        return exprRuntimeError(QStringLiteral("value is longer than %1 characters for regex()")
                                    .arg(exprlimits::kMaxRegexSubjectChars));
    auto re = compile(pattern);
    if (!re)
        return re.error();
    return re->match(subject).hasMatch();
}

} // namespace outpost
