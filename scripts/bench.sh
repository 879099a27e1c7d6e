#!/usr/bin/env bash
# Prints every budget figure of issue #6 on release builds (README "Benchmarks"):
#   1. transfer size of every asset, raw / gzip -9 / brotli 11, and the 280 KB budget;
#   2. time from navigation to first preview, configurator vs an empty Yew app built
#      with the same settings (fixtures/empty-yew), median of >= 7 runs, same run (in the
#      DOM and painted; for the configurator the static first view and the live app),
#      and the A/B of the static first view on loopback and on a throttled link;
#   3. keystroke -> updated preview, default configuration and 500 explicit CIDRs, and a
#      2 MB ip-ranges.json parsed and aggregated in the browser;
#   4. criterion: the core's full analysis at 1, 100 and 1,000 rules, the app's 1 MiB
#      import and share-link encode/decode, one field of 200,000 CIDRs both ways in, and
#      rule-redundant at its rule limit (native).
# Figures only: it does not fail on slow timings (the size budget fails scripts/test.sh).
#
#   bash scripts/bench.sh            # BENCH_RUNS=9 BENCH_KEYS=40 by default
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

OUT="$REPO_ROOT/target/bench"
mkdir -p "$OUT"
RUNS="${BENCH_RUNS:-9}"
KEYS="${BENCH_KEYS:-40}"

echo "==> release build of the configurator -> target/bench/app"
trunk build --release --dist "$OUT/app" >"$OUT/trunk-app.log" 2>&1 || { cat "$OUT/trunk-app.log"; exit 1; }
# The embed loader (a no-op repeat when Trunk.toml's post_build hook already wrote it).
node scripts/embed.mjs "$OUT/app" >/dev/null

echo "==> release build of the empty Yew fixture (same profile and trunk settings) -> target/bench/empty"
# Its own lockfile: fetch its crates too (trunk builds offline; setup.sh fetches the app's).
cargo fetch --locked --quiet --manifest-path fixtures/empty-yew/Cargo.toml
(cd fixtures/empty-yew && trunk build --release --dist "$OUT/empty") >"$OUT/trunk-empty.log" 2>&1 ||
  { cat "$OUT/trunk-empty.log"; exit 1; }

echo
echo "==> transfer sizes (configurator)"
node scripts/sizes.mjs "$OUT/app"
node scripts/budget.mjs "$OUT/app" || true
echo
echo "==> transfer sizes (empty Yew fixture)"
node scripts/sizes.mjs "$OUT/empty"

echo
echo "==> browser timings (headless Chromium)"
node scripts/bench.mjs --app "$OUT/app" --empty "$OUT/empty" --runs "$RUNS" --keys "$KEYS" --json "$OUT/browser.json"

echo
echo "==> criterion: the core's full analysis (build + render + findings), a 1 MiB import, share links, a 200,000-CIDR field, rule-redundant at its limit and the diagram, native"
# The release profile is opt-level "z" for the wasm's size; natively the core is
# measured at opt-level 3, as a server or the CLI would build it.
CARGO_PROFILE_BENCH_OPT_LEVEL=3 cargo bench --bench core -- --noplot 2>&1 |
  grep -E '^(analyze|import|share|one-field|check|diagram)|time:|thrpt:' || true
