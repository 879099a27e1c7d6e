#!/usr/bin/env node
// The size budget of issue #6: the widget's total brotli transfer (quality 11). Counts
// every asset of the release build a visitor downloads (wasm, JS, CSS, HTML), not the
// example docs page in example/.
//
// Two numbers, both in bytes (KB = 1,000 bytes):
//   - the goal, 280,000 (issue #13; the earlier 150,000 is withdrawn): printed with how
//     far the build is from it;
//   - the ceiling (scripts/size-ceiling): the size the build has been cut to so far.
//     Size is deterministic, so growing past it fails (exit 1): every cut is kept, and a
//     change that adds weight has to pay for it. Lower the ceiling after each cut; once
//     the build is under the goal, the ceiling is the goal.
//
//   node scripts/budget.mjs [dist] [--goal BYTES] [--ceiling BYTES]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const GOAL = flag('goal') ?? 280_000;
const CEILING =
  flag('ceiling') ??
  Number(
    readFileSync(path.join(here, 'size-ceiling'), 'utf8')
      .split('\n')
      .find((l) => /^\d+$/.test(l.trim())),
  );
const dist = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--'))) ?? 'dist';

let report;
try {
  report = JSON.parse(execFileSync(process.execPath, [path.join(here, 'sizes.mjs'), dist, '--json'], { encoding: 'utf8' }));
} catch (err) {
  console.error(`budget: could not measure ${dist}: ${err.message}`);
  process.exit(1);
}
const assets = report.assets.filter((a) => !a.file.split(path.sep).includes('example'));
const sum = (k) => assets.reduce((n, a) => n + a[k], 0);
const brotli = sum('brotli');
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const wasm = assets.filter((a) => a.file.endsWith('.wasm')).reduce((n, a) => n + a.brotli, 0);
console.log(
  `budget: brotli transfer ${kb(brotli)} (wasm ${kb(wasm)}, other ${kb(brotli - wasm)}; gzip ${kb(sum('gzip'))}, raw ${kb(sum('raw'))}) in ${assets.length} assets`,
);
console.log(
  brotli <= GOAL
    ? `budget: goal ${kb(GOAL)} met, ${kb(GOAL - brotli)} to spare`
    : `budget: goal ${kb(GOAL)} NOT met: ${kb(brotli - GOAL)} over (ARCHITECTURE.md, "Inspecting the wasm size", shows what is in the wasm)`,
);
if (!Number.isFinite(CEILING) || CEILING <= 0) {
  console.error('budget: no ceiling (scripts/size-ceiling holds the bytes the build may not pass)');
  process.exit(1);
}
if (brotli > CEILING) {
  console.error(
    `budget: FAIL: ${kb(brotli)} is ${brotli - CEILING} bytes over the ceiling of ${kb(CEILING)} (scripts/size-ceiling): measure the wasm and cut before adding`,
  );
  process.exit(1);
}
console.log(`budget: ceiling ${kb(CEILING)} kept (${CEILING - brotli} bytes below it)`);
