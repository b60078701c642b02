#!/bin/sh
# Installs what is needed, builds, and runs every test (the README's second command; CI runs it).
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
BUILD_DIR="${OUTPOST_BUILD_DIR:-build}"
cd "$BUILD_DIR"
ctest --output-on-failure --parallel "$(nproc)" --timeout 900
