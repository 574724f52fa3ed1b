// Test helper: another process that takes SQLite's write lock on a database in bursts.
//   backupdb_lockholder PATH BURST_MS PAUSE_MS COUNT [exclusive]
// Each burst: BEGIN IMMEDIATE (or, with "exclusive", locking_mode=EXCLUSIVE + BEGIN EXCLUSIVE,
// which keeps every other connection out), hold BURST_MS, COMMIT, pause PAUSE_MS. Prints
// "locked N" when burst N holds the lock and "released N" after it, flushed, so that the test
// can wait on its output. Exit code 0, or 1 with the SQLite error on stderr.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

static int fail(sqlite3 *db, const char *what)
{
    std::fprintf(stderr, "lockholder: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s PATH BURST_MS PAUSE_MS COUNT [exclusive]\n", argv[0]);
        return 2;
    }
    const int burst = std::atoi(argv[2]), pause = std::atoi(argv[3]), count = std::atoi(argv[4]);
    const bool exclusive = argc > 5 && std::strcmp(argv[5], "exclusive") == 0;
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        return fail(db, "open");
    sqlite3_busy_timeout(db, 60000);
    if (exclusive && sqlite3_exec(db, "PRAGMA locking_mode=EXCLUSIVE", nullptr, nullptr, nullptr))
        return fail(db, "locking_mode");
    for (int i = 1; i <= count; ++i) {
        if (sqlite3_exec(db, exclusive ? "BEGIN EXCLUSIVE" : "BEGIN IMMEDIATE", nullptr, nullptr,
                         nullptr))
            return fail(db, "begin");
        // A write, so that the lock is a real write lock even in WAL mode.
        if (sqlite3_exec(db,
                         "CREATE TABLE IF NOT EXISTS lockholder_probe(x); "
                         "DELETE FROM lockholder_probe",
                         nullptr, nullptr, nullptr))
            return fail(db, "write");
        std::printf("locked %d\n", i);
        std::fflush(stdout);
        std::this_thread::sleep_for(std::chrono::milliseconds(burst));
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr))
            return fail(db, "commit");
        std::printf("released %d\n", i);
        std::fflush(stdout);
        if (pause > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(pause));
    }
    sqlite3_close(db);
    return 0;
}
