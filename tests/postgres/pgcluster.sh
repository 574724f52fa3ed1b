#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the PostgreSQL suites, run by CTest as a fixture:
#   pgcluster.sh start DIR   initdb into a folder of DIR's own under /tmp, start it, write
#                            DIR/pgcluster.conn
#   pgcluster.sh stop DIR    stop it (fast), remove it and the connection file
# The server listens on a Unix socket in a folder of its own (mode 0700) and on no TCP address,
# so it takes no port from anyone and nobody else can reach it; the port number only names the
# socket. It never touches a PostgreSQL that was already installed or running. PostgreSQL refuses
# to run as root: as root the cluster runs as the `postgres` user (su) in a folder it owns.
# PG_BINDIR overrides where initdb and pg_ctl are found (default: the newest
# /usr/lib/postgresql/*/bin).
set -euo pipefail

usage() { echo "usage: $0 start|stop BUILD_DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
base=$(realpath -m "$2")
# Under /tmp, not in the build folder: the `postgres` user must be able to reach it (a clone
# under /root is not), and a Unix socket's path must stay under 108 bytes. One folder per build
# folder, so that the next start finds and removes what an interrupted run left.
cluster="/tmp/backupdb-pgcluster-$(printf '%s' "$base" | md5sum | cut -c1-12)"
data="$cluster/data"
socket="$cluster/socket"
conn="$base/pgcluster.conn"
log="$base/pgcluster.log"
port=54329

bindir=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
    echo "pgcluster: no PostgreSQL server binaries (initdb, pg_ctl) in '${bindir:-/usr/lib/postgresql/*/bin}';" \
         "install Debian's postgresql package (./run tests does)" >&2
    exit 1
fi

owner=""
[ "$(id -u)" -eq 0 ] && owner=postgres
# Runs a command as the cluster's owner: postgres when we are root, else ourselves.
as_owner() {
    if [ -n "$owner" ]; then
        su "$owner" -s /bin/bash -c "$(printf '%q ' "$@")"
    else
        "$@"
    fi
}

stop_cluster() {
    if [ -f "$data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 \
            || as_owner "$bindir/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
        # pg_ctl gave up (a damaged pid file): end the postmaster it names, if it is ours.
        if [ -f "$data/postmaster.pid" ]; then
            pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
            if [ -n "$pid" ] && [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$data" ]; then
                kill -QUIT "$pid" 2>/dev/null || true
            fi
        fi
    fi
    [ -f "$cluster/server.log" ] && cp "$cluster/server.log" "$log" 2>/dev/null || true
    rm -rf "$cluster" "$conn"
}

case "$action" in
start)
    # A cluster left by an interrupted run is stopped and removed first.
    stop_cluster
    mkdir -p "$cluster" "$socket"
    chmod 0700 "$cluster" "$socket"
    if [ -n "$owner" ]; then
        chown -R "$owner:" "$cluster"
        if ! as_owner test -w "$cluster"; then
            echo "pgcluster: the user '$owner' cannot write to $cluster" >&2
            exit 1
        fi
    fi
    if ! as_owner "$bindir/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C --no-sync \
            >"$cluster/initdb.log" 2>&1; then
        cat "$cluster/initdb.log" >&2
        exit 1
    fi
    # fsync off: the cluster is thrown away, durability would only slow the tests.
    if ! as_owner "$bindir/pg_ctl" -D "$data" -l "$cluster/server.log" -w -t 60 \
            -o "-p $port -k $socket -c listen_addresses= -c unix_socket_permissions=0700 -c fsync=off -c full_page_writes=off" \
            start >/dev/null; then
        cat "$cluster/server.log" >&2 || true
        exit 1
    fi
    printf 'host=%s\nport=%s\nuser=postgres\ndbname=postgres\n' "$socket" "$port" >"$conn.tmp"
    mv "$conn.tmp" "$conn"
    echo "pgcluster: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on socket $socket port $port (data $data)"
    ;;
stop)
    stop_cluster
    echo "pgcluster: stopped and removed $cluster"
    ;;
*) usage ;;
esac
