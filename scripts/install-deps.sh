#!/bin/sh
# Installs everything Outpost needs to build, run and test on Debian 12 (bookworm).
# Idempotent: apt-get skips what is already installed. Runs as root, or through sudo.
set -eu

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

PACKAGES="
  build-essential cmake ninja-build pkg-config git ca-certificates
  qt6-base-dev qt6-base-dev-tools qt6-qpa-plugins libhttp-parser-dev
  qt6-multimedia-dev qt6-positioning-dev libqt6positioning6-plugins
  libqt6sql6-sqlite libqt6sql6-psql
  libsqlcipher-dev libsodium-dev libsqlite3-dev libssl-dev libcurl4-openssl-dev zlib1g-dev
  fonts-dejavu-core xvfb xauth
  procps
  qt6-websockets-dev postgresql
  libzip-dev python3-openpyxl
  clang libclang-rt-14-dev
  dpkg-dev lintian librsvg2-bin
"

# Skip the (slow) index update when every package is already installed.
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "install-deps: everything is installed"
    exit 0
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
