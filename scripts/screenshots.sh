#!/bin/sh
# Renders the app's main screens into docs/screenshots/*.png from the real widgets with demo
# data (tests/ui/screenshots/uiscreenshots.cpp), off screen at 1280x800. Regenerate after a
# change to a screen:   ./scripts/screenshots.sh [BUILD_DIR]
set -eu
cd "$(dirname "$0")/.."
build="${1:-build}"
if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --target uiscreenshots
QT_QPA_PLATFORM=offscreen "$build/tests/ui/uiscreenshots" docs/screenshots
