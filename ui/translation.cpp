#include "translation.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QTranslator>

namespace backupdb::ui {

namespace {

const QString kResourceFolder = QStringLiteral(":/i18n");
const QString kPrefix = QStringLiteral("backupdb_");
const QString kSourceLanguage = QStringLiteral("en");

} // namespace

Translation::Translation(QObject *parent)
    : QObject(parent)
{ }

Translation::~Translation()
{
    removeTranslators();
}

QLocale Translation::localeFor(const QString &setting)
{
    const QString name = setting.trimmed();
    if (name.isEmpty() || name.compare(QLatin1String("system"), Qt::CaseInsensitive) == 0)
        return QLocale::system();
    return QLocale(name);
}

QStringList Translation::availableLanguages()
{
    QStringList out;
    const QStringList files
            = QDir(kResourceFolder)
                      .entryList({ kPrefix + QLatin1String("*.qm") }, QDir::Files, QDir::Name);
    for (const QString &file : files)
        out << QFileInfo(file).completeBaseName().mid(kPrefix.size());
    return out;
}

QString Translation::resourcePath(const QString &language)
{
    return kResourceFolder + QLatin1Char('/') + kPrefix + language + QLatin1String(".qm");
}

bool Translation::setLanguage(const QString &setting)
{
    const QLocale locale = localeFor(setting);
    // The compiled translation that fits best: "de_CH" finds backupdb_de.qm.
    auto *app = new QTranslator(this);
    // Otherwise English: its translation holds the plural forms ("1 file record", "2 file
    // records") of the source's "file record(s)".
    if (!app->load(locale, QStringLiteral("backupdb"), QStringLiteral("_"), kResourceFolder)
        && !app->load(resourcePath(kSourceLanguage))) {
        delete app;
        app = nullptr;
    }
    const QString language = app ? QFileInfo(app->filePath()).completeBaseName().mid(kPrefix.size())
                                 : kSourceLanguage;
    m_setting = setting;
    if (m_applied && language == m_language) {
        delete app;
        return false;
    }

    // Qt's own messages (dialog buttons, the file dialog, context menus): optional, the
    // system may not have them.
    auto *qt = new QTranslator(this);
    if (!qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
                  QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        delete qt;
        qt = nullptr;
    }

    removeTranslators();
    // Numbers and dates keep following the system's locale: QLocale::setDefault() is not safe
    // once worker threads (which format too) are running.
    m_qtTranslator = qt;
    m_appTranslator = app;
    // The one installed last is asked first: the application's own before Qt's.
    if (m_qtTranslator)
        QCoreApplication::installTranslator(m_qtTranslator);
    if (m_appTranslator)
        QCoreApplication::installTranslator(m_appTranslator);
    m_language = language;
    m_applied = true;
    emit languageChanged(m_language);
    return true;
}

void Translation::removeTranslators()
{
    for (QTranslator **translator : { &m_appTranslator, &m_qtTranslator }) {
        if (!*translator)
            continue;
        QCoreApplication::removeTranslator(*translator);
        delete *translator;
        *translator = nullptr;
    }
}

} // namespace backupdb::ui
