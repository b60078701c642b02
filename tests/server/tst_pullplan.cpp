// The query plan of a pull (PullService::visibleRecordsSql) on the server's real database,
// made by `outpost-server init` (SQLite, or PostgreSQL with OUTPOST_TEST_DB=postgres): each
// source of a collector's pull is read through the index made for it, so its cost follows
// what the collector may see, never the team's whole change stream. The same pull over HTTP,
// its pages and its cursor, is tested in tst_serverpull::ownPullCostsOwnChanges.
#include <QtTest>

#include <QSqlError>
#include <QSqlQuery>

#include "pullservice.h"
#include "serverconfig.h"
#include "serverstore.h"
#include "testserver.h"

using namespace outpost;

class TestPullPlan : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    std::unique_ptr<ServerStore> m_store;

    // The plan of the pull's records query for the caller, as one text.
    QString plan(const Caller &caller, const QHash<qint64, QStringList> &teamVisible)
    {
        QVariantList binds;
        const bool postgres = m_store->isPostgres();
        const QString sql =
            PullService::visibleRecordsSql(caller, teamVisible, 0, 101, postgres, binds);
        auto db = m_store->database();
        if (!db)
            return db.error().message;
        QSqlQuery query(*db);
        if (postgres) {
            // Empty tables: make the planner show which index it would walk in version
            // order, as it does once the tables are large (see docs/performance.md).
            for (const char *setting : {"SET enable_seqscan = off", "SET enable_bitmapscan = off",
                                        "SET enable_sort = off"})
                query.exec(QString::fromLatin1(setting));
        }
        QString explain = (postgres ? QStringLiteral("EXPLAIN ")
                                    : QStringLiteral("EXPLAIN QUERY "
                                                     "PLAN ")) +
                          sql;
        if (postgres) {
            // PostgreSQL cannot prepare an EXPLAIN: the test's own values, inlined.
            for (const QVariant &bind : binds) {
                const qsizetype at = explain.indexOf(QLatin1Char('?'));
                explain.replace(at, 1,
                                bind.typeId() == QMetaType::QString
                                    ? QLatin1Char('\'') + bind.toString() + QLatin1Char('\'')
                                    : bind.toString());
            }
            if (!query.exec(explain))
                return query.lastError().text();
        } else {
            if (!query.prepare(explain))
                return query.lastError().text();
            for (const QVariant &bind : binds)
                query.addBindValue(bind);
            if (!query.exec())
                return query.lastError().text();
        }
        QStringList lines;
        while (query.next())
            lines << query.value(postgres ? 0 : 3).toString();
        return lines.join(QLatin1Char('\n'));
    }

    // No whole-table scan of records, and on SQLite no sort of what the indexes read.
    bool readsInIndexOrder(const QString &plan) const
    {
        return !plan.contains(QStringLiteral("SCAN records")) &&
               !plan.contains(QStringLiteral("Seq Scan on records")) &&
               (m_store->isPostgres() || !plan.contains(QStringLiteral("TEMP B-TREE")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.init(), qPrintable(m_server.lastError()));
        auto config = ServerConfig::load(m_server.dataDir());
        QVERIFY(config);
        m_store = std::make_unique<ServerStore>(config->database, config->sqlitePath());
        QVERIFY(m_store->database());
    }

    void collectorReadsOwnAndTeamFormsThroughTheirIndexes()
    {
        Caller collector;
        collector.userId = 7;
        collector.roles.insert(3, QStringLiteral("collector"));
        const QString text = plan(collector, {{3, {QStringLiteral("shared")}}});
        QVERIFY2(text.contains(QStringLiteral("records_team_owner_version")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("records_team_form_version")), qPrintable(text));
        // neither the team's stream nor the global one, nor a whole-table scan
        QVERIFY2(!text.contains(QStringLiteral("records_team_version")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("records_version")), qPrintable(text));
        QVERIFY2(readsInIndexOrder(text), qPrintable(text));
        if (!m_store->isPostgres()) // merged in index order and cut at the page size
            QVERIFY2(text.contains(QStringLiteral("MERGE (UNION ALL)")), qPrintable(text));
    }

    void supervisorOfOneTeamIsOneIndexScan()
    {
        Caller supervisor;
        supervisor.userId = 9;
        supervisor.roles.insert(3, QStringLiteral("supervisor"));
        const QString text = plan(supervisor, {{3, {QStringLiteral("shared")}}});
        QVERIFY2(text.contains(QStringLiteral("records_team_version")), qPrintable(text));
        QVERIFY2(readsInIndexOrder(text), qPrintable(text));
    }

    void supervisorReadsTheTeamStream()
    {
        Caller supervisor;
        supervisor.userId = 8;
        supervisor.roles.insert(3, QStringLiteral("supervisor"));
        supervisor.roles.insert(4, QStringLiteral("collector"));
        const QString text = plan(supervisor, {});
        QVERIFY2(text.contains(QStringLiteral("records_team_version")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("records_team_owner_version")), qPrintable(text));
        QVERIFY2(readsInIndexOrder(text), qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TestPullPlan)
#include "tst_pullplan.moc"
