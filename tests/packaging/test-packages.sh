#!/bin/bash
# Packaging test (issue 7, point 5), run by ctest -L packaging:
#   test-packages.sh BUILD_DIR VERSION
# 1. cpack builds outpost_VERSION and outpost-server_VERSION from BUILD_DIR;
# 2. lintian finds no error; the computed dependencies are there;
# 3. apt-get installs both; every binary says VERSION;
# 4. the installed server runs the unit's ExecStart line as the service user (no systemd
#    needed), configured from /etc/outpost/server.conf;
# 5. the installed outpost-cli enrolls, creates a record and syncs it; the server's admin
#    export (as the service user) shows it;
# 6. a reinstall (upgrade path) keeps the data; remove keeps the data, purge deletes it.
# Any failing step fails the test. Skips (77) only when not root. Packages left installed by a
# run of this test that was killed are purged first; anyone else's installation fails the test.
set -euo pipefail

BUILD=${1:?build directory}
VERSION=${2:?version}
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: the packaging test installs packages with apt-get and needs root (CI runs as root)"
    exit 77
fi
for tool in cpack lintian dpkg-shlibdeps apt-get runuser; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (scripts/install-deps.sh)"; exit 1; }
done

# One packaging test on the machine at a time (it installs system packages).
exec 9>/var/lock/outpost-packaging-test.lock
flock -w 900 9

DATA=/var/lib/outpost
CONF=/etc/outpost/server.conf
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -y -q -o DPkg::Lock::Timeout=300)
# Written just before this test installs the packages and removed once it has purged them.
# Holding the lock above means no other run is in flight, so a marker found here belongs to a
# run that was killed before its cleanup (SIGKILL, a machine shut down mid-test): what that
# run installed is purged before going on. Packages installed without the marker are someone
# else's installation and are never touched.
MARKER=/var/lib/outpost-packaging-test.installed
present() {
    local status
    status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)
    [ -n "$status" ] && [ "${status##* }" != not-installed ]
}
leftovers=()
for p in outpost outpost-server; do
    present "$p" && leftovers+=("$p")
done
if [ ${#leftovers[@]} -gt 0 ]; then
    if [ ! -f "$MARKER" ]; then
        echo "FAIL: ${leftovers[*]} installed on this machine, not by this test ($MARKER is absent); remove it first"
        exit 1
    fi
    echo "== purge ${leftovers[*]}, left installed by an earlier run of this test that was killed (marker: $(cat "$MARKER"))"
    # Its server may have outlived it (only the script was killed).
    pkill -KILL -u outpost -x outpost-server 2>/dev/null || true
    dpkg --purge outpost outpost-server || { echo "FAIL: cannot purge the leftovers"; exit 1; }
    for p in outpost outpost-server; do
        if present "$p"; then echo "FAIL: $p is still there after the purge"; exit 1; fi
    done
    for d in "$DATA" /etc/outpost; do
        [ ! -e "$d" ] || { echo "FAIL: purging the leftovers left $d"; exit 1; }
    done
fi
rm -f "$MARKER"

WORK=$(mktemp -d /tmp/outpost-pkgtest.XXXXXX)
chmod 0755 "$WORK"
SERVER_PID=""
installed=0
cleanup() {
    local rc=$?
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    if [ "$installed" = 1 ] && dpkg --purge outpost outpost-server >/dev/null 2>&1; then rm -f "$MARKER"; fi
    if [ $rc -ne 0 ] && [ -f "$WORK/server.log" ]; then echo "--- server log"; cat "$WORK/server.log"; fi
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT
# A stopped run (ctest's timeout, Ctrl-C) still purges what it installed.
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP
step() { echo "== $*"; }
fail() { echo "FAIL: $*"; exit 1; }
started=$(date +%s)

step "build the packages (cpack)"
(cd "$WORK" && cpack --config "$BUILD/CPackConfig.cmake" -B "$WORK/debs" >"$WORK/cpack.log" 2>&1) \
    || { cat "$WORK/cpack.log"; fail "cpack failed"; }
ARCH=$(dpkg --print-architecture)
APP_DEB="$WORK/debs/outpost_${VERSION}_${ARCH}.deb"
SERVER_DEB="$WORK/debs/outpost-server_${VERSION}_${ARCH}.deb"
[ -f "$APP_DEB" ] && [ -f "$SERVER_DEB" ] || { ls -l "$WORK/debs"; fail "expected $APP_DEB and $SERVER_DEB"; }

step "dependencies: computed by dpkg-shlibdeps plus the Qt plugins"
app_deps=$(dpkg-deb -f "$APP_DEB" Depends)
server_deps=$(dpkg-deb -f "$SERVER_DEB" Depends)
echo "outpost: $app_deps"
echo "outpost-server: $server_deps"
for d in qt6-qpa-plugins libqt6widgets6 libsqlcipher libcurl4; do
    grep -q "$d" <<<"$app_deps" || fail "outpost does not depend on $d"
done
for d in libqt6sql6-sqlite libqt6sql6-psql libqt6core6 libhttp-parser2.9; do
    grep -q "$d" <<<"$server_deps" || fail "outpost-server does not depend on $d"
done
app_files=$(dpkg-deb -c "$APP_DEB")
for f in bin/outpost bin/outpost-cli share/applications/org.example.outpost.desktop \
    share/metainfo/org.example.outpost.metainfo.xml share/man/man1/outpost-cli.1.gz \
    share/icons/hicolor/scalable/apps/org.example.outpost.svg \
    share/icons/hicolor/48x48/apps/org.example.outpost.png; do
    grep -qF "./usr/$f" <<<"$app_files" || fail "outpost lacks /usr/$f"
done

step "lintian (no errors allowed)"
lintian --fail-on error --tag-display-limit 0 "$APP_DEB" "$SERVER_DEB" | tee "$WORK/lintian.log" \
    || fail "lintian reports errors"

step "install with apt-get"
echo "pid $$, started $(date -u '+%F %T') UTC" >"$MARKER"
installed=1
"${APT[@]}" install "$APP_DEB" "$SERVER_DEB" >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; fail "apt-get install failed"; }
getent passwd outpost >/dev/null || fail "no system user outpost"
[ -L "$DATA/outpost-server.json" ] || fail "$DATA/outpost-server.json is not a link to $CONF"
[ -f "$DATA/outpost.db" ] || fail "postinst did not initialise the database"
[ "$(stat -c %U "$DATA/outpost.db")" = outpost ] || fail "the database does not belong to outpost"
[ "$(stat -c '%U:%G %a' "$CONF")" = "root:outpost 640" ] || fail "$CONF is not root:outpost 0640"

step "every binary says version $VERSION"
[ "$(/usr/bin/outpost-server --version)" = "$VERSION" ] || fail "outpost-server --version"
/usr/bin/outpost-cli --version | grep -qF "$VERSION" || fail "outpost-cli --version"
QT_QPA_PLATFORM=offscreen /usr/bin/outpost --version | grep -qF "$VERSION" || fail "outpost --version"

step "set the server up as the service user"
sed -i 's/"listen": "127.0.0.1:8080"/"listen": "127.0.0.1:0"/' "$CONF"
grep -q '"listen": "127.0.0.1:0"' "$CONF" || fail "cannot set listen in $CONF"
admin() { (cd / && runuser -u outpost -- /usr/bin/outpost-server "$@" --data "$DATA"); }
cat >"$WORK/form.json" <<'FORM'
{"id": "pkgtest", "version": 1, "title": "Packaging test", "policy": "last-write-wins",
 "fields": [{"name": "a", "label": "A", "type": "text"},
            {"name": "b", "label": "B", "type": "integer"}]}
FORM
chmod 0644 "$WORK/form.json"
admin team add north >/dev/null
echo "alice-package-secret" | admin user add alice --team north --role collector >/dev/null
admin form publish "$WORK/form.json" --team north --visibility team >/dev/null

step "start the installed server with the unit's command line"
UNIT=/lib/systemd/system/outpost-server.service
EXEC=$(sed -n 's/^ExecStart=//p' "$UNIT")
USER_=$(sed -n 's/^User=//p' "$UNIT")
WORKDIR=$(sed -n 's/^WorkingDirectory=//p' "$UNIT")
mapfile -t UNIT_ENV < <(sed -n 's/^Environment=//p' "$UNIT")
[ -n "$EXEC" ] && [ "$USER_" = outpost ] || fail "unexpected unit $UNIT"
echo "$EXEC (as $USER_)"
# shellcheck disable=SC2086
# 9>&-: the server must not hold the lock; if this script is killed, the next run has to get it.
(cd "$WORKDIR" && exec runuser -u "$USER_" -- env "${UNIT_ENV[@]}" $EXEC) >"$WORK/server.log" 2>&1 9>&- &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 100); do
    PORT=$(sed -n 's/^outpost-server listening on port \([0-9][0-9]*\)$/\1/p' "$WORK/server.log")
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || fail "the installed server stopped"
    sleep 0.1
done
[ -n "$PORT" ] || fail "the installed server did not report its port"
echo "listening on port $PORT"

step "enroll, create, sync with the installed outpost-cli"
export OUTPOST_STORE="$WORK/device" OUTPOST_PASSPHRASE="device passphrase"
export OUTPOST_PASSWORD="alice-package-secret" OUTPOST_INSECURE_FAST_KDF=1
/usr/bin/outpost-cli enroll --server "http://127.0.0.1:$PORT" --user alice || fail "enroll"
ID=$(/usr/bin/outpost-cli create --form pkgtest --values '{"a":"made by the package test","b":7}') \
    || fail "create"
echo "record $ID"
/usr/bin/outpost-cli sync --until-idle --timeout-ms 60000 9>&- || fail "sync"
/usr/bin/outpost-cli --json show "$ID" | tee "$WORK/show.json"
grep -q '"server_version": *[1-9]' "$WORK/show.json" || fail "the record has no server version after sync"

step "the record is on the server (admin export as the service user)"
admin export pkgtest --format csv >"$WORK/export.csv"
grep -q "$ID" "$WORK/export.csv" && grep -q "made by the package test" "$WORK/export.csv" \
    || { cat "$WORK/export.csv"; fail "the record is not in the server's export"; }

step "stop the server (SIGTERM, as systemd does)"
# runuser re-raises a signal it forwards; signal its child, the server, directly.
SERVER_CHILD=$(pgrep -P "$SERVER_PID" || true)
[ -n "$SERVER_CHILD" ] || fail "cannot find the server process under runuser $SERVER_PID"
kill -TERM "$SERVER_CHILD"
wait "$SERVER_PID" || fail "the server did not stop cleanly on SIGTERM"
SERVER_PID=""

step "reinstall (the upgrade path) keeps the data"
"${APT[@]}" install --reinstall "$SERVER_DEB" >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; fail "reinstall failed"; }
admin export pkgtest --format csv | grep -q "$ID" || fail "the record is gone after a reinstall"

step "remove keeps the data, purge deletes it"
"${APT[@]}" remove outpost outpost-server >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; fail "apt-get remove failed"; }
[ ! -e /usr/bin/outpost-server ] && [ ! -e /usr/bin/outpost-cli ] && [ ! -e /usr/bin/outpost ] \
    || fail "binaries left after remove"
[ -f "$DATA/outpost.db" ] || fail "remove deleted the data"
# outpost has no conffiles, so remove left nothing of it; outpost-server keeps its config.
dpkg-query -W -f='${Status}\n' outpost-server | grep -q 'config-files' || fail "outpost-server is not in config-files state"
"${APT[@]}" purge outpost-server >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; fail "apt-get purge failed"; }
installed=0
rm -f "$MARKER"
[ ! -e "$DATA" ] || fail "purge left $DATA"
[ ! -e /etc/outpost ] || fail "purge left /etc/outpost"
if dpkg-statoverride --list "$CONF" >/dev/null; then fail "purge left a statoverride"; fi
for p in outpost outpost-server; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in *" installed" | *config-files*) fail "$p is still there ($status)" ;; esac
done

echo "PASS: packaging test in $(($(date +%s) - started)) s"
