#!/usr/bin/env bash
# Sets up every tool (scripts/setup.sh), then makes the release build into dist/ (or the
# folder given with --dist): the standard `trunk build --release` on the pinned stable
# toolchain (rust-toolchain.toml). Extra arguments go to `trunk build`.
#
#   bash scripts/build.sh
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

bash scripts/setup.sh
trunk build --release "$@"
