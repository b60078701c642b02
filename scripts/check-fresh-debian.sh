#!/bin/sh
# Runs one of the README's commands in a fresh, minimal Debian 12 root, the way a new user
# (or CI) meets the repository: no compiler, CMake or git installed beforehand.
#   scripts/check-fresh-debian.sh [ROOT_DIR] [COMMAND]      (as root; needs debootstrap)
# ROOT_DIR defaults to /var/tmp/outpost-bookworm; it is created once and copied for each run,
# COMMAND defaults to ./scripts/test.sh. The committed HEAD is what gets checked.
set -eu
BASE="${1:-/var/tmp/outpost-bookworm}"
COMMAND="${2:-./scripts/test.sh}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"

if [ ! -x "$BASE/bin/sh" ]; then
    debootstrap --variant=minbase bookworm "$BASE" http://deb.debian.org/debian
    # A standard Debian 12 install also has updates and security updates.
    cat > "$BASE/etc/apt/sources.list" <<'SRC'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SRC
fi

RUN="$BASE.run"
rm -rf "$RUN"
cp -a "$BASE" "$RUN"
mkdir -p "$RUN/src"
git -C "$REPO" archive --format=tar HEAD | tar -x -C "$RUN/src"

cleanup() {
    for m in dev/pts dev proc sys; do umount "$RUN/$m" 2>/dev/null || true; done
}
trap cleanup EXIT
mount -t proc proc "$RUN/proc"
mount -t sysfs sys "$RUN/sys"
mount --bind /dev "$RUN/dev"
mount --bind /dev/pts "$RUN/dev/pts"
cp /etc/resolv.conf "$RUN/etc/resolv.conf"

chroot "$RUN" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    /bin/sh -c "cd /src && $COMMAND"
