#!/usr/bin/env bash
# Sets up every tool (scripts/setup.sh), then makes the release build into dist/ (or the
# folder given with --dist): `trunk build --release` with std rebuilt for size (env.sh
# release_wasm). Extra arguments go to `trunk build`.
#
#   bash scripts/build.sh
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

bash scripts/setup.sh
release_wasm trunk build --release "$@"
