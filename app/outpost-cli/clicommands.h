// The commands of outpost-cli. Each opens the store (passphrase from an fd or
// OUTPOST_PASSPHRASE), does one thing, prints text or JSON (--json) and returns the exit
// code: 0 ok, 1 error, 2 usage, 3 sync failed transiently (retry later), 4 sync failed
// permanently (sign-in required, revoked, wiped, rejected request).
#pragma once

#include <QJsonObject>
#include <QStringList>

#include <memory>

#include "localstore.h"
#include "result.h"

namespace outpost {

class CliCommands
{
public:
    explicit CliCommands(QStringList args) : m_args(std::move(args)) {}
    int run();

private:
    int usage(const QString &problem = {});
    int fail(const Error &error, int exitCode = 1);
    int print(const QJsonObject &json, const QString &text);
    QString takeOption(const QString &name, const QString &fallback = {});
    bool takeFlag(const QString &name);
    Result<std::unique_ptr<LocalStore>> openStore(bool createIfMissing);
    Result<QJsonObject> readValues(const QString &text);

    int init();
    int enroll();
    int create();
    int update();
    int remove();
    int list();
    int show();
    int exportRecords();
    int forms();
    int rejected();
    int dismiss();
    int status();
    int sync();
    // clicommands_attachments.cpp
    int attach();
    int uploads();
    int pauseOrResume(bool pause);
    int download();

    QStringList m_args;
    bool m_json = false;
    QString m_storeDir;
    QString m_passphraseFd;
};

} // namespace outpost
