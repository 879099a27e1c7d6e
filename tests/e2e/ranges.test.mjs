// Published IP ranges: a ranges file picked in the form fills the CIDR fields with the
// aggregated list, the checks turn "unverified" into verdicts, and bad files leave the
// form alone with a message that names the file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, open, rm, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { startEnv, loadApp, describeProblems, REPO_ROOT, TEST_TIMEOUT, VALUES_YAML } from './harness.mjs';

const AWS_FIXTURE = path.join(REPO_ROOT, 'tests', 'fixtures', 'aws-ip-ranges.json');
const OKTA_FIXTURE = path.join(REPO_ROOT, 'tests', 'fixtures', 'okta-ip-ranges.json');

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

// An oracle of its own: a CIDR list as the set of addresses it covers (merged ranges per
// family), so the filled list can be compared with the file's prefixes without trusting
// the app's aggregation.
function v6ToBigInt(addr) {
  const [head, tail] = addr.includes('::') ? addr.split('::') : [addr, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === null ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g || '0', 16)), 0n);
}

function range(cidr) {
  const [addr, len] = cidr.trim().split('/');
  const v6 = addr.includes(':');
  const bits = v6 ? 128 : 32;
  const value = v6 ? v6ToBigInt(addr) : addr.split('.').reduce((acc, o) => (acc << 8n) + BigInt(o), 0n);
  const size = 1n << BigInt(bits - Number(len));
  const start = (value / size) * size;
  return { fam: v6 ? 6 : 4, start, end: start + size - 1n };
}

function addressSet(cidrs) {
  const sorted = cidrs.map(range).sort((a, b) => a.fam - b.fam || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.fam === r.fam && r.start <= last.end + 1n) {
      if (r.end > last.end) last.end = r.end;
    } else {
      merged.push({ ...r });
    }
  }
  return merged.map((r) => `${r.fam}:${r.start}-${r.end}`);
}

async function awsFixture() {
  const file = JSON.parse(await readFile(AWS_FIXTURE, 'utf8'));
  const all = [
    ...file.prefixes.map((p) => ({ ...p, cidr: p.ip_prefix })),
    ...file.ipv6_prefixes.map((p) => ({ ...p, cidr: p.ipv6_prefix })),
  ];
  return { file, all };
}

async function uploadAndWait(page, file) {
  await page.getByTestId('ranges-file').setInputFiles(file);
  await page.locator('[data-testid="ranges-status"][data-parse-ms]').waitFor();
}

test('a ranges file fills the AWS API CIDRs with the aggregated list, and the checks use it', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    const { file, all } = await awsFixture();
    const home = all.filter((p) => p.region === 'eu-west-1' && p.service === 'AMAZON');
    const homeV4 = home.filter((p) => !p.cidr.includes(':')).map((p) => p.cidr);
    assert.ok(homeV4.length >= 2, 'the fixture has several IPv4 AMAZON prefixes in eu-west-1');

    await page.getByRole('textbox', { name: 'AWS region' }).fill('eu-west-1');
    await page.getByRole('radio', { name: /Explicit CIDRs/ }).check();
    // A hand-typed list that holds only the first of the region's prefixes.
    const apiCidrs = page.getByRole('textbox', { name: 'AWS API CIDRs' });
    await apiCidrs.fill(homeV4[0]);
    const findings = page.getByTestId('findings');
    await page.waitForFunction((sel) => document.querySelector(sel).textContent.includes('ipBlock'), VALUES_YAML);
    assert.equal(await findings.getByTestId('finding-ranges-partial').count(), 0, 'without a file the list is taken as given');

    // Record every status the panel shows, to see the progress state.
    await page.evaluate(() => {
      window.__rangesStatuses = [];
      new MutationObserver(() => {
        const s = document.querySelector('[data-testid="ranges-status"]');
        if (s) window.__rangesStatuses.push(s.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await uploadAndWait(page, AWS_FIXTURE);
    const statuses = await page.evaluate(() => window.__rangesStatuses);
    assert.ok(statuses.some((s) => s.startsWith('Parsing aws-ip-ranges.json')), `progress shown: ${statuses.join(' | ')}`);
    const status = await page.getByTestId('ranges-status').textContent();
    assert.match(status, new RegExp(`${all.length} prefixes`), status);
    assert.match(status, new RegExp(file.createDate), status);
    const heading = await page.getByTestId('ranges-aws-file').textContent();
    assert.ok(heading.includes(file.createDate) && heading.includes(file.syncToken), heading);

    // The hand-typed list now gets a verdict: it misses prefixes of AMAZON in eu-west-1.
    const partial = findings.getByTestId('finding-ranges-partial');
    await partial.waitFor();
    assert.match(await partial.textContent(), new RegExp(homeV4[1].replace(/\./g, '\\.')), 'names a missing prefix');

    // The region picked at first is Periscope's; the service AMAZON.
    assert.deepEqual(await page.getByTestId('ranges-regions').evaluate((s) => [...s.selectedOptions].map((o) => o.value)), ['eu-west-1']);
    assert.deepEqual(await page.getByTestId('ranges-services').evaluate((s) => [...s.selectedOptions].map((o) => o.value)), ['AMAZON']);
    assert.match(await page.getByTestId('ranges-selection').textContent(), new RegExp(`: ${home.length} prefixes aggregated to`));

    await page.getByTestId('fill-aws.apiCidrs').click();
    await page.waitForFunction((first) => {
      const box = document.querySelector('#f-aws-apiCidrs');
      return box && box.value.trim() !== first;
    }, homeV4[0]);
    const filled = (await apiCidrs.inputValue()).split('\n').filter(Boolean);
    assert.deepEqual(addressSet(filled), addressSet(home.map((p) => p.cidr)), 'the same addresses as the prefixes');
    assert.ok(filled.length < home.length, `aggregated: ${filled.length} CIDRs for ${home.length} prefixes`);

    await findings.getByTestId('finding-ranges-verified').waitFor();
    assert.equal(await findings.getByTestId('finding-ranges-partial').count(), 0);
    const values = await page.locator(VALUES_YAML).first().textContent();
    assert.ok(values.includes(file.createDate), 'the values comment carries the file date');
    assert.ok(YAML.parse(values), 'the values still parse');
    assert.match(await page.getByTestId('ranges-notes').textContent(), /aws\.apiCidrs/);

    // Typing in the field drops the note: the list is no longer the file's.
    await apiCidrs.fill(filled.join('\n') + '\n');
    await apiCidrs.fill(filled.slice(1).join('\n'));
    await page.getByTestId('ranges-notes').waitFor({ state: 'detached' });
    assert.deepEqual(page.problems, [], `problems:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('checking a values file: "unverified" becomes a verdict once the ranges are loaded', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    const { all } = await awsFixture();
    const homeV4 = all.filter((p) => p.region === 'eu-west-1' && p.service === 'AMAZON' && !p.cidr.includes(':'));
    const values = {
      serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/periscope' } },
      clusters: [{ name: 'prod', backend: 'eks', region: 'eu-west-1' }],
      networkPolicy: {
        enabled: true,
        egress: { extra: [{ to: [{ ipBlock: { cidr: homeV4[0].cidr } }], ports: [{ protocol: 'TCP', port: 443 }] }] },
      },
    };
    await page.getByRole('textbox', { name: 'Values to check' }).fill(YAML.stringify(values));
    const findings = page.getByTestId('check-findings');
    await findings.getByTestId('finding-aws-api-unverified').waitFor();

    await uploadAndWait(page, AWS_FIXTURE);
    await findings.getByTestId('finding-ranges-partial').waitFor();
    assert.equal(await findings.getByTestId('finding-aws-api-unverified').count(), 0);
    assert.match(await findings.getByTestId('finding-ranges-partial').first().textContent(), /eu-west-1/);

    // Put away, the file no longer decides.
    await page.getByTestId('ranges-forget-aws').click();
    await findings.getByTestId('finding-aws-api-unverified').waitFor();
    assert.deepEqual(page.problems, [], `problems:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('an Okta file fills the issuer CIDRs from the cell picked', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    const okta = JSON.parse(await readFile(OKTA_FIXTURE, 'utf8'));
    const [cell] = Object.keys(okta);
    await uploadAndWait(page, OKTA_FIXTURE);
    await page.getByTestId('ranges-cells').selectOption([cell]);
    await page.getByTestId('fill-idp.cidrs').click();
    const box = page.getByRole('textbox', { name: /Issuer CIDRs/i });
    await box.waitFor();
    const filled = (await box.inputValue()).split('\n').filter(Boolean);
    assert.deepEqual(addressSet(filled), addressSet(okta[cell].ip_ranges));
    assert.match(await page.getByTestId('ranges-notes').textContent(), new RegExp(cell));
    assert.deepEqual(page.problems, [], `problems:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('a file dropped on the drop zone and a pasted file are read like a picked one', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    const okta = await readFile(OKTA_FIXTURE, 'utf8');
    const cells = Object.keys(JSON.parse(okta));
    // A drop as the browser delivers it: a DataTransfer holding the file.
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped-okta.json', { type: 'application/json' }));
      return dt;
    }, okta);
    await page.dispatchEvent('[data-testid="ranges-drop"]', 'dragover', { dataTransfer });
    await page.dispatchEvent('[data-testid="ranges-drop"]', 'drop', { dataTransfer });
    const status = page.locator('[data-testid="ranges-status"][data-parse-ms]');
    await status.waitFor();
    assert.match(await status.textContent(), new RegExp(`^Read dropped-okta\\.json: Okta ip_ranges\\.json: ${cells.length} cells`));
    assert.deepEqual(await page.getByTestId('ranges-cells').evaluate((s) => [...s.options].map((o) => o.value)), [...cells].sort());

    const aws = await readFile(AWS_FIXTURE, 'utf8');
    await page.getByText("or paste the file's text").click();
    await page.getByTestId('ranges-text').fill(aws);
    await page.getByTestId('ranges-read').click();
    await page.locator('[data-testid="ranges-status"][data-parse-ms]').filter({ hasText: 'the pasted text' }).waitFor();
    // Both files stay loaded: the AWS pickers appear beside the Okta one.
    await page.getByTestId('ranges-aws').waitFor();
    assert.equal(await page.getByTestId('ranges-okta').count(), 1);

    // With VPC endpoints the AWS API field holds their subnets: public ranges do not fill it.
    await page.getByTestId('fill-aws.apiCidrs').waitFor();
    await page.getByRole('radio', { name: /VPC interface endpoints/ }).check();
    await page.getByTestId('fill-aws.apiCidrs').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('fill-clusters[0].cidrs').count(), 1, 'the public EKS endpoint still can be');
    assert.deepEqual(page.problems, [], `problems:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
  }
});

test('a truncated file, a file of another shape and a 50 MB file are refused by name; the form is unchanged', { timeout: TEST_TIMEOUT }, async () => {
  const page = await env.newPage();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ranges-'));
  try {
    const before = await loadApp(page, env.url);
    const whole = await readFile(AWS_FIXTURE);
    const cases = [
      { name: 'truncated-ip-ranges.json', buffer: whole.subarray(0, Math.floor(whole.length / 2)), want: /truncated-ip-ranges\.json was not read/ },
      { name: 'values.json', buffer: Buffer.from(JSON.stringify({ networkPolicy: { enabled: true } })), want: /values\.json was not read.*not an AWS ip-ranges\.json file/ },
    ];
    for (const c of cases) {
      await page.getByTestId('ranges-file').setInputFiles({ name: c.name, mimeType: 'application/json', buffer: c.buffer });
      const error = page.getByTestId('ranges-error');
      await error.filter({ hasText: c.name }).waitFor();
      assert.match(await error.textContent(), c.want);
    }
    const big = path.join(dir, 'huge-ip-ranges.json');
    const handle = await open(big, 'w');
    await handle.truncate(50 * 1024 * 1024);
    await handle.close();
    await page.getByTestId('ranges-file').setInputFiles(big);
    const error = page.getByTestId('ranges-error').filter({ hasText: 'huge-ip-ranges.json' });
    await error.waitFor();
    assert.match(await error.textContent(), new RegExp(`${50 * 1024 * 1024} bytes; the limit is`));
    assert.equal(await page.locator(VALUES_YAML).first().textContent(), before, 'the form is unchanged');
    assert.equal(await page.getByTestId('ranges-aws').count(), 0);
    assert.deepEqual(page.problems, [], `problems:${describeProblems(page.problems)}`);
  } finally {
    await page.closeAll();
    await rm(dir, { recursive: true, force: true });
  }
});
