// Accessibility of the widget on the example docs page (issue #6): axe-core reports
// zero violations (any impact) on the default view and on a view with findings, in the
// light and the dark theme (system preference and the explicit data-theme override);
// the whole form works from the keyboard with a visible focus ring; the warnings
// panel is an aria-live region.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEnv, waitForValuesYaml, runAxe, describeProblems, TEST_TIMEOUT, VALUES_YAML } from './harness.mjs';
import { EXAMPLE_PATH, assertEmbedBuilt } from './embed-helpers.mjs';

let env;
before(async () => {
  assertEmbedBuilt();
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

/** Open the example page with a system color scheme and an optional forced theme. */
async function open({ scheme = 'light', theme } = {}) {
  const page = await env.newPage({ colorScheme: scheme });
  await page.goto(env.url + EXAMPLE_PATH + (theme ? `?theme=${theme}` : ''), { waitUntil: 'load' });
  await waitForValuesYaml(page);
  return page;
}

/** Add findings of every severity: a load balancer without CIDRs (error) and checked values. */
async function withFindings(page) {
  await page.getByRole('button', { name: '+ Load balancer (IP targets)' }).click();
  await page.getByTestId('findings').getByTestId('finding-input-invalid').first().waitFor();
  await page.getByRole('textbox', { name: 'Values to check' }).fill('networkPolicy:\n  enabled: true\n');
  await page.getByTestId('check-findings').waitFor();
}

async function assertNoViolations(t, page, label) {
  const violations = await runAxe(page);
  for (const v of violations) t.diagnostic(`axe ${v.impact}: ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
  assert.deepEqual(violations, [], `axe-core violations (${label}):\n${JSON.stringify(violations, null, 2)}`);
  t.diagnostic(`axe: 0 violations (${label})`);
}

const VIEWS = [
  { name: 'light (system)', scheme: 'light' },
  { name: 'dark (system)', scheme: 'dark' },
  { name: 'dark (data-theme over a light system)', scheme: 'light', theme: 'dark' },
  { name: 'light (data-theme over a dark system)', scheme: 'dark', theme: 'light' },
];

for (const view of VIEWS) {
  test(`axe-core: zero violations, default view, ${view.name}`, { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await open(view);
    try {
      await assertNoViolations(t, page, `default, ${view.name}`);
      assert.deepEqual(page.problems, [], `console/page errors:${describeProblems(page.problems)}`);
    } finally {
      await page.closeAll();
    }
  });

  test(`axe-core: zero violations, view with findings, ${view.name}`, { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await open(view);
    try {
      await withFindings(page);
      await assertNoViolations(t, page, `findings, ${view.name}`);
    } finally {
      await page.closeAll();
    }
  });
}

test('the warnings panel is an aria-live region', { timeout: TEST_TIMEOUT }, async () => {
  const page = await open();
  try {
    const live = await page.getByTestId('findings').evaluate((el) => el.querySelector('[aria-live]')?.getAttribute('aria-live'));
    assert.ok(['polite', 'assertive'].includes(live), `findings panel has aria-live=${live}`);
  } finally {
    await page.closeAll();
  }
});

test('every widget control is reached with Tab and shows a visible focus ring', { timeout: TEST_TIMEOUT }, async () => {
  const page = await open();
  try {
    await withFindings(page);
    // Start just before the widget, then Tab until focus leaves it.
    await page.evaluate(() => {
      const h = document.getElementById('configurator');
      h.tabIndex = -1;
      h.focus();
    });
    const seen = [];
    const unringed = [];
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el?.closest('.pnp')) return null;
        const cs = getComputedStyle(el);
        const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
        if (!el.dataset.a11yKey) el.dataset.a11yKey = String(Math.random());
        return { key: el.dataset.a11yKey, what: `${el.tagName.toLowerCase()}#${el.id}.${el.className}`, ring, visible: el.matches(':focus-visible') };
      });
      if (!info) break;
      seen.push(info.key);
      if (!info.ring || !info.visible) unringed.push(info.what);
    }
    const reachable = await page.evaluate(() => {
      const q = 'a[href], button, input, select, textarea, [tabindex]';
      return [...document.querySelectorAll(`.pnp :is(${q})`)]
        .filter((el) => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0)
        // The content of a closed <details> is reached by opening it (its summary is a Tab stop).
        .filter((el) => !el.closest('details:not([open])') || el.closest('summary'))
        // Radio groups take one Tab stop: count only the checked (or first) radio.
        .filter((el) => el.type !== 'radio' || el.checked || !document.querySelector(`input[type=radio][name="${CSS.escape(el.name)}"]:checked`))
        .map((el) => el.dataset.a11yKey ?? `${el.tagName.toLowerCase()}#${el.id}.${el.className} "${el.textContent.trim().slice(0, 30)}"`);
    });
    const missed = reachable.filter((k) => !seen.includes(k));
    assert.deepEqual(missed, [], `controls Tab never reached:\n${missed.join('\n')}`);
    assert.ok(seen.length > 40, `only ${seen.length} Tab stops in the widget`);
    assert.deepEqual(unringed, [], `focused without a visible ring:\n${unringed.join('\n')}`);
  } finally {
    await page.closeAll();
  }
});

test('the form works from the keyboard alone', { timeout: TEST_TIMEOUT }, async () => {
  const page = await open();
  try {
    const before = await page.locator(VALUES_YAML).textContent();
    // Focus the "Internet HTTPS" posture radio by Tab, then pick "Explicit CIDRs" with the arrows.
    await page.evaluate(() => document.getElementById('configurator').setAttribute('tabindex', '-1'));
    await page.focus('#configurator');
    let onPosture = false;
    for (let i = 0; i < 300 && !onPosture; i++) {
      await page.keyboard.press('Tab');
      onPosture = await page.evaluate(() => {
        const el = document.activeElement;
        return el?.type === 'radio' && el.closest('.pnp-field, fieldset')?.textContent.includes('Explicit CIDRs');
      });
    }
    assert.ok(onPosture, 'Tab never reached the egress posture radios');
    const label = () => page.evaluate(() => document.activeElement.closest('label')?.textContent ?? '');
    for (let i = 0; i < 4 && !(await label()).includes('Explicit CIDRs'); i++) await page.keyboard.press('ArrowRight');
    assert.match(await label(), /Explicit CIDRs/);
    await page.waitForFunction(
      ([sel, old]) => document.querySelector(sel)?.textContent !== old,
      [VALUES_YAML, before],
    );
    assert.ok(!(await page.locator(VALUES_YAML).textContent()).includes('0.0.0.0/0'), 'explicit CIDRs still open 0.0.0.0/0');
    // Tabs of the preview: Enter/arrow keys switch them.
    await page.getByTestId('tab-values').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const selected = await page.evaluate(() => document.querySelector('[role=tab][aria-selected=true]')?.dataset.testid);
    assert.equal(selected, 'tab-manifest');
  } finally {
    await page.closeAll();
  }
});
