// G7, translations: the real main window over a temporary database switches its language
// through Tools › Settings… (en → de → fr → en) and every kind of text follows at once, without
// a restart: the navigation list, a menu title, a table header, a toolbar button, buttons of
// the status bar and of a page. The three translations are compiled into the binary, and the
// .ts files in the source tree are complete: no unfinished message, placeholders, plural forms
// and keyboard accelerators kept.
#include "demo/demogenerator.h"
#include "mainwindow.h"
#include "testsupport.h"
#include "translation.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace backupdb;
using namespace backupdb::ui;

namespace {

constexpr int kWaitMs = 20000;

// What the window shows in one language.
struct Expected
{
    QString language; // the [ui] language setting
    QString clientsPage; // navigation, first item
    QString auditPage; // navigation, last item
    QString fileMenu;
    QString lastSeenHeader; // the clients table
    QString allClients; // the clients toolbar's button
    QString cancel; // the status bar's Cancel
    QString refreshNow; // a button of the dashboard page
};

const Expected kEnglish { QStringLiteral("en"),
                          QStringLiteral("Clients & Files"),
                          QStringLiteral("Audit & Slow queries"),
                          QStringLiteral("&File"),
                          QStringLiteral("Last seen"),
                          QStringLiteral("All clients"),
                          QStringLiteral("Cancel"),
                          QStringLiteral("Refresh &now") };
const Expected kGerman { QStringLiteral("de"),
                         QStringLiteral("Clients & Dateien"),
                         QStringLiteral("Audit & langsame Abfragen"),
                         QStringLiteral("&Datei"),
                         QStringLiteral("Zuletzt gesehen"),
                         QStringLiteral("Alle Clients"),
                         QStringLiteral("Abbrechen"),
                         QStringLiteral("&Jetzt aktualisieren") };
const Expected kFrench { QStringLiteral("fr"),
                         QStringLiteral("Clients et fichiers"),
                         QStringLiteral("Audit et requêtes lentes"),
                         QStringLiteral("&Fichier"),
                         QStringLiteral("Dernière connexion"),
                         QStringLiteral("Tous les clients"),
                         QStringLiteral("Annuler"),
                         QStringLiteral("Actualiser &maintenant") };

// One message of a .ts file.
struct Message
{
    QString context;
    QString source;
    bool numerus = false;
    QString type; // of <translation>: "" (finished), "unfinished", "vanished", "obsolete"
    QStringList forms; // the translation, or its numerus forms
};

QList<Message> readTs(const QString &path, QString *language, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> out;
    QXmlStreamReader xml(&file);
    QString context;
    Message message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("TS")) {
            *language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            message = Message();
            message.context = context;
            message.numerus
                    = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("source")) {
            message.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            message.type = xml.attributes().value(QLatin1String("type")).toString();
            if (message.numerus) {
                while (xml.readNextStartElement())
                    message.forms << xml.readElementText(); // <numerusform>
            } else {
                message.forms << xml.readElementText();
            }
            out << message;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return out;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%(L?n|[1-9])"));
    QStringList out;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        out << it.next().captured(1);
    out.removeDuplicates();
    out.sort();
    return out;
}

// "&File" has an accelerator; "Clients & Files" and "&&" have none.
bool hasAccelerator(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("(^|[^&])&[^&\\s]"));
    return pattern.match(text).hasMatch();
}

} // namespace

class TestLanguage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void translationsAreEmbedded();
    void languageSwitchesLive();
    void openSettingsDialogFollows();
    void tsFilesAreComplete_data();
    void tsFilesAreComplete();

private:
    void chooseLanguage(const QString &language);
    QDialog *openSettings();
    void expectTexts(const Expected &expected);

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestLanguage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings and config go to test folders
    QCoreApplication::setOrganizationName(QStringLiteral("BackupDB"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_language"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("backup.db"));
    {
        auto session = test::openOrFail(test::options(path));
        QVERIFY(session);
        DemoOptions demo;
        demo.clients = 6;
        demo.files = 60;
        QVERIFY(demo::populate(session->database(), demo).ok());
    }
    MainWindowOptions options;
    options.databasePath = path;
    options.configPath = m_dir.filePath(QStringLiteral("backupdb-admin.ini"));
    options.openLastDatabase = false;
    options.offerDemoDatabase = false;
    m_window = std::make_unique<MainWindow>(options);
    QSignalSpy opened(m_window.get(), &MainWindow::databaseOpened);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(!opened.isEmpty() || opened.wait(kWaitMs));
}

void TestLanguage::cleanupTestCase()
{
    m_window.reset();
    QSettings().clear();
}

void TestLanguage::translationsAreEmbedded()
{
    QCOMPARE(Translation::availableLanguages(),
             (QStringList { QStringLiteral("de"), QStringLiteral("en"), QStringLiteral("fr") }));
    const struct
    {
        const char *language;
        const char *file;
    } expected[] = { { "en", "&File" }, { "de", "&Datei" }, { "fr", "&Fichier" } };
    for (const auto &e : expected) {
        const QString path = Translation::resourcePath(QLatin1String(e.language));
        QVERIFY2(QFile(path).exists(), qPrintable(path));
        QTranslator translator;
        QVERIFY2(translator.load(path), qPrintable(path));
        QCOMPARE(translator.translate("backupdb::ui::MainWindow", "&File"),
                 QString::fromUtf8(e.file));
    }
}

QDialog *TestLanguage::openSettings()
{
    m_window->findChild<QAction *>(QStringLiteral("settingsAction"))->trigger();
    QDialog *dialog = nullptr;
    const bool shown = QTest::qWaitFor([&] {
        for (QDialog *d : m_window->findChildren<QDialog *>(QStringLiteral("settingsDialog")))
            if (d->isVisible())
                dialog = d;
        return dialog != nullptr;
    });
    return shown ? dialog : nullptr;
}

void TestLanguage::chooseLanguage(const QString &language)
{
    // Tools › Settings…, the language, OK: saved to the file and applied at once.
    QDialog *dialog = openSettings();
    QVERIFY(dialog);
    auto *combo = dialog->findChild<QComboBox *>(QStringLiteral("language"));
    QVERIFY(combo);
    const int index = combo->findData(language);
    QVERIFY2(index >= 0, qPrintable(language));
    combo->setCurrentIndex(index);
    dialog->accept();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->config().language, language, kWaitMs);
    QCOMPARE(m_window->translation()->language(), language);
}

void TestLanguage::expectTexts(const Expected &e)
{
    auto *navigation = m_window->findChild<QListWidget *>(QStringLiteral("navigation"));
    QVERIFY(navigation);
    // LanguageChange is posted to the windows: the texts follow once the event loop ran.
    QTRY_COMPARE(navigation->item(MainWindow::ClientsAndFiles)->text(), e.clientsPage);
    QCOMPARE(navigation->item(MainWindow::Audit)->text(), e.auditPage);
    QCOMPARE(m_window->menuBar()->actions().first()->text(), e.fileMenu);

    auto *clients = m_window->findChild<QTableView *>(QStringLiteral("clientsView"));
    QVERIFY(clients);
    const QAbstractItemModel *model = clients->model();
    QString lastSeen;
    for (int column = 0; column < model->columnCount(); ++column)
        if (model->headerData(column, Qt::Horizontal).toString() == e.lastSeenHeader)
            lastSeen = e.lastSeenHeader;
    QCOMPARE(lastSeen, e.lastSeenHeader);

    auto *allClients = m_window->findChild<QAction *>(QStringLiteral("allClientsAction"));
    QVERIFY(allClients);
    QCOMPARE(allClients->text(), e.allClients);
    auto *cancel = m_window->findChild<QToolButton *>(QStringLiteral("statusCancel"));
    QVERIFY(cancel);
    QCOMPARE(cancel->text(), e.cancel);

    QStringList dashboardButtons;
    for (const QPushButton *button : m_window->findChildren<QPushButton *>())
        dashboardButtons << button->text();
    QVERIFY2(dashboardButtons.contains(e.refreshNow), qPrintable(dashboardButtons.join(u'|')));
}

void TestLanguage::languageSwitchesLive()
{
    auto *clients = m_window->findChild<QTableView *>(QStringLiteral("clientsView"));
    QVERIFY(clients);
    QSignalSpy headers(clients->model(), &QAbstractItemModel::headerDataChanged);
    for (const Expected *e : { &kEnglish, &kGerman, &kFrench, &kEnglish }) {
        chooseLanguage(e->language);
        expectTexts(*e);
        if (QTest::currentTestFailed())
            return;
    }
    QVERIFY(!headers.isEmpty()); // the views were told that the headers changed
    QCOMPARE(m_window->windowTitle().endsWith(QLatin1String("BackupDB Admin")), true);
}

void TestLanguage::openSettingsDialogFollows()
{
    // The language changes while the dialog is open (the file edited by hand): the dialog
    // follows too.
    chooseLanguage(QStringLiteral("en"));
    QDialog *dialog = openSettings();
    QVERIFY(dialog);
    QCOMPARE(dialog->windowTitle(), QStringLiteral("Settings"));
    auto *keepDays = dialog->findChild<QSpinBox *>(QStringLiteral("keepDays"));
    QVERIFY(keepDays);
    QCOMPARE(keepDays->suffix(), QStringLiteral(" days"));
    AppConfig config = m_window->config();
    config.language = QStringLiteral("de");
    QVERIFY(!saveConfig(config, m_window->configPath()));
    QTRY_COMPARE_WITH_TIMEOUT(dialog->windowTitle(), QStringLiteral("Einstellungen"), kWaitMs);
    QCOMPARE(keepDays->suffix(), QStringLiteral(" Tage"));
    // Qt's own texts too (qtbase_de.qm, Debian's qt6-translations-l10n): no English "Cancel".
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QVERIFY(buttons && buttons->button(QDialogButtonBox::Cancel));
    QTRY_COMPARE_WITH_TIMEOUT(buttons->button(QDialogButtonBox::Cancel)->text(),
                              QStringLiteral("Abbrechen"), kWaitMs);
    dialog->reject();
    chooseLanguage(QStringLiteral("en"));
}

void TestLanguage::tsFilesAreComplete_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("de") << QStringLiteral("de");
    QTest::newRow("fr") << QStringLiteral("fr");
}

void TestLanguage::tsFilesAreComplete()
{
    QFETCH(QString, language);
    const QString path = QDir(QStringLiteral(BACKUPDB_TRANSLATIONS_DIR))
                                 .filePath(QStringLiteral("backupdb_%1.ts").arg(language));
    QString tsLanguage, error;
    const QList<Message> messages = readTs(path, &tsLanguage, &error);
    QVERIFY2(error.isEmpty(), qPrintable(path + QStringLiteral(": ") + error));
    QCOMPARE(tsLanguage, language);
    QVERIFY2(messages.size() > 200, qPrintable(QString::number(messages.size())));

    QStringList problems;
    for (const Message &m : messages) {
        const QString where = m.context + QStringLiteral(" \"") + m.source + QStringLiteral("\": ");
        if (!m.type.isEmpty()) {
            problems << where + m.type;
            continue;
        }
        if (m.numerus && m.forms.size() != 2) // one and many in English, German and French
            problems << where + QStringLiteral("%1 plural forms").arg(m.forms.size());
        for (const QString &form : m.forms) {
            if (form.trimmed().isEmpty())
                problems << where + QStringLiteral("empty translation");
            else if (placeholders(form) != placeholders(m.source))
                problems << where + QStringLiteral("placeholders differ in \"%1\"").arg(form);
            else if (hasAccelerator(m.source) != hasAccelerator(form))
                problems << where + QStringLiteral("accelerator differs in \"%1\"").arg(form);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
