// Helpers of the security battery (tst_security): the leak scanner, the capture of every Qt
// message, and small file, model and database helpers.

#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QtGlobal>
#include <mutex>
#include <sys/stat.h>
#include <sys/types.h>

namespace securitytest {

constexpr int kWaitMs = 30000;
constexpr int kWindow = 16; // the shortest substring of a secret that counts as a leak

// ---------------------------------------------------------------------------------------------
// The scanner: every 16-character window of every secret, in the forms a leak could take.

inline int hexNibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

class LeakScanner
{
public:
    void add(const QString &label, const QByteArray &secret)
    {
        m_labels.append(label);
        const int owner = int(m_labels.size() - 1);
        // Hex: the hex digits of any text are read as one stream (case and separators such as
        // spaces, colons, "\x" escapes and line breaks do not hide a key); 16 nibbles = 64 bits.
        const QByteArray hex = secret.toHex();
        for (qsizetype i = 0; i + kWindow <= hex.size(); ++i)
            m_hex.insert(nibbles(hex.constData() + i), owner);
        // Base64 at the three byte alignments, standard and URL alphabets.
        for (int shift = 0; shift < 3; ++shift) {
            for (auto options : { QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding }) {
                const QByteArray b64
                        = secret.mid(shift).toBase64(options | QByteArray::OmitTrailingEquals);
                // The last few characters depend on the padding: leave them out.
                for (qsizetype i = 0; i + kWindow <= b64.size() - 3; ++i)
                    m_windows.insert(b64.mid(i, kWindow), owner);
            }
        }
        // Raw bytes (a key written as Latin-1 or as bytes).
        for (qsizetype i = 0; i + kWindow <= secret.size(); ++i)
            m_windows.insert(secret.mid(i, kWindow), owner);
    }

    // Returns the labels of the secrets found in bytes.
    QStringList find(const QByteArray &bytes) const
    {
        QSet<int> found;
        quint64 value = 0;
        int digits = 0;
        for (char c : bytes) {
            const int n = hexNibble(c);
            if (n < 0)
                continue; // everything but hex digits is a separator
            value = (value << 4) | quint64(n);
            if (++digits >= kWindow) {
                auto it = m_hex.constFind(value);
                if (it != m_hex.cend())
                    found.insert(it.value());
            }
        }
        // Base64 may be wrapped: leave out line breaks and spaces (and JSON's escaped ones).
        QByteArray compact = bytes;
        compact.replace("\\n", "").replace("\\r", "").replace("\\/", "/");
        compact.removeIf([](char c) { return c == '\n' || c == '\r' || c == ' ' || c == '\t'; });
        for (const QByteArray *b : { &bytes, static_cast<const QByteArray *>(&compact) }) {
            for (qsizetype i = 0; i + kWindow <= b->size(); ++i) {
                auto it = m_windows.constFind(QByteArray::fromRawData(b->constData() + i, kWindow));
                if (it != m_windows.cend())
                    found.insert(it.value());
            }
        }
        // What QDebug prints for a QByteArray: C escapes ("\\xAB", "\\n", ...) read back to bytes.
        const QByteArray unescaped = unescape(bytes);
        if (unescaped.size() != bytes.size())
            for (qsizetype i = 0; i + kWindow <= unescaped.size(); ++i) {
                auto it = m_windows.constFind(
                        QByteArray::fromRawData(unescaped.constData() + i, kWindow));
                if (it != m_windows.cend())
                    found.insert(it.value());
            }
        QStringList labels;
        for (int owner : std::as_const(found))
            labels.append(m_labels.at(owner));
        labels.sort();
        return labels;
    }

    QStringList find(const QString &text) const
    {
        QStringList labels = find(text.toUtf8()) + find(text.toLatin1());
        labels.removeDuplicates();
        return labels;
    }

    int secrets() const { return int(m_labels.size()); }

private:
    static QByteArray unescape(const QByteArray &in)
    {
        QByteArray out;
        out.reserve(in.size());
        for (qsizetype i = 0; i < in.size(); ++i) {
            const char c = in.at(i);
            // QDebug ends a string literal after "\xAB" when a hex digit follows ("\xAB""c").
            if (c == '"' && i + 1 < in.size() && in.at(i + 1) == '"') {
                ++i;
                continue;
            }
            if (c != '\\' || i + 1 >= in.size()) {
                out.append(c);
                continue;
            }
            const char e = in.at(i + 1);
            if (e == 'x' && i + 3 < in.size() && hexNibble(in.at(i + 2)) >= 0
                && hexNibble(in.at(i + 3)) >= 0) {
                out.append(char(hexNibble(in.at(i + 2)) * 16 + hexNibble(in.at(i + 3))));
                i += 3;
                continue;
            }
            static const QByteArray from("nrtbfav0\\\"'");
            static const QByteArray to("\n\r\t\b\f\a\v\0\\\"'", 11);
            const qsizetype k = from.indexOf(e);
            if (k >= 0) {
                out.append(to.at(k));
                ++i;
                continue;
            }
            out.append(c);
        }
        return out;
    }

    static quint64 nibbles(const char *hex)
    {
        quint64 v = 0;
        for (int i = 0; i < kWindow; ++i)
            v = (v << 4) | quint64(hexNibble(hex[i]));
        return v;
    }

    QStringList m_labels;
    QHash<quint64, int> m_hex;
    QHash<QByteArray, int> m_windows;
};

// ---------------------------------------------------------------------------------------------
// Capture of every Qt message (all categories, debug included, every thread), forwarded to the
// handler installed before (the log sink, which writes them to stderr and the log file).

extern std::mutex g_captureMutex;
extern QStringList g_captured;
extern QtMessageHandler g_forward;

void captureHandler(QtMsgType type, const QMessageLogContext &context, const QString &message);
QStringList capturedMessages();
QByteArray randomBytes(int n);
mode_t modeOf(const QString &path);
// Every file in folder (hidden ones too) whose mode gives anything to group or others.
QStringList nonPrivateFiles(const QString &folder);
QString variantText(const QVariant &v);
qint64 queryCount(const QString &dbPath, const QString &sql);
qint64 auditCount(const QString &dbPath, const QString &action);

} // namespace securitytest
