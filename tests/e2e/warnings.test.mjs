// The warnings panel as a person uses it: findings appear, clicking one focuses its
// field, one-click fixes land in the YAML.
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

test('enabling Pod Identity over the docs’ internet-HTTPS values shows the finding; its fix adds 169.254.170.23/32 port 80', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    const seed = await readFile(path.join(REPO_ROOT, 'tests/fixtures/seed-minimum-values.yaml'), 'utf8');
    const box = page.getByRole('textbox', { name: 'Values to check' });
    await box.fill(seed);
    const findings = page.getByTestId('check-findings');
    await findings.waitFor();
    assert.equal(await findings.getByTestId('finding-pod-identity-blocked').count(), 0, 'no Pod Identity finding before it is enabled');

    await page.getByLabel('AWS credential path').selectOption({ label: 'EKS Pod Identity' });
    const finding = findings.getByTestId('finding-pod-identity-blocked');
    await finding.waitFor();
    assert.match(await finding.textContent(), /169\.254\.170\.23/);

    await finding.getByTestId('fix-pod-identity-blocked').click();
    await finding.waitFor({ state: 'detached' });
    const fixed = YAML.parse(await page.getByTestId('check-yaml').textContent()).networkPolicy;
    const rule = fixed.egress.extra.find((r) => r.to?.[0]?.ipBlock?.cidr === '169.254.170.23/32');
    assert.ok(rule, `fixed values lack the Pod Identity rule: ${JSON.stringify(fixed)}`);
    assert.deepEqual(rule.ports, [{ protocol: 'TCP', port: 80 }]);
    assert.equal(await box.inputValue(), seed, 'the pasted text is untouched');
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('clicking a finding scrolls to its field and focuses it', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    await page.getByRole('button', { name: '+ Load balancer (IP targets)' }).click();
    const finding = page.getByTestId('findings').getByTestId('finding-input-invalid').filter({ hasText: 'load balancer' });
    await finding.waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await finding.getByRole('button').first().click();
    await page.waitForFunction(() => document.activeElement?.id === 'f-ingress-1-cidrs');
    const box = page.getByRole('textbox', { name: 'Load balancer source CIDRs' });
    assert.ok(await box.evaluate((el) => el === document.activeElement));
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('the preview tab shows each severity group’s count', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    const tab = page.getByTestId('tab-values');
    await tab.getByTestId('tab-badge-infos').waitFor();
    assert.match(await tab.getByTestId('tab-badge-infos').textContent(), /^1 info/);
    assert.equal(await tab.getByTestId('tab-badge-errors').count(), 0);
    // A load balancer source without CIDRs is an input error.
    await page.getByRole('button', { name: '+ Load balancer (IP targets)' }).click();
    await tab.getByTestId('tab-badge-errors').waitFor();
    const errors = await page.getByTestId('findings-error').locator('[data-code]').count();
    assert.match(await tab.getByTestId('tab-badge-errors').textContent(), new RegExp(`^${errors} error`));
  } finally {
    await page.closeAll();
  }
});

test('a one-click fix in the form normalises the CIDR in place', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    await page.getByRole('button', { name: '+ Load balancer (IP targets)' }).click();
    const box = page.getByRole('textbox', { name: 'Load balancer source CIDRs' });
    await box.fill('10.1.2.3/16, 192.168.0.0/24');
    const fix = page.getByTestId('findings').getByRole('button', { name: 'Use 10.1.0.0/16' });
    await fix.waitFor();
    await fix.click();
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.value === '10.1.0.0/16, 192.168.0.0/24',
      '#f-ingress-1-cidrs',
    );
    await fix.waitFor({ state: 'detached' });
    const np = YAML.parse(await page.locator(VALUES_YAML).first().textContent()).networkPolicy;
    const from = np.ingress.extra[0].from.map((p) => p.ipBlock.cidr);
    assert.deepEqual(from, ['10.1.0.0/16', '192.168.0.0/24']);
  } finally {
    await page.closeAll();
  }
});

test('the panel says when there is nothing to report and lists what was checked', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    const panel = page.getByTestId('findings');
    assert.equal(await panel.getAttribute('aria-labelledby'), 'pnp-findings-h');
    assert.equal(await panel.locator('[aria-live="polite"]').count(), 1, 'an aria-live region');
    // The docs' minimum has one note: the whole internet on 443.
    await panel.getByTestId('findings-info').waitFor();
    assert.match(await panel.getByTestId('findings-info').textContent(), /1 note/);
    // Explicit CIDRs everywhere: nothing to report, and the panel lists what it checked.
    await page.getByTestId('preset-eks-okta-explicit').click();
    const empty = panel.getByTestId('findings-empty');
    await empty.waitFor();
    assert.match(await empty.textContent(), /No findings/);
    await empty.getByText(/What was checked \(\d+\)/).click();
    await empty.getByText('pod-identity-blocked').waitFor();
  } finally {
    await page.closeAll();
  }
});
