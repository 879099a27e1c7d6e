// The issuer URL's port is the port the checks use: an http issuer on 8080 over the
// docs' internet-HTTPS rule is an error that names the port, in the form and in the
// checker, and its one-click fix adds the rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { startEnv, loadApp, describeProblems, TEST_TIMEOUT, VALUES_YAML } from './harness.mjs';

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

test('typing an http issuer on port 8080 shows the error naming TCP 8080; its fix opens 8080', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    const panel = page.getByTestId('findings');
    assert.equal(await panel.getByTestId('finding-idp-unreachable').count(), 0, 'no IdP error on the default form');

    const issuer = page.getByRole('textbox', { name: 'OIDC issuer URL' });
    await issuer.click();
    await issuer.pressSequentially('http://idp.example.com:8080/realms/periscope');
    // Wait on the finding for the whole URL, not one of the prefixes typed on the way.
    const finding = panel.getByTestId('finding-idp-unreachable').filter({ hasText: 'TCP 8080 to idp.example.com' });
    await finding.waitFor();
    const text = await finding.textContent();
    assert.match(text, /TCP 8080/);
    assert.match(text, /idp\.example\.com/);
    assert.ok(
      (await finding.evaluate((el) => el.closest('[data-testid="findings-error"]'))) !== null,
      'the finding is in the errors group',
    );

    await finding.getByTestId('fix-idp-unreachable').click();
    await finding.waitFor({ state: 'detached' });
    const np = YAML.parse(await page.locator(VALUES_YAML).first().textContent()).networkPolicy;
    const rule = np.egress.extra.find((r) => (r.ports ?? []).some((p) => p.port === 8080));
    assert.ok(rule, `no egress rule on 8080: ${JSON.stringify(np.egress.extra)}`);
    assert.equal(rule.to[0].ipBlock.cidr, '0.0.0.0/0');
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('an in-cluster http issuer on 8080 is not reached by the internet rule; the fix selects its namespace', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    const issuer = page.getByRole('textbox', { name: 'OIDC issuer URL' });
    await issuer.fill('http://keycloak.auth.svc.cluster.local:8080/realms/periscope');
    const finding = page.getByTestId('findings').getByTestId('finding-idp-unreachable');
    await finding.waitFor();
    assert.match(await finding.textContent(), /TCP 8080 to keycloak\.auth\.svc\.cluster\.local/);

    await finding.getByTestId('fix-idp-unreachable').click();
    await finding.waitFor({ state: 'detached' });
    const np = YAML.parse(await page.locator(VALUES_YAML).first().textContent()).networkPolicy;
    const rule = np.egress.extra.find((r) => r.to?.[0]?.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'auth');
    assert.ok(rule, `no rule to namespace auth: ${JSON.stringify(np.egress.extra)}`);
    assert.deepEqual(rule.ports, [{ protocol: 'TCP', port: 8080 }]);
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('the checker reports the issuer port error for a pasted chart values file', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    const values = [
      'auth:',
      '  oidc:',
      '    issuer: http://keycloak.auth.svc.cluster.local:8080/realms/periscope',
      'networkPolicy:',
      '  enabled: true',
      '  ingress:',
      '    fromNamespaces:',
      '      - kubernetes.io/metadata.name: ingress-nginx',
      '  egress:',
      '    extra:',
      '      - to:',
      '          - ipBlock:',
      '              cidr: 0.0.0.0/0',
      '              except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]',
      '        ports:',
      '          - protocol: TCP',
      '            port: 443',
      '',
    ].join('\n');
    await page.getByRole('textbox', { name: 'Values to check' }).fill(values);
    const finding = page.getByTestId('check-findings').getByTestId('finding-idp-unreachable');
    await finding.waitFor();
    assert.match(await finding.textContent(), /TCP 8080/);
    assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});
