// Share links and autosave, as a person uses them: edit then reload, Copy link then open
// it elsewhere, a corrupted link, Back and Forward, Reset and Undo.
// Waits are on conditions (the debounced address bar), never on sleeps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEnv, loadApp, waitForValuesYaml, describeProblems, TEST_TIMEOUT, VALUES_YAML } from './harness.mjs';

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

const valuesText = (page) => page.locator(VALUES_YAML).first().textContent();

/** Wait until the address bar's fragment differs from `previous` and is non-empty. */
async function waitForHash(page, previous = '') {
  await page.waitForFunction((prev) => location.hash.length > 1 && location.hash !== prev, previous);
  return page.evaluate(() => location.hash);
}

/** Wait until the preview (values or rendered manifest) mentions `needle`. */
async function waitForValues(page, needle) {
  await page.waitForFunction(
    ([sel, n]) =>
      [sel, '[data-testid="manifest-yaml"]'].some((s) => (document.querySelector(s)?.textContent ?? '').includes(n)),
    [VALUES_YAML, needle],
  );
}

const manifestText = (page) => page.locator('[data-testid="manifest-yaml"]').first().textContent();

/** Load the app and show the rendered manifest (it names the release and the port). */
async function loadManifest(page, url) {
  if (url === null) {
    await page.reload({ waitUntil: 'load' });
    await waitForValuesYaml(page);
  } else {
    await loadApp(page, url);
  }
  await page.getByTestId('tab-manifest').click();
  await page.locator('[data-testid="manifest-yaml"]').first().waitFor();
  return manifestText(page);
}

test('edit, reload: everything is still there (autosave and the address bar)', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadManifest(page, env.url);
    await page.getByLabel('Release name').fill('prod');
    await page.getByLabel('Service port (service.port)').fill('9090');
    await waitForValues(page, 'prod');
    const hash = await waitForHash(page);
    assert.match(hash, /^#v1\./);
    const before = await manifestText(page);
    assert.match(before, /port: 9090/);
    // Reload with the fragment, then without it (autosave only).
    // Reload: the fragment is in the address bar.
    assert.equal(await loadManifest(page, null), before);
    assert.equal(await page.getByLabel('Release name').inputValue(), 'prod');
    assert.equal(await loadManifest(page, env.url), before);
    assert.equal(await page.getByLabel('Release name').inputValue(), 'prod');
    assert.deepEqual(page.problems, [], `problems:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('Copy link, open it in a new page: the preview is identical', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    await loadApp(page, env.url);
    await page.getByTestId('preset-eks-okta-explicit').click();
    await waitForValues(page, '198.51.100.0/24');
    await page.getByLabel('Release name').fill('shared');
    await page.getByTestId('copy-link').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="share-status"]')?.textContent.includes('copied'));
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(link, /#v1\./);
    const preview = await valuesText(page);
    await page.getByTestId('tab-manifest').click();
    await waitForValues(page, 'name: shared-periscope');
    const manifest = await manifestText(page);

    const other = await env.newPage();
    try {
      assert.equal(await loadApp(other, link), preview);
      await other.getByTestId('tab-manifest').click();
      assert.equal(await manifestText(other), manifest);
      assert.equal(await other.getByTestId('link-error').count(), 0);
      assert.deepEqual(other.problems, [], `problems:${describeProblems(other.problems)}`);
    } finally {
      await other.closeAll();
    }
  } finally {
    await page.closeAll();
  }
});

test('a corrupted link shows the banner and a working page', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    const bad = `${env.url}#v1.eNpNT0lSxSAQ3ecUXCBMXy1l60laaH-6kgAFjcPtBaJV7ug3QyG7RQ`;
    await loadManifest(page, bad);
    const banner = page.getByTestId('link-error');
    await banner.waitFor();
    assert.equal(await banner.getAttribute('role'), 'alert');
    assert.match(await banner.textContent(), /truncated or corrupted/);
    // The bad fragment stays until the user changes something...
    assert.equal(await page.evaluate(() => location.hash), new URL(bad).hash);
    // ...and the page works: the defaults are shown and edits flow into the preview.
    assert.match(await manifestText(page), /ingress-nginx/);
    await page.getByLabel('Release name').fill('after-bad-link');
    await waitForValues(page, 'after-bad-link');
    await waitForHash(page, new URL(bad).hash);
    await page.getByTestId('link-error-dismiss').click();
    assert.equal(await page.getByTestId('link-error').count(), 0);
    for (const [what, fragment, message] of [
      ['future', '#v9.abc', /newer version/],
      ['not a link', '#hello', /does not start with a version/],
    ]) {
      const p = await env.newPage();
      try {
        await loadApp(p, env.url + fragment);
        await p.getByTestId('link-error').waitFor();
        assert.match(await p.getByTestId('link-error').textContent(), message, what);
      } finally {
        await p.closeAll();
      }
    }
    assert.deepEqual(page.problems, [], `problems:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('Back and Forward across hashchange restore each configuration', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadManifest(page, env.url);
    await page.getByLabel('Release name').fill('first');
    await waitForValues(page, 'first');
    const first = await waitForHash(page);
    await page.getByLabel('Release name').fill('second');
    await waitForValues(page, 'second');
    const second = await waitForHash(page, first);
    // Opening each link is a navigation (a history entry); editing is not.
    await page.goto(env.url + first);
    await waitForValues(page, 'first');
    await page.goto(env.url + second);
    await waitForValues(page, 'second');
    await page.goBack();
    await waitForValues(page, 'first');
    assert.equal(await page.getByLabel('Release name').inputValue(), 'first');
    await page.goForward();
    await waitForValues(page, 'second');
    assert.equal(await page.getByLabel('Release name').inputValue(), 'second');
    assert.deepEqual(page.problems, [], `problems:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('Reset returns to the defaults, with one-step undo', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadManifest(page, env.url);
    await page.getByLabel('Release name').fill('keep-me');
    await waitForValues(page, 'keep-me');
    await page.getByTestId('reset').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="manifest-yaml"]')?.textContent.includes('name: periscope\n'));
    assert.equal(await page.getByLabel('Release name').inputValue(), 'periscope');
    await page.getByTestId('undo-reset').click();
    await waitForValues(page, 'keep-me');
    assert.equal(await page.getByTestId('undo-reset').count(), 0);
  } finally {
    await page.closeAll();
  }
});

test('without storage the app says so once and keeps working', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('storage is disabled', 'SecurityError');
        },
      });
    });
    await loadManifest(page, env.url);
    await page.getByTestId('storage-error').waitFor();
    assert.equal(await page.getByTestId('storage-error').count(), 1);
    await page.getByLabel('Release name').fill('no-storage');
    await waitForValues(page, 'no-storage');
    await waitForHash(page);
    assert.equal(await page.getByTestId('storage-error').count(), 1);
  } finally {
    await page.closeAll();
  }
});
