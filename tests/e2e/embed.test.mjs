// The docs-site embed (issue #6): the example docs page in dist/example/ loads the
// widget with one placeholder and one module script, served from a sub-path.
// Checks where it mounts, its data attributes, that it leaves the host page's styles
// alone, that it requests nothing but its own assets, that it works under the
// README's Content-Security-Policy sent as an HTTP header, and that user text never
// becomes HTML. Screenshots of the page in both themes at 1280 and 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  startEnv,
  waitForValuesYaml,
  screenshot,
  describeProblems,
  DIST_DIR,
  REPO_ROOT,
  TEST_TIMEOUT,
  VALUES_YAML,
} from './harness.mjs';
import { CSP, EXAMPLE_PATH, assertEmbedBuilt, startHeaderProxy } from './embed-helpers.mjs';

let env;
let example;
before(async () => {
  assertEmbedBuilt();
  env = await startEnv();
  example = env.url + EXAMPLE_PATH;
});
after(async () => {
  await env?.close();
});

/** Open the example page (optionally with `?theme=`) and wait for the preview. */
async function loadExample(page, url = example) {
  const res = await page.goto(url, { waitUntil: 'load' });
  assert.ok(res?.ok(), `GET ${url} -> ${res?.status()}`);
  return waitForValuesYaml(page);
}

/** Values text once it contains `needle`. */
async function waitForValues(page, needle) {
  await page.waitForFunction(
    ([sel, n]) => (document.querySelector(sel)?.textContent ?? '').includes(n),
    [VALUES_YAML, needle],
  );
  return page.locator(VALUES_YAML).textContent();
}

test('the widget mounts into the placeholder, not <body>, with its data attributes', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadExample(page);
    const where = await page.evaluate(() => {
      const roots = [...document.querySelectorAll('.pnp')];
      return {
        count: roots.length,
        parentIsPlaceholder: roots[0]?.parentElement?.hasAttribute('data-periscope-netpol'),
        inBody: [...document.body.children].some((c) => c.classList.contains('pnp')),
        // The prose after the placeholder is still there, in order.
        afterPlaceholder: document.querySelector('[data-periscope-netpol]')?.nextElementSibling?.nextElementSibling?.id,
      };
    });
    assert.deepEqual(where, { count: 1, parentIsPlaceholder: true, inBody: false, afterPlaceholder: 'apply' });

    // data-share-links="off": editing leaves the host's URL fragment alone.
    await page.getByLabel('Controller namespace').fill('ingress-docs');
    await waitForValues(page, 'ingress-docs');
    assert.equal(new URL(page.url()).hash, '', 'the widget wrote the URL fragment although data-share-links="off"');
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('data-preset picks the starting preset and data-theme forces a theme', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    const defaults = await loadExample(page);
    // The same page with other attributes on the placeholder (a host author's edit).
    await page.route(`**/${EXAMPLE_PATH}`, async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace(
        'data-preset="docs-minimum"',
        'data-preset="regulated-proxy" data-theme="dark"',
      );
      await route.fulfill({ response: res, body });
    });
    const values = await loadExample(page);
    assert.notEqual(values, defaults, 'data-preset="regulated-proxy" did not change the starting values');
    assert.ok(!values.includes('0.0.0.0/0'), `the proxy preset opens 0.0.0.0/0:\n${values}`);
    const bg = await page.locator('.pnp').evaluate((el) => getComputedStyle(el).getPropertyValue('--_panel').trim());
    assert.equal(bg, '#1d2126', 'data-theme="dark" on the placeholder did not select the dark palette');
  } finally {
    await page.closeAll();
  }
});

test('the widget CSS is scoped: every selector is under .pnp and the host page looks the same', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadExample(page);
    const report = await page.evaluate(() => {
      const widgetSheets = [...document.styleSheets].filter((s) => /\/(widget|preview)-[0-9a-f]+\.css$/.test(s.href ?? ''));
      const bad = [];
      // Split a selector list at its top-level commas (not those inside :is(...)).
      const split = (list) => {
        const out = [];
        let depth = 0;
        let cur = '';
        for (const ch of list) {
          if (ch === ',' && depth === 0) {
            out.push(cur);
            cur = '';
            continue;
          }
          if (ch === '(') depth++;
          if (ch === ')') depth--;
          cur += ch;
        }
        return [...out, cur];
      };
      const walk = (rules) => {
        for (const r of rules) {
          if (r.cssRules && !r.selectorText) walk(r.cssRules); // @media, @supports
          else if (r.selectorText) {
            for (const sel of split(r.selectorText)) {
              // Scoped: some compound of the selector starts with the .pnp class.
              if (!/(^|[\s>+~(])\.pnp(?![\w-])/.test(sel.trim())) bad.push(sel.trim());
            }
          } else if (!(r instanceof CSSFontFaceRule)) bad.push(r.cssText.slice(0, 60));
        }
      };
      widgetSheets.forEach((s) => walk(s.cssRules));
      // Computed styles of host elements with and without the widget's sheets.
      const hostEls = ['html', 'body', '.prose > h1', '.prose > h2', '.prose > p', '.prose > ul', '.prose > pre', '.prose > p code', '.sidebar a', '.site-header', 'footer'];
      const props = ['font-family', 'font-size', 'line-height', 'color', 'background-color', 'margin', 'padding', 'box-sizing', 'border'];
      const snap = () =>
        hostEls.map((q) => {
          const cs = getComputedStyle(document.querySelector(q));
          return `${q}: ${props.map((p) => cs.getPropertyValue(p)).join(' | ')}`;
        });
      const withWidget = snap();
      widgetSheets.forEach((s) => (s.disabled = true));
      const without = snap();
      widgetSheets.forEach((s) => (s.disabled = false));
      return { sheets: widgetSheets.length, bad, withWidget, without };
    });
    assert.equal(report.sheets, 2, 'the loader did not add widget.css and preview.css');
    assert.deepEqual(report.bad, [], `unscoped widget selectors:\n${report.bad.join('\n')}`);
    assert.deepEqual(report.withWidget, report.without, "the widget's CSS changed the host page's styles");
  } finally {
    await page.closeAll();
  }
});

/** Every file of the build, as URL paths under the server's base. */
function builtAssetPaths(base) {
  const walk = (dir) =>
    readdirSync(dir).flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  return new Set(walk(DIST_DIR).map((f) => base + path.relative(DIST_DIR, f).split(path.sep).join('/')));
}

test('the widget requests nothing but its own assets', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  const log = [];
  page.on('request', (req) => log.push({ url: req.url(), type: req.resourceType() }));
  page.on('websocket', (ws) => log.push({ url: ws.url(), type: 'websocket' }));
  try {
    await loadExample(page);
    // Use it like a person: type, pick options, switch tabs, copy, check values.
    await page.getByLabel('Controller namespace').fill('ingress-prod');
    await page.getByLabel('Explicit CIDRs').check();
    await page.getByTestId('tab-manifest').click();
    await page.getByTestId('tab-values').click();
    await page.getByRole('textbox', { name: 'Values to check' }).fill('networkPolicy:\n  enabled: true\n');
    await page.getByTestId('check-findings').waitFor();
    await waitForValues(page, 'ingress-prod');

    const base = new URL(env.url);
    const own = builtAssetPaths(base.pathname);
    const foreign = log.filter(({ url }) => {
      const u = new URL(url);
      if (u.protocol === 'data:') return false; // the host page's `data:,` favicon: no request leaves the page
      return u.origin !== base.origin || !(own.has(u.pathname) || own.has(`${u.pathname}index.html`));
    });
    assert.deepEqual(foreign, [], `requests beyond the widget's own assets:\n${JSON.stringify(foreign, null, 2)}`);
    const widgetAssets = log.filter(({ url }) => /periscope-netpol|widget-|preview-/.test(url)).map(({ url }) => path.basename(new URL(url).pathname));
    assert.ok(widgetAssets.includes('periscope-netpol.js'), `loader not requested: ${widgetAssets}`);
    assert.ok(widgetAssets.some((f) => f.endsWith('_bg.wasm')), `wasm not requested: ${widgetAssets}`);
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('the widget works under the README Content-Security-Policy sent as an HTTP header', { timeout: TEST_TIMEOUT }, async () => {
  const proxy = await startHeaderProxy(env.server, { 'Content-Security-Policy': CSP });
  const page = await env.newPage();
  try {
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
    const url = proxy.url + EXAMPLE_PATH;
    const res = await page.goto(url, { waitUntil: 'load' });
    assert.equal(res.headers()['content-security-policy'], CSP);
    await waitForValuesYaml(page);
    // It still reacts: typing updates the preview, a tab switches, a fix button works.
    await page.getByLabel('Controller namespace').fill('ingress-csp');
    await waitForValues(page, 'ingress-csp');
    await page.getByTestId('tab-manifest').click();
    await page.getByTestId('tab-values').click();
    // The diagram's SVG goes in through a Trusted Types policy, and is styled.
    await page.getByTestId('tab-diagram').click();
    const box = page.locator('[data-testid="diagram-svg"] svg .pnd-node .pnd-box').first();
    await box.waitFor();
    const fill = await box.evaluate((el) => getComputedStyle(el).fill);
    assert.notEqual(fill, 'rgb(0, 0, 0)', 'the diagram is styled (not black boxes)');
    await page.getByTestId('tab-values').click();
    const violations = await page.evaluate(() => window.__csp);
    assert.deepEqual(violations, [], `CSP violations:\n${violations.join('\n')}`);
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
    await proxy.close();
  }
});

test('the README documents exactly the CSP the test enforces', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(CSP), `README.md lacks the policy:\n${CSP}`);
});

test('user text is never inserted as HTML, and nothing uses inline handlers or eval', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadExample(page);
    const evil = '<img src=x data-evil="1"><b>bold</b>';
    await page.getByLabel('Controller namespace').fill(evil);
    await page.getByRole('textbox', { name: 'Values to check' }).fill(`networkPolicy:\n  ingress:\n    fromNamespaces:\n      - ${evil}: x\n`);
    // The text comes back as text (in the inline error and the checker's message).
    await page.waitForFunction((t) => document.querySelector('.pnp').textContent.includes(t), '<b>bold</b>');
    const dom = await page.evaluate(() => ({
      injected: document.querySelectorAll('.pnp img, .pnp b, [data-evil]').length,
      handlers: [...document.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`),
      ),
    }));
    assert.deepEqual(dom, { injected: 0, handlers: [] });
    for (const f of readdirSync(DIST_DIR).filter((n) => n.endsWith('.js'))) {
      const js = readFileSync(path.join(DIST_DIR, f), 'utf8');
      assert.ok(!/\beval\s*\(|new\s+Function\s*\(/.test(js), `${f} uses eval or new Function`);
    }
    // Yew can set innerHTML (VRaw), so its glue imports the setter; the app never asks
    // for it. The CSP test enforces Trusted Types, which would block any such write.
    const rs = (dir) =>
      readdirSync(dir).flatMap((n) => {
        const p = path.join(dir, n);
        return statSync(p).isDirectory() ? rs(p) : p.endsWith('.rs') ? [p] : [];
      });
    for (const f of rs(path.join(REPO_ROOT, 'src'))) {
      const code = readFileSync(f, 'utf8');
      assert.ok(!/from_html_unchecked|set_inner_html|inner_html|VRaw|insert_adjacent_html/.test(code), `${path.relative(REPO_ROOT, f)} inserts HTML from strings`);
    }
  } finally {
    await page.closeAll();
  }
});

for (const theme of ['light', 'dark']) {
  test(`screenshots of the example page, ${theme} theme, at 1280 and 390 px`, { timeout: TEST_TIMEOUT }, async () => {
    const page = await env.newPage({ colorScheme: theme });
    try {
      await loadExample(page);
      const bg = await page.locator('.pnp').evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(bg, theme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)', 'the widget does not take the host background');
      await screenshot(page, `example-${theme}-1280`);
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 390px`);
      await screenshot(page, `example-${theme}-390`);
      assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
    } finally {
      await page.closeAll();
    }
  });
}
