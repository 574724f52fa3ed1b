#!/usr/bin/env bash
# The engine boundary (issue 12): only the SQLite engine's own files (core/db/sqlite*) speak
# SQLite's C API, PRAGMAs and catalogue, include its headers or name its namespace; the pool,
# repositories, services, CLI and GUI reach it through core/db/engine.h.
# Usage: engine-boundary.sh SOURCE_DIR. Prints each file that crosses it; fails if any does.
set -uo pipefail
cd "$1" || exit 2
outside() { grep -v '^core/db/sqlite[a-z]*\.\(cpp\|h\):' ; }
found=0
report() {
    local what=$1 hits=$2
    if [ -n "$hits" ]; then
        echo "$what:"; echo "$hits"; found=1
    fi
}
# The check the issue gives anyone to run.
report "SQLite's C API, PRAGMAs or catalogue outside the SQLite engine" \
    "$(grep -rn 'sqlite3_\|PRAGMA\|sqlite_master' core --include=*.cpp | outside)"
report "SQLite's headers outside the SQLite engine" \
    "$(grep -rn '#include.*\(sqlite3\.h\|sqlitenative\.h\|sqliteschema\.h\)' core ui app --include=*.cpp --include=*.h | outside)"
report "the SQLite engine's namespace outside it" \
    "$(grep -rn 'sqlite::' core ui app --include=*.cpp --include=*.h | grep -v '^[^:]*:[0-9]*: *//' | outside)"
if [ $found -ne 0 ]; then
    echo "FAIL: code outside core/db/sqlite* names the SQLite engine (see core/db/engine.h)"
    exit 1
fi
echo "engine boundary kept: SQLite is named only in $(ls core/db/sqlite* | tr '\n' ' ')"
