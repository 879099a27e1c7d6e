// Accessibility check of the rendered app with axe-core (pinned in package.json).
// Fails on "serious" and "critical" violations; lesser ones are printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEnv, loadApp, runAxe, TEST_TIMEOUT } from './harness.mjs';

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

test('no serious or critical axe-core violations on the default view', { timeout: TEST_TIMEOUT }, async (t) => {
  const page = await env.newPage();
  try {
    await loadApp(page, env.url);
    const violations = await runAxe(page);
    for (const v of violations) {
      t.diagnostic(`axe ${v.impact}: ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
    }
    const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(blocking, [], `axe-core violations:\n${JSON.stringify(blocking, null, 2)}`);
  } finally {
    await page.closeAll();
  }
});
