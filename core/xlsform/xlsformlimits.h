// Caps on what the XLSForm importer reads, so that a hostile or broken file (a zip bomb, a
// sheet of a million rows, deeply nested XML) gets a clear error instead of exhausting memory.
// Documented in docs/xlsform.md.
#pragma once

#include <QtGlobal>

namespace outpost::xlsformlimits {

inline constexpr qint64 kMaxFileBytes = 64 * 1024 * 1024;   // the .xlsx or one .csv on disk
inline constexpr qint64 kMaxEntryBytes = 64 * 1024 * 1024;  // one uncompressed part of the zip
inline constexpr qint64 kMaxTotalBytes = 192 * 1024 * 1024; // all parts read, uncompressed
inline constexpr int kMaxZipEntries = 10000;
inline constexpr int kMaxSheets = 256;
inline constexpr int kMaxRows = 200000;  // rows of one sheet
inline constexpr int kMaxColumns = 1024; // columns of one sheet (A..AMJ)
inline constexpr int kMaxCellChars = 65536;
inline constexpr int kMaxSharedStrings = 1000000;
inline constexpr int kMaxXmlDepth = 64;
inline constexpr int kMaxErrors = 100; // errors listed in one report; the rest are counted

} // namespace outpost::xlsformlimits
