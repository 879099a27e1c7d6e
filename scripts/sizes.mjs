#!/usr/bin/env node
// Print raw / gzip (level 9) / brotli (quality 11) sizes of the built assets.
//
//   node scripts/sizes.mjs [dist]          # table
//   node scripts/sizes.mjs [dist] --json   # machine-readable
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const args = process.argv.slice(2);
const json = args.includes('--json');
const dist = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'dist');
const EXTS = new Set(['.wasm', '.js', '.css', '.html']);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

let files;
try {
  files = walk(dist).filter((f) => EXTS.has(path.extname(f)));
} catch (err) {
  console.error(`sizes: cannot read ${dist}: ${err.message} (run 'trunk build --release' first)`);
  process.exit(1);
}
if (files.length === 0) {
  console.error(`sizes: no .wasm/.js/.css/.html files under ${dist}`);
  process.exit(1);
}

const rows = files.sort().map((f) => {
  const buf = readFileSync(f);
  return {
    file: path.relative(dist, f),
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
        [constants.BROTLI_PARAM_MODE]:
          path.extname(f) === '.wasm' ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
      },
    }).length,
  };
});
const sum = (k, pred = () => true) => rows.filter(pred).reduce((n, r) => n + r[k], 0);
const isCode = (r) => /\.(wasm|js)$/.test(r.file);
const total = { file: 'total', raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
const code = { file: 'total .wasm+.js', raw: sum('raw', isCode), gzip: sum('gzip', isCode), brotli: sum('brotli', isCode) };

if (json) {
  console.log(JSON.stringify({ dist, assets: rows, totalCode: code, total }, null, 2));
} else {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const width = Math.max(...rows.map((r) => r.file.length), code.file.length);
  const line = (r) =>
    `${r.file.padEnd(width)}  ${String(r.raw).padStart(9)} ${kib(r.raw).padStart(11)}  ${kib(r.gzip).padStart(11)}  ${kib(r.brotli).padStart(11)}`;
  console.log(`${'asset'.padEnd(width)}  ${'raw bytes'.padStart(9)} ${'raw'.padStart(11)}  ${'gzip -9'.padStart(11)}  ${'brotli 11'.padStart(11)}`);
  rows.forEach((r) => console.log(line(r)));
  console.log('-'.repeat(width + 50));
  console.log(line(code));
  console.log(line(total));
}
