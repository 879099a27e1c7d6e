// The Cilium choice: a CiliumNetworkPolicy tab appears with the names the Environment
// needs, the values drop their internet-wide rule, Copy and Download hand out the policy,
// and a share link keeps the choice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { startEnv, loadApp, describeProblems, TEST_TIMEOUT, VALUES_YAML } from './harness.mjs';

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

const CILIUM = /Cilium \(FQDN-aware egress\)/;

/** Every toFQDNs selector of the policy, as `name` or `pattern` strings. */
function fqdns(cnp) {
  return (cnp.spec.egress ?? []).flatMap((r) => r.toFQDNs ?? []).map((f) => f.matchName ?? f.matchPattern);
}

test('switching on Cilium adds its policy tab and drops the internet-wide rule; off again restores it', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage({ acceptDownloads: true });
  try {
    const before = await loadApp(page, env.url);
    assert.ok(before.includes('0.0.0.0/0'), 'the default posture has the internet-wide rule');
    assert.equal(await page.getByTestId('tab-cilium').count(), 0, 'no Cilium tab before the choice');
    await page.getByRole('textbox', { name: 'OIDC issuer URL' }).fill('https://login.example.org/realms/ops');
    const region = await page.getByRole('textbox', { name: 'AWS region' }).inputValue();

    await page.getByRole('radio', { name: CILIUM }).check();
    await page.waitForFunction((sel) => !document.querySelector(sel).textContent.includes('0.0.0.0/0'), VALUES_YAML);
    const values = YAML.parse(await page.locator(VALUES_YAML).first().textContent());
    assert.ok(values.networkPolicy.enabled, 'the chart policy stays on');

    await page.getByTestId('tab-cilium').click();
    const text = await page.getByTestId('cilium-yaml').textContent();
    const cnp = YAML.parse(text);
    assert.equal(cnp.apiVersion, 'cilium.io/v2');
    assert.equal(cnp.kind, 'CiliumNetworkPolicy');
    assert.ok(cnp.spec.endpointSelector?.matchLabels, 'selects the pod by labels');
    const names = fqdns(cnp);
    for (const want of ['login.example.org', `sts.${region}.amazonaws.com`, `eks.${region}.amazonaws.com`]) {
      assert.ok(names.includes(want), `${want} in ${names.join(', ')}`);
    }
    const dns = cnp.spec.egress.flatMap((r) => r.toPorts ?? []).flatMap((p) => p.rules?.dns ?? []);
    assert.ok(dns.some((d) => d.matchPattern === '*'), 'the DNS proxy sees every lookup');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    assert.equal(download.suggestedFilename(), 'periscope-cilium-fqdn-policy.yaml');
    assert.equal(await readFile(await download.path(), 'utf8'), text);

    // The Verify tab checks the companion policy too.
    await page.getByTestId('tab-verify').click();
    const verify = await page.getByTestId('verify-commands').textContent();
    assert.ok(verify.includes(`describe ciliumnetworkpolicy ${cnp.metadata.name}\n`), verify);

    // A share link keeps the choice.
    await page.waitForFunction(() => location.hash.length > 1);
    const link = page.url();
    const other = await env.newPage();
    try {
      await loadApp(other, link);
      assert.ok(await other.getByRole('radio', { name: CILIUM }).isChecked());
      await other.getByTestId('tab-cilium').waitFor();
      assert.deepEqual(other.problems, [], `problems:${describeProblems(other.problems)}`);
    } finally {
      await other.closeAll();
    }

    // Off again, from the Cilium tab: the tab goes and the values show instead.
    await page.getByTestId('tab-cilium').click();
    await page.getByRole('radio', { name: /Any CNI/ }).check();
    await page.getByTestId('tab-cilium').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('tab-values').getAttribute('aria-selected'), 'true');
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('0.0.0.0/0'), VALUES_YAML);
    assert.deepEqual(page.problems, [], `problems:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});
