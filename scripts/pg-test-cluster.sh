#!/bin/bash
# Starts or stops a throwaway PostgreSQL cluster for the server tests (ctest fixture
# server_pg, see tests/server/CMakeLists.txt). Works as root without systemd (the cluster runs
# as the postgres user through runuser) and as an ordinary user.
#   pg-test-cluster.sh start STATE_DIR   -> STATE_DIR/port, STATE_DIR/cluster
#   pg-test-cluster.sh stop STATE_DIR
# The cluster lives in a fresh /tmp/outpost-pg.* directory (the postgres user cannot always
# reach the build tree), listens on 127.0.0.1 on a free port, trusts local connections and
# keeps nothing: it is removed on stop.
set -euo pipefail

command=${1:?start or stop}
state=${2:?state directory}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
    echo "pg-test-cluster: PostgreSQL is not installed (run scripts/install-deps.sh)" >&2
    exit 1
fi

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_cluster() {
    [ -f "$state/cluster" ] || return 0
    local cluster
    cluster=$(cat "$state/cluster")
    if [ -d "$cluster/data" ]; then
        as_pg "$bindir/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    case "$cluster" in /tmp/outpost-pg.*) rm -rf "$cluster" ;; esac
    rm -f "$state/cluster" "$state/port"
}

case "$command" in
start)
    mkdir -p "$state"
    stop_cluster
    cluster=$(mktemp -d /tmp/outpost-pg.XXXXXX)
    chmod 755 "$cluster"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$cluster"; fi
    echo "$cluster" >"$state/cluster"
    as_pg "$bindir/initdb" -D "$cluster/data" -A trust -U postgres --no-sync >"$state/initdb.log" 2>&1
    for _ in $(seq 1 20); do
        port=$((20000 + RANDOM % 40000))
        if as_pg "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
            -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off" \
            start >/dev/null; then
            echo "$port" >"$state/port"
            echo "pg-test-cluster: PostgreSQL on 127.0.0.1:$port ($cluster)"
            exit 0
        fi
    done
    echo "pg-test-cluster: could not start PostgreSQL; log:" >&2
    cat "$cluster/server.log" >&2 || true
    exit 1
    ;;
stop)
    stop_cluster
    ;;
*)
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
