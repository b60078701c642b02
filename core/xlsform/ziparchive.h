// Read-only access to the entries of a zip file (an .xlsx), through libzip, with every read
// capped: a zip bomb or a truncated or corrupt archive gives an error, never a crash or an
// exhausted memory. Not copyable; one thread at a time.
#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <memory>

struct zip;

namespace outpost {

class ZipArchive
{
public:
    // Errors: "not_found" (cannot open the file), "invalid_xlsx" (not a zip, corrupt),
    // "too_large" (the file or its entry count is over the limits).
    static Result<std::unique_ptr<ZipArchive>> open(const QString &path);
    ~ZipArchive();
    ZipArchive(const ZipArchive &) = delete;
    ZipArchive &operator=(const ZipArchive &) = delete;

    // Whether an entry exists; names are matched case-insensitively, as Office does.
    bool contains(const QString &name) const;
    // The uncompressed bytes of an entry, at most maxBytes (and at most what is left of the
    // total budget for the archive). Errors: "invalid_xlsx" (missing, corrupt, CRC mismatch),
    // "too_large".
    Result<QByteArray> read(const QString &name, qint64 maxBytes);

private:
    ZipArchive(zip *archive, QString path);

    zip *m_archive; // owned
    QString m_path;
    qint64 m_bytesReadTotal = 0; // uncompressed bytes read so far, for the total cap
};

} // namespace outpost
