// The application's language (G7): installs the translator of the chosen language (the
// application's own messages, compiled into the binary under :/i18n, and Qt's own qtbase
// messages when the system has them) and takes out the previous one. Installing a translator
// sends QEvent::LanguageChange to every widget; each window, page and widget retranslates
// itself in changeEvent().
//
// A language setting is "" or "system" (the system's locale) or a locale name such as "de" or
// "fr_CH". A language without a translation of its own falls back to English, the source
// language.
// Thread-safety: GUI thread only (QCoreApplication::installTranslator is not meant to race
// with the GUI thread's translations).
#pragma once

#include <QLocale>
#include <QObject>
#include <QString>
#include <QStringList>

class QTranslator;

namespace backupdb::ui {

class Translation final : public QObject
{
    Q_OBJECT

public:
    explicit Translation(QObject *parent = nullptr);
    ~Translation() override; // removes the translators it installed
    Q_DISABLE_COPY_MOVE(Translation)

    // The locale a setting stands for: the system's for "" and "system".
    static QLocale localeFor(const QString &setting);
    // The languages with a translation compiled in ("de", "en", "fr", ...), sorted.
    static QStringList availableLanguages();
    // The resource path of a language's compiled translation (":/i18n/backupdb_de.qm").
    static QString resourcePath(const QString &language);

    // Applies a language setting. Does nothing when the setting stands for the language in
    // effect already (so that it may be called on every configuration change). Returns true
    // when the language changed.
    bool setLanguage(const QString &setting);
    // The language in effect: "de", "fr", "en" (also for a language without a translation).
    QString language() const { return m_language; }
    QString setting() const { return m_setting; }
    // True when Qt's own translation (qtbase) of the language was found and installed.
    bool hasQtTranslation() const { return m_qtTranslator != nullptr; }

signals:
    void languageChanged(const QString &language);

private:
    void removeTranslators();

    QString m_setting;
    QString m_language;
    bool m_applied = false;
    QTranslator *m_appTranslator = nullptr;
    QTranslator *m_qtTranslator = nullptr;
};

} // namespace backupdb::ui
