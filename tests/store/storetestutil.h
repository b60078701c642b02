// Helpers shared by the store tests: temporary store directories, file hashes and scans.
#pragma once

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>

#include <memory>

#include "localstore.h"

namespace outpost::storetest {

inline std::unique_ptr<QTemporaryDir> makeTempDir()
{
    QString root = qEnvironmentVariable("OUTPOST_TEST_TMP");
    if (root.isEmpty())
        root = QDir::tempPath();
    QDir().mkpath(root);
    auto dir = std::make_unique<QTemporaryDir>(root + QStringLiteral("/store-XXXXXX"));
    dir->setAutoRemove(true);
    return dir;
}

inline QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray("missing");
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

// Every file under dir (recursively) -> its hash.
inline QMap<QString, QByteArray> directoryHashes(const QString &dir)
{
    QMap<QString, QByteArray> hashes;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        hashes.insert(path, fileHash(path));
    }
    return hashes;
}

// Files under dir whose bytes contain needle.
inline QStringList filesContaining(const QString &dir, const QByteArray &needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            hits << path;
    }
    return hits;
}

inline Record makeRecord(const QString &formId, const QJsonObject &values)
{
    Record record;
    record.formId = formId;
    record.formVersion = 1;
    record.values = values;
    return record;
}

} // namespace outpost::storetest
