#!/bin/sh
# Installs what is needed, builds, and runs the main job: the Outpost app.
# With no display, set QT_QPA_PLATFORM=offscreen (or run it under xvfb-run).
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
BUILD_DIR="${OUTPOST_BUILD_DIR:-build}"
exec "$BUILD_DIR/app/outpost/outpost" "$@"
