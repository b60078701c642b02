// Runs the real outpost-server as a child process for a test: a fresh data directory under
// $OUTPOST_TEST_TMP, SQLite by default or a fresh PostgreSQL database when
// OUTPOST_TEST_DB=postgres (cluster from the server_pg fixture), `init`, then
// `serve --listen 127.0.0.1:0`, reading the bound port from its output. For profiling,
// OUTPOST_SERVER_WRAPPER (e.g. "valgrind --tool=callgrind") is put in front of `serve`;
// OUTPOST_TEST_SERVER_BINARY runs another build of the server (before/after comparisons).
#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QStringList>

#include <memory>

class TestServer
{
public:
    TestServer();
    ~TestServer();

    static bool usePostgres();
    // Writes a self-signed certificate for 127.0.0.1 (cert.pem, key.pem) into the data
    // directory with the openssl command, for a "tls" configuration naming those files; false
    // when openssl is missing or failed.
    bool makeTestCertificate();

    // Creates the data directory and database with the given config overrides (merged one
    // level deep: {"limits": {...}}), runs init. Returns false (and says why) on failure.
    bool init(const QJsonObject &overrides = {});
    // Starts serving on a fresh port (after init, or sharing another server's data).
    bool serve();
    // init + serve.
    bool start(const QJsonObject &overrides = {}) { return init(overrides) && serve(); }
    // Uses the data directory (and so the database) of another, initialised server.
    bool shareDataOf(const TestServer &other);
    void stop();
    void kill();
    // The next serve()'s process gets RLIMIT_FSIZE = bytes (0: none): a write past it fails
    // with EFBIG, the way a full disk fails a write.
    void setFileSizeLimit(qint64 bytes) { m_fileSizeLimit = bytes; }

    quint16 port() const { return m_port; }
    // The serving process's id (0 when not running); with OUTPOST_SERVER_WRAPPER it is the
    // wrapper's, which for valgrind is the server itself.
    qint64 processId() const { return m_process ? m_process->processId() : 0; }
    QString dataDir() const { return m_dataDir; }
    QString lastError() const { return m_error; }
    QByteArray serverOutput(); // what serve printed so far (stdout + stderr)

    struct AdminResult
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    AdminResult admin(const QStringList &arguments, const QByteArray &input = {});

private:
    QString m_dataDir;
    quint16 m_port = 0;
    QString m_error;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_output;
    qint64 m_fileSizeLimit = 0;
};
