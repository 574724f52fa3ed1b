// Answers the message boxes that open next, in order: clicks each one's accept button (or its
// Cancel) and keeps what they said. Polls from the nested event loop that QMessageBox::exec()
// runs. GUI thread only.
#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QPointer>
#include <QStringList>
#include <QTimer>

class MessageBoxAnswer
{
public:
    enum class Choice { Accept, Cancel };

    explicit MessageBoxAnswer(Choice choice) : MessageBoxAnswer(QList<Choice> { choice }) { }
    explicit MessageBoxAnswer(QList<Choice> choices) : m_choices(std::move(choices))
    {
        QTimer::singleShot(0, &m_context, [this] { poll(); });
    }
    // What the first box said (text and informative text), and every box's object name.
    QString text() const { return m_texts.value(0); }
    QStringList texts() const { return m_texts; }
    QStringList names() const { return m_names; }
    bool answered() const { return !m_choices.isEmpty() && m_texts.size() == m_choices.size(); }

private:
    void poll()
    {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || box == m_last) {
            QTimer::singleShot(10, &m_context, [this] { poll(); });
            return;
        }
        m_last = box;
        const Choice choice = m_choices.at(m_texts.size());
        m_texts.append(box->text() + QLatin1Char('\n') + box->informativeText());
        m_names.append(box->objectName());
        QAbstractButton *target = nullptr;
        for (QAbstractButton *button : box->buttons()) {
            const auto role = box->buttonRole(button);
            if (choice == Choice::Accept
                && (role == QMessageBox::AcceptRole || role == QMessageBox::YesRole))
                target = button;
            if (choice == Choice::Cancel
                && (role == QMessageBox::RejectRole || role == QMessageBox::NoRole))
                target = button;
        }
        if (target)
            target->click();
        else
            box->reject();
        if (m_texts.size() < m_choices.size())
            QTimer::singleShot(10, &m_context, [this] { poll(); });
    }

    QObject m_context; // stops the polling when this goes away
    QList<Choice> m_choices;
    QStringList m_texts;
    QStringList m_names;
    QPointer<QMessageBox> m_last;
};
