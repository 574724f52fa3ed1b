// A stand-in for the backup server's own data layer (database.py of the original, see
// shared/reference/database-fixes-summary.md), writing the way it does: one long-lived
// connection with foreign keys off unless told, clients re-saved with INSERT OR REPLACE on every
// reconnect, files bulk-inserted with INSERT OR IGNORE, its own indexes (one of them twice under
// another name) and its own database_migrations table, and a plain copy of its own database file
// while it has it open (which drops every POSIX lock its connection holds on the file).
//
// Driven line by line on stdin; answers one line each on stdout ("ok ..." or "error ...").
//   schema | fk on|off | recursive on|off | client NAME | files NAME N | upsert NAME
//   update NAME | updateid NAME | delete NAME | copyself PATH | count | written | quit
#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

sqlite3 *db = nullptr;
long long written = 0; // rows this process changed
unsigned long long serial = 0;

std::string idOf(const std::string &name, unsigned long long n = 0)
{
    // 16 bytes derived from the name (and n): the same client always gets the same ID.
    unsigned long long h = 1469598103934665603ull ^ n;
    for (char c : name)
        h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    std::string id(16, '\0');
    for (int i = 0; i < 16; ++i) {
        h = h * 6364136223846793005ull + 1442695040888963407ull;
        id[i] = char(h >> 56);
    }
    return id;
}

bool exec(const std::string &sql)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::cout << "error " << (message ? message : "?") << std::endl;
        sqlite3_free(message);
        return false;
    }
    return true;
}

// Runs sql with the blobs bound in order, counting the rows changed.
bool run(const std::string &sql, std::initializer_list<std::string> blobs, long long number = 0)
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
        std::cout << "error " << sqlite3_errmsg(db) << std::endl;
        return false;
    }
    int i = 1;
    for (const std::string &b : blobs)
        sqlite3_bind_blob(stmt, i++, b.data(), int(b.size()), SQLITE_TRANSIENT);
    if (sqlite3_bind_parameter_count(stmt) >= i)
        sqlite3_bind_int64(stmt, i, number);
    const int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        std::cout << "error " << sqlite3_errmsg(db) << std::endl;
        return false;
    }
    written += sqlite3_changes(db);
    return true;
}

long long scalar(const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: backupdb_fakeserver DB\n");
        return 2;
    }
    if (sqlite3_open(argv[1], &db) != SQLITE_OK)
        return 3;
    sqlite3_busy_timeout(db, 5000);
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        std::string command, arg;
        long long n = 0;
        in >> command >> arg >> n;
        bool ok = true;
        if (command == "schema") {
            ok = exec("PRAGMA journal_mode=WAL;"
                      "CREATE TABLE IF NOT EXISTS clients (ID BLOB(16) PRIMARY KEY, Name VARCHAR(255) "
                      "UNIQUE NOT NULL, PublicKey BLOB(160), LastSeen TEXT NOT NULL, AESKey BLOB(32));"
                      "CREATE TABLE IF NOT EXISTS files (ID BLOB(16) PRIMARY KEY, FileName VARCHAR(255) "
                      "NOT NULL, PathName VARCHAR(255) NOT NULL, Verified BOOLEAN DEFAULT 0, FileSize "
                      "INTEGER, ModificationDate TEXT, CRC INTEGER, ClientID BLOB(16) NOT NULL, "
                      "FOREIGN KEY (ClientID) REFERENCES clients(ID) ON DELETE CASCADE);"
                      "CREATE INDEX IF NOT EXISTS idx_files_client ON files(ClientID);"
                      "CREATE INDEX IF NOT EXISTS idx_files_clientid ON files(ClientID);"
                      "CREATE TABLE IF NOT EXISTS database_migrations (version INTEGER PRIMARY KEY, "
                      "description TEXT NOT NULL, applied_at TEXT NOT NULL, rollback_sql TEXT);"
                      "INSERT OR IGNORE INTO database_migrations VALUES (1, 'initial', "
                      "CURRENT_TIMESTAMP, NULL);");
        } else if (command == "fk") {
            ok = exec(std::string("PRAGMA foreign_keys=") + (arg == "on" ? "ON" : "OFF"));
        } else if (command == "recursive") {
            ok = exec(std::string("PRAGMA recursive_triggers=") + (arg == "on" ? "ON" : "OFF"));
        } else if (command == "client") {
            // Every reconnect re-saves the client whole.
            ok = run("INSERT OR REPLACE INTO clients (ID, Name, PublicKey, LastSeen, AESKey) VALUES "
                     "(?1, '" + arg + "', zeroblob(160), strftime('%Y-%m-%dT%H:%M:%f', 'now', ?2 || ' seconds'), "
                     "randomblob(32))", { idOf(arg) }, ++serial);
        } else if (command == "files") {
            // A bulk insert that sends every tenth file again (a resent batch): ignored.
            ok = exec("BEGIN");
            for (long long i = 0; ok && i < n; ++i) {
                const unsigned long long k = (i % 10 == 9) ? serial : ++serial;
                ok = run("INSERT OR IGNORE INTO files (ID, FileName, PathName, Verified, FileSize, "
                         "ModificationDate, CRC, ClientID) VALUES (?1, 'f.bin', "
                         "'received_files\\f.bin', ?3 % 2, ?3 * 7, '2025-01-10 12:00:00', 0, ?2)",
                         { idOf(arg, k), idOf(arg) }, (long long)k);
            }
            ok = ok && exec("COMMIT");
        } else if (command == "upsert") {
            ok = run("INSERT INTO files (ID, FileName, PathName, Verified, FileSize, ClientID) VALUES "
                     "(?1, 'u.bin', 'u', 1, 5, ?2) ON CONFLICT(ID) DO UPDATE SET FileSize = "
                     "FileSize + 1000, Verified = 1", { idOf(arg, serial), idOf(arg) });
        } else if (command == "replacefile") {
            ok = run("INSERT OR REPLACE INTO files (ID, FileName, PathName, Verified, FileSize, "
                     "ClientID) VALUES (?1, 'r.bin', 'r', 0, 77, ?2)", { idOf(arg, serial), idOf(arg) });
        } else if (command == "update") {
            ok = run("UPDATE files SET FileSize = FileSize + 3, Verified = 1 - Verified, FileName = "
                     "'g.bin' WHERE ClientID = ?1", { idOf(arg) });
        } else if (command == "updateid") {
            // Moves the newest file onto the ID of an older one of the same client.
            ok = run("UPDATE OR REPLACE files SET ID = ?1 WHERE ID = ?2",
                     { idOf(arg, serial - 2), idOf(arg, serial) });
        } else if (command == "delete") {
            ok = run("DELETE FROM clients WHERE ID = ?1", { idOf(arg) });
        } else if (command == "copyself") {
            // What the server does before its migrations: a plain copy of its own file.
            std::ifstream from(argv[1], std::ios::binary);
            std::ofstream to(arg, std::ios::binary);
            to << from.rdbuf();
            ok = bool(to);
        } else if (command == "count") {
            std::cout << "ok " << scalar("SELECT COUNT(*) FROM clients") << ' '
                      << scalar("SELECT COUNT(*) FROM files") << ' '
                      << scalar("SELECT COALESCE(SUM(FileSize), 0) FROM files") << std::endl;
            continue;
        } else if (command == "written") {
            std::cout << "ok " << written << std::endl;
            continue;
        } else if (command == "quit") {
            std::cout << "ok" << std::endl;
            break;
        } else {
            std::cout << "error unknown command" << std::endl;
            continue;
        }
        if (ok)
            std::cout << "ok" << std::endl;
    }
    sqlite3_close(db);
    return 0;
}
