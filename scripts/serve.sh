#!/usr/bin/env bash
# Sets up every tool (scripts/setup.sh), then builds the app in release mode
# and serves it with live rebuilds on http://127.0.0.1:8080 (see Trunk.toml).
# Extra arguments go to `trunk serve`, e.g. `bash scripts/serve.sh --port 9000`.
#
#   bash scripts/serve.sh
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

bash scripts/setup.sh
echo "serve: building (release) and serving on http://127.0.0.1:8080/ (Ctrl-C to stop)"
exec trunk serve --release "$@"
