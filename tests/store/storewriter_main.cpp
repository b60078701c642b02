// outpost_store_writer: a helper process for the store's crash tests. It writes to a store
// until it is killed, or kills itself (SIGKILL) at a named point inside a write.
//   create <dir> <passphrase>                      make a store (fast test cost)
//   write <dir> <passphrase> <seed>                random creates/updates/deletes forever;
//                                                  prints "ready" once unlocked
//   crash <dir> <passphrase> <point> <action> [id|newpassphrase]
//                                                  SIGKILL at <point> during <action>
//                                                  (create <id> | update <id> | delete <id> |
//                                                  rekey <newpassphrase> | index <per pass>:
//                                                  search passes until the backlog is
//                                                  empty); prints "dying". <point>#N: the
//                                                  N-th time the point is reached
// Exit codes: 0 done, 2 usage, 3 store error (printed on stderr).
#include <QCoreApplication>
#include <QRandomGenerator>
#include <QTextStream>

#include <csignal>
#include <cstdio>
#include <cstring>

#include "localstore.h"
#include "storeconnection.h"

using namespace outpost;

namespace {

const char *g_crashPoint = nullptr;
int g_crashAt = 1; // die the N-th time the point is reached

void crashHook(const char *point)
{
    if (g_crashPoint && std::strcmp(point, g_crashPoint) == 0 && --g_crashAt == 0) {
        std::fputs("dying\n", stdout);
        std::fflush(stdout);
        std::raise(SIGKILL);
    }
}

int fail(const Error &error)
{
    std::fprintf(stderr, "%s: %s\n", qPrintable(error.code), qPrintable(error.message));
    return 3;
}

int writeForever(LocalStore &store, quint64 seed)
{
    QRandomGenerator random(static_cast<quint32>(seed));
    RecordQuery all;
    all.includeDeleted = true;
    QList<QUuid> live;
    const auto existing = store.listRecords(all);
    if (!existing)
        return fail(existing.error());
    for (const RecordSummary &s : *existing) {
        if (!s.deleted)
            live << s.id;
    }
    std::fputs("ready\n", stdout);
    std::fflush(stdout);
    for (;;) {
        const int dice = static_cast<int>(random.bounded(100));
        if (live.isEmpty() || dice < 40) {
            Record r;
            r.formId = QStringLiteral("crash");
            r.formVersion = 1;
            r.values = {{"n", 0}, {"text", QStringLiteral("payload %1").arg(random.generate())}};
            auto created = store.createRecord(r);
            if (!created)
                return fail(created.error());
            live << created->id;
        } else if (dice < 92) {
            const QUuid id = live.at(static_cast<int>(random.bounded(live.size())));
            auto record = store.record(id);
            if (!record)
                return fail(record.error());
            Record next = *record;
            next.values.insert("n", next.values.value("n").toInt() + 1);
            if (auto updated = store.updateRecord(next); !updated)
                return fail(updated.error());
        } else {
            const QUuid id = live.takeAt(static_cast<int>(random.bounded(live.size())));
            if (Status deleted = store.deleteRecord(id); !deleted)
                return fail(deleted.error());
        }
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4)
        return 2;
    const QString mode = args.at(1);
    const StoreLocation location = StoreLocation::inDirectory(args.at(2));
    const QString passphrase = args.at(3);
    const StoreOptions options = StoreOptions::fastForTests();

    if (mode == QStringLiteral("create")) {
        auto store = LocalStore::create(location, passphrase, options);
        return store ? 0 : fail(store.error());
    }
    auto store = LocalStore::unlock(location, passphrase, options);
    if (!store)
        return fail(store.error());
    if (mode == QStringLiteral("write") && args.size() >= 5)
        return writeForever(**store, args.at(4).toULongLong());
    if (mode != QStringLiteral("crash") || args.size() < 7)
        return 2;

    static QByteArray point = args.at(4).toUtf8();
    if (const qsizetype hash = point.indexOf('#'); hash > 0) {
        g_crashAt = point.mid(hash + 1).toInt();
        point.truncate(hash);
    }
    g_crashPoint = point.constData();
    setStoreCrashHook(crashHook);
    const QString action = args.at(5);
    const QString arg = args.at(6);
    if (action == QStringLiteral("create")) {
        Record r;
        r.id = QUuid::fromString(arg);
        r.formId = QStringLiteral("crash");
        r.values = {{"n", 0}};
        if (auto created = (*store)->createRecord(r); !created)
            return fail(created.error());
    } else if (action == QStringLiteral("update")) {
        auto record = (*store)->record(QUuid::fromString(arg));
        if (!record)
            return fail(record.error());
        Record next = *record;
        next.values.insert("n", next.values.value("n").toInt() + 1);
        if (auto updated = (*store)->updateRecord(next); !updated)
            return fail(updated.error());
    } else if (action == QStringLiteral("delete")) {
        if (Status deleted = (*store)->deleteRecord(QUuid::fromString(arg)); !deleted)
            return fail(deleted.error());
    } else if (action == QStringLiteral("index")) {
        for (;;) {
            auto waiting = (*store)->indexSearchBacklog(arg.toInt());
            if (!waiting)
                return fail(waiting.error());
            if (*waiting == 0)
                break;
        }
    } else if (action == QStringLiteral("rekey")) {
        if (Status changed = (*store)->changePassphrase(arg); !changed)
            return fail(changed.error());
    } else {
        return 2;
    }
    return 0; // the crash point was not reached
}
