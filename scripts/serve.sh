#!/usr/bin/env bash
# Sets up every tool (scripts/setup.sh), then serves a dev build of the app on
# http://127.0.0.1:8080 (see Trunk.toml): `trunk serve` rebuilds on every save and
# reloads the page. A dev build skips LTO and wasm-opt, so it is larger and slower than
# the release build; sizes and timings come from scripts/build.sh and scripts/bench.sh.
# Extra arguments go to `trunk serve`, e.g. `bash scripts/serve.sh --port 9000`.
#
#   bash scripts/serve.sh
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

bash scripts/setup.sh
echo "serve: building (dev) and serving on http://127.0.0.1:8080/ with auto-reload (Ctrl-C to stop)"
exec trunk serve "$@"
