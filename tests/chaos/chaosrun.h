// The chaos convergence scenario (tests/chaos/README.md): one real outpost-server (or two on
// one PostgreSQL), several outpost-cli devices each behind its own FaultProxy, rounds of
// random local work and syncs under random network faults, one server SIGKILLed during a push
// and restarted, one device SIGKILLed during a sync; then the faults stop, every device syncs
// until idle, and verify() compares every device with the server and accounts for every op.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QRandomGenerator>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <vector>

#include "chaosdevice.h"
#include "chaosoptions.h"
#include "oplog.h"
#include "testserver.h"

namespace chaos {

class ChaosRun : public QObject
{
    Q_OBJECT

public:
    explicit ChaosRun(const ChaosOptions &options);
    ~ChaosRun() override;

    bool setUp(QString *error);
    bool play(QString *error);
    bool settle(QString *error);
    // The checks; returns every problem found (empty: converged, nothing lost or doubled).
    QStringList verify();
    // One line of figures (after verify()).
    QString summary() const { return m_summary; }

    int serverKills() const { return m_serverKills; }
    int deviceKills() const { return m_deviceKills; }
    int attachmentsVerified() const { return m_attachmentsVerified; }
    int attachmentsDownloaded() const { return m_attachmentsDownloaded; }
    int patchesSent() const; // tus PATCH requests the devices sent
    int patchesCut() const;  // of them, cut mid-body by the proxies' rule
    const OpLog &log() const { return m_log; }
    FaultCounts faults() const;

private:
    struct KnownRecord
    {
        QString id;
        QString formId;
    };

    bool waitIdle(int timeoutMs);
    void scheduleRound();
    void scheduleOp(ChaosDevice &device);
    void scheduleCreate(ChaosDevice &device);
    void scheduleEdit(ChaosDevice &device);
    void scheduleDelete(ChaosDevice &device);
    void scheduleAttach(ChaosDevice &device);
    bool publishFileForm(QString *error);
    QStringList downloadAttachments(const QStringList &ids, int *downloaded);
    const KnownRecord &pickRecord();
    QString nextUuid();
    void onRequest(int deviceIndex, const QByteArray &requestLine);
    void killServer(int serverIndex);
    void restartServer(int serverIndex);
    QStringList compareDevice(ChaosDevice &device, const CliResult &exported,
                              const CliResult &rejected, const ServerState &server,
                              int *rejectedKept);

    ChaosOptions m_options;
    QRandomGenerator m_random;
    QTemporaryDir m_dir;
    std::vector<std::unique_ptr<TestServer>> m_servers;
    std::vector<std::unique_ptr<ChaosDevice>> m_devices;
    std::vector<int> m_serverOf; // device -> server index
    QList<KnownRecord> m_records;
    QList<KnownRecord> m_fileRecords;  // records of the form with a file field
    QHash<QString, QByteArray> m_made; // attachment id -> sha256 (hex) of its bytes
    int m_attachmentsVerified = 0;
    int m_attachmentsDownloaded = 0;
    OpLog m_log;
    QStringList m_problems; // found while playing
    int m_seq = 0;
    int m_rounds = 0;
    int m_restartsPending = 0;
    bool m_serverKillArmed = false;
    int m_deviceKillArmed = -1;
    int m_serverKills = 0;
    int m_deviceKills = 0;
    int m_offlinePeriods = 0;
    int m_localRefusals = 0; // edits a device could not make (record not there)
    int m_syncs = 0;
    int m_failedSyncs = 0;
    QElapsedTimer m_clock;
    QString m_summary;
};

} // namespace chaos
