#!/bin/sh
# The README's first command: installs what is needed, builds, and runs the main job — the
# server on its SQLite default with a demo team, users and forms, and the app connected to
# it (scripts/demo.sh). Arguments go to the app.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
exec ./scripts/demo.sh "$@"
