#!/usr/bin/env node
// The size budget of issue #6: the widget's total brotli transfer (quality 11) must be
// at most 150 KB (150,000 bytes). Counts every asset of the release build a visitor
// downloads (wasm, JS, CSS, HTML), not the example docs page in example/.
// Size is deterministic, so this is a pass/fail check; exit 1 when over.
//
//   node scripts/budget.mjs [dist] [--limit BYTES]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const limitAt = args.indexOf('--limit');
const LIMIT = limitAt >= 0 ? Number(args[limitAt + 1]) : 150_000;
const dist = args.find((a, i) => !a.startsWith('--') && (limitAt < 0 || i !== limitAt + 1)) ?? 'dist';
const sizes = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sizes.mjs');

let report;
try {
  report = JSON.parse(execFileSync(process.execPath, [sizes, dist, '--json'], { encoding: 'utf8' }));
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
  `budget: brotli transfer ${kb(brotli)} (wasm ${kb(wasm)}, other ${kb(brotli - wasm)}; gzip ${kb(sum('gzip'))}, raw ${kb(sum('raw'))}) of ${kb(LIMIT)} in ${assets.length} assets`,
);
if (brotli > LIMIT) {
  console.error(`budget: OVER by ${kb(brotli - LIMIT)}: measure the wasm (README "Budgets") and cut before adding`);
  process.exit(1);
}
console.log(`budget: ok, ${kb(LIMIT - brotli)} to spare`);
