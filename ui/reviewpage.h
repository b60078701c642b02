// The supervisor's review screen (reached from the home page, supervisors only): open
// conflicts to resolve field by field (ReviewConflicts), the history of resolved conflicts
// and of decisions still waiting for the server, and the finalized submissions to accept or
// reject (ReviewSubmissions). Decisions leave through decisionMade (to
// SyncController::queueReview). UI thread only; the store is not owned.
#pragma once

#include <QJsonObject>
#include <QWidget>

class QListWidget;
class QTabWidget;

namespace outpost {
class LocalStore;
}

namespace outpost::ui {

class ReviewConflicts;
class ReviewSubmissions;

class ReviewPage : public QWidget
{
    Q_OBJECT

public:
    explicit ReviewPage(LocalStore *store, QWidget *parent = nullptr);

    void reload(); // after a sync cycle: what the engine pulled and sent
    ReviewConflicts *conflicts() const { return m_conflicts; }
    ReviewSubmissions *submissions() const { return m_submissions; }
    QListWidget *history() const { return m_history; }

Q_SIGNALS:
    void decisionMade(const QJsonObject &action);
    void closed();

private:
    void reloadHistory();

    LocalStore *m_store; // not owned
    QTabWidget *m_tabs;
    ReviewConflicts *m_conflicts;
    QListWidget *m_history;
    ReviewSubmissions *m_submissions;
};

} // namespace outpost::ui
