#!/bin/sh
# Runs the demo: outpost-server on its embedded SQLite default with a demo organisation
# (`outpost-server init --demo`: team "demo", users collector / supervisor / admin, the
# forms in resources/forms), and the Outpost app connected to it. Expects a build (scripts/build.sh).
# Data stays in $OUTPOST_DEMO_DIR (default ~/.local/share/outpost-demo) between runs; the
# server stops when the app closes. Arguments go to the app (e.g. --quit-after MS).
set -eu
cd "$(dirname "$0")/.."
BUILD_DIR="${OUTPOST_BUILD_DIR:-build}"
SERVER="$BUILD_DIR/app/outpost-server/outpost-server"
APP="$BUILD_DIR/app/outpost/outpost"
DEMO_DIR="${OUTPOST_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/outpost-demo}"
DATA="$DEMO_DIR/server"
if [ ! -e "$DATA/outpost.db" ]; then
    echo "demo: creating the demo server in $DATA"
    rm -rf "$DATA"
    mkdir -p "$DEMO_DIR"
    # Team "demo", users collector / supervisor / admin, every demo form published.
    "$SERVER" init --demo --forms resources/forms --data "$DATA"
fi

LOG="$DEMO_DIR/server.log"
: > "$LOG"
"$SERVER" serve --data "$DATA" --listen 127.0.0.1:0 >> "$LOG" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
PORT=""
for _ in $(seq 1 100); do
    PORT=$(sed -n 's/^outpost-server listening on port \([0-9][0-9]*\)$/\1/p' "$LOG")
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG"; echo "demo: the server did not start" >&2; exit 1; }
    sleep 0.1
done
[ -n "$PORT" ] || { cat "$LOG"; echo "demo: the server did not report its port" >&2; exit 1; }

cat <<MSG
demo: outpost-server is running at http://127.0.0.1:$PORT (log: $LOG)
demo: sign in as collector / collector-demo, or supervisor / supervisor-demo
MSG
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "demo: no display found; running the app offscreen (set DISPLAY to see it)"
    export QT_QPA_PLATFORM=offscreen
fi
"$APP" --data-dir "$DEMO_DIR/device" --server "http://127.0.0.1:$PORT" --user collector "$@"
