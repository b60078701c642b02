// The review of finalized submissions: the team's finalized records as pulled; accept one, or
// reject it with a comment (required). The decision leaves as a reviewqueue action
// (decisionMade) that the sync engine sends until the server has it; the collector's device
// gets the new state and comment with its next pull. UI thread only; the store is not owned.
#pragma once

#include <QJsonObject>
#include <QSet>
#include <QUuid>
#include <QWidget>

class QLineEdit;
class QListWidget;
class QPushButton;

namespace outpost {
class LocalStore;
}

namespace outpost::ui {

class ReviewSubmissions : public QWidget
{
    Q_OBJECT

public:
    explicit ReviewSubmissions(LocalStore *store, QWidget *parent = nullptr);

    void reload();
    int submissionCount() const;
    bool select(const QUuid &recordId);
    // Queues the decision on the selected record. Reject needs a comment. False if refused.
    bool accept();
    bool reject(const QString &comment);

Q_SIGNALS:
    void decisionMade(const QJsonObject &action);

private:
    bool decide(bool accept, const QString &comment);
    void updateActions();
    QUuid selected() const;

    LocalStore *m_store; // not owned
    QListWidget *m_list;
    QLineEdit *m_comment;
    QPushButton *m_accept;
    QPushButton *m_reject;
    QSet<QUuid> m_decidedHere; // queued from this page, until the pull brings the new state
};

} // namespace outpost::ui
