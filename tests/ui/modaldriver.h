// Answers the app's modal dialogs in tests: the dialog runs its own event loop (exec()), so
// the answer is scheduled before the action that opens it. UI thread only.
#pragma once

#include <QApplication>
#include <QPushButton>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>

namespace outpost::ui::test {

// Calls `answer` with the next modal widget named `objectName` once it shows. The returned
// flag becomes true when it appeared. Gives up after about two seconds.
inline std::shared_ptr<bool> answerNextModal(const QString &objectName,
                                             std::function<void(QWidget *)> answer)
{
    auto seen = std::make_shared<bool>(false);
    auto attempt = std::make_shared<std::function<void(int)>>();
    // The function holds itself weakly; pending timers hold it strongly.
    std::weak_ptr<std::function<void(int)>> self = attempt;
    *attempt = [objectName, answer, seen, self](int triesLeft) {
        QWidget *modal = QApplication::activeModalWidget();
        if (!modal || modal->objectName() != objectName) {
            if (auto again = self.lock(); again && triesLeft > 0)
                QTimer::singleShot(10, qApp, [again, triesLeft] { (*again)(triesLeft - 1); });
            return;
        }
        *seen = true;
        answer(modal);
    };
    QTimer::singleShot(0, qApp, [attempt] { (*attempt)(200); });
    return seen;
}

// Answers the next modal dialog named `objectName` by clicking its button named `button`
// ("confirm" or "cancel").
inline std::shared_ptr<bool> answerNextConfirmation(const QString &objectName,
                                                    const QString &button)
{
    return answerNextModal(objectName, [button](QWidget *modal) {
        if (auto *clicked = modal->findChild<QPushButton *>(button))
            clicked->click();
    });
}

} // namespace outpost::ui::test
