// Helpers shared by the XLSForm tests: where make_xlsforms.py wrote the forms.
#pragma once

#include <QFileInfo>
#include <QString>
#include <QTest>

namespace outpost::xlsformtest {

// The path of a fixture; the test fails if make_xlsforms.py did not make it.
inline QString fixture(const QString &name)
{
    const QString path = QStringLiteral(OUTPOST_XLSFORM_FIXTURES "/") + name;
    if (!QFileInfo::exists(path))
        qFatal("missing fixture %s: run the xlsform_make_forms test first (ctest -L core)",
               qPrintable(path));
    return path;
}

} // namespace outpost::xlsformtest
