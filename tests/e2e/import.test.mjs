// Import values.yaml: the seed example fills the form and reproduces itself; invalid YAML
// shows the line and column; a file works like a paste.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { startEnv, loadApp, describeProblems, REPO_ROOT, TEST_TIMEOUT, VALUES_YAML } from './harness.mjs';

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

const SEED = path.join(REPO_ROOT, 'tests', 'fixtures', 'seed-minimum-values.yaml');

/** The chart's defaults under both blocks, so absent and empty lists compare equal. */
function withDefaults(np) {
  return {
    enabled: np.enabled ?? false,
    ingress: { fromNamespaces: np.ingress?.fromNamespaces ?? [], extra: np.ingress?.extra ?? [] },
    egress: { extra: np.egress?.extra ?? [] },
  };
}

async function importText(page, text) {
  await page.getByTestId('import-open').click();
  await page.getByTestId('import-text').fill(text);
  await page.getByTestId('import-submit').click();
}

test('importing the seed example fills the form and reproduces it', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    // Start from something else, so the import visibly changes the form.
    await page.getByTestId('preset-regulated-proxy').click();
    await page.waitForFunction((sel) => !document.querySelector(sel).textContent.includes('0.0.0.0/0'), VALUES_YAML);
    const seed = await readFile(SEED, 'utf8');
    await importText(page, seed);
    await page.waitForFunction(() => document.querySelector('[data-testid="import-status"]')?.textContent.includes('Imported'));
    await page.waitForFunction((sel) => document.querySelector(sel).textContent.includes('0.0.0.0/0'), VALUES_YAML);
    const ours = YAML.parse(await page.locator(VALUES_YAML).first().textContent()).networkPolicy;
    assert.deepEqual(withDefaults(ours), withDefaults(YAML.parse(seed).networkPolicy));
    // The form shows the inputs: an ingress-nginx controller source, internet HTTPS.
    assert.match(await page.getByRole('form', { name: 'Your environment' }).textContent(), /ingress-nginx/);
    assert.equal(await page.getByTestId('verbatim-rules').count(), 0);
    assert.deepEqual(page.problems, [], `problems:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('invalid YAML shows the line and column', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    const before = await loadApp(page, env.url);
    await importText(page, 'networkPolicy:\n  enabled: true\n  egress: [\n');
    const error = page.getByTestId('import-error');
    await error.waitFor();
    assert.match(await error.textContent(), /at line 4 column 1/);
    assert.equal(await error.getAttribute('role'), 'alert');
    await page.getByTestId('import-text').fill('networkPolicy:\n  egress:\n    extra:\n      - ports: [{port: [1]}]\n');
    await page.getByTestId('import-submit').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="import-error"]')?.textContent.includes('networkPolicy.egress.extra[0].ports[0].port: invalid type: sequence, expected a number or a port name'),
    );
    // Nothing was loaded.
    assert.equal(await page.locator(VALUES_YAML).first().textContent(), before);
  } finally {
    await page.closeAll();
  }
});

test('a file imports like a paste; rules the form cannot express stay verbatim', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    await page.getByTestId('import-open').click();
    const text = 'networkPolicy:\n  enabled: true\n  egress:\n    extra:\n      - to: [{namespaceSelector: {matchExpressions: [{key: team, operator: Exists}]}}]\n';
    await page.getByTestId('import-file').setInputFiles({ name: 'values.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
    await page.getByTestId('verbatim-rules').waitFor();
    await page.waitForFunction((sel) => document.querySelector(sel).textContent.includes('matchExpressions'), VALUES_YAML);
    const ours = YAML.parse(await page.locator(VALUES_YAML).first().textContent()).networkPolicy;
    assert.deepEqual(withDefaults(ours), withDefaults(YAML.parse(text).networkPolicy));
  } finally {
    await page.closeAll();
  }
});

test('a megabyte of values imports without freezing; past the limit it is refused', { timeout: 120_000 }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    let text = 'networkPolicy:\n  enabled: true\n  egress:\n    extra:\n';
    for (let i = 0; text.length < 1_000_000; i++) {
      text += `      - to: [{ipBlock: {cidr: 10.${(i >> 8) & 255}.${i & 255}.0/24}}]\n        ports: [{protocol: TCP, port: ${1 + (i % 60000)}}]\n`;
    }
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-file').setInputFiles({ name: 'big.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
    await page.waitForFunction(() => document.querySelector('[data-testid="import-status"]')?.textContent.includes('Imported'), null, { timeout: 90_000 });
    const big = 'x'.repeat(1024 * 1024 + 1);
    await page.getByTestId('import-file').setInputFiles({ name: 'huge.yaml', mimeType: 'text/yaml', buffer: Buffer.from(big) });
    await page.waitForFunction(() => document.querySelector('[data-testid="import-error"]')?.textContent.includes('the limit is 1048576 bytes'));
    assert.deepEqual(page.problems, [], `problems:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});
