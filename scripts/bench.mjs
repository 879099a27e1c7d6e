#!/usr/bin/env node
// Browser figures of issue #6, on release builds, in headless Debian Chromium:
//   - time from navigation to first preview (median of --runs, default 9), for the
//     configurator and for the empty Yew fixture (fixtures/empty-yew) built with the
//     same settings, interleaved in the same run, and their ratio (goal: <= 1.3);
//   - keystroke-to-updated-preview latency (median), default configuration and with
//     500 explicit issuer CIDRs (goal: < 16 ms).
// Figures only: timing depends on the machine, so nothing here fails on a slow run.
//
//   node scripts/bench.mjs --app target/bench/app --empty target/bench/empty [--runs 9] [--keys 40] [--json FILE]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_BIN, VALUES_YAML } from '../tests/e2e/harness.mjs';
import { startStaticServer } from '../tests/e2e/static-server.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const APP = path.resolve(opt('app', 'dist'));
const EMPTY = path.resolve(opt('empty', 'fixtures/empty-yew/dist'));
const RUNS = Math.max(7, Number(opt('runs', 9)));
const KEYS = Number(opt('keys', 40));
const JSON_OUT = opt('json');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

// Installed before any page script: the moment the preview first has text, on the
// page's own clock (performance.now() counts from navigation start).
const FIRST_PREVIEW = (sel) => {
  window.__firstPreview = null;
  const check = () => {
    if (window.__firstPreview === null && (document.querySelector(sel)?.textContent ?? '').trim()) {
      window.__firstPreview = performance.now();
      obs.disconnect();
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { childList: true, subtree: true, characterData: true });
};

const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: CHROMIUM_ARGS });
const app = await startStaticServer({ root: APP, base: '/docs/netpol/' });
const empty = await startStaticServer({ root: EMPTY, base: '/docs/empty/' });

async function firstPreview(url) {
  // A fresh context each run: empty HTTP cache and a new wasm compile, like a first visit.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(FIRST_PREVIEW, VALUES_YAML);
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__firstPreview !== null, null, { timeout: 60_000 });
    return await page.evaluate(() => window.__firstPreview);
  } finally {
    await context.close();
  }
}

const runs = { app: [], empty: [], example: [] };
// Warm the OS file cache and Chromium once; not counted.
await firstPreview(app.url);
await firstPreview(empty.url);
for (let i = 0; i < RUNS; i++) {
  // Interleaved, so a noisy moment hits both alike.
  runs.app.push(await firstPreview(app.url));
  runs.empty.push(await firstPreview(empty.url));
  runs.example.push(await firstPreview(`${app.url}example/`));
}

/** Median latency from keydown to the preview's DOM update, over `KEYS` keystrokes. */
async function keystrokes(page, field) {
  await page.evaluate((sel) => {
    window.__lat = [];
    let down = null;
    document.addEventListener('keydown', (e) => (down = e.timeStamp), true);
    new MutationObserver(() => {
      if (down !== null) {
        window.__lat.push(performance.now() - down);
        down = null;
      }
    }).observe(document.querySelector(sel), { childList: true, subtree: true, characterData: true });
  }, VALUES_YAML);
  const input = page.getByLabel(field);
  await input.fill('ns');
  await input.focus();
  for (let i = 0; i < KEYS; i++) {
    const before = await page.evaluate(() => window.__lat.length);
    await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
    await page.waitForFunction((n) => window.__lat.length > n, before);
  }
  return page.evaluate(() => window.__lat);
}

const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await page.goto(app.url);
await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').trim(), VALUES_YAML);
const keyDefault = await keystrokes(page, 'Controller namespace');

// 500 explicit CIDRs: the "Explicit CIDRs" posture, the issuer reached by CIDRs.
await page.reload();
await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').trim(), VALUES_YAML);
await page.getByLabel('Explicit CIDRs').check();
await page.getByLabel('Issuer CIDRs').check();
const cidrs = Array.from({ length: 500 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.0/24`);
await page.getByRole('textbox', { name: 'Issuer CIDRs' }).fill(cidrs.join('\n'));
await page.waitForFunction(
  ([sel, last]) => (document.querySelector(sel)?.textContent ?? '').includes(last),
  [VALUES_YAML, cidrs.at(-1)],
);
const inValues = await page.evaluate((sel) => (document.querySelector(sel).textContent.match(/10\.\d+\.\d+\.0\/24/g) ?? []).length, VALUES_YAML);
const key500 = await keystrokes(page, 'Controller namespace');
await context.close();

await browser.close();
await app.close();
await empty.close();

const result = {
  runs: RUNS,
  firstPreviewMs: {
    app: median(runs.app),
    empty: median(runs.empty),
    ratio: median(runs.app) / median(runs.empty),
    exampleDocsPage: median(runs.example),
    samples: runs,
  },
  keystrokeMs: {
    default: median(keyDefault),
    cidrs500: median(key500),
    cidrsInValues: inValues,
    samples: { default: keyDefault, cidrs500: key500 },
  },
};
console.log(`first preview (median of ${RUNS}, fresh context each):`);
console.log(`  configurator          ${ms(result.firstPreviewMs.app)}`);
console.log(`  empty Yew app         ${ms(result.firstPreviewMs.empty)}`);
console.log(`  ratio                 ${result.firstPreviewMs.ratio.toFixed(2)}x   (goal <= 1.30x)`);
console.log(`  example docs page     ${ms(result.firstPreviewMs.exampleDocsPage)}`);
console.log(`keystroke -> updated preview (median of ${KEYS}):`);
console.log(`  default configuration ${ms(result.keystrokeMs.default)}   (goal < 16 ms)`);
console.log(`  500 explicit CIDRs    ${ms(result.keystrokeMs.cidrs500)}   (goal < 16 ms; ${inValues} CIDRs in the values)`);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(result, null, 2));
