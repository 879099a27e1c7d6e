#!/usr/bin/env node
// Post-build step (after scripts/embed.mjs): the static first view.
//
// Loads the built widget in headless Chromium once per preset (and once with none),
// waits until the app has rendered and gone still, and records the DOM it rendered as
// a compact JSON tree. Those trees go into `periscope-netpol-first.js`, which shows the
// matching one before the wasm has even downloaded:
//   - index.html loads it as a classic script right after its mount element;
//   - the embed loader (periscope-netpol.js) imports it and shows it once the widget's
//     stylesheets are in.
// The view is inert (`inert`, `aria-busy`, `data-pnp-static`) so nothing can be typed
// into it; when the wasm mounts, Yew clears the element and renders the live app, the
// same DOM. It is only shown when the app would start from that preset: not when a
// share link is in the URL (and share links are on) or an autosave exists.
// No HTML is parsed: the trees are built with createElement/setAttribute/append, which
// the README's CSP (Trusted Types included) allows.
//
//   node scripts/prerender.mjs [dir]   # dir defaults to $TRUNK_STAGING_DIR, else dist
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../tests/e2e/static-server.mjs';
// The e2e suite's Chromium and flags: headless as root, no network of its own.
import { CHROMIUM_ARGS, CHROMIUM_BIN } from '../tests/e2e/harness.mjs';

const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
const LOADER = 'periscope-netpol.js';
const FIRST = 'periscope-netpol-first.js';
// ui::storage::KEY: an autosave means the app starts from it, not from a preset.
const STORAGE_KEY = 'periscope-netpol:env';

function fail(msg) {
  console.error(`prerender: ${msg}`);
  process.exit(1);
}

/** A failure while the browser is open: thrown, so the `finally` below closes it first. */
class CaptureFailure extends Error {}
const failCapture = (msg) => {
  throw new CaptureFailure(msg);
};

for (const f of ['index.html', LOADER]) {
  if (!existsSync(path.join(dir, f))) fail(`no ${f} in ${dir} (run scripts/embed.mjs first)`);
}

/** The page the captures load: one placeholder with the preset and share-link setting, the embed loader. */
const capturePage = (preset, share) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>prerender</title><link rel="icon" href="data:,"></head><body>
<div data-periscope-netpol${share ? '' : ' data-share-links="off"'}${preset ? ` data-preset="${preset}"` : ''}></div>
<script type="module" src="./${LOADER}"></script></body></html>`;

/**
 * In the page: wait until the live app has rendered the preview and no mutation has
 * happened for `quiet` ms, then serialize the placeholder's children. Form state that
 * Yew sets as properties (value, checked, selected) becomes attributes.
 * A node is a string (text) or [tag, attrs-or-0, ...children]; SVG tags are "svg:<tag>".
 */
async function capture(page, quiet) {
  return page.evaluate(async (quietMs) => {
    const root = document.querySelector('[data-periscope-netpol]');
    // The live app: the preview has text and no static first view is left.
    const ready = () =>
      !root.querySelector('[data-pnp-static]') &&
      (root.querySelector('[data-testid="values-yaml"]')?.textContent ?? '').trim() !== '';
    await new Promise((done, failed) => {
      const t0 = performance.now();
      let last = performance.now();
      new MutationObserver(() => (last = performance.now())).observe(root, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      const tick = () => {
        if (performance.now() - t0 > 30000) return failed(new Error('the app did not render in 30 s'));
        if (ready() && performance.now() - last >= quietMs) return done();
        setTimeout(tick, 25);
      };
      tick();
    });
    const SVG = 'http://www.w3.org/2000/svg';
    const ser = (n) => {
      if (n.nodeType === Node.TEXT_NODE) return n.data === '' ? null : n.data;
      if (n.nodeType !== Node.ELEMENT_NODE) return null;
      const tag = n.namespaceURI === SVG ? `svg:${n.localName}` : n.localName;
      const attrs = {};
      for (const a of n.attributes) attrs[a.name] = a.value;
      let kids = [...n.childNodes];
      if (tag === 'input') {
        if (n.type === 'checkbox' || n.type === 'radio') {
          delete attrs.checked;
          if (n.checked) attrs.checked = '';
        } else {
          attrs.value = n.value;
        }
      } else if (tag === 'option') {
        delete attrs.selected;
        if (n.selected) attrs.selected = '';
      } else if (tag === 'textarea') {
        kids = [document.createTextNode(n.value)];
      }
      const out = [tag, Object.keys(attrs).length ? attrs : 0];
      for (const k of kids) {
        const s = ser(k);
        if (s !== null) out.push(s);
      }
      return out;
    };
    const presets = [...root.querySelectorAll('[data-testid^="preset-"]')]
      .map((b) => b.getAttribute('data-testid').slice('preset-'.length))
      .filter((id) => id !== 'confirm' && !id.startsWith('confirm-'));
    return { tree: [...root.childNodes].map(ser).filter((n) => n !== null), presets };
  }, quiet);
}

// While capturing, the loader's import of the first view finds a stub that shows nothing
// (also replacing any first view from an earlier run of this step).
writeFileSync(path.join(dir, FIRST), '// Replaced by scripts/prerender.mjs.\n');
const server = await startStaticServer({ root: dir, base: '/' });
let browser;
// Per share-link setting ("on": the app offers "Copy link"; "off"): the default view,
// and 0 for each preset that renders the same view.
const views = { on: {}, off: {} };
let presets = [];
let captureError = null;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Each capture starts clean: no autosave from the previous one.
  await context.addInitScript((key) => localStorage.removeItem(key), STORAGE_KEY);
  const problems = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  const url = `${server.url}__prerender.html`;
  let preset = '';
  let share = true;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: capturePage(preset, share) }));
  const shoot = async (id, on) => {
    preset = id;
    share = on;
    await page.goto(url, { waitUntil: 'load' });
    const got = await capture(page, 400);
    if (problems.length) failCapture(`the app reported errors while rendering ${id || 'the default view'}: ${problems.join('; ')}`);
    return got;
  };
  for (const [mode, on] of [['on', true], ['off', false]]) {
    const first = await shoot('', on);
    views[mode][''] = first.tree;
    presets = first.presets;
    if (presets.length === 0) failCapture('found no preset buttons ([data-testid^="preset-"]) in the rendered app');
    // Kept: the default view and the presets that render it (docs-minimum). Every other
    // preset's view would add ≈ 1 KB of brotli each; those start with the wasm's render.
    const same = JSON.stringify(first.tree);
    for (const id of presets) {
      if (JSON.stringify((await shoot(id, on)).tree) === same) views[mode][id] = 0;
    }
  }
} catch (err) {
  captureError = err instanceof CaptureFailure ? err.message : err.stack || String(err);
} finally {
  await browser?.close().catch(() => {});
  await server.close();
}
if (captureError) fail(captureError);

const json = JSON.stringify(views);
const first = `// Periscope NetworkPolicy configurator: the static first view (generated by
// scripts/prerender.mjs from what the built app renders). Shows the view the app will
// start with, inert, until the wasm mounts and replaces it. Builds DOM nodes; parses no HTML.
(() => {
  const VIEWS = ${json};
  const PRESETS = ${JSON.stringify(presets)};
  const show = (root) => {
    if (!root || root.querySelector('.pnp')) return false;
    const attr = (name) => (root.getAttribute(name) ?? '').trim();
    // The app starts from a share link or an autosave when there is one: show nothing.
    const share = !['off', 'false', 'no', 'none'].includes(attr('data-share-links'));
    if (share && location.hash.length > 1) return false;
    try {
      if (localStorage.getItem(${JSON.stringify(STORAGE_KEY)}) !== null) return false;
    } catch {
      return false;
    }
    // The presets recorded (the others start with the wasm's own render); an unknown
    // preset id starts the app from the defaults.
    const preset = attr('data-preset');
    const views = VIEWS[share ? 'on' : 'off'];
    if (PRESETS.includes(preset) && !Object.hasOwn(views, preset)) return false;
    const view = views[preset] || views[''];
    const build = (n) => {
      if (typeof n === 'string') return document.createTextNode(n);
      const [tag, attrs, ...kids] = n;
      const el = tag.startsWith('svg:')
        ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
        : document.createElement(tag);
      for (const name in attrs || {}) el.setAttribute(name, attrs[name]);
      el.append(...kids.map(build));
      return el;
    };
    const nodes = view.map(build);
    for (const el of nodes) {
      if (el.nodeType !== 1) continue;
      el.setAttribute('inert', '');
      el.setAttribute('aria-busy', 'true');
      el.setAttribute('data-pnp-static', '');
    }
    root.replaceChildren(...nodes);
    return true;
  };
  globalThis[Symbol.for('periscope-netpol.first')] = show;
  // As index.html's classic script, right after the mount element: show it now.
  if (document.currentScript) {
    show(document.querySelector('[data-periscope-netpol]') ?? document.getElementById('periscope-netpol'));
  }
})();
`;
writeFileSync(path.join(dir, FIRST), first);

// index.html: the first view's script right after the mount element (a classic script,
// so the view is in the first paint).
const indexFile = path.join(dir, 'index.html');
let html = readFileSync(indexFile, 'utf8');
const mountEl = /<main id="periscope-netpol"><\/main>/;
if (!mountEl.test(html)) fail(`cannot find <main id="periscope-netpol"></main> in ${indexFile}`);
if (!html.includes(FIRST)) html = html.replace(mountEl, (m) => `${m}\n    <script src="./${FIRST}"></script>`);
writeFileSync(indexFile, html);

const aliases = Object.keys(views.on).filter((id) => id !== '');
console.log(
  `prerender: wrote ${path.join(dir, FIRST)} (${json.length} B: the default view with share links on and off, ` +
    `also for ${aliases.join(', ') || 'no preset'}; left to the wasm: ${presets.filter((id) => !aliases.includes(id)).join(', ') || 'none'})`,
);
