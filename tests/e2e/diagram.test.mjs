// The Diagram tab and the what-if tester, as a person uses them: open the diagram of
// each preset, break a rule and see its node blocked, click a node to find its rule in
// the values, ask the tester and apply its fix.
//
// Pixels differ with the fonts installed, so each preset's diagram is compared by its
// structure (every node's id, verdict, rule and field, in drawing order) against
// tests/e2e/baselines/diagram-<preset>.json; BLESS=1 rewrites them (review the diff).
// Screenshots still go to test-artifacts/diagram-<preset>.png for a look.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startEnv, loadApp, runAxe, describeProblems, REPO_ROOT, ARTIFACTS_DIR, TEST_TIMEOUT } from './harness.mjs';

const PRESETS = ['docs-minimum', 'eks-okta-explicit', 'in-cluster-keycloak', 'multi-cluster-agents', 'regulated-proxy'];
const BASELINES = path.join(REPO_ROOT, 'tests', 'e2e', 'baselines');
const SVG = '[data-testid="diagram-svg"] svg';

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

async function withPage(opts, fn) {
  const page = await env.newPage(opts);
  try {
    await fn(page);
    assert.deepEqual(page.problems, [], `browser problems:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
}

async function openDiagram(page) {
  await page.getByTestId('tab-diagram').click();
  await page.locator(SVG).waitFor();
}

/** The drawing's structure: what a click and a reader rely on, not pixels. */
function structure(page) {
  return page.locator(SVG).evaluate((svg) => ({
    layout: svg.getAttribute('data-layout'),
    title: svg.querySelector('title')?.textContent,
    nodes: [...svg.querySelectorAll('g[data-node]')].map((g) => {
      const d = g.dataset;
      const kind = g.classList.contains('pnd-edge') ? 'edge' : 'node';
      return [kind, d.node, d.verdict ?? null, d.rule ?? null, d.field ?? null, d.expands ?? null].filter((x) => x !== null).join(' ');
    }),
  }));
}

test('the Diagram tab of each preset matches its baseline structure', { timeout: TEST_TIMEOUT * 3 }, async () => {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await withPage({}, async (page) => {
    await loadApp(page, env.url);
    for (const id of PRESETS) {
      await page.getByTestId(`preset-${id}`).click();
      await page.getByTestId('tab-values').click();
      await openDiagram(page);
      const got = await structure(page);
      assert.ok(got.nodes.length > 1, `${id}: nodes drawn`);
      await page.getByTestId('diagram').screenshot({ path: path.join(ARTIFACTS_DIR, `diagram-${id}.png`) });
      const file = path.join(BASELINES, `diagram-${id}.json`);
      if (process.env.BLESS) {
        await writeFile(file, JSON.stringify(got, null, 2) + '\n');
        continue;
      }
      const want = JSON.parse(await readFile(file, 'utf8'));
      assert.deepEqual(got, want, `${id}: the diagram differs from ${path.relative(REPO_ROOT, file)} (BLESS=1 rewrites it)`);
    }
  });
});

test('an IdP without issuer CIDRs is drawn blocked, in words and with a dashed edge', { timeout: TEST_TIMEOUT }, async () => {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await withPage({}, async (page) => {
    await loadApp(page, env.url);
    await page.getByTestId('preset-eks-okta-explicit').click();
    await openDiagram(page);
    const idp = page.locator(`${SVG} g.pnd-node[data-node="idp"]`);
    assert.equal(await idp.getAttribute('data-verdict'), 'allowed');
    // Explicit egress with no issuer CIDRs: nothing lets the pod reach the issuer.
    await page.getByRole('textbox', { name: 'Issuer CIDRs' }).fill('');
    await page.locator(`${SVG} g.pnd-node[data-node="idp"][data-verdict="blocked"]`).waitFor();
    assert.match(await idp.textContent(), /Blocked/, 'the verdict is written, not only coloured');
    await page.getByTestId('diagram').screenshot({ path: path.join(ARTIFACTS_DIR, 'diagram-idp-blocked.png') });
    const edge = page.locator(`${SVG} g.pnd-edge[data-node="idp"]`);
    assert.match(await edge.getAttribute('class'), /pnd-blocked/);
    assert.match(await page.locator(`${SVG} desc`).textContent(), /Blocked: OIDC issuer/);
    const list = page.getByTestId('diagram-list');
    await list.locator('summary').click();
    assert.match(await list.textContent(), /OIDC issuer[^\n]*: blocked/);
  });
});

test('clicking a node highlights its rule in the values preview', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({}, async (page) => {
    await loadApp(page, env.url);
    await page.getByTestId('preset-eks-okta-explicit').click();
    await openDiagram(page);
    const node = page.locator(`${SVG} g.pnd-node[data-node="idp"]`);
    const rule = await node.getAttribute('data-rule');
    assert.match(rule, /^networkPolicy\.egress\.extra\[\d+\]$/);
    await node.click();
    await page.locator('[data-testid="tab-values"][aria-selected="true"]').waitFor();
    const mark = page.getByTestId('rule-highlight');
    await mark.waitFor();
    assert.equal(await mark.getAttribute('data-rule'), rule);
    const text = await mark.textContent();
    assert.match(text, /# OIDC issuer acme\.okta\.com/);
    assert.match(text, /cidr: 198\.51\.100\.0\/24/);
    assert.ok(await mark.isVisible(), 'the rule is scrolled into view');
    // The values text itself is unchanged by the highlight.
    assert.match(await page.getByTestId('values-yaml').textContent(), /^networkPolicy:\n/);
  });
});

test('a long group collapses into "+N more" and expands on click', { timeout: TEST_TIMEOUT }, async () => {
  const rules = Array.from(
    { length: 12 },
    (_, i) => `      - to:\n          - ipBlock:\n              cidr: 10.9.${i}.0/24\n        ports:\n          - protocol: TCP\n            port: ${8000 + i}\n`,
  ).join('');
  await withPage({}, async (page) => {
    await loadApp(page, env.url);
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-text').fill(`networkPolicy:\n  enabled: true\n  egress:\n    extra:\n${rules}`);
    await page.getByTestId('import-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="import-status"]')?.textContent.includes('Imported'));
    await openDiagram(page);
    const nodes = page.locator(`${SVG} g.pnd-node`);
    const more = page.locator(`${SVG} g.pnd-node[data-expands]`);
    assert.equal(await more.count(), 1, 'one "+N more" node');
    assert.match(await more.textContent(), /\+\d+ more/);
    const before = await nodes.count();
    await more.click();
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n, [`${SVG} g.pnd-node`, before]);
    assert.equal(await more.count(), 0, 'the group is drawn whole');
    assert.match(await page.locator(SVG).textContent(), /10\.9\.11\.0\/24/);
  });
});

test('Download SVG saves the diagram', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({ acceptDownloads: true }, async (page) => {
    await loadApp(page, env.url);
    await openDiagram(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-svg').click()]);
    assert.equal(download.suggestedFilename(), 'periscope-netpol-diagram.svg');
    const svg = await readFile(await download.path(), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* data-layout="wide"/);
    assert.match(svg, /<title id="pnd-title">/);
  });
});

test('the what-if tester answers, names the rule, and its fix makes a denied question allowed', { timeout: TEST_TIMEOUT }, async () => {
  await withPage({}, async (page) => {
    await loadApp(page, env.url);
    await page.getByTestId('preset-eks-okta-explicit').click();
    const tester = page.getByTestId('whatif');
    const answer = tester.getByTestId('whatif-answer');
    const remote = tester.getByLabel('IP address or host name');
    const port = tester.getByLabel('Port');

    // Allowed: the issuer's CIDR on 443; the rule is named and highlighted.
    await remote.fill('198.51.100.7');
    await port.fill('443');
    await tester.getByTestId('whatif-ask').click();
    await tester.locator('[data-testid="whatif-answer"][data-verdict="allowed"]').waitFor();
    assert.match(await tester.getByTestId('whatif-headline').textContent(), /egress to 198\.51\.100\.7 on TCP 443: allowed/);
    assert.match(await tester.getByTestId('whatif-text').textContent(), /by .*networkPolicy\.egress\.extra\[\d+\]/);
    await page.getByTestId('rule-highlight').waitFor();
    assert.match(await page.getByTestId('rule-highlight').textContent(), /OIDC issuer/);

    // Bad input: the message names it, and the typing stays.
    await remote.fill('10.20.3.4');
    await port.fill('https');
    await tester.getByTestId('whatif-ask').click();
    const error = tester.getByTestId('whatif-error');
    await error.waitFor();
    assert.match(await error.textContent(), /invalid port 'https'/);
    assert.equal(await port.getAttribute('aria-invalid'), 'true');
    assert.equal(await remote.inputValue(), '10.20.3.4');
    assert.equal(await port.inputValue(), 'https');

    // A host name the Environment does not know: it asks for an IP.
    await remote.fill('db.internal.example');
    await port.fill('5432');
    await tester.getByTestId('whatif-ask').click();
    await tester.locator('[data-testid="whatif-answer"][data-verdict="unresolved"]').waitFor();
    assert.match(await answer.textContent(), /IP/);

    // Denied: the nearest rule and why, then the one-click fix.
    await remote.fill('10.20.3.4');
    await port.fill('8443');
    await tester.getByTestId('whatif-ask').click();
    await tester.locator('[data-testid="whatif-answer"][data-verdict="denied"]').waitFor();
    assert.match(await tester.getByTestId('whatif-headline').textContent(), /: denied/);
    assert.match(await tester.getByTestId('whatif-text').textContent(), /nearest|no rule comes near it/);
    await tester.getByTestId('whatif-fix').click();
    await tester.locator('[data-testid="whatif-answer"][data-verdict="allowed"]').waitFor();
    assert.match(await page.getByTestId('values-yaml').textContent(), /cidr: 10\.20\.3\.4\/32/);

    // Ingress: a namespace the policy does not let in.
    await tester.getByText('Can … reach Periscope?').click();
    await tester.getByLabel('Namespace or IP address').fill('monitoring');
    await port.fill('8080');
    await tester.getByTestId('whatif-ask').click();
    await tester.locator('[data-testid="whatif-answer"][data-verdict="denied"]').waitFor();
    assert.match(await tester.getByTestId('whatif-headline').textContent(), /ingress from namespace monitoring on TCP 8080: denied/);
  });
});

test('axe reports no violations on the Diagram tab', { timeout: TEST_TIMEOUT }, async (t) => {
  for (const colorScheme of ['light', 'dark']) {
    await withPage({ colorScheme }, async (page) => {
      await loadApp(page, env.url);
      await page.getByTestId('preset-multi-cluster-agents').click();
      await openDiagram(page);
      await page.getByTestId('diagram-list').locator('summary').click();
      const violations = await runAxe(page, { context: '.pnp-pv' });
      for (const v of violations) t.diagnostic(`${colorScheme}: axe ${v.impact}: ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
      assert.deepEqual(violations, [], `${colorScheme}: axe-core violations:\n${JSON.stringify(violations, null, 2)}`);
    });
  }
});
