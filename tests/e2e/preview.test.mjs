// The output pane: tabs, Copy (with its fallback when the clipboard is refused or
// missing) and Download, used the way a person does: clicks and keys, then reading
// what is on screen, the clipboard and the saved file. No sleeps: every wait is on a
// condition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startEnv, loadApp, describeProblems, TEST_TIMEOUT } from './harness.mjs';

const VALUES_FILE = 'periscope-networkpolicy-values.yaml';
const SELECTED_HINT = /the text is selected, press Ctrl\+C \(⌘C\)/;

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

/** The exact text of the element with this test id (textContent, not innerText). */
const textOf = (page, testid) => page.getByTestId(testid).evaluate((el) => el.textContent);

/** Wait until the status line says something matching `pattern`; return what it says. */
async function statusMatching(page, pattern) {
  const status = page.getByTestId('copy-status');
  await status.filter({ hasText: pattern }).waitFor();
  return status.textContent();
}

/** Click a tab and wait until it is the selected one with its panel shown. */
async function openTab(page, slug, panelTestid) {
  await page.getByTestId(`tab-${slug}`).click();
  await page.locator(`[data-testid="tab-${slug}"][aria-selected="true"]`).waitFor();
  await page.getByTestId(panelTestid).waitFor();
}

async function withPage(opts, fn) {
  const page = await env.newPage(opts);
  try {
    await fn(page);
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
}

test('Copy puts exactly the active tab\'s text on the clipboard', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({ permissions: ['clipboard-read', 'clipboard-write'] }, async (page) => {
    const values = await loadApp(page, env.url);
    assert.equal(await textOf(page, 'values-yaml'), values);

    await page.getByTestId('copy').click();
    assert.match(await statusMatching(page, 'Copied'), /Copied/);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), values);
    // The confirmation is brief: it goes away on its own.
    await page.getByTestId('copy-status').filter({ hasText: /^$/ }).waitFor();

    // On another tab, Copy takes that tab's text.
    await openTab(page, 'manifest', 'manifest-yaml');
    const manifest = await textOf(page, 'manifest-yaml');
    assert.notEqual(manifest, values);
    await page.getByTestId('copy').click();
    await statusMatching(page, 'Copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), manifest);
  });
});

test('Download saves a file byte-identical to the values preview', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({}, async (page) => {
    await loadApp(page, env.url);
    const shown = await textOf(page, 'values-yaml');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download').click(),
    ]);
    assert.equal(download.suggestedFilename(), VALUES_FILE);
    const saved = await readFile(await download.path());
    assert.ok(saved.equals(Buffer.from(shown, 'utf8')), `saved file differs from the preview:\n${saved}`);
    await statusMatching(page, VALUES_FILE);
  });
});

test('the manifest and verify tabs use the chart\'s fullname for release "periscope"', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({}, async (page) => {
    await loadApp(page, env.url);
    // Finding badges, when there are findings, sit on the values tab and read "N kind(s)".
    for (const kind of ['error', 'warning', 'info']) {
      const badge = page.locator(`[data-testid="tab-values"] [data-testid="tab-badge-${kind}s"]`);
      if (await badge.count()) assert.match(await badge.textContent(), new RegExp(`^[1-9]\\d* ${kind}s?$`));
    }
    await openTab(page, 'manifest', 'manifest-yaml');
    const manifest = await textOf(page, 'manifest-yaml');
    assert.match(manifest, /^kind: NetworkPolicy$/m);
    assert.match(manifest, /^ {2}name: periscope$/m);
    // Only the active panel is rendered.
    assert.equal(await page.getByTestId('values-yaml').count(), 0);

    await openTab(page, 'verify', 'verify-commands');
    const verify = await textOf(page, 'verify-commands');
    assert.match(verify, /describe networkpolicy periscope$/m);
    assert.match(verify, /port-forward deploy\/periscope 8080:8080$/m);
    assert.match(verify, /^curl -fsS http:\/\/127\.0\.0\.1:8080\/healthz$/m);
    assert.doesNotMatch(verify, /wget|periscope-periscope/);
  });
});

test('tabs follow the ARIA pattern: arrow keys, Home and End move the selection', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({}, async (page) => {
    await loadApp(page, env.url);
    const selected = () =>
      page.locator('[role="tab"][aria-selected="true"]').getAttribute('data-testid');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

    await page.getByTestId('tab-values').focus();
    for (const [key, want] of [
      ['ArrowRight', 'tab-manifest'],
      ['ArrowRight', 'tab-verify'],
      ['ArrowRight', 'tab-diagram'],
      ['ArrowRight', 'tab-values'],
      ['ArrowLeft', 'tab-diagram'],
      ['Home', 'tab-values'],
      ['End', 'tab-diagram'],
    ]) {
      await page.keyboard.press(key);
      await page.locator(`[data-testid="${want}"][aria-selected="true"]`).waitFor();
      assert.equal(await selected(), want, `after ${key}`);
      assert.equal(await focused(), want, `focus after ${key}`);
    }
    // Roving tabindex: only the selected tab is in the Tab order.
    const tabindexes = await page.locator('[role="tab"]').evaluateAll((els) => els.map((e) => e.tabIndex));
    assert.deepEqual(tabindexes, [-1, -1, -1, 0]);
    const panel = page.locator('[role="tabpanel"]:not([hidden])');
    assert.equal(await panel.getAttribute('aria-labelledby'), 'pnp-tab-diagram');
  });
});

for (const { name, initScript, why } of [
  {
    name: 'refused',
    why: /^Clipboard access was refused/,
    initScript: () => {
      const deny = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
      Object.defineProperty(navigator.clipboard, 'writeText', { value: deny, configurable: true });
    },
  },
  {
    name: 'missing',
    why: /^The clipboard is not available here/,
    initScript: () => {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
    },
  },
]) {
  test(`Copy with the clipboard ${name} selects the text and says so`, { timeout: TEST_TIMEOUT }, async () => {
    await withPage({}, async (page) => {
      await page.addInitScript(initScript);
      const values = await loadApp(page, env.url);
      await page.getByTestId('copy').click();
      const said = await statusMatching(page, SELECTED_HINT);
      assert.match(said, why);
      // The whole <pre> is selected: its range holds the text exactly. Chromium's
      // Selection.toString() (and so Ctrl+C) drops the one trailing line break of a
      // selection that ends a block; that is all it may drop.
      const [range, selected] = await page.evaluate(() => {
        const sel = window.getSelection();
        return [sel.rangeCount ? sel.getRangeAt(0).toString() : '', sel.toString()];
      });
      assert.equal(range, values);
      assert.equal(selected, values.replace(/\n$/, ''));
    });
  });
}

test('release "prod" -> the policy and the verify commands name prod-periscope', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({}, async (page) => {
    await loadApp(page, env.url);
    await page.getByLabel('Release name', { exact: true }).fill('prod');

    await openTab(page, 'manifest', 'manifest-yaml');
    await page.waitForFunction(() =>
      /^ {2}name: prod-periscope$/m.test(document.querySelector('[data-testid="manifest-yaml"]')?.textContent ?? ''),
    );
    await openTab(page, 'verify', 'verify-commands');
    const verify = await textOf(page, 'verify-commands');
    assert.match(verify, /describe networkpolicy prod-periscope$/m);
    assert.match(verify, /port-forward deploy\/prod-periscope /);
    assert.doesNotMatch(verify, /networkpolicy periscope$/m);
  });
});

test('release "yes" -> the manifest prints it as Helm does and a finding says helm install fails', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({}, async (page) => {
    await loadApp(page, env.url);
    await page.getByLabel('Release name', { exact: true }).fill('yes');

    const finding = page.getByTestId('findings').getByTestId('finding-name-not-a-string');
    await finding.waitFor();
    const said = await finding.textContent();
    assert.match(said, /app\.kubernetes\.io\/instance: yes unquoted/);
    assert.match(said, /helm install fails/);

    await openTab(page, 'manifest', 'manifest-yaml');
    const manifest = await textOf(page, 'manifest-yaml');
    // As the chart's template prints it: unquoted, so YAML 1.1 reads a boolean.
    assert.match(manifest, /^ {4}app\.kubernetes\.io\/instance: yes$/m);
    assert.match(manifest, /^ {2}name: yes-periscope$/m);

    await page.getByLabel('Release name', { exact: true }).fill('yes-prod');
    await finding.waitFor({ state: 'detached' });
  });
});
