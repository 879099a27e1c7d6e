// The static first view (scripts/prerender.mjs, issue #6 "first preview"): before the
// wasm has arrived, the standalone page and the embed show the view the app will start
// with, inert; the live app then replaces it with the same DOM, pixel for pixel. It is
// not shown when the app starts from something else (a share link, an autosave, a preset
// it was not recorded for), it works under the README's CSP, and a wasm that cannot
// start leaves a message, not a dead form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEnv, waitForValuesYaml, screenshot, describeProblems, STATIC_VIEW, TEST_TIMEOUT, VALUES_YAML } from './harness.mjs';
import { CSP, EXAMPLE_PATH, assertEmbedBuilt, startHeaderProxy } from './embed-helpers.mjs';

let env;
before(async () => {
  assertEmbedBuilt();
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

/** Hold every .wasm response until `release()` is called. */
async function holdWasm(page) {
  let release;
  const held = new Promise((r) => (release = r));
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Records (before any page script) whether a static first view was ever in the page. */
const RECORD_STATIC = (sel) => {
  window.__sawStatic = false;
  new MutationObserver(() => {
    if (document.querySelector(sel)) window.__sawStatic = true;
  }).observe(document, { childList: true, subtree: true });
};

/**
 * In the page: the widget's DOM as the user gets it: tags, attributes, text and the state
 * of form controls (value, checked, selected, read from the properties the user sees),
 * minus the three attributes that mark the static view.
 */
const SNAPSHOT = () => {
  const root = document.querySelector('[data-periscope-netpol]') ?? document.getElementById('periscope-netpol');
  const marks = new Set(['inert', 'aria-busy', 'data-pnp-static']);
  const state = new Set(['value', 'checked', 'selected']);
  const walk = (n) => {
    if (n.nodeType === Node.TEXT_NODE) return n.data;
    if (n.nodeType !== Node.ELEMENT_NODE) return null;
    const attrs = [...n.attributes]
      .filter((a) => !state.has(a.name) && !(n.hasAttribute('data-pnp-static') && marks.has(a.name)))
      .map((a) => `${a.name}=${a.value}`)
      .sort();
    const form = {};
    if ('value' in n && n.localName !== 'button' && n.localName !== 'li') form.value = n.value;
    if ('checked' in n) form.checked = n.checked;
    if ('selected' in n) form.selected = n.selected;
    const kids = [];
    if (n.localName !== 'textarea') {
      for (const k of [...n.childNodes].map(walk)) {
        if (k === null || k === '') continue;
        // Adjacent text nodes read as one text: the live app creates one node per
        // `{ … }` in html!, the static view (parsed from the server render) one per run.
        if (typeof k === 'string' && typeof kids.at(-1) === 'string') kids[kids.length - 1] += k;
        else kids.push(k);
      }
    }
    return [n.localName, attrs, form, kids];
  };
  return [...root.childNodes].map(walk).filter((k) => k !== null);
};

/**
 * Open `url` with the wasm held back: the static view must be there, inert and complete;
 * then let the wasm in and compare the live app with it.
 */
async function staticThenLive(page, url, name) {
  const release = await holdWasm(page);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector(STATIC_VIEW, { state: 'attached', timeout: 15_000 });
  const view = await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return {
      inert: el.inert,
      busy: el.getAttribute('aria-busy'),
      values: document.querySelector('[data-testid="values-yaml"]')?.textContent ?? '',
    };
  }, STATIC_VIEW);
  assert.equal(view.inert, true, 'the static first view is inert');
  assert.equal(view.busy, 'true', 'the static first view says it is busy (aria-busy)');
  assert.match(view.values, /networkPolicy:\n\s+enabled: true/, 'the static view shows the values preview');
  // Nothing in it takes focus or typing: Tab goes past it.
  for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
  const focusInside = await page.evaluate((sel) => !!document.activeElement?.closest(sel), STATIC_VIEW);
  assert.equal(focusInside, false, 'keyboard focus never enters the static view');
  const before = await page.evaluate(SNAPSHOT);
  const beforePng = await page.screenshot();
  await screenshot(page, `first-view-${name}-static`);

  release();
  const live = await waitForValuesYaml(page);
  assert.equal(live, view.values, 'the live preview has the same text as the static one');
  const after = await page.evaluate(SNAPSHOT);
  assert.deepEqual(after, before, 'the live app renders the same DOM and form state as the static view');
  const afterPng = await page.screenshot();
  assert.ok(beforePng.equals(afterPng), `${name}: the page looks the same before and after the wasm mounts`);
  assert.deepEqual(page.problems, [], describeProblems(page.problems));
}

test('the standalone page shows the static first view, then the same live app', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await staticThenLive(page, env.url, 'standalone');
  } finally {
    await page.closeAll();
  }
});

test('the embed on the example docs page shows it too, at 390 px as well', { timeout: TEST_TIMEOUT }, async () => {
  for (const [width, name] of [
    [1280, 'example-1280'],
    [390, 'example-390'],
  ]) {
    const page = await env.newPage({ viewport: { width, height: 900 } });
    try {
      await staticThenLive(page, env.url + EXAMPLE_PATH, name);
    } finally {
      await page.closeAll();
    }
  }
});

test('the static view works under the README Content-Security-Policy (Trusted Types on)', { timeout: TEST_TIMEOUT }, async () => {
  const proxy = await startHeaderProxy(env.server, { 'Content-Security-Policy': CSP });
  const page = await env.newPage();
  try {
    const violations = [];
    page.on('console', (m) => /Content Security Policy|Trusted Type/i.test(m.text()) && violations.push(m.text()));
    await staticThenLive(page, proxy.url + EXAMPLE_PATH, 'csp');
    assert.deepEqual(violations, []);
  } finally {
    await page.closeAll();
    await proxy.close();
  }
});

/** A host page under the server's path: one placeholder with `attrs`, the loader. */
function hostPage(attrs) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title>
<link rel="icon" href="data:,"></head><body><main>
<div data-periscope-netpol ${attrs}></div>
<script type="module" src="../periscope-netpol.js"></script></main></body></html>`;
}

test('no static view when the app starts from something else', { timeout: TEST_TIMEOUT * 2 }, async () => {
  const cases = [
    // A share link in the URL (share links on): the app opens the link.
    { name: 'share link', attrs: '', hash: true },
    // An autosave from an earlier visit: the app restores it.
    { name: 'autosave', attrs: 'data-share-links="off"', autosave: true },
    // A preset the static view was not recorded for: the wasm renders it first.
    { name: 'other preset', attrs: 'data-preset="eks-okta-explicit" data-share-links="off"' },
  ];
  // A link to a configuration with a distinctive namespace, made by the app itself.
  const page0 = await env.newPage();
  let fragment;
  try {
    await page0.goto(env.url, { waitUntil: 'load' });
    await waitForValuesYaml(page0);
    await page0.getByRole('textbox', { name: 'Namespace', exact: true }).fill('first-view-ns');
    // The address bar and the autosave follow the form (debounced).
    await page0.waitForFunction(() => location.hash.length > 1 && localStorage.getItem('periscope-netpol:env') !== null);
    fragment = await page0.evaluate(() => location.hash);
  } finally {
    await page0.closeAll();
  }

  for (const c of cases) {
    const page = await env.newPage();
    try {
      const url = `${env.url}host/first-view.html`;
      await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: hostPage(c.attrs) }));
      await page.addInitScript(RECORD_STATIC, STATIC_VIEW);
      if (c.autosave) {
        await page.addInitScript((f) => localStorage.setItem('periscope-netpol:env', f.slice(1)), fragment);
      }
      await page.goto(c.hash ? url + fragment : url, { waitUntil: 'load' });
      const values = await waitForValuesYaml(page);
      assert.equal(await page.evaluate(() => window.__sawStatic), false, `${c.name}: no static view was shown`);
      if (c.hash || c.autosave) {
        const ns = await page.getByRole('textbox', { name: 'Namespace', exact: true }).inputValue();
        assert.equal(ns, 'first-view-ns', `${c.name}: the app started from the saved configuration`);
      }
      assert.ok(values.trim().length > 0, `${c.name}: the live preview rendered`);
      assert.deepEqual(page.problems, [], `${c.name}: ${describeProblems(page.problems)}`);
    } finally {
      await page.closeAll();
    }
  }
});

test('a wasm that cannot load leaves a message naming the failure, not an inert form', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await page.route('**/*.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(env.url + EXAMPLE_PATH, { waitUntil: 'load' });
    const alert = page.getByTestId('load-error');
    await alert.waitFor({ timeout: 15_000 });
    assert.match(await alert.textContent(), /could not start/);
    assert.equal(await page.locator(STATIC_VIEW).count(), 0, 'the inert static view is gone');
    assert.equal(await page.locator(VALUES_YAML).count(), 0);
  } finally {
    await page.closeAll();
  }
});
