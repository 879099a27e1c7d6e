// The configurator as a person uses it: fill the form, watch the preview, pick presets.
// Waits are on conditions, never on sleeps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import YAML from 'yaml';
import {
  startEnv,
  loadApp,
  screenshot,
  describeProblems,
  REPO_ROOT,
  TEST_TIMEOUT,
  VALUES_YAML,
} from './harness.mjs';

const MANIFEST_YAML = '[data-testid="manifest-yaml"]';

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

/** The values preview's current text. */
const valuesText = (page) => page.locator(VALUES_YAML).first().textContent();

/** Wait until the values preview contains `needle` (or, with `absent`, no longer does). */
async function waitForValues(page, needle, { absent = false } = {}) {
  await page.waitForFunction(
    ([sel, n, gone]) => {
      const t = document.querySelector(sel)?.textContent ?? '';
      return gone ? !t.includes(n) : t.includes(n);
    },
    [VALUES_YAML, needle, absent],
  );
  return valuesText(page);
}

/** Parsed `networkPolicy` block of the values preview. */
async function parsedValues(page) {
  return YAML.parse(await valuesText(page)).networkPolicy;
}

/** The values text the core renders for an example Environment file (the native CLI). */
function cliValuesText(example) {
  const bin = path.join(REPO_ROOT, 'target', 'debug', 'periscope-netpol');
  return execFileSync(bin, ['render', path.join(REPO_ROOT, 'www', 'examples', `${example}.yaml`)], {
    encoding: 'utf8',
  });
}

async function showTab(page, testid) {
  await page.getByTestId(testid).click();
}

test('a fresh load shows the default YAML and a clean page', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    const np = await parsedValues(page);
    assert.equal(np.enabled, true);
    assert.deepEqual(np.ingress.fromNamespaces, [{ 'kubernetes.io/metadata.name': 'ingress-nginx' }]);
    assert.deepEqual(np.egress.extra, [
      {
        to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
        ports: [{ protocol: 'TCP', port: 443 }],
      },
    ]);
    await screenshot(page, 'configurator-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'configurator-390');
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('a namespace added by labels shows up in values and in the rendered manifest', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    await page.getByRole('button', { name: '+ Namespace by labels' }).click();
    const value = page.getByLabel('Namespace labels 1 value');
    await value.click();
    await value.pressSequentially('monitoring');
    await page.getByRole('button', { name: '+ Add label' }).click();
    await page.getByLabel('Namespace labels 2 key').fill('team');
    await page.getByLabel('Namespace labels 2 value').fill('platform');
    await waitForValues(page, 'team: platform');
    const np = await parsedValues(page);
    assert.deepEqual(np.ingress.fromNamespaces[1], {
      'kubernetes.io/metadata.name': 'monitoring',
      team: 'platform',
    });

    await showTab(page, 'tab-manifest');
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').includes('team: platform'), MANIFEST_YAML);
    const manifest = YAML.parse(await page.locator(MANIFEST_YAML).textContent());
    const rule = manifest.spec.ingress[1];
    assert.deepEqual(rule.from, [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring', team: 'platform' } } }]);
    assert.deepEqual(rule.ports, [{ protocol: 'TCP', port: 8080 }]);
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('pasting three CIDRs, one invalid, marks the bad one and keeps the rest flowing', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    await page.getByLabel('Explicit CIDRs').check();
    await waitForValues(page, '0.0.0.0/0', { absent: true });
    await page.getByLabel('Issuer CIDRs').check();
    const typed = '198.51.100.0/24, 203.0.113.300/24\n192.0.2.0/24';
    const box = page.getByRole('textbox', { name: 'Issuer CIDRs' });
    // A real paste: the text goes through the clipboard and Ctrl+V.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.url).origin });
    await page.evaluate((t) => navigator.clipboard.writeText(t), typed);
    await box.click();
    await page.keyboard.press('Control+V');
    await waitForValues(page, '192.0.2.0/24');

    const errors = page.getByTestId('f-idp-cidrs-errors');
    await errors.waitFor();
    const message = await errors.textContent();
    assert.match(message, /203\.0\.113\.300\/24/, `the message names the bad entry: ${message}`);
    assert.equal(await box.inputValue(), typed, 'the input keeps all three exactly as typed');
    const np = await parsedValues(page);
    const cidrs = np.egress.extra.flatMap((r) => (r.to ?? []).map((p) => p.ipBlock?.cidr)).filter(Boolean);
    assert.ok(cidrs.includes('198.51.100.0/24') && cidrs.includes('192.0.2.0/24'), `valid CIDRs flow: ${cidrs}`);
    assert.ok(!cidrs.some((c) => c.includes('300')), `the bad CIDR is left out: ${cidrs}`);
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

const PRESETS = ['docs-minimum', 'eks-okta-explicit', 'in-cluster-keycloak', 'multi-cluster-agents', 'regulated-proxy'];

test('each preset produces its expected values', { timeout: TEST_TIMEOUT * 2 }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    for (const id of PRESETS) {
      await page.getByTestId(`preset-${id}`).click();
      const wantText = cliValuesText(id);
      // Wait until the preview settles on this preset, then compare as parsed YAML.
      await page.waitForFunction(
        ([sel, text]) => document.querySelector(sel)?.textContent === text,
        [VALUES_YAML, wantText],
      );
      assert.deepEqual(await parsedValues(page), YAML.parse(wantText).networkPolicy, `preset ${id}`);
    }
    // Spot-check what each preset is for, independent of the CLI.
    await page.getByTestId('preset-regulated-proxy').click();
    const np = await parsedValues(page);
    assert.deepEqual(np.egress.extra[0].to, [{ ipBlock: { cidr: '10.50.1.10/32' } }]);
    assert.deepEqual(np.egress.extra[0].ports, [{ protocol: 'TCP', port: 3128 }]);
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('choosing a preset over edits asks first and keeps them on cancel', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    await page.getByLabel('Release name').fill('prod');
    await page.getByTestId('preset-in-cluster-keycloak').click();
    await page.getByTestId('preset-confirm').waitFor();
    await page.getByTestId('preset-confirm-no').click();
    await page.getByTestId('preset-confirm').waitFor({ state: 'detached' });
    assert.equal(await page.getByLabel('Release name').inputValue(), 'prod');
    await page.getByTestId('preset-in-cluster-keycloak').click();
    await page.getByTestId('preset-confirm-yes').click();
    await waitForValues(page, 'kubernetes.io/metadata.name: keycloak');
    assert.equal(await page.getByLabel('Release name').inputValue(), 'periscope');
  } finally {
    await page.closeAll();
  }
});
