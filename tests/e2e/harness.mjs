// Shared helpers for the browser end-to-end tests (run with `node --test tests/e2e/`).
//
// - serves the release build in dist/ on 127.0.0.1 (ephemeral port, under a
//   sub-path so relative asset URLs are exercised),
// - launches Debian's Chromium through playwright-core (never a downloaded
//   browser), with the flags this offline machine needs,
// - records console errors, page errors and failed requests per page.
//
// Environment: DIST_DIR (default dist), CHROMIUM_BIN (default /usr/bin/chromium),
// ARTIFACTS_DIR (default test-artifacts), E2E_BASE (default /periscope/netpol/).

import { chromium } from 'playwright-core';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..', '..');
export const DIST_DIR = path.resolve(REPO_ROOT, process.env.DIST_DIR ?? 'dist');
export const ARTIFACTS_DIR = path.resolve(REPO_ROOT, process.env.ARTIFACTS_DIR ?? 'test-artifacts');
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const BASE_PATH = process.env.E2E_BASE ?? '/periscope/netpol/';

/** Flags every Chromium gets here: headless, no sandbox (root), no network of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Test ids of the app's DOM contract. */
export const VALUES_YAML = '[data-testid="values-yaml"]';

/** Generous per-test timeout (ms): the first wasm compile on a busy 2-core box is slow. */
export const TEST_TIMEOUT = 60_000;

/**
 * Start the static server and the browser. Call once per test file (in `before`)
 * and `await env.close()` in `after`.
 */
export async function startEnv({ base = BASE_PATH, root = DIST_DIR } = {}) {
  const server = await startStaticServer({ root, base });
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_BIN,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
    });
  } catch (err) {
    await server.close();
    throw err;
  }
  return {
    server,
    browser,
    url: server.url,
    /** Open a fresh page (own context) with its problems recorded in `page.problems`. */
    newPage: (opts) => openPage(browser, opts),
    async close() {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/**
 * A new page in its own browser context. `page.problems` collects console
 * errors, uncaught page errors, failed requests and HTTP >= 400 responses.
 */
export async function openPage(browser, { viewport = { width: 1280, height: 900 }, ...contextOpts } = {}) {
  const context = await browser.newContext({ viewport, ...contextOpts });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.stack || err.message || err}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.problems = problems;
  page.closeAll = () => context.close();
  return page;
}

/** Navigate and wait until the values preview has rendered non-empty text; returns that text. */
export async function loadApp(page, url) {
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response || !response.ok()) {
    throw new Error(`GET ${url} -> ${response ? response.status() : 'no response'}`);
  }
  return waitForValuesYaml(page);
}

/** The static first view (scripts/prerender.mjs) while it is on screen; the live app replaces it. */
export const STATIC_VIEW = '[data-pnp-static]';

/**
 * Wait (no sleeps) until the live app's `[data-testid="values-yaml"]` contains text,
 * and return it. The static first view has the same text but is inert, so this also
 * waits until the wasm has replaced it.
 */
export async function waitForValuesYaml(page, { timeout = 30_000 } = {}) {
  await page.waitForFunction(
    ([sel, stat]) => (document.querySelector(sel)?.textContent ?? '').trim().length > 0 && !document.querySelector(stat),
    [VALUES_YAML, STATIC_VIEW],
    { timeout },
  );
  return page.locator(VALUES_YAML).first().textContent();
}

/** Save a full-page screenshot to test-artifacts/<name>.png and return its path. */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const require = createRequire(import.meta.url);
let axeSource;

/**
 * Run axe-core (npm, pinned) in the page and return its violations.
 * `impacts` filters by impact, e.g. ['serious', 'critical'].
 */
export async function runAxe(page, { impacts, context } = {}) {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(
    async (ctx) => window.axe.run(ctx ?? document, { resultTypes: ['violations'] }),
    context,
  );
  const violations = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
  return impacts ? violations.filter((v) => impacts.includes(v.impact)) : violations;
}

/** A readable multi-line description of recorded problems, for assertion messages. */
export function describeProblems(problems) {
  return problems.length ? `\n  - ${problems.join('\n  - ')}` : ' none';
}
