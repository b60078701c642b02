#include "ziparchive.h"

#include "xlsformlimits.h"

#include <QFile>
#include <QFileInfo>

#include <zip.h>

namespace outpost {

namespace {

Error invalid(const QString &message)
{
    return Error::permanentError(QStringLiteral("invalid_xlsx"), message);
}

Error tooLarge(const QString &message)
{
    return Error::permanentError(QStringLiteral("too_large"), message);
}

QString zipErrorText(int code)
{
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const QString text = QString::fromUtf8(zip_error_strerror(&error));
    zip_error_fini(&error);
    return text;
}

} // namespace

Result<std::unique_ptr<ZipArchive>> ZipArchive::open(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile() || !info.isReadable())
        return Error::permanentError(QStringLiteral("not_found"),
                                     QStringLiteral("cannot read %1").arg(path));
    if (info.size() > xlsformlimits::kMaxFileBytes)
        return tooLarge(QStringLiteral("%1 is larger than %2 MiB")
                            .arg(path)
                            .arg(xlsformlimits::kMaxFileBytes / (1024 * 1024)));
    int code = 0;
    zip *archive = zip_open(QFile::encodeName(path).constData(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!archive) {
        if (code == ZIP_ER_NOZIP)
            return invalid(QStringLiteral("%1 is not an .xlsx file (not a zip archive)").arg(path));
        return invalid(
            QStringLiteral("%1 is not a readable .xlsx file: %2").arg(path, zipErrorText(code)));
    }
    const zip_int64_t entries = zip_get_num_entries(archive, 0);
    if (entries > xlsformlimits::kMaxZipEntries) {
        zip_discard(archive);
        return tooLarge(QStringLiteral("%1 has more than %2 parts")
                            .arg(path)
                            .arg(xlsformlimits::kMaxZipEntries));
    }
    return std::unique_ptr<ZipArchive>(new ZipArchive(archive, path));
}

ZipArchive::ZipArchive(zip *archive, QString path) : m_archive(archive), m_path(std::move(path)) {}

ZipArchive::~ZipArchive()
{
    zip_discard(m_archive); // read-only: nothing to write back
}

bool ZipArchive::contains(const QString &name) const
{
    return zip_name_locate(m_archive, name.toUtf8().constData(), ZIP_FL_NOCASE) >= 0;
}

Result<QByteArray> ZipArchive::read(const QString &name, qint64 maxBytes)
{
    const zip_int64_t index = zip_name_locate(m_archive, name.toUtf8().constData(), ZIP_FL_NOCASE);
    if (index < 0)
        return invalid(QStringLiteral("%1: part %2 is missing").arg(m_path, name));
    const qint64 budget = std::min(maxBytes, xlsformlimits::kMaxTotalBytes - m_bytesReadTotal);
    const QString tooBig = QStringLiteral("%1: part %2 is larger than %3 MiB uncompressed (a zip "
                                          "bomb, or not a form)")
                               .arg(m_path, name)
                               .arg(budget / (1024 * 1024));
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(m_archive, static_cast<zip_uint64_t>(index), 0, &stat) == 0 &&
        (stat.valid & ZIP_STAT_SIZE) && stat.size > static_cast<zip_uint64_t>(budget))
        return tooLarge(tooBig);

    zip_file_t *file = zip_fopen_index(m_archive, static_cast<zip_uint64_t>(index), 0);
    if (!file)
        return invalid(QStringLiteral("%1: cannot open part %2: %3")
                           .arg(m_path, name, QString::fromUtf8(zip_strerror(m_archive))));
    // The declared size may lie: read in chunks and stop past the budget.
    QByteArray bytes;
    char chunk[64 * 1024];
    for (;;) {
        const zip_int64_t n = zip_fread(file, chunk, sizeof chunk);
        if (n < 0) {
            const QString why = QString::fromUtf8(zip_file_strerror(file));
            zip_fclose(file);
            return invalid(QStringLiteral("%1: part %2 is corrupt: %3").arg(m_path, name, why));
        }
        if (n == 0)
            break;
        if (bytes.size() + n > budget) {
            zip_fclose(file);
            return tooLarge(tooBig);
        }
        bytes.append(chunk, static_cast<qsizetype>(n));
    }
    zip_fclose(file);
    m_bytesReadTotal += bytes.size();
    return bytes;
}

} // namespace outpost
