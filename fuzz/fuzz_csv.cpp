// The XLSForm CSV reader (core/xlsform/csvreader.h): CsvReader::parse on the raw bytes
// (quotes, "" escapes, CRLF/LF, a byte order mark, the ';' separator guess, UTF-8 check).
#include "csvreader.h"
#include "fuzzcheck.h"

using namespace outpost;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)CsvReader::parse(bytes, QStringLiteral("survey"), QStringLiteral("fuzz.csv"));
    return 0;
}
